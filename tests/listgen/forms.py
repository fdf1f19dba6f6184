"""How one entry is written: reference styles (CSL renderings and the forms CSL lacks) and the
web's markup variants on the title (italics, bold, quotes, a link on it or on a ``[pdf]``).

Every function is pure: a record (or a pooled rendering) and a random stream in, an
:class:`Written` out, which knows the gold for the text it holds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from tests.listgen.pool import Rendering
from tests.listgen.records import Record, container

VARIANTS = ("plain", "italic", "bold", "quotes", "link-title", "link-pdf")
"""Markup a web page puts on a reference's title (``plain``: none)."""

OWN_STYLES = ("dblp", "bibtexish", "scholar", "title-authors", "venue-tag", "title-venue")
"""Forms CSL lacks: DBLP's ``Authors: Title. Venue Year: pages``, BibTeX-ish ``Title. Authors.
Venue'YY.``, Google Scholar's ``Kwon, Woosuk, et al. "Title." arXiv preprint
arXiv:2309.06180 (2023).``, ``Title, Authors``, a list's ``[VENUE'YY] Title`` or ``Title
(VENUE'YY)``, and ``Title. VENUE YYYY.``"""


@dataclass(frozen=True, slots=True)
class Written:
    """One entry's text and its gold."""

    text: str
    title_span: tuple[int, int] | None  #: where the title is in ``text``; ``None``: dropped
    title: str  #: gold title (the record's)
    venue: str  #: gold venue ('' none stated; ``~X``: X or nothing)
    year: str  #: gold year ('' none stated)
    style: str
    variant: str = "plain"
    kind: str = "P"  #: ``P`` an entry, ``A`` ambiguous (the style drops the title)


def from_rendering(style: str, record: Record, r: Rendering) -> Written:
    """A pooled CSL rendering as an entry; a style that drops the title makes it ambiguous."""
    kind = "P" if r.title_span else "A"
    return Written(r.text, r.title_span, record.title, r.venue, r.year, style, kind=kind)


def author_names(rng: random.Random, record: Record, form: str | None = None) -> str:
    """The authors in one of the forms lists use: full names, initials, inverted, ``et al.``."""
    form = form or rng.choice(("full", "initial", "inverted", "etal"))
    names = record.authors
    if form == "dblp":
        return ", ".join(f"{g} {f}" for g, f in names)
    if form == "scholar":
        first = f"{names[0][1]}, {names[0][0]}"
        if len(names) > 2:
            return f"{first}, et al"
        return first if len(names) == 1 else f"{first}, and {names[1][0]} {names[1][1]}"
    if form == "initial":
        parts = [f"{'. '.join(p[0] for p in g.split())}. {f}" for g, f in names]
    elif form == "inverted":
        parts = [f"{f}, {g[0]}." for g, f in names]
    else:
        parts = [f"{g} {f}" for g, f in names]
    if form == "etal" or len(parts) > 5:
        return f"{parts[0]} {rng.choice(('et al.', 'et al.', 'et al', 'and others'))}"
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _tag_year(rng: random.Random, year: int) -> str:
    yy = f"{year % 100:02d}"
    return rng.choice((f"'{yy}", f" {year}", f" '{yy}", yy))


def _venue_name(rng: random.Random, record: Record) -> str:
    """The venue as a list tags it: its acronym, or another spelling people use."""
    v = record.venue
    if v.canonical == "NeurIPS" and record.year < 2018 and rng.random() < 0.7:
        return "NIPS"  # its name until 2018
    if v.canonical in ("ATC", "arXiv") and rng.random() < 0.3:
        return {"ATC": "USENIX ATC", "arXiv": "Arxiv"}[v.canonical]
    return v.canonical


