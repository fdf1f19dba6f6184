"""The S2 datasets store at scale: generate a release, import it, print the figures.

Usage: ``.venv/bin/python bench/datasets.py [--papers 1000000] [--citations 10000000]
[--shards 8] [--memory 2GB] [--keep DIR]``

Generates a synthetic release in the official shard format (``tests/replica/datasets.py``:
the replica world plus ``--papers`` filler papers with abstracts and paper-ids, and
``--citations`` citation edges) in a child process, so its time and memory stay apart, then
runs ``enrich datasets import`` on it in this process and prints: the generation's wall and
CPU time, the import's wall and CPU time (DuckDB's threads included) and papers/s (issue 23:
>= 50,000 papers/s on the 2-core machine), the peak RSS of this process with DuckDB in it
(target < 4 GB) and the store's size per table. Wall times on a shared machine move with its
load: read the CPU figures beside them.

Then the sections of :data:`SECTIONS`, each given the store: the look-ups
(``bench/datasets_resolve.py``): listed titles resolved per second (issue 23: >= 20,000), whole
records fetched, and the seed lists run from a store against the API path (same papers, 0
wrong, 0 requests to S2).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from enrich.datasets import layout  # noqa: E402
from enrich.datasets.importer import ShardDone, import_release  # noqa: E402
from enrich.settings import Settings  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import datasets_resolve  # noqa: E402  (the look-up section)

IMPORT_TARGET = 50_000
"""papers/s (issue 23)."""
RSS_TARGET_MB = 4096


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def generate(out: Path, papers: int, citations: int, shards: int) -> None:
    """Write the release in a child process; print its wall and CPU time."""
    cpu0, t0 = _cpu(resource.RUSAGE_CHILDREN), time.perf_counter()
    cmd = [
        sys.executable,
        "-m",
        "tests.replica.datasets",
        str(out),
        "--filler",
        str(papers),
        "--citations",
        str(citations),
        "--shards",
        str(shards),
    ]
    subprocess.run(cmd, check=True, cwd=ROOT)
    wall, cpu = time.perf_counter() - t0, _cpu(resource.RUSAGE_CHILDREN) - cpu0
    size = sum(p.stat().st_size for p in out.rglob("*.gz"))
    print(
        f"generate: {papers:,} papers with abstracts, {citations:,} citation edges, "
        f"{shards} shards a dataset ({size / 1e6:,.0f} MB gzipped) in {wall:.1f} s wall, "
        f"{cpu:.1f} s CPU",
        flush=True,
    )


def import_figures(release: Path, store: Path, memory: str) -> None:
    """Import ``release`` into ``store``; print the rate, CPU time, peak RSS and sizes."""
    settings = Settings(datasets_dir=store, datasets_memory=memory)
    per_table: dict[str, list[float]] = {}
    clock = [_cpu(resource.RUSAGE_SELF), time.perf_counter()]

    def shard_done(done: ShardDone) -> None:
        now = [_cpu(resource.RUSAGE_SELF), time.perf_counter()]
        rows_cpu_wall = per_table.setdefault(done.shard.table, [0.0, 0.0, 0.0])
        rows_cpu_wall[0] += done.rows
        rows_cpu_wall[1] += now[0] - clock[0]
        rows_cpu_wall[2] += now[1] - clock[1]
        clock[:] = now

    cpu0, t0 = clock
    summary = import_release(settings, release, on_shard=shard_done)
    wall, cpu = time.perf_counter() - t0, _cpu(resource.RUSAGE_SELF) - cpu0
    for table, (rows, tcpu, twall) in per_table.items():
        print(
            f"  {table}: {rows:,.0f} rows in {twall:.1f} s wall, {tcpu:.1f} s CPU "
            f"({rows / max(tcpu, 1e-9):,.0f} rows per CPU-second)"
        )
    papers = summary.counts["papers"]
    counts = ", ".join(f"{t} {n:,}" for t, n in summary.counts.items())
    print(
        f"import: {counts} in {wall:.1f} s wall, {cpu:.1f} s CPU: {papers / wall:,.0f} papers/s "
        f"(target >= {IMPORT_TARGET:,}; {papers / cpu:,.0f} papers per CPU-second)"
    )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"peak RSS: {peak_mb:,.0f} MB (target < {RSS_TARGET_MB:,} MB; DuckDB memory limit "
        f"{summary.memory_limit})"
    )
    sizes = {
        t: sum(p.stat().st_size for p in (summary.root / t).rglob("*.parquet"))
        for t in summary.counts
    }
    per = ", ".join(f"{t} {n / 1e6:,.1f}" for t, n in sizes.items())
    print(f"store size: {summary.size / 1e6:,.1f} MB ({per} MB)", flush=True)


def sample_titles(store: Path, n: int) -> list[str]:
    """``n`` titles of the store's papers (for a look-up section), spread over the buckets."""
    import duckdb

    info = layout.open_store(store)
    sql = f"SELECT title FROM {layout.read_sql(info.root, layout.PAPERS)} USING SAMPLE {n} ROWS"
    return [row[0] for row in duckdb.sql(sql).fetchall()]


def update_figures(release: Path, work: Path, store: Path, memory: str) -> None:
    """Derive the next release and its diff (in Python: keep ``--papers`` modest), apply the
    diff to the store and print the update's wall and CPU time beside the import's rate."""
    from enrich.datasets.update import update_store
    from tests.replica.datasets import next_release

    t0 = time.perf_counter()
    next_release(release, work / "next", work / "diff", start=release.name, end="next", seed=7)
    print(f"diff: written in {time.perf_counter() - t0:.1f} s", flush=True)
    settings = Settings(datasets_dir=store, datasets_memory=memory)
    cpu0, t0 = _cpu(resource.RUSAGE_SELF), time.perf_counter()
    summary = update_store(settings, work / "diff")
    wall, cpu = time.perf_counter() - t0, _cpu(resource.RUSAGE_SELF) - cpu0
    papers = summary.counts["papers"]
    print(f"{summary.lines()[0]}")
    print(
        f"update: {wall:.1f} s wall, {cpu:.1f} s CPU ({papers / cpu:,.0f} papers of the store "
        "per CPU-second: every table is rewritten)"
    )


SECTIONS: list[Callable[[Path], None]] = [datasets_resolve.section]
"""Figures measured on the imported store (``fn(store)``), after the import's: the look-ups
(``bench/datasets_resolve.py``: titles resolved per second, whole records fetched, the seed
lists from a store against the API path)."""


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--papers", type=int, default=1_000_000)
    p.add_argument("--citations", type=int, default=10_000_000)
    p.add_argument("--shards", type=int, default=8)
    p.add_argument("--memory", default="2GB", help="ENRICH_DATASETS_MEMORY for the import")
    p.add_argument("--keep", type=Path, help="work here and keep it (default: a temp dir)")
    p.add_argument("--release", type=Path, help="import this release folder (no generation)")
    p.add_argument("--update", action="store_true", help="then apply a diff to the next release")
    a = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-datasets-") as tmp:
        work = a.keep or Path(tmp)
        release = a.release or work / "2025-01-14"
        if a.release is None:
            generate(release, a.papers, a.citations, a.shards)
        shutil.rmtree(work / "s2", ignore_errors=True)
        shutil.rmtree(work / ".s2", ignore_errors=True)
        import_figures(release, work / "s2", a.memory)
        if a.update:
            update_figures(release, work, work / "s2", a.memory)
        for section in SECTIONS:
            section(work / "s2")


if __name__ == "__main__":
    main()
