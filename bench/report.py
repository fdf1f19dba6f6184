"""Report benchmark: how heavy the HTML report is and how fast Chromium opens it.

Usage: ``.venv/bin/python bench/report.py [--titles 2000] [--seed 0] [--repeat 3] [--only
seeds|generated] [--keep DIR] [--at-scale N [--refs R]]``

For each workload (the seed lists, and a generated list of ``--titles`` entries from
``tests.replica.gen.generate``), runs the real ``enrich run`` against the local replica (no
rate limit: the pipeline's speed is ``bench/e2e.py``'s business), then a ``refresh`` after the
world raised some citation counts, so the report has every section. Prints the time
``enrich report`` takes (in process), the report's size, and, ``--repeat`` times, how long
headless Chromium takes to open it from a ``file://`` URL with the network off (wall clock
from ``driver.get`` to the load event, and the page's own navigation timing), with console
errors and charts drawn. Targets (issue 14): under 3 s to open and under 5 MB for 2,000 titles.
Never asserts a time.

``--at-scale N`` instead builds two snapshots of ``N`` generated entries with
``bench/stages.py``'s instant stand-ins for S2 and arXiv (no replica, ``--refs`` references
per paper) and measures the report of those: how the report's own work grows with the list.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # for ``tests.replica`` and ``tests.browser``

from bench.e2e import pipeline_env, run_cli  # noqa: E402
from enrich.report import write_report  # noqa: E402
from tests.browser import find_browser, view  # noqa: E402
from tests.replica import SEEDS_WORLD, World, start_replica  # noqa: E402
from tests.replica.gen import generate  # noqa: E402

TARGET_SECONDS = 3.0
TARGET_MB = 5.0


def snapshots(world: World, raw: Path, tmp: Path) -> Path:
    """Run, raise citations, refresh: the output dir of two snapshots."""
    out = tmp / "out"
    with start_replica(world) as replica:
        env = pipeline_env(replica, tmp / "cache.sqlite")
        env.update(ENRICH_S2_RPS="1000", ENRICH_ARXIV_DELAY="0")
        run_cli("first run", "run", raw, out, env, replica)
        for i, paper in enumerate(list(world.papers.values())[::7]):
            paper["citationCount"] = (paper.get("citationCount") or 0) + 10 * (i % 50 + 1)
        run_cli("refresh", "refresh", raw, out, env, replica)
    return out


def measure(name: str, out: Path, repeat: int) -> None:
    t0 = time.perf_counter()
    summary = write_report(out)
    seconds = time.perf_counter() - t0
    path = out / "latest" / "report.html"
    size = path.stat().st_size
    print(f"{name}: report written in {seconds:.2f} s, {size / 1e6:.2f} MB "
          f"(target < {TARGET_MB:.0f} MB), {len(summary.lists)} enriched lists")  # fmt: skip
    if find_browser() is None:
        print(f"{name}: no chromium + chromedriver on PATH: load time not measured")
        return
    walls, doms = [], []
    for i in range(repeat):
        page = view(path, screenshot=out / f"report-{i}.png" if i == 0 else None)
        walls.append(page.load_seconds)
        doms.append(page.dom_seconds)
        drawn = sum(1 for c in page.charts if c.get("svg") and c.get("shapes", 0) > 10)
        print(f"  open {i + 1}: {page.load_seconds:.2f} s wall, {page.dom_seconds:.2f} s to load "
              f"event; {drawn}/{len(page.charts)} charts drawn, {len(page.errors)} console "
              f"errors, {len(page.requests)} requests")  # fmt: skip
    wall, dom = statistics.median(walls), statistics.median(doms)
    print(f"{name}: opens in {wall:.2f} s (median of {repeat}; {dom:.2f} s to the load event; "
          f"target < {TARGET_SECONDS:.0f} s)")  # fmt: skip


def at_scale(entries: int, refs: int, tmp: Path) -> Path:
    """Two snapshots of ``entries`` generated entries with ``bench/stages.py``'s instant
    stand-ins for S2 and arXiv (``refs`` references per S2 record): the report at scale."""
    sys.path.insert(0, str(ROOT / "bench"))
    from stages import InstantArxiv, InstantS2, generated_settings  # bench/stages.py

    from enrich.stages.fetch import run_fetch
    from enrich.stages.ingest import run_ingest
    from enrich.stages.resolve import run_resolve
    from enrich.stages.snapshot import run_snapshot

    settings = generated_settings(tmp, entries, 0)
    s2, arxiv = InstantS2(refs), InstantArxiv()
    run_ingest(settings)
    run_resolve(settings, s2=s2, arxiv=arxiv)
    run_fetch(settings, s2=s2, arxiv=arxiv)
    run_snapshot(settings)
    run_fetch(settings, s2=s2, arxiv=arxiv, refresh=True)
    run_snapshot(settings)
    return settings.out_dir


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--titles", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", choices=("seeds", "generated"))
    ap.add_argument("--keep", type=Path, help="copy the output dirs here")
    ap.add_argument(
        "--at-scale", type=int, metavar="N",
        help="only: a snapshot of N generated entries from bench/stages.py's stand-ins",
    )  # fmt: skip
    ap.add_argument("--refs", type=int, default=40, help="with --at-scale: references a paper")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="enrich-bench-report-") as tmp_name:
        tmp = Path(tmp_name)
        if args.at_scale:
            measure(f"{args.at_scale:,} entries", at_scale(args.at_scale, args.refs, tmp),
                    args.repeat)  # fmt: skip
            return 0
        if args.only in (None, "seeds"):
            raw = tmp / "seeds" / "raw"
            shutil.copytree(ROOT / "data" / "raw", raw)
            out = snapshots(World.load(SEEDS_WORLD), raw, tmp / "seeds")
            measure("seeds", out, args.repeat)
            if args.keep:
                shutil.copytree(out, args.keep / "seeds", dirs_exist_ok=True)
        if args.only in (None, "generated"):
            world, text = generate(args.titles, args.seed)
            raw = tmp / "generated" / "raw"
            raw.mkdir(parents=True)
            (raw / "generated.md").write_text(text, encoding="utf-8")
            out = snapshots(World(world), raw, tmp / "generated")
            measure(f"generated {args.titles}", out, args.repeat)
            if args.keep:
                shutil.copytree(out, args.keep / "generated", dirs_exist_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
