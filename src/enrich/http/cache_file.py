"""The HTTP cache's file: which paths may hold it, and the writes to it that fail.

* :func:`cache_path_problem`: ``ENRICH_CACHE`` must name a file. requests-cache adds ``.sqlite``
  to a name without a suffix, so ``ENRICH_CACHE=/`` wrote ``/.sqlite`` and a directory ``DIR``
  wrote ``DIR.sqlite`` beside it; ``/dev/null`` is no database.
* :class:`WriteFailures`: requests-cache 1.3 rolls back and drops every ``OperationalError`` of
  a write (``SQLiteDict._acquire_sqlite_lock`` in ``requests_cache/backends/sqlite.py``), so a
  full disk cost every answer of every later run without a word. The session opens SQLite
  with a connection class (``sqlite3.connect``'s ``factory``) that tells :class:`WriteFailures`
  first: a warning naming the cache and the free space, and exit 2 once the command is done.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from enrich.errors import CacheNotWritten

logger = logging.getLogger(__name__)

SETTING = "ENRICH_CACHE (or --cache)"

_WRITES = ("INSERT", "REPLACE", "UPDATE", "DELETE")


def cache_path_problem(path: Path) -> str | None:
    """Why ``path`` cannot be the cache's file, naming the setting and what to set, or None."""
    if path.is_dir():
        what, instead = "a directory", path / "http.sqlite"
    elif path.exists() and not path.is_file():
        what, instead = "not a regular file (a device, pipe or socket)", Path("http.sqlite")
    elif not path.suffix:
        what = "a name without a suffix (requests-cache would write it with `.sqlite` added)"
        instead = path.with_name(path.name + ".sqlite")
    else:
        return None
    return f"{SETTING} names {path}, {what}: it must name the cache's file, e.g. {instead}"


def sqlite_error(exc: sqlite3.DatabaseError, path: Path | None, *, full: bool) -> str:
    """What to do about an SQLite error the session met: the cache is full (a full disk:
    ``full``, or SQLite says so) or damaged."""
    if full or "full" in str(exc):
        return f"{path}: no space left on device for the HTTP cache ({exc}); free some and rerun"
    return (
        f"the HTTP cache {path} is damaged ({exc}): move it away (`mv {path} {path}.damaged`) "
        "and rerun; it holds only answers already fetched, which are then asked again"
    )


def free_space(path: Path) -> str:
    """``12.3 MB free`` on the file system that holds ``path`` (or that it cannot be told)."""
    try:
        free = shutil.disk_usage(path.parent if not path.is_dir() else path).free
    except OSError:
        return "free space unknown"
    return f"{free / 1e6:.1f} MB free"


class WriteFailures:
    """The cache writes of one session that SQLite refused: warned about at the first, raised
    as :class:`CacheNotWritten` (exit 2) by :meth:`check` once the command's work is done (the
    answers were checked and used; only keeping them failed)."""

    def __init__(self, path: Path):
        self.path = path
        self.count = 0
        self.first: str | None = None

    def connection_class(self) -> type[sqlite3.Connection]:
        """An ``sqlite3.Connection`` class for requests-cache that reports failed writes here."""
        failures = self

        class CacheConnection(sqlite3.Connection):
            def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
                try:
                    return super().execute(sql, *args)
                except sqlite3.OperationalError as exc:
                    if sql.lstrip().upper().startswith(_WRITES):
                        failures.failed(exc)
                    raise

            def commit(self) -> None:
                try:
                    super().commit()
                except sqlite3.OperationalError as exc:
                    failures.failed(exc)
                    raise

        return CacheConnection

    def failed(self, exc: sqlite3.Error) -> None:
        self.count += 1
        if self.first is None:
            self.first = str(exc)
            logger.warning("%s", self.message(self.first))

    def message(self, error: str) -> str:
        return (
            f"the HTTP cache {self.path} could not be written ({error}; {free_space(self.path)} "
            "on its file system): answers are still checked and used, but not kept, so the next "
            f"run asks for them again; free some space, or point {SETTING} at another disk"
        )

    def check(self) -> None:
        """Raise :class:`CacheNotWritten` if any write failed."""
        if self.first is not None:
            raise CacheNotWritten(
                f"{self.count} write(s) to the HTTP cache failed: " + self.message(self.first)
            )
