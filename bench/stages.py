"""The stage jobs at scale with in-memory upstreams: what resolve, fetch and snapshot cost
besides the network.

Usage: ``.venv/bin/python bench/stages.py [--entries 100000] [--refs 40] [--seed 0]``

Generates the same kind of list as ``bench/ingest.py``, runs ``run_ingest``, then
``run_resolve``, ``run_fetch`` and ``run_snapshot`` as the CLI's ``run`` does, then a scheduled
refresh (``only_new`` resolve, ``refresh`` fetch, snapshot), with the S2 and arXiv clients
replaced by in-memory stand-ins that answer at once: S2's match gives back the asked title
(one title in eight it does not hold; arXiv's search finds those), and each S2 record cites
``--refs`` papers (real systems papers cite 30-50), half of them listed ones. Prints seconds per
stage, the tables' sizes and the peak RSS, so that stage work growing faster than the list (a
quadratic loop, a dict per citation edge) shows up here rather than in a day-long real run.
The HTTP clients are not measured: the stand-ins replace them.
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest import generated_settings  # noqa: E402  (bench/ingest.py: the list generator)

from enrich.records import ArxivEntry, S2Author, S2Paper  # noqa: E402
from enrich.stages.fetch import run_fetch  # noqa: E402
from enrich.stages.ingest import run_ingest  # noqa: E402
from enrich.stages.resolve import run_resolve  # noqa: E402
from enrich.stages.snapshot import run_snapshot  # noqa: E402

Done = Callable[[int], object]
"""The clients' progress callback (unused here: the answers are instant)."""


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _arxiv_id(digest: str) -> str:
    return f"2{digest[:3]}.{int(digest[3:8], 16) % 100_000:05d}"


class InstantS2:
    """S2's match and batch, answered from memory."""

    def __init__(self, refs: int):
        self.refs = refs
        self.held: dict[str, S2Paper] = {}
        self.order: list[str] = []  # paperIds in the order they were matched

    def match_title(self, title: str) -> S2Paper | None:
        digest = _digest(title)
        if digest[0] in "01":  # one title in eight: not held by S2
            return None
        listed = self.order[-(self.refs // 2) :] if self.refs > 1 else []  # cite listed papers
        outside = [_digest(f"{digest}/{i}") for i in range(self.refs - len(listed))]
        paper = S2Paper(
            digest,
            title,
            int(digest[:7], 16),
            _arxiv_id(digest) if digest[1] < "8" else None,
            f"10.1145/{digest[:10]}",
            "An abstract." if digest[2] < "c" else None,
            None,
            "OSDI",
            "2022-07-11",
            (S2Author("A. Author", "1"), S2Author("B. Author", None)),
            int(digest[8:11], 16),
            1,
            self.refs,
            ("Computer Science",),
            None,
            tuple(listed + outside),
        )
        if digest not in self.held:
            self.held[digest] = paper
            self.order.append(digest)
        return paper

    def get_batch(
        self,
        ids: Iterable[str],
        *,
        refresh: bool = False,
        done: Done | None = None,
        fields: str = "",
    ) -> list[S2Paper | None]:
        return [self.held.get(i) for i in ids]


class InstantArxiv:
    """arXiv's title search and id_list, answered from memory."""

    def search_title(self, title: str, max_results: int = 5) -> list[ArxivEntry]:
        digest = _digest(title)
        entry = ArxivEntry(_arxiv_id(digest), 1, title, "An abstract.", ("C. Author",))
        return [entry]

    def get_by_ids(
        self, ids: Iterable[str], *, refresh: bool = False, done: Done | None = None
    ) -> list[ArxivEntry]:
        return [ArxivEntry(i, 2, f"Paper {i}", "An abstract.", ("C. Author",)) for i in ids]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=100_000)
    ap.add_argument("--refs", type=int, default=40, help="references per S2 record")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    s2, arxiv = InstantS2(args.refs), InstantArxiv()
    with tempfile.TemporaryDirectory() as tmp:
        settings = generated_settings(Path(tmp), args.entries, args.seed)
        steps: list[tuple[str, Callable[[], object]]] = [
            ("ingest", lambda: run_ingest(settings)),
            ("resolve", lambda: run_resolve(settings, s2=s2, arxiv=arxiv)),
            ("fetch", lambda: run_fetch(settings, s2=s2, arxiv=arxiv)),
            ("snapshot", lambda: run_snapshot(settings)),
            ("refresh: resolve new titles", lambda: run_resolve(settings, s2=s2, arxiv=arxiv,
                                                                only_new=True)),
            ("refresh: fetch all", lambda: run_fetch(settings, s2=s2, arxiv=arxiv, refresh=True)),
            ("refresh: snapshot", lambda: run_snapshot(settings)),
        ]  # fmt: skip
        results: dict[str, Any] = {}
        print(f"{args.entries:,} entries, {args.refs} references per S2 record")
        for label, step in steps:
            started = time.perf_counter()
            results[label] = step()
            seconds = time.perf_counter() - started
            print(f"  {label:<30}{seconds:7.2f} s   peak RSS so far {_rss_mb():,.0f} MB")
        snap, again = results["snapshot"], results["refresh: snapshot"]
    counts = ", ".join(f"{name} {n:,}" for name, n in snap.counts.items())
    print(f"snapshot rows: {counts}")
    if not hasattr(again, "counts"):  # the stand-ins answer the same: compared, not written
        print(f"refresh: {again.lines()[0]}")
    print(f"peak RSS {_rss_mb():,.0f} MB")
    return 0


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    sys.exit(main())
