"""The generator of labelled lists (``tests/listgen``) and the parser measured on it.

The generator's own contract first: deterministic for a seed, gold spans that hold their
entries, every style and layout present, non-entries mixed in, the scorer's rules. Then one
regression test per style and per layout: a small generated sample parsed in memory must read
at least the recall and precision in :data:`FLOORS` (today's figures less a margin; raise
them as the parser improves, never lower them to let a change through).
"""

from __future__ import annotations

import re

import pytest

from tests.listgen.corpus import family, generate, styles
from tests.listgen.doc import Gold
from tests.listgen.fields import FIELD_LAYOUTS
from tests.listgen.floors import measure, slices
from tests.listgen.layouts import CONTAINER_LAYOUTS
from tests.listgen.pool import load_pool
from tests.listgen.records import VENUES
from tests.listgen.score import Row, norm_title, score

LAYOUTS = [*CONTAINER_LAYOUTS, *FIELD_LAYOUTS]

# fmt: off
FLOORS: dict[tuple[str, str], tuple[float, float]] = {
    # (kind, name): (recall floor, precision floor) on floors.sample(kind, name), then the
    # figures measured; set 2026-12-06 for the parser of main 00a8d10, less 0.05
    # (`python -m tests.listgen.floors` prints this table for the parser of the day)
    ("style", "acm-sig-proceedings"): (0.23, 0.62),  # 0.287 0.671
    ("style", "acm-siggraph"): (0.27, 0.50),  # 0.321 0.557
    ("style", "american-chemical-society"): (0.52, 0.74),  # 0.575 0.799
    ("style", "american-medical-association"): (0.21, 0.24),  # 0.264 0.292
    ("style", "american-physics-society"): (0.46, 0.61),  # 0.514 0.664
    ("style", "american-sociological-association"): (0.81, 0.90),  # 0.865 0.953
    ("style", "annual-reviews"): (0.33, 0.37),  # 0.388 0.426
    ("style", "apa"): (0.62, 0.66),  # 0.674 0.714
    ("style", "apa-6th-edition"): (0.69, 0.74),  # 0.743 0.796
    ("style", "association-for-computational-linguistics"): (0.48, 0.67),  # 0.533 0.729
    ("style", "association-for-computing-machinery"): (0.58, 0.80),  # 0.640 0.859
    ("style", "bmj"): (0.35, 0.56),  # 0.401 0.619
    ("style", "cell"): (0.70, 0.72),  # 0.753 0.778
    ("style", "chicago-author-date"): (0.83, 0.85),  # 0.885 0.904
    ("style", "china-national-standard-gb-t-7714-2015-author-date"): (0.22, 0.50),  # 0.276 0.553
    ("style", "china-national-standard-gb-t-7714-2015-numeric"): (0.42, 0.61),  # 0.474 0.667
    ("style", "copernicus-publications"): (0.22, 0.53),  # 0.276 0.585
    ("style", "din-1505-2"): (0.47, 0.45),  # 0.522 0.500
    ("style", "elsevier-harvard"): (0.22, 0.62),  # 0.280 0.671
    ("style", "elsevier-with-titles"): (0.37, 0.81),  # 0.422 0.869
    ("style", "frontiers"): (0.38, 0.37),  # 0.432 0.422
    ("style", "harvard-cite-them-right"): (0.00, 0.00),  # 0.000 0.000
    ("style", "ieee"): (0.82, 0.85),  # 0.878 0.901
    ("style", "iso690-author-date-en"): (0.18, 0.33),  # 0.239 0.386
    ("style", "iso690-numeric-en"): (0.39, 0.49),  # 0.444 0.549
    ("style", "modern-language-association"): (0.84, 0.88),  # 0.891 0.931
    ("style", "nature"): (0.42, 0.63),  # 0.474 0.686
    ("style", "plos"): (0.20, 0.24),  # 0.253 0.295
    ("style", "royal-society-of-chemistry"): (0.95, 0.00),  # drops the title: all ambiguous
    ("style", "sage-harvard"): (0.00, 0.00),  # 0.000 0.000
    ("style", "science"): (0.73, 0.77),  # 0.783 0.828
    ("style", "springer-basic-author-date"): (0.00, 0.00),  # 0.000 0.000
    ("style", "springer-lecture-notes-in-computer-science"): (0.31, 0.72),  # 0.368 0.778
    ("style", "taylor-and-francis-chicago-author-date"): (0.81, 0.83),  # 0.867 0.883
    ("style", "dblp"): (0.24, 0.25),  # 0.298 0.302
    ("style", "bibtexish"): (0.57, 0.74),  # 0.627 0.792
    ("style", "scholar"): (0.77, 0.81),  # 0.823 0.866
    ("style", "title-authors"): (0.40, 0.53),  # 0.454 0.583
    ("style", "venue-tag"): (0.83, 0.84),  # 0.886 0.896
    ("style", "title-venue"): (0.40, 0.74),  # 0.453 0.791
    ("layout", "bullet-"): (0.43, 0.58),  # 0.484 0.633
    ("layout", "bullet*"): (0.38, 0.57),  # 0.439 0.621
    ("layout", "bullet+"): (0.46, 0.64),  # 0.514 0.695
    ("layout", "bullet•"): (0.50, 0.65),  # 0.556 0.703
    ("layout", "numbered1."): (0.43, 0.58),  # 0.485 0.637
    ("layout", "numbered1)"): (0.43, 0.51),  # 0.486 0.563
    ("layout", "numbered[1]"): (0.45, 0.63),  # 0.500 0.685
    ("layout", "bare"): (0.38, 0.70),  # 0.434 0.750
    ("layout", "paragraphs"): (0.43, 0.87),  # 0.484 0.928
    ("layout", "checkbox"): (0.37, 0.52),  # 0.422 0.570
    ("layout", "wrapped"): (0.08, 0.06),  # 0.133 0.119
    ("layout", "escapes"): (0.35, 0.87),  # 0.404 0.923
    ("layout", "html"): (0.61, 0.75),  # 0.662 0.810
    ("layout", "emoji"): (0.41, 0.45),  # 0.466 0.509
    ("layout", "table-ref"): (0.40, 0.52),  # 0.453 0.570
    ("layout", "blocks"): (0.56, 0.73),  # 0.617 0.782
    ("layout", "table"): (0.90, 0.95),  # 0.953 1.000
    ("layout", "headings"): (0.78, 0.85),  # 0.833 0.903
    ("layout", "group"): (0.62, 0.74),  # 0.673 0.799
    ("layout", "entry-heading"): (0.00, 0.00),  # 0.000 0.000
    ("layout", "nested"): (0.83, 0.86),  # 0.881 0.919
    ("layout", "link-text"): (0.58, 0.61),  # 0.630 0.661
}
# fmt: on


