"""Resolve figures of the datasets source: listed titles resolved against a generated store.

Usage: ``.venv/bin/python bench/datasets_resolve.py [--papers N] [--titles M] [--store DIR]
[--fetch K]``

Writes a store of ``N`` generated papers (default 1,000,000; titles of 6-12 words from a
vocabulary, keys and buckets computed in SQL by :mod:`enrich.datasets.key`; the other columns
the layout's, mostly null) unless ``--store`` names one already there, then resolves ``M``
listed titles (default 100,000) with the ``s2_datasets`` strategy exactly as a run does
(store keys, the exact join, the near pass, :func:`enrich.match.verify` for every candidate).
The titles: 80% copied from the store (a fifth of them in upper case with a trailing period),
10% with a typo (one letter dropped anywhere), 10% found nowhere. Prints titles/s (wall and CPU),
resolved, wrong (another paper than the one the title came from) and missed.

Then the seed lists run through the CLI from a store of the replica world and against the
replica's API: the papers, whether they are the same, the wrong ones and the requests that
reached S2 from the store (0 expected). ``--fetch K``: whole records of K papers of the store
(``--store`` one with abstracts and citations, e.g. imported from ``tests/replica/datasets.py``
shards) in the one ``get_batch`` call fetch makes.

:func:`section` is ``bench/datasets.py``'s look-up section (resolve, fetch and the seed lists
on the store that benchmark imports from generated shards).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb

from enrich.datasets.key import bucket_sql, title_key_sql
from enrich.datasets.layout import COLUMNS, PAPERS
from enrich.datasets.lookup import Store
from enrich.stages.resolve.datasets import resolve
from enrich.stages.resolve.groups import Group
from enrich.stages.resolve.state import Attempts

TARGET_PER_SECOND = 20_000
"""The issue's target for resolving listed titles on the 2-core machine."""

_VOCABULARY = """adaptive scalable efficient distributed serving training inference memory cache
graph transformer cluster scheduling gpu kernel compiler sparse attention pipeline parallel
federated learning privacy secure storage network datacenter elastic fault tolerant low latency
high throughput model language vision speech retrieval index query database stream batch energy
aware heterogeneous accelerator quantized pruning mixture experts reinforcement policy
optimization planning robust verification analysis towards via"""
_WORDS = tuple(_VOCABULARY.split())


def make_store(root: Path, papers: int, *, release: str = "bench") -> Path:
    """``papers`` generated papers in the store's layout (SQL only: a few seconds a million)."""
    (root / "papers").mkdir(parents=True, exist_ok=True)
    others = ", ".join(
        f"NULL::{kind} AS {name}"
        for name, kind in COLUMNS[PAPERS]
        if name not in ("corpusid", "paper_id", "title", "title_key", "year", "citation_count")
    )
    words = "[" + ", ".join(f"'{w}'" for w in _WORDS) + "]"
    con = duckdb.connect(config={"memory_limit": "1GB"})
    con.sql("SET enable_progress_bar = false")
    con.sql(f"""
        COPY (
          SELECT *, {bucket_sql("title_key")} AS bucket FROM (
            SELECT corpusid, paper_id, title, {title_key_sql("title")} AS title_key,
                   year, citation_count, {others}
            FROM (
              SELECT i AS corpusid, md5(i::VARCHAR) || left(md5(i::VARCHAR || 'x'), 8) AS paper_id,
                     upper(left(t, 1)) || substr(t, 2) AS title,
                     (2000 + i % 25)::INTEGER AS year, (i % 997)::INTEGER AS citation_count
              FROM (
                SELECT i, array_to_string(list_transform(range(6 + i % 7),
                         x -> {words}[(1 + hash(i * 131 + x) % {len(_WORDS)})::BIGINT]), ' ') AS t
                FROM range({papers}) r(i)))))
        TO '{root / "papers"}' (FORMAT parquet, PARTITION_BY (bucket), COMPRESSION zstd)""")
    (root / "STORE.json").write_text(
        f'{{"format": 1, "release_id": "{release}", "datasets": ["papers"], '
        f'"counts": {{"papers": {papers}}}, "imported": ""}}',
        encoding="utf-8",
    )
    con.close()
    return root


def listed_titles(store: Store, n: int, seed: int = 0) -> list[tuple[Group, str | None]]:
    """``n`` groups as a list would give them, each with the paperId it must land on."""
    rng = random.Random(seed)
    sample = f"USING SAMPLE {int(n * 0.9)} ROWS (reservoir, {seed})"
    rows = store.con.sql(f"SELECT title, paper_id, year FROM papers {sample}").fetchall()
    groups: list[tuple[Group, str | None]] = []
    for i, (title, pid, year) in enumerate(rows):
        if i % 9 == 8:  # a typo: one letter dropped anywhere
            cut = rng.randrange(len(title))
            title = title[:cut] + title[cut + 1 :]
        elif i % 5 == 0:
            title = title.upper() + "."
        groups.append((_group(f"g{i}", title, year), pid))
    for j in range(n - len(groups)):
        words = rng.sample(_WORDS, 7) + [f"zq{j}"]
        groups.append((_group(f"n{j}", " ".join(words).capitalize(), 2020), None))
    return groups


def _group(gid: str, title: str, year: int | None) -> Group:
    return Group(gid, title.lower(), title, (title,), year, None, None)


class _NoArxiv:
    def search_title(self, title: str, max_results: int = 5) -> list:
        return []


