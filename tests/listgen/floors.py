"""The per-style and per-layout samples of ``tests/test_listgen.py``, and today's figures on
them as a ``FLOORS`` table to paste there.

Usage: ``.venv/bin/python -m tests.listgen.floors [--margin 0.05]``: prints one line per style
and layout, ``("style", NAME): (recall floor, precision floor),  # measured``, the floors being
the parser's figures less the margin (never below 0). Raise the table's floors with it as the
parser improves; a floor only goes down with a reason in the commit message.
"""

from __future__ import annotations

import argparse
import math
import zlib

from tests.listgen.corpus import Corpus, generate, styles
from tests.listgen.fields import FIELD_LAYOUTS
from tests.listgen.layouts import CONTAINER_LAYOUTS
from tests.listgen.run import parse_corpus
from tests.listgen.score import Tally, score

SAMPLE_ENTRIES = 150
"""Entries per style or layout sample: about 20 sections, a few ms to parse."""


def slices() -> list[tuple[str, str]]:
    """Every (kind, name) a floor is kept for: each style, then each layout."""
    layouts = [*CONTAINER_LAYOUTS, *FIELD_LAYOUTS]
    return [("style", s) for s in styles()] + [("layout", x) for x in layouts]


def sample(kind: str, name: str) -> Corpus:
    """The sample for one style (any layout) or one layout (any style), seeded by its name."""
    only = {("*", name)} if kind == "style" else {(name, "*")}
    return generate(zlib.crc32(name.encode()), SAMPLE_ENTRIES, only=only)


def measure(kind: str, name: str) -> Tally:
    """The parser's pooled figures on one sample, parsed in memory."""
    corpus = sample(kind, name)
    return score(corpus.gold, parse_corpus(corpus)).total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--margin", type=float, default=0.05)
    args = ap.parse_args(argv)
    for kind, name in slices():
        t = measure(kind, name)
        r, p = (max(0.0, math.floor((x - args.margin) * 100) / 100)
                for x in (t.recall, t.precision))
        print(f'    ("{kind}", "{name}"): ({r:.2f}, {p:.2f}),  # {t.recall:.3f} {t.precision:.3f}')
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
