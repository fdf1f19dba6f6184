"""Crash-safe file writes: write a temporary file beside the target, fsync, rename.

A reader (or a crashed run) sees either the old file or the new one, never half of one. The
files get the mode the user's umask gives (0644 under umask 022), like any tool writing data
for others: the temporary file is created with mode 0666 for the kernel to mask, not with
``tempfile.mkstemp``'s private 0600.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq


def fsync_dir(path: Path) -> None:
    """Persist a rename: fsync the directory that holds the entry (no-op where unsupported)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _create_temp(target: Path) -> Path:
    """A new, empty file beside ``target`` with a name no other writer holds, mode 0666 less
    the umask."""
    while True:
        tmp = target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
        try:
            fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
        except FileExistsError:  # pragma: no cover (48 random bits)
            continue
        os.close(fd)
        return tmp


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temp path in ``target``'s directory; on success fsync it and rename over target."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _create_temp(target)
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        fsync_dir(target.parent)
    finally:
        if tmp.exists():
            tmp.unlink()


@contextlib.contextmanager
def atomic_open(target: Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO[Any]]:
    """Open a temp file for writing; it replaces ``target`` only if the block succeeds."""
    with (
        atomic_path(target) as tmp,
        open(tmp, mode, encoding=None if "b" in mode else encoding) as fh,
    ):
        yield fh


def write_parquet(table: pa.Table, target: Path) -> None:
    """Write ``table`` to ``target`` atomically (zstd-compressed)."""
    with atomic_path(target) as tmp:
        pq.write_table(table, tmp, compression="zstd")


def write_json(data: Any, target: Path) -> None:
    """Write ``data`` as pretty JSON to ``target`` atomically."""
    with atomic_open(target) as fh:
        json.dump(data, fh, indent=2, sort_keys=True, ensure_ascii=False, default=str)
        fh.write("\n")