def resolve_figures(store_root: Path, titles: int) -> dict[str, float]:
    """Resolve ``titles`` listed titles against the store at ``store_root``; the figures."""
    store = Store(store_root, memory_limit="2GB")
    listed = listed_titles(store, titles)
    attempts = Attempts(store, _NoArxiv())
    wall, cpu = time.perf_counter(), time.process_time()
    resolve([g for g, _ in listed], attempts)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    found = {gid: r.s2_paper_id for gid, r in attempts.closed.items()}
    wrong = sum(1 for g, pid in listed if g.group_id in found and found[g.group_id] != pid)
    missed = sum(1 for g, pid in listed if pid and g.group_id not in found)
    store.close()
    return {
        "titles": titles,
        "seconds": wall,
        "cpu_seconds": cpu,
        "titles_per_s": titles / wall,
        "titles_per_cpu_s": titles / cpu,
        "resolved": len(found),
        "wrong": wrong,
        "missed": missed,
    }


def fetch_figures(store_root: Path, papers: int) -> dict[str, float]:
    """Whole records (abstracts, references) of ``papers`` paperIds sampled from the store, in
    the one call fetch makes."""
    store = Store(store_root, memory_limit="2GB")
    sample = f"USING SAMPLE {papers} ROWS (reservoir, 1)"
    ids = [r[0] for r in store.con.sql(f"SELECT paper_id FROM papers {sample}").fetchall()]
    wall, cpu = time.perf_counter(), time.process_time()
    records = store.get_batch(ids)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    store.close()
    found = [r for r in records if r is not None]
    return {
        "papers": len(ids),
        "found": len(found),
        "abstracts": sum(r.abstract is not None for r in found),
        "references": sum(len(r.references or ()) for r in found),
        "seconds": wall,
        "cpu_seconds": cpu,
    }


def seeds_figures(work: Path) -> dict[str, Any]:
    """The seed lists run twice through the CLI against the replica world: from a store of
    that world (``--source datasets``) and against the replica's API. The papers each run
    lands on, the wrong ones, and the requests that reached S2 from the store run."""
    root = Path(__file__).resolve().parents[1]
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))  # for ``tests``
    from tests.datasets_store import world_store
    from tests.replica import load_seeds_world, start_replica
    from tests.replica.scoring import score
    from tests.test_e2e import cli, enrich_env, outcome

    world = load_seeds_world()
    store = world_store(work / "s2")
    with start_replica(world, s2_rps=50, arxiv_interval=0.02) as replica:
        env = enrich_env(replica, work / "cache.sqlite", ENRICH_DATASETS=str(store))
        from_store = cli("run", "--source", "datasets", "--out", str(work / "ds"), env=env)
        s2_requests = sum(r.host == "s2" for r in replica.log)
        other = len(replica.log) - s2_requests
        from_api = cli("run", "--out", str(work / "api"), env=env)
    if from_store.returncode or from_api.returncode:
        raise SystemExit(f"a seed run failed:\n{from_store.stderr}\n{from_api.stderr}")
    ds, api = outcome(work / "ds"), outcome(work / "api")
    return {
        "papers": len(ds),
        "same_as_api": ds == api,
        "differ": len(set(ds.items()) ^ set(api.items())),
        "wrong": len(score(world.truth, work / "ds" / "latest").wrong),
        "s2_requests": s2_requests,
        "arxiv_requests": other,
    }


def resolve_line(f: dict[str, Any]) -> str:
    return (
        f"resolve: {f['titles']:,} listed titles in {f['seconds']:.2f}s wall "
        f"({f['cpu_seconds']:.2f}s CPU): {f['titles_per_s']:,.0f} titles/s wall, "
        f"{f['titles_per_cpu_s']:,.0f} per CPU second (target {TARGET_PER_SECOND:,}/s); "
        f"resolved {f['resolved']:,}, wrong {f['wrong']}, missed {f['missed']} "
        "(wall times are noisy on a shared machine)"
    )


def fetch_line(g: dict[str, Any]) -> str:
    return (
        f"fetch: {g['papers']:,} papers' records in {g['seconds']:.2f}s wall "
        f"({g['cpu_seconds']:.2f}s CPU): {g['found']:,} found, {g['abstracts']:,} "
        f"abstracts, {g['references']:,} references"
    )


def seeds_line(s: dict[str, Any]) -> str:
    return (
        f"seed lists from the store: {s['papers']} papers, "
        f"{'the same as' if s['same_as_api'] else 'NOT the same as'} the API path "
        f"({s['differ']} differ), {s['wrong']} wrong; requests to S2: "
        f"{s['s2_requests']} (arXiv: {s['arxiv_requests']})"
    )


def section(store: Path, titles: int = 100_000) -> None:
    """``bench/datasets.py``'s look-up section, on the store it imported: resolve ``titles``
    listed titles (at most a tenth of the store), fetch as many whole records, and the seed
    lists from a store of the replica world against the API path."""
    papers = Store(store).info.counts.get("papers", 0)
    n = max(10, min(titles, papers // 10))
    print(resolve_line(resolve_figures(store, n)), flush=True)
    print(fetch_line(fetch_figures(store, n)), flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-seeds-") as tmp:
        print(seeds_line(seeds_figures(Path(tmp))), flush=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--papers", type=int, default=1_000_000)
    p.add_argument("--titles", type=int, default=100_000)
    p.add_argument("--store", type=Path, help="an existing store (else one is generated)")
    p.add_argument("--fetch", type=int, default=0, help="also fetch N papers' whole records")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = args.store
        if root is None:
            started = time.perf_counter()
            root = make_store(Path(tmp) / "s2", args.papers)
            took = time.perf_counter() - started
            print(f"store: {args.papers:,} generated papers in {took:.1f}s")
        f = resolve_figures(root, args.titles)
        if args.fetch:
            print(fetch_line(fetch_figures(root, args.fetch)))
        seeds = seeds_figures(Path(tmp) / "seeds")
    print(resolve_line(f))
    print(seeds_line(seeds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