@pytest.fixture(scope="module")
def corpus():
    return generate(7, 3000)


def test_same_seed_same_lists_and_gold():
    a, b = generate(3, 400), generate(3, 400)
    assert a.files == b.files and a.gold == b.gold
    assert generate(4, 400).files != a.files


def test_a_filter_no_section_matches_is_named():
    with pytest.raises(ValueError, match=r"no \(layout, style\) pair matches.*'fields'"):
        generate(0, 10, only={("wrapped", "fields")})
    only = generate(0, 30, only={("wrapped", "ieee"), ("table", "*")}).entries
    assert {(g.layout, g.style) for g in only} == {("wrapped", "ieee"), ("table", "fields")}


def test_gold_spans_hold_their_entries(corpus):
    """Each entry's span holds its title's words (case and markup aside), and gold spans
    never overlap."""
    lines = {name: text.split("\n") for name, text in corpus.files.items()}
    covered: set[tuple[str, int]] = set()
    for g in corpus.gold:
        span = {(g.file, n) for n in range(g.start, g.end + 1)}
        assert not span & covered, g
        covered |= span
        if g.kind == "P":
            text = " ".join(lines[g.file][g.start - 1 : g.end])
            assert norm_title(g.title) in norm_title(text.replace("\\", "")), g


def test_every_style_and_layout_appears_with_non_entries(corpus):
    entries = corpus.entries
    assert {g.style for g in entries} >= set(styles()) - {"royal-society-of-chemistry"}
    assert {g.layout for g in entries} == set(LAYOUTS)
    assert {g.style for g in corpus.gold if g.kind == "A"} == {"royal-society-of-chemistry"}
    non_entries = {g.title for g in corpus.gold if g.kind == "N"}
    assert {"tool", "blog", "course", "person", "book", "code-slides", "heading"} <= non_entries
    assert any(g.venue and g.year for g in entries)
    assert any(not g.venue for g in entries)