def own_style(style: str, record: Record, rng: random.Random) -> Written:
    """``record`` written in one of :data:`OWN_STYLES`."""
    title, v, year = record.title, record.venue.canonical, str(record.year)
    if style == "dblp":
        venue = f"CoRR abs/{record.arxiv_id} ({year})" if v == "arXiv" else f"{v} {year}"
        pages = f": {record.pages}" if record.pages else ""
        head = f"{author_names(rng, record, 'dblp')}: "
        return _written(head, title, f". {venue}{pages}", v, year, style)
    if style == "bibtexish" and v == "arXiv" and rng.random() < 0.5:
        tail = f". {author_names(rng, record).rstrip('.')}. arXiv:{record.arxiv_id}, {year}."
        return _written("", title, tail, v, year, style)
    if style == "bibtexish":
        venue = _venue_name(rng, record) + _tag_year(rng, record.year)
        tail = f". {author_names(rng, record).rstrip('.')}. {venue}."
        return _written("", title, tail, v, year, style)
    if style == "scholar":
        head = f'{author_names(rng, record, "scholar")}. "'
        if v == "arXiv":
            where = f"arXiv preprint arXiv:{record.arxiv_id} ({year})"
        else:
            where = f"{container(record)}. {year}"
        return _written(head, title, f'." {where}.', v, year, style)
    if style == "title-authors":
        return _written("", title, f", {author_names(rng, record)}", "", "", style)
    if style == "venue-tag":
        tag = f"{_venue_name(rng, record)}{_tag_year(rng, record.year)}".strip()
        if rng.random() < 0.5:
            return _written(f"[{tag}] ", title, "", v, year, style)
        return _written("", title, f" ({tag})", v, year, style)
    if style == "title-venue":
        return _written("", title, f". {_venue_name(rng, record)} {year}.", v, year, style)
    raise ValueError(f"unknown style {style!r}")


def _written(head: str, title: str, tail: str, venue: str, year: str, style: str) -> Written:
    span = (len(head), len(head) + len(title))
    return Written(head + title + tail, span, title, venue, year, style)


def paper_url(record: Record, rng: random.Random) -> str:
    """A link a list would put on the paper: arXiv, DOI or a PDF on the proceedings' site."""
    if record.arxiv_id and rng.random() < 0.6:
        return f"https://arxiv.org/abs/{record.arxiv_id}"
    if record.doi and rng.random() < 0.5:
        return f"https://doi.org/{record.doi}"
    slug = record.venue.canonical.lower()
    return f"https://www.usenix.org/system/files/{slug}{record.year % 100}-{record.key}.pdf"


def with_variant(w: Written, variant: str, record: Record, rng: random.Random) -> Written:
    """``w`` with markup on its title (a style without a title span stays plain)."""
    if variant == "plain" or w.title_span is None:
        return replace(w, variant="plain")
    a, b = w.title_span
    head, title, tail = w.text[:a], w.text[a:b], w.text[b:]
    url = paper_url(record, rng)
    if variant == "italic":
        mark = rng.choice(("_", "*"))
        title = f"{mark}{title}{mark}"
    elif variant == "bold":
        title = f"**{title}**"
    elif variant == "quotes":
        quoted = head.rstrip().endswith(("“", '"', "'"))
        title = title if quoted else f"“{title}”" if rng.random() < 0.5 else f'"{title}"'
    elif variant == "link-title":
        title = f"[{title}]({url})"
    elif variant == "link-pdf":
        labels = ["[pdf]", "[PDF]", "[paper]", "[[Paper]]", "[[pdf]]"]
        label = rng.choice([*labels, "[arXiv]"] if "arxiv.org" in url else labels)
        tail = f"{tail} {label}({url})"
    else:
        raise ValueError(f"unknown variant {variant!r}")
    text = head + title + tail
    start = text.find(w.text[a:b], len(head))
    return replace(w, text=text, title_span=(start, start + b - a), variant=variant)


def container_name(record: Record, rng: random.Random) -> str:
    """The venue as a line of its own names it: acronym or full name."""
    return record.venue.canonical if rng.random() < 0.7 else container(record)
