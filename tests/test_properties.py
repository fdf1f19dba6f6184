"""Properties of the pure core over generated inputs (hypothesis), beyond the cases we wrote.

Each property is one the pipeline relies on:

* the parser takes any text without raising (a list is written by people);
* a document cut at headings parses exactly as the whole (the parallel ingest depends on it);
* normalizing twice changes nothing (stored keys are compared again);
* the upstream parsers turn any answer into records or the project's own error, never a crash
  (an upstream can send anything);
* every candidate gets a verdict, and any overrides file gives pins or an error naming its line;
* merging any mix of records keeps the papers table's promises (one row per paper id, every
  group linked, a provenance for exactly the filled fields).

Runs are derandomized, so CI sees the same examples every time.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enrich.errors import InputError, UpstreamError
from enrich.grouping import read_titles
from enrich.match import ListEvidence, verify
from enrich.merge import MERGED_FIELDS
from enrich.normalize import clean_text, title_key
from enrich.overrides import parse_overrides
from enrich.parse import parse_list
from enrich.records import ArxivEntry, Resolution, S2Author, S2Paper
from enrich.sources.arxiv import parse_feed
from enrich.sources.s2 import parse_paper
from enrich.stages import ingest
from enrich.stages.fetch import assemble, papers_table
from tests.conftest import sample_bytes

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


FEEDS = [
    sample_bytes(name)
    for name in (
        "arxiv_idlist_versioned_2104.12255v1.xml",
        "arxiv_old_idlist_1710.08557_with_doi.xml",
        "arxiv_title_phrase_search_reach_2307.00099.xml",
        "arxiv_error_400_bad_id_abc.xml",
    )
]
_DAMAGE = [b"<", b"&", b"]]>", b"<entry>", b"</entry>", b"\x00", b"9999-12-31T23:59:59-01:00"]


@PROPERTY
@given(st.sampled_from(FEEDS), st.data())
def test_a_damaged_arxiv_feed_is_reported_not_raised(feed, data):
    """A real feed with a span cut out and bytes put in its place (truncation, stray markup)."""
    start = data.draw(st.integers(0, len(feed)))
    end = data.draw(st.integers(start, min(len(feed), start + 200)))
    put = data.draw(st.binary(max_size=40) | st.sampled_from(_DAMAGE))
    result = parse_feed(feed[:start] + put + feed[end:])
    assert result.error is None or result.entries == ()


_S2_KEYS = [
    *("paperId", "title", "authors", "name", "authorId", "externalIds", "ArXiv", "DOI"),
    *("CorpusId", "journal", "venue", "openAccessPdf", "url", "references", "fieldsOfStudy"),
    *("year", "citationCount", "publicationDate", "matchScore", "corpusId", "abstract"),
]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(_S2_KEYS), inner, max_size=6)
    ),
    max_leaves=20,
)
"""JSON values whose objects use S2's keys, nested anyhow: every field null, missing or mistyped."""


@settings(PROPERTY, max_examples=150)  # nested objects: 150 of them take about 2 s
@given(st.dictionaries(st.sampled_from(_S2_KEYS), json_values, max_size=12))
def test_any_s2_paper_object_is_a_record_or_an_upstream_error(obj):
    try:
        paper = parse_paper(obj)
    except UpstreamError as exc:
        # validated at the boundary (issue #16): a mistyped field is the wrong shape, and the
        # error names it; only an object with a usable paperId and well-typed fields parses
        assert "wrong shape for S2 paper: " in str(exc)
        return
    assert paper.paper_id == obj["paperId"]
    assert all(isinstance(a.name, str) and a.name for a in paper.authors)
    assert paper.open_access_pdf is None or paper.open_access_pdf.strip()


titles = st.text(alphabet=st.sampled_from(list("abAB :：-'\"’()[]0123456789中 ")), max_size=40)
years = st.none() | st.integers(-5, 3000)


@PROPERTY
@given(
    st.lists(titles, min_size=1, max_size=3),
    years,
    st.none() | st.sampled_from(["OSDI", "arXiv", "NeurIPS", "Some Workshop", ""]),
    st.none() | titles,
    years,
    st.none() | titles,
    st.booleans(),
)
def test_any_candidate_gets_a_verdict_with_a_reason(
    list_titles, list_year, list_venue, title, year, venue, preprint
):
    evidence = ListEvidence(tuple(list_titles), list_year, list_venue)
    verdict = verify(evidence, title, year, venue, preprint=preprint)
    assert 0.0 <= verdict.confidence <= 1.0 and verdict.reason


