"""Every parse regex is linear on any line (issue 25, row 14).

A pattern that scans to the end of the line from every bracket (``\\]\\([^)]*\\)`` on ``[a](``
repeated) costs time quadratic in the line's length: 0.5 s on one 10,000-character line,
minutes on the 100,000-character lines below. Lines that long are skipped by the walker
(:data:`~enrich.parse.MAX_LINE_CHARS`), so the readers are called directly: ten times the
longest line they are given makes a quadratic pattern cost a hundred times more, which no
load on the machine hides, while the linear readers stay within a generous bound.
"""

from __future__ import annotations

import time

from enrich.parse.choose import read_entry

PATHOLOGICAL = (
    "[a](", "[a](b", "[a](x)", "[a](x)(", "![a](", "[](", "[[a](", "[pdf](", "](", "[", "(",
    "<", "![", '"', "*", "_", "et al. ", ". In ", "). ", "a, ", "A. ", "W. Kwon, ", "Kwon, W., ",
    "Kwon W, ", "KWON W, ", "Ab Cd. 2020. ", ", in ", "//", "[J]", "vs. ", "arXiv:", "10.1/",
    "http://", "OSDI'", "(OSDI 2020) ", "a - ", "Jul 2024 ", "\\[", "`", "{",
)  # fmt: skip
"""Fragments whose repetition makes a backtracking or rescanning pattern do the most work."""

LINE_CHARS = 100_000
CPU_SECONDS = 60.0
"""All fragments read in about 6 s of CPU today; one quadratic pattern alone takes minutes."""


def test_every_reader_is_linear_on_long_pathological_lines():
    started = time.process_time()
    for fragment in PATHOLOGICAL:
        for prefix in ("", "Kwon, W. 2020. "):  # as an item, and after an author block
            read_entry(prefix + fragment * (LINE_CHARS // len(fragment)))
    assert time.process_time() - started < CPU_SECONDS
