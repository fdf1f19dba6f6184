"""A naive baseline beside the pipeline: the ``semanticscholar`` and ``arxiv`` packages, one title
at a time, against the same local replica, world and scaled limits.

Usage: ``.venv/bin/python bench/baseline.py [--titles 1000] [--seed 0] [--only seeds|generated]``

The generated list defaults to 1,000 titles (not e2e.py's 2,000) to keep the run near five
minutes: the baseline needs about 0.1 s per title, twice over. ``--titles 2000`` compares on
e2e.py's workload in about eight minutes.

What the baseline does, the way a typical script would: for each distinct list title (the
pipeline's own ingest output, one title per mention group), S2 title match
(``SemanticScholar.search_paper(title, match_title=True)``) and accept whatever S2 returns, with
no check; on a 404, arXiv search by title (``arxiv.Client().results(arxiv.Search(title))``) and
take the first hit; then fetch each accepted S2 paper's details one by one
(``SemanticScholar.get_paper(id)``). It paces itself politely: it sleeps 1/20 s (the replica's
limit) after every S2 call, and the ``arxiv`` client's own delay is set to 0.15 s. The
``semanticscholar`` package retries a 429 with 5-60 s sleeps; sleeping after each call (rather
than aiming at start times 1/20 s apart, which lets a late request and a prompt one arrive too
close together) keeps it from getting one (the 429 count is printed). Its wall time covers the
lookups and detail fetches, not the ingest; the pipeline's covers the whole CLI run (start-up,
ingest, writes included).

Printed for each workload: requests by endpoint (from the replica's log), wall time, papers
accepted, and right / wrong / missed against the world's truth, then the pipeline's numbers on the
same workload (run as in ``bench/e2e.py``). Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import arxiv  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
from e2e import (  # noqa: E402  (bench/e2e.py: workloads, the pipeline run, formatting)
    ARXIV_INTERVAL,
    S2_RPS,
    PipelineResult,
    Workload,
    format_endpoints,
    pipeline_first_run,
    workloads,
)
from semanticscholar import SemanticScholar  # noqa: E402
from semanticscholar.SemanticScholarException import ObjectNotFoundException  # noqa: E402

from enrich.normalize import title_key  # noqa: E402
from enrich.settings import Settings  # noqa: E402
from enrich.stages.ingest import run_ingest  # noqa: E402
from tests.replica import World, start_replica  # noqa: E402

S2_GRAPH_PATH = "/graph/v1"
"""``semanticscholar`` wants the host root as ``api_url`` and appends this itself."""


def pause(seconds: float) -> None:
    """What a polite script does after every call: sleep the documented interval. Arrivals are
    then always at least that far apart, so a rate-limited server never answers 429."""
    time.sleep(seconds)


@dataclass
class BaselineResult:
    seconds: float
    endpoints: Counter[str]
    statuses: Counter[int | None]
    got: dict[str, str | None]  #: group title -> "s2:<id>" | "arxiv:<id>" | None
    errors: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.endpoints.values())

    @property
    def accepted(self) -> int:
        return len({g for g in self.got.values() if g})


def distinct_titles(raw_dir: Path, tmp: Path) -> dict[str, list[str]]:
    """One title per mention group, as the pipeline's ingest groups them, in list order, with
    every list title of the group (to score each truth row against its group's answer)."""
    settings = Settings(raw_dir=raw_dir, out_dir=tmp / "ingest", cache_path=tmp / "unused.sqlite")
    run_ingest(settings)
    rows = pq.read_table(settings.stage_dir / "mentions.parquet").to_pylist()
    groups: dict[str, list[str]] = {}
    for row in rows:
        groups.setdefault(row["group_id"], []).append(row["title"])
    return {titles[0]: titles for titles in groups.values()}


def naive_run(titles: Sequence[str], replica: Any) -> BaselineResult:
    sch = SemanticScholar(api_url=replica.s2_url.removesuffix(S2_GRAPH_PATH), timeout=10)
    ax = arxiv.Client(delay_seconds=ARXIV_INTERVAL)
    ax.query_url_format = replica.arxiv_url + "?{}"
    got: dict[str, str | None] = {}
    errors: Counter[str] = Counter()
    replica.reset_log()
    t0 = time.perf_counter()
    for title in titles:
        got[title] = None
        try:
            paper = sch.search_paper(title, match_title=True)
            got[title] = f"s2:{paper.paperId}"
            continue
        except ObjectNotFoundException:
            pass
        except Exception as exc:  # noqa: BLE001 - a typical script logs and moves on
            errors[f"s2 match: {type(exc).__name__}"] += 1
            continue
        finally:
            pause(1 / S2_RPS)
        try:
            hits = list(ax.results(arxiv.Search(query=title, max_results=1)))
        except Exception as exc:  # noqa: BLE001
            errors[f"arxiv search: {type(exc).__name__}"] += 1
            continue
        if hits:
            got[title] = "arxiv:" + re.sub(r"v\d+$", "", hits[0].get_short_id())
    for pid in sorted({g[3:] for g in got.values() if g and g.startswith("s2:")}):
        try:
            sch.get_paper(pid)
        except Exception as exc:  # noqa: BLE001
            errors[f"s2 paper: {type(exc).__name__}"] += 1
        pause(1 / S2_RPS)
    seconds = time.perf_counter() - t0
    log = list(replica.log)
    return BaselineResult(
        seconds, Counter(r.endpoint for r in log), Counter(r.status for r in log), got, errors
    )


def same_paper(world: World, got: str, expect: str) -> bool:
    """``got`` and ``expect`` name one paper: equal, or an S2 record and its arXiv id."""
    if got == expect:
        return True
    kind_got, _, id_got = got.partition(":")
    kind_exp, _, id_exp = expect.partition(":")
    if kind_got == "arxiv" and kind_exp == "s2":
        rec = world.lookup(f"ARXIV:{id_got}")
        return rec is not None and rec["paperId"] == id_exp
    if kind_got == "s2" and kind_exp == "arxiv":
        rec = world.lookup(f"ARXIV:{id_exp}")
        return rec is not None and rec["paperId"] == id_got
    return False


def judge(
    world: World,
    got: dict[str, str | None],
    groups: dict[str, list[str]],
    examples: list[str] | None = None,
) -> tuple[int, int, int, int]:
    """(right, wrong, missed, not parsed) of the baseline against the world's truth rows; every
    list title of a group gets the answer for the group's title. Wrong ones go to ``examples``."""
    by_key = {title_key(t): got[head] for head, titles in groups.items() for t in titles}
    right = wrong = missed = absent = 0
    for row in world.truth:
        key = title_key(row["list_title"])
        if key not in by_key:
            absent += 1
            continue
        g, expect = by_key[key], row["expect"]
        if g is None:
            if expect is None or row.get("lenient"):
                right += 1
            else:
                missed += 1
        elif expect is not None and same_paper(world, g, expect):
            right += 1
        else:
            wrong += 1
            if examples is not None:
                examples.append(
                    f"{row['list_title']!r} ({row['path']}): expected {expect}, accepted {g}"
                )
    return right, wrong, missed, absent


ROW = "{:<22}{:>6}{:>7}{:>7}{:>7}{:>9}{:>8}{:>8}{:>5}{:>8}{:>9}{:>6}{:>6}{:>7}"


def table_row(
    label: str,
    endpoints: Counter[str],
    n429: int,
    seconds: float,
    accepted: int,
    scored: tuple[int, int, int, int],
) -> str:
    e = endpoints
    return ROW.format(
        label,
        sum(e.values()),
        e["s2.match"],
        e["s2.paper"],
        e["s2.batch"],
        e["arxiv.search"],
        e["arxiv.id_list"],
        e["s2.search"],
        n429,
        f"{seconds:.1f}",
        accepted,
        *scored[:3],
    )


def pipeline_scored(result: PipelineResult) -> tuple[int, int, int, int]:
    s = result.score
    if s is None:
        return (0, 0, 0, 0)
    return s.right, len(s.wrong), len(s.missed), len(s.absent)


def compare(workload: Workload, tmp: Path) -> None:
    titles = distinct_titles(workload.raw_dir, tmp)
    with start_replica(workload.world, s2_rps=S2_RPS, arxiv_interval=ARXIV_INTERVAL) as replica:
        base = naive_run(list(titles), replica)
    with start_replica(workload.world, s2_rps=S2_RPS, arxiv_interval=ARXIV_INTERVAL) as replica:
        pipe = pipeline_first_run(workload, tmp / "pipeline", replica)
    wrong_examples: list[str] = []
    scored = judge(workload.world, base.got, titles, wrong_examples)
    pipe_accepted = sum(p["match_status"] == "resolved" for p in pipe.papers)
    pscored = pipeline_scored(pipe)

    print(
        f"== {workload.name}: {len(titles)} distinct titles, {len(workload.world.truth)} truth "
        f"rows =="
    )
    print(
        f"  baseline  wall {base.seconds:.1f} s; requests {format_endpoints(base.endpoints)}; "
        f"total {base.total}; 429s {base.statuses.get(429, 0)}"
    )
    print(
        f"            accepted {base.accepted} papers; right {scored[0]}, WRONG {scored[1]}, "
        f"missed {scored[2]}, not parsed {scored[3]}"
    )
    for line in wrong_examples[:3]:
        print(f"            e.g. wrong: {line}")
    if base.errors:
        print("            errors: " + ", ".join(f"{k} {v}" for k, v in base.errors.items()))
    p = pipe.first
    print(
        f"  pipeline  wall {p.seconds:.1f} s (exit {p.returncode}); requests "
        f"{format_endpoints(p.endpoints)}; total {p.total}; 429s {p.statuses.get(429, 0)}"
    )
    print(
        f"            accepted {pipe_accepted} papers ({pipe.unique_papers} rows); "
        f"right {pscored[0]}, WRONG {pscored[1]}, missed {pscored[2]}, "
        f"not parsed {pscored[3]}"
    )
    print()
    print(
        ROW.format(
            "",
            "reqs",
            "match",
            "paper",
            "batch",
            "ax.srch",
            "ax.ids",
            "s2.srch",
            "429",
            "wall s",
            "accepted",
            "right",
            "wrong",
            "missed",
        )
    )
    print(
        table_row(
            "baseline (packages)",
            base.endpoints,
            base.statuses.get(429, 0),
            base.seconds,
            base.accepted,
            scored,
        )
    )
    print(
        table_row(
            "pipeline (enrich run)",
            p.endpoints,
            p.statuses.get(429, 0),
            p.seconds,
            pipe_accepted,
            pscored,
        )
    )
    print(
        f"  pipeline / baseline: time {p.seconds / base.seconds:.2f}x, requests "
        f"{p.total / max(1, base.total):.2f}x"
    )
    print()


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--titles", type=int, default=1000, help="entries in the generated list")
    ap.add_argument("--seed", type=int, default=0, help="seed of the generated world")
    ap.add_argument("--only", choices=("seeds", "generated"))
    args = ap.parse_args(argv)
    logging.getLogger("semanticscholar").setLevel(logging.ERROR)
    print(
        f"replica limits for both: S2 {S2_RPS:g} req/s, arXiv {ARXIV_INTERVAL:g} s; baseline "
        f"sleeps the interval after each call, pipeline configured to the limits\n"
    )
    with tempfile.TemporaryDirectory(prefix="enrich-baseline-") as tmp:
        for i, workload in enumerate(workloads(args.only, args.titles, args.seed, Path(tmp))):
            work = Path(tmp) / f"w{i}"
            (work / "pipeline").mkdir(parents=True)
            compare(workload, work)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
