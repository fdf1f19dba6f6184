"""CPU path benchmark: ingest + normalize + match + merge + write, no network.

Generates a reading list of N entries (default 100,000), runs the ingest stage on it, reads the
mentions back into groups as resolve does, verifies one synthetic S2 candidate per group (a
slightly reworded title, as S2 returns), then merges the papers as fetch does and writes the
papers table. Prints entries/s per step and in all, and the process's peak RSS. Targets
(issue 5): >= 20k entries/s, <= 1 GB RSS for 100k entries.

    python bench/cpu_path.py [--entries 100000] [--seed 0]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest import generated_settings  # noqa: E402  (bench/ingest.py: the list generator)

from enrich.atomic import write_parquet  # noqa: E402
from enrich.match import verify  # noqa: E402
from enrich.memory import frozen_gc, paused_gc  # noqa: E402
from enrich.records import Resolution, S2Author, S2Paper  # noqa: E402
from enrich.schema import MENTIONS_STAGE  # noqa: E402
from enrich.stages.fetch import assemble, papers_table, titles_per_group  # noqa: E402
from enrich.stages.files import read_stage  # noqa: E402
from enrich.stages.ingest import run_ingest  # noqa: E402
from enrich.stages.resolve import groups_from_table  # noqa: E402


def candidate_for(title: str, year: int | None, rng: random.Random, i: int) -> S2Paper:
    """What S2 might answer: mostly the same title re-cased, sometimes a look-alike."""
    roll = rng.random()
    if roll < 0.8:
        cand = title.upper() if roll < 0.1 else title
    elif roll < 0.9:
        cand = title.replace(" ", " the ", 1)
    else:
        cand = "Unrelated: " + " ".join(reversed(title.split()))
    return S2Paper(
        paper_id=f"{i:040x}",
        title=cand,
        year=year,
        venue="OSDI",
        authors=(S2Author("A. Author", "1"), S2Author("B. Author", "2")),
        citation_count=i,
        abstract="An abstract.",
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        settings = generated_settings(Path(tmp), args.entries, args.seed)

        t0 = time.perf_counter()
        ingest = run_ingest(settings)
        t1 = time.perf_counter()
        mentions = read_stage(settings, "mentions", MENTIONS_STAGE)
        groups = groups_from_table(mentions)
        t_groups = time.perf_counter()
        # resolve: verify each group's candidate (the network is replaced by candidate_for), with
        # the groups frozen out of the collector's passes as run_resolve's loop has them
        resolutions: dict[str, Resolution] = {}
        s2_by_lookup: dict[str, S2Paper | None] = {}
        with frozen_gc():
            for i, g in enumerate(groups):
                cand = candidate_for(g.title, g.year, rng, i)
                v = verify(g.evidence, cand.title, cand.year, cand.venue)
                if v.accepted:
                    resolutions[g.group_id] = Resolution(
                        g.group_id,
                        g.title,
                        "resolved",
                        "s2_match",
                        v.confidence,
                        v.reason,
                        cand.paper_id,
                        cand.arxiv_id,
                        cand.title,
                    )
                    s2_by_lookup[cand.paper_id] = cand  # what the S2 batch would answer
                else:
                    resolutions[g.group_id] = Resolution(
                        g.group_id,
                        g.title,
                        "unresolved",
                        None,
                        None,
                        v.reason,
                        None,
                        None,
                        cand.title,
                    )
        t2 = time.perf_counter()
        # fetch: merge and build the papers table as run_fetch does, then write it
        with paused_gc():
            papers, _, _ = assemble(resolutions, titles_per_group(mentions), s2_by_lookup, {})
            table = papers_table(papers)
        write_parquet(table, settings.out_dir / "papers.parquet")
        t3 = time.perf_counter()
        accepted = len(s2_by_lookup)

    n = ingest.total_entries
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def row(label: str, seconds: float) -> str:
        return f"{label:<36}{n / seconds:>10,.0f} entries/s  {seconds:6.2f} s"

    print(f"entries {n:,}; groups {len(groups):,}; candidates accepted {accepted:,}")
    print(row("ingest (read, parse, group, write)", t1 - t0))
    print(row("read + group mentions", t_groups - t1))
    print(row("verify (resolve)", t2 - t_groups))
    print(row("merge + write papers (fetch)", t3 - t2))
    print(row("total CPU path", t3 - t0) + "   (target >= 20,000 entries/s)")
    print(f"peak RSS {rss_mb:,.0f} MB   (target <= 1,024 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
