"""Merge what S2 and arXiv say about one paper. Pure functions.

S2 is the primary source (venue, counts, references, author ids); arXiv fills what S2 lacks:
S2 abstracts are often null (publisher licensing), some records have no authors or DOI, and a
paper S2 does not hold at all still gets its arXiv metadata. Every field records which source
filled it (``provenance``), so an analyst can tell an S2 abstract from an arXiv one.
"""

from __future__ import annotations

from collections.abc import Sequence

from enrich.records import ArxivEntry, Paper, Resolution, S2Author, S2Paper

ARXIV_PDF = "https://arxiv.org/pdf/{}"


def paper_id_for(s2: S2Paper | None, arxiv_id: str | None, group_id: str) -> str:
    """A stable id: the S2 paperId, else ``arxiv:<id>``, else ``list:<group_id>``.

    The S2 paperId is S2's own stable key; an arXiv-only paper keeps its arXiv id; a title
    found nowhere keeps the hash of its normalized title (the mention group id).
    """
    if s2 is not None:
        return s2.paper_id
    if arxiv_id:
        return f"arxiv:{arxiv_id}"
    return f"list:{group_id}"


def merge_paper(
    paper_id: str,
    s2: S2Paper | None,
    ax: ArxivEntry | None,
    resolution: Resolution,
    input_titles: Sequence[str],
) -> Paper:
    """One :class:`Paper` from the S2 record, the arXiv entry and the resolution verdict."""
    prov: dict[str, str] = {}

    def pick(name: str, *options: tuple[str, object]) -> object:
        for source, value in options:
            if value is not None and value != "" and value != () and value != []:
                prov[name] = source
                return value
        return None

    s2v = s2 or S2Paper(paper_id="")
    arxiv_id = pick(
        "arxiv_id",
        ("s2", s2v.arxiv_id),
        ("arxiv", ax.arxiv_id if ax else None),
        ("resolve", resolution.arxiv_id),
    )
    s2_authors = list(s2v.authors)
    ax_authors = [S2Author(name=n) for n in ax.authors] if ax else []
    authors = pick("authors", ("s2", s2_authors), ("arxiv", ax_authors)) or []
    pdf = pick(
        "open_access_pdf",
        ("s2", s2v.open_access_pdf),
        ("arxiv", (ax.pdf_url or ARXIV_PDF.format(ax.arxiv_id)) if ax else None),
    )
    paper = Paper(
        paper_id=paper_id,
        s2_paper_id=s2.paper_id if s2 else None,
        corpus_id=s2v.corpus_id,
        arxiv_id=arxiv_id,  # type: ignore[arg-type]
        doi=pick("doi", ("s2", s2v.doi), ("arxiv", ax.doi.lower() if ax and ax.doi else None)),  # type: ignore[arg-type]
        title=pick(
            "title",
            ("s2", s2v.title),
            ("arxiv", ax.title if ax else None),
            ("list", resolution.title),
        ),  # type: ignore[arg-type]
        abstract=pick("abstract", ("s2", s2v.abstract), ("arxiv", ax.abstract if ax else None)),  # type: ignore[arg-type]
        year=pick("year", ("s2", s2v.year), ("arxiv", ax.year if ax else None)),  # type: ignore[arg-type]
        venue=pick("venue", ("s2", s2v.venue), ("arxiv", "arXiv" if ax else None)),  # type: ignore[arg-type]
        publication_date=pick(
            "publication_date",
            ("s2", s2v.publication_date),
            ("arxiv", ax.published if ax else None),
        ),  # type: ignore[arg-type]
        authors=list(authors),  # type: ignore[arg-type]
        citation_count=s2v.citation_count,
        influential_citation_count=s2v.influential_citation_count,
        reference_count=s2v.reference_count,
        fields_of_study=list(s2v.fields_of_study),
        open_access_pdf=pdf,  # type: ignore[arg-type]
        match_status=resolution.status,
        match_confidence=resolution.confidence,
        match_method=resolution.method,
        match_reason=resolution.reason,
        input_titles=sorted(set(input_titles)),
        references=list(s2v.references or ()),
    )
    for name, value in (
        ("citation_count", s2v.citation_count),
        ("influential_citation_count", s2v.influential_citation_count),
        ("reference_count", s2v.reference_count),
    ):
        if value is not None:
            prov[name] = "s2"
    if s2v.fields_of_study:
        prov["fields_of_study"] = "s2"
    paper.provenance = prov
    return paper


def needs_arxiv(s2: S2Paper | None) -> bool:
    """Whether arXiv could add something S2 lacks (abstract, authors, DOI, the record itself)."""
    return s2 is None or not s2.abstract or not s2.authors or not s2.doi
