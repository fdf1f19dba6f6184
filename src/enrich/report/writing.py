"""Putting a report and its enriched lists beside a snapshot, whole or not at all.

Everything is written into a staging directory first (``.report.<token>.tmp`` in the
snapshot's directory, and the dated copy through a temporary file): a full disk or a kill
while writing leaves the previous report and lists as they were (or none), never a report
without its lists or half of the lists. Only then is it moved in, by renames, which need no
space. An error names the file it was writing (as it would appear), not the staging name.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Mapping
from pathlib import Path

from enrich.atomic import atomic_open, fsync_dir

REPORT_NAME = "report.html"
LISTS = "lists"
STAGING = ".report.*.tmp"
"""Staging directories of a report being written; one a killed run left is removed by the next."""


def publish(directory: Path, html: str, lists: Mapping[str, str], copy: Path) -> list[Path]:
    """``directory/report.html``, ``directory/lists/<name>`` for each of ``lists`` and the
    dated ``copy`` of the report; returns the lists' paths."""
    for old in [*directory.glob(STAGING), *directory.glob(f".{LISTS}.*.old")]:
        shutil.rmtree(old, ignore_errors=True)
    stage = directory / f".report.{secrets.token_hex(6)}.tmp"
    try:
        (stage / LISTS).mkdir(parents=True)
        _write(stage, REPORT_NAME, html, directory)
        for name, text in lists.items():
            _write(stage, f"{LISTS}/{name}", text, directory)
        try:
            with atomic_open(copy) as fh:
                fh.write(html)
        except OSError as exc:
            raise _named(exc, copy) from exc
        _swap(stage / LISTS, directory / LISTS)
        os.replace(stage / REPORT_NAME, directory / REPORT_NAME)
        fsync_dir(directory)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return [directory / LISTS / name for name in lists]


def _write(stage: Path, name: str, text: str, shown: Path) -> None:
    path = stage / name
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        raise _named(exc, shown / name) from exc


def _named(exc: OSError, path: Path) -> OSError:
    """``exc`` naming ``path``: a failed ``write`` (a full disk) names no file of its own."""
    return OSError(exc.errno, exc.strerror or str(exc), str(path))


def _swap(new: Path, target: Path) -> None:
    """``new`` in place of the directory ``target``: the old one is renamed away first, so a
    reader sees the old lists or the new ones, each whole (or, for an instant, none)."""
    if target.exists():
        old = target.with_name(f".{LISTS}.{secrets.token_hex(6)}.old")
        os.rename(target, old)
        os.rename(new, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(new, target)
