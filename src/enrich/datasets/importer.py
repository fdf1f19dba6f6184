"""``enrich datasets import``: a release's shards into the store, shard by shard, resumable.

Each shard is one DuckDB ``COPY (SELECT ... FROM read_json(shard)) TO parquet`` into the
staging build (papers partitioned by title-key bucket, citations sorted by citing), checked
against its gzip trailer on a thread beside it, then noted in the journal. A killed import
started again skips the shards its journal lists; a damaged shard stops the import with its
name (and line, when DuckDB gives one) and leaves the published store as it was; the build is
published in one rename when every shard is in (:mod:`enrich.datasets.staging`).
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from enrich.datasets import layout, shards, staging, workers
from enrich.datasets.shards import Shard
from enrich.settings import Settings
from enrich.stages.progress import progress_bar

log = logging.getLogger(__name__)

NOT_NULL = {
    layout.PAPERS: ("corpusid",),
    layout.ABSTRACTS: ("corpusid",),
    layout.CITATIONS: ("citing",),
    layout.PAPER_IDS: ("sha", "corpusid"),
}
"""Columns a record must have: one without is a damaged record, not a row with a null key."""

ORDER = {layout.CITATIONS: "citing, cited"}
"""Sorted tables: a look-up by citing ids skips the row groups whose range lacks them."""


@dataclass(frozen=True, slots=True)
class ShardDone:
    """One shard imported (or found done by an earlier, killed import: ``skipped``)."""

    shard: Shard
    rows: int
    seconds: float
    index: int
    total: int
    skipped: bool = False

    def line(self) -> str:
        what = "already imported" if self.skipped else f"in {self.seconds:.1f} s"
        return f"import: {self.index}/{self.total} {self.shard.step}: {self.rows:,} rows {what}"


@dataclass
class ImportSummary:
    store: Path
    root: Path
    release_id: str
    counts: dict[str, int]
    seconds: float
    skipped: int
    size: int
    memory_limit: str = ""
    steps: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        counts = ", ".join(f"{t} {n:,}" for t, n in self.counts.items())
        rate = self.counts.get(layout.PAPERS, 0) / self.seconds if self.seconds > 0 else 0.0
        out = [
            f"import: release {self.release_id}: {counts} in {self.seconds:.1f} s "
            f"({rate:,.0f} papers/s)",
            f"store: {self.store} -> {self.root.name} ({self.size / 1e6:,.1f} MB; "
            f"DuckDB memory limit {self.memory_limit})",
        ]
        if self.skipped:
            out.insert(0, f"import: resumed, {self.skipped} shards already done")
        return out


OnShard = Callable[[ShardDone], None]


def import_release(
    settings: Settings,
    source: Path,
    *,
    release_id: str | None = None,
    progress: bool = False,
    on_shard: OnShard | None = None,
) -> ImportSummary:
    """Import the release folder ``source`` into the store ``settings.datasets_dir``."""
    started = time.perf_counter()
    store = settings.datasets_dir
    source = Path(source)
    found = shards.release_shards(source)
    release = release_id or source.resolve().name
    job = {
        "kind": "import",
        "format": layout.FORMAT,
        "release_id": release,
        "source": str(source.resolve()),
        "shards": {s.step: _fingerprint(s.path) for s in found},
    }
    with staging.locked(store):
        build, journal = staging.open_staging(store, job)
        todo = sum(s.step not in journal.done for s in found)
        n = workers.worker_count(settings.datasets_memory, todo)
        pool = workers.Workers(n, settings.datasets_memory, layout.staging_dir(store) / "tmp")
        try:
            skipped = _import_shards(pool, found, build, journal, progress, on_shard)
        finally:
            pool.close()
        counts = {t: 0 for t in layout.TABLES if any(s.table == t for s in found)}
        for s in found:
            counts[s.table] += journal.done[s.step]
        info = layout.StoreInfo(
            root=build, release_id=release, datasets=tuple(counts), counts=counts, imported=_now()
        )
        root = staging.publish(store, build, info)
    return ImportSummary(
        store=store,
        root=root,
        release_id=release,
        counts=counts,
        seconds=time.perf_counter() - started,
        skipped=skipped,
        size=staging.disk_size(root),
        memory_limit=f"{n} x {pool.memory_limit}",
        steps=[s.step for s in found],
    )


def _import_shards(
    pool: workers.Workers,
    found: list[Shard],
    build: Path,
    journal: staging.Journal,
    progress: bool,
    on_shard: OnShard | None,
) -> int:
    """Import each shard the journal does not list, side by side; returns how many it listed.
    Shards are reported as they finish (those an earlier import did first), counted 1..n."""
    skipped = [s for s in found if s.step in journal.done]
    todo = [s for s in found if s.step not in journal.done]

    def one(con: Any, shard: Shard) -> tuple[int, float]:
        t0 = time.perf_counter()
        check = pool.checks.submit(shards.verify_gzip, shard.path)
        rows = import_shard(con, shard, build, check=check.result)
        with pool.lock:
            journal.finish(shard.step, rows)
        return rows, time.perf_counter() - t0

    with progress_bar(len(found), "import", "shard", progress) as bar:
        finished = _as_finished(skipped, journal, pool.run(one, todo))
        for count, (shard, rows, seconds, was_done) in enumerate(finished, 1):
            bar.update()
            if on_shard:
                on_shard(ShardDone(shard, rows, seconds, count, len(found), was_done))
    return len(skipped)


def _as_finished(
    skipped: list[Shard],
    journal: staging.Journal,
    running: Iterator[tuple[Shard, tuple[int, float]]],
) -> Iterator[tuple[Shard, int, float, bool]]:
    """The shards done before (first), then each new one as it finishes."""
    for shard in skipped:
        yield shard, journal.done[shard.step], 0.0, True
    for shard, (rows, seconds) in running:
        yield shard, rows, seconds, False


def import_shard(
    con: Any, shard: Shard, build: Path, *, check: Callable[[], None] = lambda: None
) -> int:
    """Write one shard's rows into ``build``; returns the row count. ``check`` (the gzip
    check's result) is called once DuckDB is done, so a cut-short shard is named as such."""
    _remove_shard_files(build, shard)
    query = shards.select_sql([shard.path], shard.table)
    query = f"SELECT * FROM ({query}) WHERE {_required(shard.table)}"
    if shard.table in ORDER:
        query += f" ORDER BY {ORDER[shard.table]}"
    try:
        rows = write_table(con, query, build, shard.table, shard.name)
    except duckdb.Error as exc:
        check()
        raise shards.shard_error(shard.path, exc) from None
    check()
    return rows


