"""Merging S2 and arXiv records, with provenance."""

import pytest

from enrich.merge import merge_paper, needs_arxiv, paper_id_for
from enrich.records import ArxivEntry, Resolution, S2Author, S2Paper

RES = Resolution(
    "g1", "vLLM title", "resolved", "s2_match", 0.99, "same title", "a" * 40, "2309.06180"
)


def test_s2_null_abstract_filled_from_arxiv_with_provenance():
    s2 = S2Paper(
        paper_id="a" * 40,
        title="Efficient Memory Management",
        abstract=None,
        year=2023,
        authors=(S2Author("Woosuk Kwon", "123"),),
        arxiv_id="2309.06180",
        citation_count=10,
    )
    ax = ArxivEntry(
        arxiv_id="2309.06180",
        version=1,
        title="Efficient Memory Management (v1)",
        abstract="High throughput serving...",
        authors=("Woosuk Kwon",),
        published="2023-09-12",
        doi="10.1145/3600006.3613165",
    )
    p = merge_paper("a" * 40, s2, ax, RES, ["Efficient Memory Management"])
    assert p.abstract == "High throughput serving..."
    assert p.provenance["abstract"] == "arxiv"
    assert p.title == "Efficient Memory Management" and p.provenance["title"] == "s2"
    assert p.authors[0].author_id == "123" and p.provenance["authors"] == "s2"
    assert p.doi == "10.1145/3600006.3613165" and p.provenance["doi"] == "arxiv"
    assert p.citation_count == 10 and p.provenance["citation_count"] == "s2"


def test_arxiv_only_paper_gets_arxiv_metadata_and_pdf():
    ax = ArxivEntry(
        arxiv_id="2401.00001",
        version=2,
        title="T",
        abstract="A",
        authors=("X", "Y"),
        published="2024-01-01",
    )
    res = Resolution("g2", "T", "resolved", "arxiv_search", 0.98, "same title", None, "2401.00001")
    p = merge_paper(paper_id_for(None, "2401.00001", "g2"), None, ax, res, ["T"])
    assert p.paper_id == "arxiv:2401.00001"
    assert [a.name for a in p.authors] == ["X", "Y"] and p.authors[0].author_id is None
    assert p.open_access_pdf == "https://arxiv.org/pdf/2401.00001"
    assert p.venue == "arXiv" and p.year == 2024 and p.publication_date == "2024-01-01"
    assert p.s2_paper_id is None


def test_unresolved_paper_keeps_list_title():
    res = Resolution("g3", "Some Title", "unresolved", None, None, "S2 has no title match")
    p = merge_paper(paper_id_for(None, None, "g3"), None, None, res, ["Some Title", "Some title"])
    assert p.paper_id == "list:g3"
    assert p.title == "Some Title" and p.provenance == {"title": "list"}
    assert p.input_titles == ["Some Title", "Some title"]
    assert p.match_status == "unresolved"


def test_s2_empty_values_do_not_hide_arxiv_values():
    s2 = S2Paper(paper_id="b" * 40, title="T", venue=None, authors=(), open_access_pdf=None)
    ax = ArxivEntry(arxiv_id="1811.06965", version=5, title="T", authors=("A",))
    p = merge_paper("b" * 40, s2, ax, RES, ["T"])
    assert [a.name for a in p.authors] == ["A"]
    assert p.open_access_pdf == "https://arxiv.org/pdf/1811.06965"


def test_needs_arxiv():
    assert needs_arxiv(None)
    assert needs_arxiv(S2Paper(paper_id="x", abstract=None))
    full = S2Paper(paper_id="x", abstract="a", authors=(S2Author("n"),), doi="10.1/x")
    assert not needs_arxiv(full)


def test_provenance_of_every_field_s2_first_then_arxiv_then_resolve_and_list():
    s2 = S2Paper(
        paper_id="c" * 40,
        title="T",
        corpus_id=7,
        doi="",  # S2 gives "" where it knows nothing: arXiv's DOI fills it
        year=0,  # a given value, however odd: S2 keeps it
        venue="OSDI",
        authors=(S2Author("A", "1"),),
        citation_count=0,
        reference_count=3,
        fields_of_study=("Computer Science",),
        references=("r1",),
    )
    ax = ArxivEntry(arxiv_id="2401.00002", version=1, title="AT", doi="10.1/ABC", abstract="x")
    p = merge_paper("c" * 40, s2, ax, RES, ["T"])
    assert p.provenance == {
        "arxiv_id": "arxiv",
        "authors": "s2",
        "open_access_pdf": "arxiv",
        "doi": "arxiv",
        "title": "s2",
        "abstract": "arxiv",
        "year": "s2",
        "venue": "s2",
        "citation_count": "s2",
        "reference_count": "s2",
        "fields_of_study": "s2",
    }
    assert (p.doi, p.year, p.corpus_id, p.references) == ("10.1/abc", 0, 7, ["r1"])
    assert p.open_access_pdf == "https://arxiv.org/pdf/2401.00002"
    assert p.publication_date is None and p.influential_citation_count is None

    only_s2 = merge_paper("c" * 40, s2, None, RES, ["T"])
    assert only_s2.arxiv_id == "2309.06180" and only_s2.provenance["arxiv_id"] == "resolve"
    assert "doi" not in only_s2.provenance and only_s2.doi is None

    nothing = merge_paper("list:g1", None, None, RES, ["b", "a", "b"])
    assert nothing.provenance == {"arxiv_id": "resolve", "title": "list"}
    assert (nothing.authors, nothing.fields_of_study, nothing.references) == ([], [], [])
    assert nothing.input_titles == ["a", "b"] and nothing.s2_paper_id is None


