"""Building a store beside the published one: the staging area, its journal, the switch.

An import or update writes into ``data/.s2/staging/build/`` and notes each finished step (a
shard, a table) in ``staging/journal.json``; a killed run started again with the same inputs
finds the journal and skips what it lists. Nothing under the published store changes until the
last step: the build moves to ``data/.s2/<release>.<stamp>/`` and the store's symlink is
replaced in one rename (:func:`publish`). A failed or killed run leaves the published store as
it was.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from enrich.atomic import fsync_dir, write_json
from enrich.datasets import layout
from enrich.errors import ConfigError

log = logging.getLogger(__name__)

JOURNAL = "journal.json"


@dataclass
class Journal:
    """What a staged run is (``job``: its kind and inputs) and which steps it has finished."""

    path: Path
    job: dict[str, Any]
    done: dict[str, int] = field(default_factory=dict)

    def finish(self, step: str, rows: int) -> None:
        """Note ``step`` as finished (``rows`` written), atomically, before the next begins."""
        self.done[step] = rows
        write_json({"job": self.job, "done": self.done}, self.path)


@contextlib.contextmanager
def locked(store: Path) -> Iterator[None]:
    """One import or update of ``store`` at a time: the OS lock on ``data/.s2/.lock``."""
    from enrich.lock import hold_lock

    builds = layout.builds_dir(store)
    builds.mkdir(parents=True, exist_ok=True)
    with hold_lock(builds / ".lock"):
        yield


def open_staging(store: Path, job: dict[str, Any]) -> tuple[Path, Journal]:
    """The staging area for ``job``: resumed when its journal is for the same job, else new.

    Returns the build directory to write into and the journal.
    """
    staging = layout.staging_dir(store)
    path = staging / JOURNAL
    if path.is_file():
        try:
            old = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            old = {}
        if old.get("job") == job:
            done = {str(k): int(v) for k, v in old.get("done", {}).items()}
            log.info("resuming: %d steps already done in %s", len(done), staging)
            return staging / "build", Journal(path, job, done)
        log.info("discarding %s: it was staged for another import or update", staging)
    if staging.exists():
        shutil.rmtree(staging)
    (staging / "build").mkdir(parents=True)
    journal = Journal(path, job)
    write_json({"job": job, "done": {}}, path)
    return staging / "build", journal


def connect(memory_limit: str, temp_dir: Path, threads: int | None = None) -> Any:
    """A DuckDB connection that keeps its memory under ``memory_limit`` and spills to
    ``temp_dir`` beyond it (DuckDB's own buffer pool; Python objects are not counted)."""
    temp_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"SET memory_limit = '{memory_limit}'")
        con.execute(f"SET temp_directory = '{str(temp_dir).replace(chr(39), chr(39) * 2)}'")
        con.execute("SET preserve_insertion_order = false")
        if threads:
            con.execute(f"SET threads = {int(threads)}")
    except duckdb.Error as exc:
        con.close()
        raise ConfigError(
            f"ENRICH_DATASETS_MEMORY: DuckDB refuses {memory_limit!r} ({exc}); "
            "give a size such as 2GB or 500MB"
        ) from None
    return con


def memory_limit(con: Any) -> str:
    """The memory limit DuckDB applies on ``con``, as it prints it (``1.8 GiB``)."""
    return str(con.execute("SELECT current_setting('memory_limit')").fetchone()[0])


def build_name(release_id: str) -> str:
    """A new build's directory name: the release id and the time, safe as a file name."""
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", release_id) or "release"
    return f"{safe}.{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}.{os.getpid()}"


def publish(store: Path, build: Path, info: layout.StoreInfo) -> Path:
    """Write STORE.json into ``build``, move it beside the others and point ``store`` at it in
    one rename; the build it replaces and the staging area are deleted. Returns the new root."""
    store = Path(store)
    if store.exists() and not store.is_symlink():
        raise ConfigError(
            f"{store} is a directory, not a store made by `enrich datasets import` (a link to "
            f"{layout.builds_dir(store)}/...); move it away or set ENRICH_DATASETS elsewhere"
        )
    old = store.resolve() if store.is_symlink() else None
    write_json(info.to_json(), build / layout.STORE_FILE)
    builds = layout.builds_dir(store)
    final = builds / build_name(info.release_id)
    os.replace(build, final)
    link = builds / f".link.{os.getpid()}"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(Path(builds.name) / final.name)
    os.replace(link, store)
    fsync_dir(store.parent)
    if old is not None and old != final and old.parent == builds.resolve():
        shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(layout.staging_dir(store), ignore_errors=True)
    return final


def disk_size(root: Path) -> int:
    """Bytes of every file under ``root``."""
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
