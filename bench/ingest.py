"""Benchmark the ingest stage on a generated 100k-entry reading list.

Usage: ``.venv/bin/python bench/ingest.py [--entries N] [--seed S] [--tracemalloc]``

The list mixes every entry shape the parser knows (seed-style bullets with venue tags,
``[VENUE'YY]`` prefixes, Markdown links, bold links with an italic venue, venue-at-end, table
rows, ``(x)``, aliases, citations: a quoted title after the authors, ACM's ``Title. In VENUE``;
the citation shapes were added on 2026-11-23, so earlier figures were on another list), with
description sentences, CJK notes, headings and TOC links in between, and about one title in five
repeated with a variant spelling so grouping has real work. It prints the entries/s of parse,
group and the Parquet write, end to end, and the peak memory (``ru_maxrss``; with
``--tracemalloc`` also the peak Python heap, at some cost in speed).
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import pyarrow as pa

from enrich.atomic import write_parquet
from enrich.memory import paused_gc
from enrich.settings import Settings
from enrich.stages.ingest import group_counts, mentions_table, parse_document, run_ingest

TARGET_PER_SECOND = 20_000
"""The issue's target for this 2-core machine."""

# fmt: off
_NAMES = ("Orca", "Hydro", "Pollux", "Gavel", "Tiresias", "Lyra", "Sia", "Alpa", "Ray", "Nexus",
          "Paella", "Clipper", "Themis")
_WORDS = (
    "efficient", "scalable", "distributed", "training", "serving", "inference", "scheduling",
    "cluster", "gpu", "memory", "pipeline", "parallelism", "model", "language", "large", "deep",
    "learning", "network", "communication", "cache", "elastic", "fault", "tolerant", "sparse",
    "heterogeneous", "adaptive", "dynamic", "compiler", "tensor", "graph", "optimization",
    "framework", "system", "workload", "datacenter", "resource", "management", "accelerator",
    "recommendation", "embedding", "transformer", "attention", "kernel", "fusion", "placement",
)
_VENUES = ("OSDI", "SOSP", "NSDI", "ATC", "EuroSys", "ASPLOS", "SC", "MLSys", "NeurIPS", "ICML",
           "arXiv", "VLDB", "PPoPP")
# fmt: on


def _title(rng: random.Random) -> str:
    words = [
        w.capitalize() if rng.random() < 0.7 else w for w in rng.sample(_WORDS, rng.randint(4, 10))
    ]
    name = rng.choice(_NAMES) + str(rng.randint(1, 999))
    return f"{name}: {' '.join(words)}"


def _variant(title: str, rng: random.Random) -> str:
    choice = rng.random()
    if choice < 0.4:
        return title.upper()
    if choice < 0.7:
        return title.replace(": ", " - ", 1)
    return title + "s"


def _entry_line(title: str, rng: random.Random) -> list[str]:
    v = rng.choice(_VENUES)
    yy = rng.randint(10, 24)
    shape = rng.randrange(11)
    if shape == 0:
        return [f"    • {title} ({v}{yy})"]
    if shape == 1:
        return [f"- [{v} \u2018{yy}] {title} [link]"]
    if shape == 2:
        return [f"- [{title}](https://example.org/{yy}.pdf)"]
    if shape == 3:
        return [f"- [**{title}**](https://example.org/p), _{v} '{yy}_"]
    if shape == 4:
        return [f"- {title} {v}'{yy} [[Paper]] [[Code]]"]
    if shape == 5:
        return [f"| **{title} ({v}'20{yy})** | {v} | [pdf](https://x.org) |"]
    if shape == 6:
        name = title.split(":")[0].split(" - ")[0].split()[0]
        return [f"[{v}'{yy}] {title}", "- 这是一个中文注释，不是论文", f"- {name}"]
    if shape == 7:
        return [f"- ({rng.choice(_NAMES)}) {title} (x)"]
    if shape == 9:  # citation styles: a quoted title after the authors, ACM's "In VENUE"
        return [f'- Kwon, W., Li, Z., et al. "{title}." {v} 20{yy}.']
    if shape == 10:
        return [f"{rng.randint(1, 99)}. W. Kwon, Z. Li, and I. Stoica. {title}. In {v} '{yy}."]
    return [f"1. {title} (OSDI 20{yy})"]


def generate(n_entries: int, seed: int = 0) -> tuple[str, int]:
    """A Markdown list with ``n_entries`` entries (and non-entry lines around them)."""
    rng = random.Random(seed)
    lines = ["---", "title: generated", "---", "# Generated list", "- [Intro](#intro)"]
    titles: list[str] = []
    for i in range(n_entries):
        if i % 200 == 0:
            lines += ["", f"## Topic {i // 200}", ""]
        if i % 50 == 0:
            lines.append("- This system is a description sentence and not a paper entry.")
        if titles and rng.random() < 0.2:
            title = _variant(rng.choice(titles), rng)
        else:
            title = _title(rng)
            titles.append(title)
        lines += _entry_line(title, rng)
    return "\n".join(lines) + "\n", n_entries