def test_every_paper_field_lands_in_its_place():
    # merge_paper builds Paper positionally: a field order change must not go unnoticed
    s2 = S2Paper(
        paper_id="d" * 40,
        title="S2 title",
        corpus_id=11,
        arxiv_id="2401.00003",
        doi="10.1/d",
        abstract="S2 abstract",
        year=2024,
        venue="Symposium on Networked Systems Design and Implementation",
        publication_date="2024-04-16",
        authors=(S2Author("A", "1"),),
        citation_count=12,
        influential_citation_count=13,
        reference_count=14,
        fields_of_study=("Computer Science",),
        open_access_pdf="https://example.org/d.pdf",
        references=("e" * 40,),
    )
    p = merge_paper("pid", s2, None, RES, ["T2", "T1"])
    assert {name: getattr(p, name) for name in p.__slots__} == {
        "paper_id": "pid",
        "s2_paper_id": "d" * 40,
        "corpus_id": 11,
        "arxiv_id": "2401.00003",
        "doi": "10.1/d",
        "title": "S2 title",
        "abstract": "S2 abstract",
        "year": 2024,
        "venue": "NSDI",
        "s2_venue": "Symposium on Networked Systems Design and Implementation",
        "publication_date": "2024-04-16",
        "authors": [S2Author("A", "1")],
        "citation_count": 12,
        "influential_citation_count": 13,
        "reference_count": 14,
        "fields_of_study": ["Computer Science"],
        "open_access_pdf": "https://example.org/d.pdf",
        "match_status": "resolved",
        "match_confidence": 0.99,
        "match_method": "s2_match",
        "match_reason": "same title",
        "input_titles": ["T1", "T2"],
        "provenance": {
            name: "s2"
            for name in (
                "arxiv_id",
                "authors",
                "open_access_pdf",
                "doi",
                "title",
                "abstract",
                "year",
                "venue",
                "publication_date",
                "citation_count",
                "influential_citation_count",
                "reference_count",
                "fields_of_study",
            )
        },
        "references": ["e" * 40],
    }


@pytest.mark.parametrize(
    ("s2_venue", "venue"),
    [
        ("USENIX Symposium on Operating Systems Design and Implementation", "OSDI"),
        ("OSDI", "OSDI"),
        ("arXiv.org", "arXiv"),
        ("ArXiv", "arXiv"),
        ("Micro", "MICRO"),
        ("Proceedings of the HPDC 2022", "HPDC"),
        ("Proceedings of the USENIX ATC 2020", "ATC"),
        ("ACM SIGPLAN Symposium on Principles & Practice of Parallel Programming", "PPoPP"),
        (
            "Conference on Applications, Technologies, Architectures, and Protocols for "
            "Computer Communication",
            "SIGCOMM",
        ),
        ("Annual Meeting of the Association for Computational Linguistics", "ACL"),
        ("IEEE Transactions on Dependable and Secure Computing", None),  # not known
        (None, None),
    ],
)
def test_one_spelling_per_venue(s2_venue, venue):
    from enrich.match import venue_name

    assert venue_name(s2_venue) == venue


def test_papers_venue_is_the_one_spelling_and_s2s_string_is_kept():
    s2 = S2Paper(paper_id="f" * 40, title="T", venue="arXiv.org")
    p = merge_paper("f" * 40, s2, None, RES, ["T"])
    assert (p.venue, p.s2_venue) == ("arXiv", "arXiv.org")
    odd = merge_paper("f" * 40, S2Paper(paper_id="f" * 40, title="T", venue="Odd Venue"), None,
                      RES, ["T"])  # fmt: skip
    assert (odd.venue, odd.s2_venue) == ("Odd Venue", "Odd Venue")  # unknown: S2's string
    ax = ArxivEntry(arxiv_id="2401.00009", version=1, title="T")
    only_arxiv = merge_paper("arxiv:2401.00009", None, ax, RES, ["T"])
    assert (only_arxiv.venue, only_arxiv.s2_venue) == ("arXiv", None)