def test_styles_fall_in_families():
    assert [family(s) for s in ("ieee", "apa", "modern-language-association", "dblp", "fields")] \
        == ["numeric", "author-date", "author", "own", "fields"]
    assert {family(s) for s in styles()} == {"numeric", "author-date", "author", "own"}


def test_scorer_judges_by_span_title_and_stated_fields():
    gold = [
        Gold("a.md", 1, 2, "P", "Orca: A {GPU} Server", "OSDI", "2022", "ieee", "plain", "bare"),
        Gold("a.md", 3, 3, "N", "tool", "", "", "ieee", "plain", "bare"),
        Gold("a.md", 4, 4, "P", "Ray", "~arXiv", "", "ieee", "plain", "bare"),
        Gold("a.md", 5, 5, "A", "", "", "", "ieee", "plain", "bare"),
    ]
    rows = [
        Row("a.md", 2, "orca: a gpu server.", "OSDI", 2021),  # right title, wrong year
        Row("a.md", 1, "Orca - a GPU server", None, None),  # a duplicate
        Row("a.md", 3, "vllm", None, None),  # not an entry
        Row("a.md", 5, "whatever", None, None),  # ambiguous: not judged
        Row("a.md", 9, "stray", None, None),  # on no span
    ]
    t = score(gold, rows).total
    assert (t.entries, t.found, t.correct, t.judged) == (2, 1, 1, 4)
    assert (t.years_stated, t.years_read, t.venues_stated, t.venues_read) == (1, 0, 1, 1)


@pytest.mark.parametrize(("kind", "name"), sorted(FLOORS))
def test_parser_floor(kind, name):
    t = measure(kind, name)
    recall_floor, precision_floor = FLOORS[(kind, name)]
    assert t.recall >= recall_floor, f"{kind} {name}: recall {t.recall:.3f} < {recall_floor}"
    assert t.precision >= precision_floor, f"{kind} {name}: precision {t.precision:.3f}"


def test_floors_cover_every_style_and_layout():
    assert sorted(FLOORS) == sorted(slices())


def _names(venue: str) -> list[str]:
    """Every way the generator may write a venue: acronym, other tags, abbreviation, the
    fixed words of its long name."""
    v = next(v for v in VENUES if v.canonical == venue)
    names = [v.canonical, v.short, v.short.replace(".", "")]
    names += {"NeurIPS": ["NIPS"], "arXiv": ["CoRR"]}.get(venue, [])
    return names + [p for p in re.split(r"\{[ny]\}", v.long) if len(p.strip()) > 8]


def test_stated_venue_and_year_are_in_the_entry_text(corpus):
    """For references laid out whole, the gold venue and year are what the text itself says."""
    lines = {name: text.split("\n") for name, text in corpus.files.items()}
    pool = load_pool()
    pool_styles = set(pool.renders)
    for g in corpus.entries:
        if g.layout not in CONTAINER_LAYOUTS:
            continue
        written = " ".join(lines[g.file][g.start - 1 : g.end]).replace("\\", "")
        text = norm_title(re.sub(r"https?://[^\s)\"]+", " ", written))  # as build_pool judges
        if g.year:
            assert re.search(rf"(?<![0-9])({g.year}|{g.year[2:]})(?![0-9])", text), g
        named = [n for n in _names(g.venue.lstrip("~")) if _named(n, text)] if g.venue else []
        if g.venue and not g.venue.startswith("~"):
            assert named, g
        elif not g.venue and g.style in pool_styles:  # a CSL style leaves the venue out
            record_venue = next(r.venue for r in pool.records if r.title == g.title)
            assert not [n for n in _names(record_venue.canonical) if _named(n, text)], g


def _named(name: str, text: str) -> bool:
    """``name`` as words of ``text`` (a year may be glued to it: ``SIGCOMM15``)."""
    return re.search(rf"(?<!\w){re.escape(norm_title(name))}(?![^\W\d])", text) is not None