def generated_settings(tmp: Path, n_entries: int, seed: int = 0) -> Settings:
    """Settings for a scratch dir ``tmp`` whose raw dir holds one :func:`generate`d list."""
    settings = Settings(raw_dir=tmp / "raw", out_dir=tmp / "out", cache_path=tmp / "c.sqlite")
    settings.raw_dir.mkdir()
    text, _ = generate(n_entries, seed)
    (settings.raw_dir / "generated.md").write_text(text, encoding="utf-8")
    return settings


def _rate(n: int, seconds: float) -> str:
    return f"{n / seconds:>10,.0f} entries/s ({seconds:6.3f} s)"


def _run_once(path: Path, out: Path) -> tuple[int, pa.Table, tuple[float, float, float]]:
    """One ingest of ``path``: entries, the table, and the seconds of parse, group, write."""
    with paused_gc():  # as run_ingest does
        t0 = time.perf_counter()
        result = parse_document(path.read_text(encoding="utf-8"), path.name)
        t1 = time.perf_counter()
        table = mentions_table(result)
        t2 = time.perf_counter()
    write_parquet(table, out)
    t3 = time.perf_counter()
    return len(result), table, (t1 - t0, t2 - t1, t3 - t2)


def _many_files(entries: int, files: int, seed: int, repeat: int) -> int:
    """The whole stage (``run_ingest``) on ``entries`` spread over ``files`` generated lists."""
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        raw.mkdir()
        for i in range(files):
            text, _ = generate(entries // files, seed + i)
            (raw / f"list{i:04d}.md").write_text(text, encoding="utf-8")
        seconds = []
        for i in range(max(1, repeat)):
            settings = Settings(raw_dir=raw, out_dir=Path(tmp) / f"out{i}")
            t0 = time.perf_counter()
            summary = run_ingest(settings)
            seconds.append(time.perf_counter() - t0)
            print(f"run {i + 1}: {_rate(summary.total_entries, seconds[-1])}", flush=True)
    n = summary.total_entries
    print(f"{files:,} lists, {n:,} entries; {summary.groups:,} groups")
    print(f"median  {_rate(n, statistics.median(seconds[1:] or seconds))}  (runs 2-{len(seconds)})")
    print(f"run 1   {_rate(n, seconds[0])}  (a fresh process, as the CLI runs it)")
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak RSS {peak_kib / 1024:,.0f} MiB")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3, help="runs; the median is reported")
    ap.add_argument("--files", type=int, default=1, help="spread the entries over this many lists")
    ap.add_argument("--tracemalloc", action="store_true", help="also report peak Python heap")
    args = ap.parse_args(argv)
    if args.files > 1:
        return _many_files(args.entries, args.files, args.seed, args.repeat)
    if args.tracemalloc:
        tracemalloc.start()
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "raw" / "generated.md"
        path.parent.mkdir()
        text, expected = generate(args.entries, args.seed)
        path.write_text(text, encoding="utf-8")
        for i in range(max(1, args.repeat)):
            n, table, seconds = _run_once(path, Path(tmp) / f"m{i}.parquet")
            runs.append(seconds)
            print(f"run {i + 1}: total {_rate(n, sum(seconds))}", flush=True)
    groups, near = group_counts(table)
    warm = runs[1:] or runs  # run 1 also pays one-off warm-ups (Arrow, caches), as the CLI does
    parse, group, write = (statistics.median(step) for step in zip(*warm, strict=True))
    print(f"generated {expected:,} entries ({len(text) / 1e6:.1f} MB); parsed {n:,}")
    print(f"groups {groups:,}, near-variant flags {near:,}")
    print(f"median of runs 2-{len(runs)} (warm):" if len(runs) > 1 else "one run:")
    print(f"parse   {_rate(n, parse)}")
    print(f"group   {_rate(n, group)}")
    print(f"write   {_rate(n, write)}")
    total = statistics.median(sum(r) for r in warm)
    print(f"total   {_rate(n, total)}  (target >= {TARGET_PER_SECOND:,}/s)")
    print(f"run 1   {_rate(n, sum(runs[0]))}  (a fresh process, as the CLI runs it)")
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak RSS {peak_kib / 1024:,.0f} MiB")
    if args.tracemalloc:
        _, peak = tracemalloc.get_traced_memory()
        print(f"peak Python heap {peak / 2**20:,.0f} MiB (tracemalloc)")
    if n != expected:
        print(f"warning: expected {expected:,} entries, parsed {n:,}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
