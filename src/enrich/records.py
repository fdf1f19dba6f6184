"""Typed records passed between stages.

Parsers and clients return these; pure functions (matching, merging) take and return them;
only the stage modules turn them into tables (see :mod:`enrich.schema`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Records are made once per entry, group or candidate, by the hundred thousand: they are plain
# slotted dataclasses, since a frozen one's __init__ sets every field through
# object.__setattr__. Treat them as values all the same: nothing mutates them once built.


@dataclass(slots=True)
class Entry:
    """One paper entry as a reading list gives it (before grouping)."""

    source_file: str  #: path relative to the raw dir, POSIX separators
    line: int  #: 1-based line where the entry starts
    section: str | None  #: nearest heading or topic line above the entry
    raw: str  #: the entry text as written (wrapped lines joined with a space)
    title: str  #: cleaned title (venue tags, links, aliases, notes removed)
    venue: str | None  #: canonical venue spelling, e.g. "OSDI", "NeurIPS", "arXiv"
    year: int | None  #: four-digit year
    alias: str | None  #: system name given in parentheses, e.g. "vLLM"
    arxiv_id: str | None = None  #: the one arXiv id the entry links or cites, no version
    doi: str | None = None  #: the one DOI the entry links or cites, lower-cased


# The records below are hashed by value (``unsafe_hash``), as frozen ones would be.


@dataclass(slots=True, unsafe_hash=True)
class S2Author:
    name: str
    author_id: str | None = None


@dataclass(slots=True, unsafe_hash=True)
class S2Paper:
    """A paper as Semantic Scholar describes it; every field may be missing upstream."""

    paper_id: str
    title: str | None = None
    corpus_id: int | None = None
    arxiv_id: str | None = None  #: without version
    doi: str | None = None
    abstract: str | None = None
    year: int | None = None
    venue: str | None = None  #: ``venue`` or, when empty, ``journal.name``
    publication_date: str | None = None  #: ISO date ``YYYY-MM-DD``
    authors: tuple[S2Author, ...] = ()
    citation_count: int | None = None
    influential_citation_count: int | None = None
    reference_count: int | None = None
    fields_of_study: tuple[str, ...] = ()
    open_access_pdf: str | None = None  #: ``None`` when S2 gives null or ``""``
    references: tuple[str, ...] | None = None  #: cited paperIds; ``None`` when not requested
    match_score: float | None = None  #: /paper/search/match only; unbounded, not a probability


@dataclass(frozen=True, slots=True)
class ArxivEntry:
    """One arXiv Atom entry."""

    arxiv_id: str  #: without version, e.g. ``2309.06180`` or ``astro-ph/0601001``
    version: int | None
    title: str
    abstract: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None  #: ISO date of v1
    updated: str | None = None
    doi: str | None = None
    journal_ref: str | None = None
    primary_category: str | None = None
    categories: tuple[str, ...] = ()
    pdf_url: str | None = None

    @property
    def year(self) -> int | None:
        return int(self.published[:4]) if self.published else None


@dataclass(slots=True, unsafe_hash=True)
class Verdict:
    """The outcome of checking one candidate against the mentions of a group."""

    accepted: bool
    confidence: float  #: in [0, 1]
    reason: str  #: human-readable: what agreed and what did not


@dataclass(slots=True, unsafe_hash=True)
class Resolution:
    """Where a group of mentions landed."""

    group_id: str
    title: str  #: the representative list title
    status: str  #: "resolved" | "unresolved" | "error" | "not_a_paper"
    method: str | None = None  #: "s2_match" | "list_link" | "arxiv_search" | "override_s2" | ...
    confidence: float | None = None
    reason: str = ""
    s2_paper_id: str | None = None
    arxiv_id: str | None = None
    candidate_title: str | None = None


@dataclass(slots=True)
class Paper:
    """A merged paper ready for the ``papers`` table."""

    paper_id: str
    s2_paper_id: str | None = None
    corpus_id: int | None = None
    arxiv_id: str | None = None
    doi: str | None = None
    title: str | None = None
    abstract: str | None = None
    year: int | None = None
    venue: str | None = None  #: one spelling per venue (:func:`enrich.match.venue_name`)
    s2_venue: str | None = None  #: S2's own string (``venue``, else ``journal.name``)
    publication_date: str | None = None
    authors: list[S2Author] = field(default_factory=list)
    citation_count: int | None = None
    influential_citation_count: int | None = None
    reference_count: int | None = None
    fields_of_study: list[str] = field(default_factory=list)
    open_access_pdf: str | None = None
    match_status: str = "unresolved"
    match_confidence: float | None = None
    match_method: str | None = None
    match_reason: str = ""
    input_titles: list[str] = field(default_factory=list)
    provenance: dict[str, str] = field(default_factory=dict)
    references: list[str] = field(default_factory=list)
