"""Shards imported side by side: one single-threaded DuckDB per core, the memory split among them.

DuckDB cannot split a gzip stream, so one shard keeps about one core busy whatever its
``threads`` setting; a second thread on the same shard only adds work (the partitioned write
with two threads took 40% more CPU for the same rows). So each worker is its own DuckDB with
``threads = 1`` and its share of ``ENRICH_DATASETS_MEMORY``, and as many shards are imported
at once as there are cores (fewer when the memory would leave a worker under
:data:`MIN_WORKER_MEMORY`).
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any, TypeVar

from enrich.datasets import staging

T = TypeVar("T")

MIN_WORKER_MEMORY = 512 * 2**20
"""Bytes: below this a worker spills its citations sort to disk shard after shard."""

_UNITS = {
    "b": 1,
    "kb": 1000,
    "mb": 1000**2,
    "gb": 1000**3,
    "tb": 1000**4,
    "kib": 2**10,
    "mib": 2**20,
    "gib": 2**30,
    "tib": 2**40,
}


def memory_bytes(limit: str) -> int:
    """``"2GB"`` -> 2,000,000,000 (DuckDB's units: KB/MB/GB are powers of 1000, KiB... of 1024)."""
    text = limit.strip().lower().replace(" ", "")
    number = text.rstrip("abcdefghijklmnopqrstuvwxyz")
    return int(float(number) * _UNITS[text[len(number) :]])


def worker_count(memory_limit: str, shards: int, cores: int | None = None) -> int:
    """How many shards to import at once: one per core, each with enough memory, at least one."""
    cores = cores or os.cpu_count() or 1
    by_memory = memory_bytes(memory_limit) // MIN_WORKER_MEMORY
    return max(1, min(cores, by_memory, shards))


class Workers:
    """``n`` DuckDB connections (``threads = 1``, memory split) and a thread for each, plus
    threads for the gzip checks. :meth:`run` maps a function over items, each call getting an
    idle connection; results come back as they finish."""

    def __init__(self, n: int, memory_limit: str, temp_dir: Path):
        each = f"{memory_bytes(memory_limit) // n // 2**20}MiB"
        self.cons = [staging.connect(each, temp_dir / f"w{i}", threads=1) for i in range(n)]
        self.memory_limit = staging.memory_limit(self.cons[0])
        self._idle: queue.SimpleQueue[Any] = queue.SimpleQueue()
        for con in self.cons:
            self._idle.put(con)
        self.pool = ThreadPoolExecutor(n, thread_name_prefix="import")
        self.checks = ThreadPoolExecutor(n, thread_name_prefix="gzip-check")
        self.lock = threading.Lock()
        """Held while a worker notes a finished shard in the journal."""

    def run(self, fn: Callable[[Any, T], Any], items: list[T]) -> Iterator[tuple[T, Any]]:
        """``(item, fn(connection, item))`` for each item, in the order they finish. On an
        error (or an interrupt while waiting) the items not begun are dropped, the ones
        running are finished, and the error is raised."""
        futures: dict[Future[Any], T] = {self.pool.submit(self._call, fn, i): i for i in items}
        try:
            for future in as_completed(futures):
                yield futures[future], future.result()
        except BaseException:
            for future in futures:
                future.cancel()
            raise

    def _call(self, fn: Callable[[Any, T], Any], item: T) -> Any:
        con = self._idle.get()
        try:
            return fn(con, item)
        finally:
            self._idle.put(con)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.checks.shutdown(wait=True, cancel_futures=True)
        for con in self.cons:
            con.close()
