"""Merge what S2 and arXiv say about one paper. Pure functions.

S2 is the primary source (venue, counts, references, author ids); arXiv fills what S2 lacks:
S2 abstracts are often null (publisher licensing), some records have no authors or DOI, and a
paper S2 does not hold at all still gets its arXiv metadata. Every field records which source
filled it (``provenance``), so an analyst can tell an S2 abstract from an arXiv one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from enrich.match import venue_name
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


MERGED_FIELDS = (
    "arxiv_id",
    "authors",
    "open_access_pdf",
    "doi",
    "title",
    "abstract",
    "year",
    "venue",
    "publication_date",
)
"""Fields S2 gives first and arXiv fills, in the order their provenance is recorded."""

_LAST_RESORT = ("resolve", None, None, None, "list", None, None, None, None)
"""Per merged field, the source that fills it when neither S2 nor arXiv does: the arXiv id the
resolve stage found, the list's own title."""

_NOTHING = (None,) * len(MERGED_FIELDS)


def merge_paper(
    paper_id: str,
    s2: S2Paper | None,
    ax: ArxivEntry | None,
    resolution: Resolution,
    input_titles: Sequence[str],
) -> Paper:
    """One :class:`Paper` from the S2 record, the arXiv entry and the resolution verdict."""
    prov: dict[str, str] = {}
    picked = _pick(_s2_values(s2), _arxiv_values(ax), resolution, prov)
    arxiv_id, authors, pdf, doi, title, abstract, year, venue, publication_date = picked
    corpus_id, counts, fields_of_study, references = _s2_only(s2, prov)
    # Positional (records.Paper's order; a test checks every field): this runs once per paper,
    # and keyword arguments for 23 fields cost several times as much.
    return Paper(
        paper_id,
        s2.paper_id if s2 else None,
        corpus_id,
        arxiv_id,
        doi,
        title,
        abstract,
        year,
        venue_name(venue) or venue,
        s2.venue if s2 else None,
        publication_date,
        authors or [],
        counts[0],
        counts[1],
        counts[2],
        fields_of_study,
        pdf,
        resolution.status,
        resolution.confidence,
        resolution.method,
        resolution.reason,
        sorted(set(input_titles)),
        prov,
        references,
    )


def _s2_values(s2: S2Paper | None) -> tuple[Any, ...]:
    """S2's value for each of :data:`MERGED_FIELDS`."""
    if s2 is None:
        return _NOTHING
    return (
        s2.arxiv_id,
        list(s2.authors),
        s2.open_access_pdf,
        s2.doi,
        s2.title,
        s2.abstract,
        s2.year,
        s2.venue,
        s2.publication_date,
    )


def _arxiv_values(ax: ArxivEntry | None) -> tuple[Any, ...]:
    """arXiv's value for each of :data:`MERGED_FIELDS`."""
    if ax is None:
        return _NOTHING
    return (
        ax.arxiv_id,
        [S2Author(name=n) for n in ax.authors],
        ax.pdf_url or ARXIV_PDF.format(ax.arxiv_id),
        ax.doi.lower() if ax.doi else None,
        ax.title,
        ax.abstract,
        ax.year,
        "arXiv",
        ax.published,
    )


def _pick(
    s2_values: tuple[Any, ...],
    ax_values: tuple[Any, ...],
    resolution: Resolution,
    prov: dict[str, str],
) -> list[Any]:
    """Each merged field from S2, else arXiv, else the last resort; its source into ``prov``."""
    last_values = (resolution.arxiv_id, None, None, None, resolution.title, None, None, None, None)
    picked: list[Any] = []
    for name, s2_value, ax_value, last_source, last_value in zip(
        MERGED_FIELDS, s2_values, ax_values, _LAST_RESORT, last_values, strict=True
    ):
        if _given(s2_value):
            prov[name] = "s2"
            picked.append(s2_value)
        elif _given(ax_value):
            prov[name] = "arxiv"
            picked.append(ax_value)
        elif last_source is not None and _given(last_value):
            prov[name] = last_source
            picked.append(last_value)
        else:
            picked.append(None)
    return picked


def _s2_only(
    s2: S2Paper | None, prov: dict[str, str]
) -> tuple[int | None, tuple[int | None, int | None, int | None], list[str], list[str]]:
    """The fields only S2 gives: corpus id, the three counts, fields of study, references."""
    if s2 is None:
        return None, (None, None, None), [], []
    counts = (s2.citation_count, s2.influential_citation_count, s2.reference_count)
    fields_of_study = list(s2.fields_of_study)
    for name, value in zip(_COUNTS, counts, strict=True):
        if value is not None:
            prov[name] = "s2"
    if fields_of_study:
        prov["fields_of_study"] = "s2"
    return s2.corpus_id, counts, fields_of_study, list(s2.references or ())


_COUNTS = ("citation_count", "influential_citation_count", "reference_count")


def _given(value: object) -> bool:
    """Whether a source gives a field: S2 sends ``""`` or ``[]`` where it knows nothing."""
    return value is not None and value != "" and value != () and value != []


def name_s2_source(papers: Sequence[Paper], source: str) -> None:
    """Name another S2 source than the API in each paper's ``provenance`` (the datasets store:
    ``s2_datasets:<release id>``), so an analyst can tell which release filled a field."""
    if source == "s2":
        return
    for paper in papers:
        paper.provenance = {k: source if v == "s2" else v for k, v in paper.provenance.items()}


def needs_arxiv(s2: S2Paper | None) -> bool:
    """Whether arXiv could add something S2 lacks (abstract, authors, DOI, the record itself)."""
    return s2 is None or not s2.abstract or not s2.authors or not s2.doi
