"""A lock the OS keeps, so two scheduled jobs never write the same output directory at once.

The lock is an advisory ``flock`` on ``OUT/.enrich.lock`` (through :mod:`filelock`): the kernel
drops it when its process ends, however it ends (``kill -9``, a crash, a full disk), so no
leftover file can wedge a later job and no stale-lock takeover can race a live holder. The file
itself stays (waiters must share its inode); its contents mean nothing.

Who holds it is written beside it, in ``.enrich.lock.holder`` (pid, host, since), only for the
message a refused job prints; a holder file that cannot be written (a full disk) or read costs
the message its detail, never the lock.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import filelock

from enrich.atomic import write_json
from enrich.errors import LockHeld

LOCK_NAME = ".enrich.lock"
"""The lock file's name in the output directory."""


def holder_path(path: Path) -> Path:
    return path.with_name(path.name + ".holder")


@contextlib.contextmanager
def hold_lock(path: Path) -> Iterator[None]:
    """Hold the OS lock on ``path`` for the duration of the block, or raise :class:`LockHeld`
    at once (never wait: a scheduled job that finds another running should say so and stop).

    Directories made for the lock are removed again if the block wrote nothing else there, so
    a command that writes nothing (lists without entries, an unreachable host) leaves no empty
    output folder behind. The lock file is then unlinked while still held: a job that opened
    it meanwhile fails to lock it (no job waits), a later one creates a new one.
    """
    path = Path(path)
    made = [d for d in (path.parent, *path.parent.parents) if not d.exists()]
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = filelock.FileLock(path, timeout=0)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise LockHeld(
            f"{path} is held by {_holder(path)}: another enrich job is running; wait for it "
            "(the lock ends with that process, there is nothing to delete)"
        ) from None
    holder = holder_path(path)
    try:
        with contextlib.suppress(OSError):  # the message's detail only, never the lock
            write_json(
                {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time()}, holder
            )
        yield
    finally:
        # still holding the lock: no other job can have written its own holder file yet
        with contextlib.suppress(OSError):
            holder.unlink(missing_ok=True)
        if made and _only_lock_left(path):
            with contextlib.suppress(OSError):
                path.unlink()
        lock.release()
        for d in made:  # innermost first
            try:
                d.rmdir()
            except OSError:  # something was written there: keep it
                break


def _only_lock_left(path: Path) -> bool:
    try:
        return [p.name for p in path.parent.iterdir()] == [path.name]
    except OSError:
        return False


def _holder(path: Path) -> str:
    """``PID 123 on host since 2026-11-23 15:17:00 UTC`` from the holder file, or what is
    known."""
    try:
        info = json.loads(holder_path(path).read_text(encoding="utf-8"))
        pid, host, since = info["pid"], info["host"], float(info["since"])
    except (OSError, ValueError, TypeError, KeyError):
        return "a running process (its PID could not be read)"
    when = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(since))
    return f"PID {pid} on {host} since {when}"