def write_table(con: Any, query: str, build: Path, table: str, name: str) -> int:
    """``COPY`` the rows of ``query`` into ``build``'s ``table`` as files named ``name*``;
    papers by bucket. Returns the row count."""
    target = build / table
    target.mkdir(parents=True, exist_ok=True)
    options = "FORMAT parquet, COMPRESSION zstd"
    if table != layout.PAPERS:
        tmp = target / f".{name}.parquet.tmp"
        (count,) = con.execute(f"COPY ({query}) TO {_q(tmp)} ({options})").fetchone()
        tmp.replace(target / f"{name}.parquet")
        return int(count)
    tmp_dir = target.parent / f".{table}.{name}.tmp"
    shutil.rmtree(tmp_dir, ignore_errors=True)
    (count,) = con.execute(
        f"COPY ({query}) TO {_q(tmp_dir)} ({options}, PARTITION_BY ({layout.PARTITION}), "
        f"FILENAME_PATTERN {_q(name + '_{i}')})"
    ).fetchone()
    for part in tmp_dir.iterdir():
        (target / part.name).mkdir(exist_ok=True)
        for f in part.iterdir():
            f.replace(target / part.name / f.name)
    shutil.rmtree(tmp_dir)
    return int(count)


def _remove_shard_files(build: Path, shard: Shard) -> None:
    """A shard begun by a killed import is written anew: its partial files go first."""
    papers = shard.table == layout.PAPERS
    pattern = f"*/{shard.name}_*.parquet" if papers else f"{shard.name}.parquet"
    for f in (build / shard.table).glob(pattern):
        f.unlink()


def _required(table: str) -> str:
    """SQL that passes rows with their required columns and fails on the first without."""
    cols = NOT_NULL[table]
    missing = " OR ".join(f"{c} IS NULL" for c in cols)
    return f"CASE WHEN {missing} THEN error('a record without {' or '.join(cols)}') ELSE true END"


def _fingerprint(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _q(path: Path | str) -> str:
    return "'" + str(path).replace("'", "''") + "'"
