"""A lock file so two scheduled jobs never write the same output directory at once."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path

from enrich.errors import LockHeld

LOCK_NAME = ".enrich.lock"
"""The lock file's name in the output directory."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def hold_lock(path: Path) -> Iterator[None]:
    """Create ``path`` exclusively for the duration of the block.

    A lock left by a process that no longer exists on this host (a ``kill -9``, a crash) is
    stale and taken over; a live holder raises :class:`LockHeld` naming its pid.

    Directories made for the lock are removed again if the block left them empty, so a
    command that writes nothing (lists without entries, an unreachable host) leaves no empty
    output folder behind.
    """
    path = Path(path)
    made = [d for d in (path.parent, *path.parent.parents) if not d.exists()]
    path.parent.mkdir(parents=True, exist_ok=True)
    me = {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time()}
    for _ in range(2):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            try:
                holder = json.loads(path.read_text() or "{}")
            except (OSError, ValueError):
                holder = {}
            pid = holder.get("pid")
            if holder.get("host") == me["host"] and isinstance(pid, int) and not _alive(pid):
                path.unlink(missing_ok=True)
                continue
            raise LockHeld(
                f"{path} is held by pid {pid} on {holder.get('host')}: another enrich job is "
                "running; wait for it, or delete the file if that process is gone"
            ) from None
        with os.fdopen(fd, "w") as fh:
            json.dump(me, fh)
        break
    else:  # pragma: no cover - the stale lock reappeared between unlink and create
        raise LockHeld(f"{path} keeps reappearing; another job is starting")
    try:
        yield
    finally:
        path.unlink(missing_ok=True)
        for d in made:  # innermost first
            try:
                d.rmdir()
            except OSError:  # something was written there: keep it
                break
