"""Score ingest on the labelled reading lists in ``../shared/lists/`` and on a generated corpus.

Usage: ``.venv/bin/python bench/lists.py [--lists DIR] [--markdown] [--generated N] [--seed S]
[-v] [--keep DIR] [--style S,..] [--layout L,..]``

For each list folder with a gold file (``DIR/gold/NAME.tsv``) it runs the ingest stage on the
folder (as ``enrich ingest --raw DIR/NAME`` does) and the lists' own scorer
(``DIR/score.py``) on the mentions it wrote, and prints one row per list: entries (gold paper
entries), rows (mentions written), precision, recall, years (entries whose year the list
states, and how many of them were read), venues (the same for stated venues), plus a pooled
row. The lists are third-party files kept outside the repository; without the folder this
prints where it looked and exits 0. ``--markdown`` prints the table as Markdown (for the
README).

Then it generates a corpus of ``N`` labelled entries (default 20,000; ``--generated 0`` skips
it) with :mod:`tests.listgen` (every CSL style, the forms CSL lacks, every layout, non-entries
mixed in), runs the ingest stage on it and prints tables per style, per layout and per markup
variant, the pooled figures against issue 22's targets, and with ``-v`` examples of what fails
(a few per style and layout). ``--keep DIR`` keeps the generated lists (``DIR/raw``), their
gold (``DIR/gold.tsv``, the shared lists' format with the style, variant and layout in the note
column) and the ingest output (``DIR/out``). ``--style``/``--layout`` generate only those
styles and layouts (``fields`` is the style of the field layouts), to look at one weakness.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from enrich.settings import Settings
from enrich.stages.ingest import run_ingest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # for ``tests.listgen``

from tests.listgen import report as listreport  # noqa: E402
from tests.listgen.corpus import family, generate  # noqa: E402
from tests.listgen.run import ingest_corpus  # noqa: E402
from tests.listgen.score import score  # noqa: E402

_HERE = Path(__file__).resolve().parent.parent
DEFAULT_LISTS = next(
    (p / "shared" / "lists" for p in (_HERE.parent, _HERE.parent.parent)
     if (p / "shared" / "lists").is_dir()),
    _HERE.parent / "shared" / "lists",
)
"""``../shared/lists`` beside the checkout (or beside its worktrees' folder)."""

_COUNTS = re.compile(r"rows=(?P<rows>\d+) judged=(?P<judged>\d+) .*? correct=(?P<correct>\d+)")
_RECALL = re.compile(r"entries=(?P<entries>\d+) found=(?P<found>\d+)")
_STATED = re.compile(
    r"venue ok \d+/\d+ \(stated (?P<v_ok>\d+)/(?P<v_n>\d+)\); "
    r"year ok \d+/\d+ \(stated (?P<y_ok>\d+)/(?P<y_n>\d+)\)"
)


@dataclass
class Score:
    """One list's figures, as its scorer prints them."""

    name: str
    entries: int
    rows: int
    judged: int
    correct: int
    found: int
    years_stated: int
    years_read: int
    venues_stated: int
    venues_read: int

    def cells(self) -> list[str]:
        precision = self.correct / self.judged if self.judged else 0.0
        recall = self.found / self.entries if self.entries else 0.0
        return [
            self.name,
            str(self.entries),
            str(self.rows),
            f"{precision:.3f}",
            f"{recall:.3f}",
            f"{self.years_read} of {self.years_stated}",
            f"{self.venues_read} of {self.venues_stated}",
        ]


def score_list(lists: Path, name: str, scratch: Path) -> Score:
    """Ingest ``lists/name`` into ``scratch`` and score it with ``lists/score.py``."""
    out = scratch / name
    settings = Settings(raw_dir=lists / name, out_dir=out, cache_path=scratch / "cache.sqlite")
    run_ingest(settings)
    mentions = out / "stage" / "mentions.parquet"
    scorer = [sys.executable, str(lists / "score.py"), name, "--mentions", str(mentions)]
    text = subprocess.run(scorer, capture_output=True, text=True, check=True).stdout
    counts, recall, stated = _COUNTS.search(text), _RECALL.search(text), _STATED.search(text)
    if counts is None or recall is None or stated is None:
        raise SystemExit(f"unexpected scorer output for {name}:\n{text}")
    return Score(
        name,
        int(recall["entries"]),
        int(counts["rows"]),
        int(counts["judged"]),
        int(counts["correct"]),
        int(recall["found"]),
        int(stated["y_n"]),
        int(stated["y_ok"]),
        int(stated["v_n"]),
        int(stated["v_ok"]),
    )


def pooled(scores: list[Score]) -> Score:
    """All lists as one."""
    sums = [sum(getattr(s, f) for s in scores) for f in list(Score.__annotations__)[1:]]
    return Score("pooled", *sums)


HEADER = ["list", "entries", "rows", "precision", "recall", "years read", "venues read"]
"""``years read``: of the entries whose year the list states (dates included), how many were
read right; ``venues read``: the same for conference-style venues."""


def dev_lists(lists: Path, markdown: bool) -> None:
    """The table for the labelled lists under ``lists`` (or where it looked)."""
    names = sorted(p.stem for p in (lists / "gold").glob("*.tsv")) if lists.is_dir() else []
    names = [n for n in names if (lists / n).is_dir()]
    if not names or not (lists / "score.py").is_file():
        print(f"no labelled lists under {lists} (gold/NAME.tsv, NAME/, score.py): skipped")
        return
    with tempfile.TemporaryDirectory() as tmp:
        scores = [score_list(lists, name, Path(tmp)) for name in names]
    rows = [s.cells() for s in [*scores, pooled(scores)]]
    print(listreport.table(rows, HEADER, markdown))


def generated(args: argparse.Namespace) -> None:
    """The generated corpus through the ingest stage: tables per slice, targets, failures."""
    seed, markdown = args.seed, args.markdown
    t0 = time.process_time()
    only = None
    if args.style or args.layout:
        only = {(layout, style) for style in (args.style or "*").split(",")
                for layout in (args.layout or "*").split(",")}
    try:
        corpus = generate(seed, args.generated, only=only)
    except ValueError as e:
        print(f"Error: {e}", file=sys.stderr)
        raise SystemExit(2) from None
    gen_s = time.process_time() - t0
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        rows = ingest_corpus(corpus, args.keep or Path(tmp))
        ingest_s = time.perf_counter() - t0
    report = score(corpus.gold, rows)
    print(f"\ngenerated corpus: seed {seed}, {len(corpus.entries):,} entries in "
          f"{len(corpus.files)} files (generated in {gen_s:.2f} s CPU; ingest {ingest_s:.1f} s "
          "wall)")
    print()
    print(listreport.family_table(report, family, markdown))
    for kind in ("style", "layout", "variant"):
        print()
        print(listreport.slice_table(report, kind, markdown))
    print()
    print(listreport.table([listreport.cells("pooled", report.total)],
                           ["", *listreport.HEADER[1:]], markdown))
    print("targets (issue 22):")
    print("\n".join(listreport.targets(report)))
    if args.keep:
        print(f"kept: {args.keep}/raw (the lists), gold.tsv, out/stage/mentions.parquet")
    if args.verbose:
        print("\n".join(listreport.failures(report)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lists", type=Path, default=DEFAULT_LISTS)
    ap.add_argument("--markdown", action="store_true", help="print the tables as Markdown")
    ap.add_argument("--generated", type=int, default=20_000, metavar="N",
                    help="entries in the generated corpus (0: skip it)")
    ap.add_argument("--seed", type=int, default=22)
    ap.add_argument("-v", "--verbose", action="store_true", help="examples of what fails")
    ap.add_argument("--style", help="only these styles (comma-separated), e.g. nature,apa")
    ap.add_argument("--layout", help="only these layouts (comma-separated), e.g. wrapped")
    ap.add_argument("--keep", type=Path, metavar="DIR",
                    help="write the generated lists, gold.tsv and the ingest output under DIR")
    args = ap.parse_args(argv)
    dev_lists(args.lists, args.markdown)
    if args.generated:
        generated(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
