"""Properties of the pure core over generated inputs (hypothesis), beyond the cases we wrote.

Each property is one the pipeline relies on: the parser takes any text without raising (a list
is written by people), a document cut at headings parses exactly as the whole (the parallel
ingest depends on it), and normalizing twice changes nothing (stored keys are compared again).
Runs are derandomized, so CI sees the same examples every time.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enrich import ingest
from enrich.grouping import read_titles
from enrich.normalize import clean_text, title_key
from enrich.readinglist import parse_list

PROPERTY = settings(
    max_examples=300, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)

_PIECES = [
    *"abcXYZ019 :;,.'\"-_*#|[](){}<>!`~\t\r\n",
    *"’“”：中文\u200b\ufeff\u00adﬁ–—μ",
    "https://x.org/a.pdf",
    "[OSDI '22]",
    "(vLLM)",
    " (SOSP19)",
    "<!--",
    "-->",
    "```",
    "- ",
    "1. ",
    "| a | b |",
    "|---|---|",
    "## ",
    "\n\n",
]
texts = st.lists(st.sampled_from(_PIECES), max_size=200).map("".join)
"""Text made of the characters and fragments the parser treats specially, in any order."""

_LINES = [
    "## Section A",
    "# Top",
    "### ",
    "   ## indented heading",
    "    ## code, not a heading",
    "## [Linked](https://x.org) heading",
    "- [OSDI '22] Orca: A Distributed Serving System for Transformer-Based Generative Models",
    "- Some description in lower case, long enough to read as prose.",
    "",
    "```",
    "~~~",
    "<!-- comment",
    "-->",
    "<!-- one line -->",
    "| Title | Venue |",
    "|---|---|",
    "| Pathways: Asynchronous Distributed Dataflow for ML | MLSys 2022 |",
    "continued lower case title words",
    "Topic line",
    "---",
    "===",
    "- [Link text over",
    "  two lines](https://x.org)",
    "1. Cluster Scheduling:",
    "    • Paella: Low-latency Model Serving with Software-defined GPU Scheduling (SOSP23)",
    "[NSDI'24] Parcae: Proactive, Liveput-Optimized DNN Training on Preemptible Instances",
]
documents = st.lists(st.sampled_from(_LINES), min_size=210, max_size=500).map("\n".join)
"""Markdown documents of list lines, headings, fences, comments and tables in any order; long
enough to be cut (no cut falls in the first 200 lines, where front matter may be)."""


@PROPERTY
@given(texts)
def test_any_text_parses_without_raising_into_sane_entries(text):
    result = parse_list(text, "list.md")
    lines = text.count("\n") + 1
    for entry in result.entries:
        assert 1 <= entry.line <= lines
        assert entry.title and entry.title == entry.title.strip()
        assert entry.source_file == "list.md"


@settings(PROPERTY, max_examples=150)  # long documents: 150 of them take about 4 s
@given(documents, st.integers(min_value=2, max_value=4))
def test_a_document_cut_at_headings_parses_as_the_whole(text, parts):
    whole = parse_list(text, "list.md")
    entries, warnings = [], []
    for piece, source, offset in _jobs(text, parts):
        result = parse_list(piece, source, line_offset=offset)
        entries += result.entries
        warnings += result.warnings
    assert entries == whole.entries
    assert warnings == whole.warnings


@PROPERTY
@given(st.lists(texts, max_size=30))
def test_titles_read_in_two_runs_give_the_keys_of_one(titles):
    half = len(titles) // 2
    first, second = read_titles(titles[:half]), read_titles(titles[half:])
    whole = read_titles(titles)
    assert first.title_key + second.title_key == whole.title_key
    assert first.group_id + second.group_id == whole.group_id


@PROPERTY
@given(texts)
def test_normalizing_twice_changes_nothing(text):
    key = title_key(text)
    assert title_key(key) == key
    assert clean_text(clean_text(text)) == clean_text(text)


def _jobs(text: str, parts: int) -> list[ingest.Job]:
    """:func:`ingest.document_jobs` as if the document were large enough to be cut."""
    threshold = ingest.PARALLEL_MIN_CHARS
    ingest.PARALLEL_MIN_CHARS = 0
    try:
        return ingest.document_jobs(text, "list.md", parts)
    finally:
        ingest.PARALLEL_MIN_CHARS = threshold