_CSV_PIECES = [*'ab,"\n\r:# \ufeff', "S2:", "arXiv:", "2311.00257", "not-a-paper", "0" * 40]


@PROPERTY
@given(st.lists(st.sampled_from(_CSV_PIECES), max_size=60).map("".join))
def test_any_overrides_text_is_pins_or_an_input_error_with_a_line(text):
    try:
        pins = parse_overrides("title,pin\n" + text, "overrides.csv")
    except InputError as exc:
        assert exc.path == "overrides.csv" and exc.line is not None and exc.line >= 2
        return
    assert all(pin.kind in ("s2", "arxiv", "not_a_paper") for pin in pins.values())


S2_IDS = ["a" * 40, "b" * 40, "c" * 40]
ARXIV_IDS = ["2309.06180", "2401.00001"]
maybe_text = st.none() | st.sampled_from(["", "Title One", "Title Two"])
s2_papers = st.builds(
    S2Paper,
    paper_id=st.sampled_from(S2_IDS),
    title=maybe_text,
    arxiv_id=st.none() | st.sampled_from(ARXIV_IDS),
    doi=st.none() | st.sampled_from(["", "10.1145/x"]),
    abstract=maybe_text,
    year=st.none() | st.integers(1990, 2030),
    venue=maybe_text,
    publication_date=st.none() | st.sampled_from(["2023-01-02", "", "not a date"]),
    authors=st.lists(st.builds(S2Author, st.sampled_from(["A", "B"])), max_size=2).map(tuple),
    citation_count=st.none() | st.integers(0, 5),
    fields_of_study=st.lists(st.just("Computer Science"), max_size=1).map(tuple),
    open_access_pdf=maybe_text,
    references=st.none() | st.lists(st.sampled_from(S2_IDS), max_size=3).map(tuple),
)
arxiv_entries = st.builds(
    ArxivEntry,
    arxiv_id=st.sampled_from(ARXIV_IDS),
    version=st.none() | st.integers(1, 3),
    title=st.sampled_from(["Title One", ""]),
    abstract=maybe_text,
    authors=st.lists(st.sampled_from(["A", "C"]), max_size=2).map(tuple),
    published=st.none() | st.just("2023-09-12"),
    doi=st.none() | st.just("10.48550/X"),
)


@st.composite
def resolutions(draw):
    status = draw(st.sampled_from(["resolved", "unresolved", "error", "not_a_paper"]))
    resolved = status == "resolved"
    return Resolution(
        draw(st.sampled_from([f"g{i}" for i in range(6)])),
        draw(st.sampled_from(["List Title A", "List Title B"])),
        status,
        "s2_match" if resolved else None,
        draw(st.floats(0, 1)) if resolved else None,
        "reason",
        draw(st.none() | st.sampled_from(S2_IDS)) if resolved else None,
        draw(st.none() | st.sampled_from(ARXIV_IDS)) if resolved else None,
    )


@PROPERTY
@given(
    st.lists(resolutions(), max_size=6),
    st.dictionaries(
        st.sampled_from([*S2_IDS, *(f"ARXIV:{a}" for a in ARXIV_IDS)]),
        st.none() | s2_papers,
        max_size=4,
    ),
    st.lists(arxiv_entries, max_size=2),
)
def test_merging_any_records_keeps_the_papers_table_promises(found, s2_by_lookup, entries):
    by_group = {r.group_id: r for r in found}
    titles = {gid: [r.title] for gid, r in by_group.items()}
    arxiv_by_id = {e.arxiv_id: e for e in entries}
    papers, links, _ = assemble(by_group, titles, s2_by_lookup, arxiv_by_id)
    ids = [p.paper_id for p in papers]
    assert len(ids) == len(set(ids))
    assert links.keys() == by_group.keys()
    for gid, pid in links.items():
        assert (pid is None) == (by_group[gid].status == "not_a_paper")
        assert pid is None or pid in ids
    for paper in papers:
        filled = {f for f in MERGED_FIELDS if getattr(paper, f) not in (None, "", [], ())}
        assert filled == paper.provenance.keys() & set(MERGED_FIELDS)
    assert papers_table(papers).num_rows == len(papers)


def _jobs(text: str, parts: int) -> list[ingest.Job]:
    """:func:`ingest.document_jobs` as if the document were large enough to be cut."""
    threshold = ingest.PARALLEL_MIN_CHARS
    ingest.PARALLEL_MIN_CHARS = 0
    try:
        return ingest.document_jobs(text, "list.md", parts)
    finally:
        ingest.PARALLEL_MIN_CHARS = threshold
