"""Field layouts: a record's fields spread over the document's structure.

Blocks of plain lines (title / authors / venue and year / URL), tables, headings or group
items that carry the venue or year of the entries under them, an entry that is a heading
followed by its links and abstract, nested sub-items carrying authors and venue, and the venue
and year inside a link's text. The gold venue and year are what the entry's lines or its
context state. Each layout: ``(doc, records, rng, variant)``, the variant marking up titles.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from tests.listgen.doc import Doc
from tests.listgen.forms import Written, author_names, container_name, paper_url, with_variant
from tests.listgen.noise import TOOLS, sentence
from tests.listgen.records import Record, container

FieldLayout = Callable[[Doc, list[Record], random.Random, str], None]


def _title(record: Record, rng: random.Random, variant: str) -> Written:
    w = Written(record.title, (0, len(record.title)), record.title, "", "", "fields")
    return with_variant(w, variant, record, rng)


def _yy(year: int) -> str:
    return f"{year % 100:02d}"


def _venue_year(record: Record, rng: random.Random) -> str:
    name, y = container_name(record, rng), record.year
    return rng.choice((f"{name} {y}", f"*{name} {y}*", f"({name} '{_yy(y)})", f"In {name}, {y}."))


def blocks(doc: Doc, recs: list[Record], rng: random.Random, variant: str) -> None:
    """Title / authors / venue and year / URL, each block ended by a blank line."""
    for record in recs:
        w = _title(record, rng, variant)
        lines = [w.text]
        if rng.random() < 0.8:
            lines.append(author_names(rng, record))
        stated = rng.random() < 0.8
        if stated:
            lines.append(_venue_year(record, rng))
        if rng.random() < 0.5:
            lines.append(paper_url(record, rng))
        venue, year = (record.venue.canonical, str(record.year)) if stated else ("", "")
        doc.entry(lines, w, "blocks", venue=venue, year=year)
        doc.blank()


def table(doc: Doc, recs: list[Record], rng: random.Random, variant: str) -> None:
    """A GFM table: title, authors, venue and year columns, or a venue tag in one column, and
    sometimes a code link column; the closing pipes are sometimes left out."""
    tagged = rng.random() < 0.5
    code = rng.random() < 0.4
    title_head = rng.choice(("Title", "Paper", "Name"))
    head = [title_head, "Authors", rng.choice(("Venue", "Conference", "Pub."))]
    head += [] if tagged else ["Year"]
    head += ["Code"] if code else []
    close = " |" if rng.random() < 0.8 else ""
    doc.other(["| " + " | ".join(head) + close, "|" + "---|" * len(head)], "table", "header")
    for record in recs:
        w = _title(record, rng, variant)
        v, y = record.venue.canonical, record.year
        cells = [w.text, author_names(rng, record, "etal")]
        cells += [f"{v}'{_yy(y)}"] if tagged else [v, str(y)]
        cells += [f"[GitHub](https://github.com/{rng.choice(TOOLS)})"] if code else []
        doc.entry(["| " + " | ".join(cells) + close], w, "table", venue=v, year=str(y))
    doc.blank()


def _context(record: Record, rng: random.Random) -> tuple[str, str, str]:
    """A heading's or group item's text naming the venue, the year or both, and the gold."""
    v, y = record.venue.canonical, str(record.year)
    form = rng.randrange(4)
    if form == 0:
        return rng.choice((f"{v} {y}", f"{v}'{y[2:]}", f"{v} '{y[2:]}:")), v, y
    if form == 1:
        return rng.choice((y, f"{y}:", f"Year {y}")), "", y
    if form == 2:
        return rng.choice((f"{v}", f"{v}:")), v, ""
    return f"{container(record)} ({v} {y})", v, y


def _grouped(recs: list[Record], rng: random.Random) -> list[tuple[str, str, str, list[Record]]]:
    """Records grouped under shared context: each group's records get its venue and year."""
    groups = []
    for i in range(0, len(recs), 3):
        chunk = recs[i : i + 3]
        text, venue, year = _context(chunk[0], rng)
        groups.append((text, venue, year, chunk))
    return groups


def _short_entry(record: Record, rng: random.Random, variant: str) -> str:
    w = _title(record, rng, variant)
    return w.text if rng.random() < 0.5 else f"{w.text}, {author_names(rng, record, 'etal')}"


def headings(doc: Doc, recs: list[Record], rng: random.Random, variant: str) -> None:
    """``## OSDI 2022`` headings and bullets of titles under them (the heading gives both)."""
    for text, venue, year, chunk in _grouped(recs, rng):
        doc.blank()
        doc.other([f"### {text}", ""], "headings", "heading")
        for record in chunk:
            w = _title(record, rng, variant)
            line = _short_entry(record, rng, variant)
            doc.entry([f"- {line}"], w, "headings", venue=venue or "", year=year or "")
        doc.blank()


def group_items(doc: Doc, recs: list[Record], rng: random.Random, variant: str) -> None:
    """A bullet that is a venue or year, with the entries nested under it."""
    for text, venue, year, chunk in _grouped(recs, rng):
        doc.other([f"- {rng.choice((text, f'**{text}**'))}"], "group", "group")
        for record in chunk:
            w = _title(record, rng, variant)
            doc.entry([f"  - {_short_entry(record, rng, variant)}"], w, "group",
                      venue=venue, year=year)


def entry_heading(doc: Doc, recs: list[Record], rng: random.Random, variant: str) -> None:
    """``### Title`` followed by its links, a venue line, and an abstract paragraph."""
    for record in recs:
        w = _title(record, rng, "plain")
        lines = [f"### {w.text}", ""]
        stated = rng.random() < 0.6
        if stated:
            lines += [f"{author_names(rng, record)} · {_venue_year(record, rng)}", ""]
        links = f"[[Paper]]({paper_url(record, rng)})"
        if rng.random() < 0.6:
            links += f" [[Code]](https://github.com/{rng.choice(TOOLS)})"
        lines += [links, ""]
        venue, year = (record.venue.canonical, str(record.year)) if stated else ("", "")
        doc.entry(lines, w, "entry-heading", venue=venue, year=year)
        doc.other([" ".join(sentence(rng) for _ in range(3))], "entry-heading", "abstract")
        doc.blank()


def nested(doc: Doc, recs: list[Record], rng: random.Random, variant: str) -> None:
    """``- Title`` with sub-items for the authors, the venue and a note."""
    for record in recs:
        w = _title(record, rng, variant)
        lines = [f"- {w.text}"]
        if rng.random() < 0.8:
            lines.append(f"  - {author_names(rng, record)}")
        stated = rng.random() < 0.8
        if stated:
            lines.append(f"  - {_venue_year(record, rng)}")
        if rng.random() < 0.4:
            lines.append(f"  - Note: {sentence(rng)}")
        venue, year = (record.venue.canonical, str(record.year)) if stated else ("", "")
        doc.entry(lines, w, "nested", venue=venue, year=year)


def link_text(doc: Doc, recs: list[Record], rng: random.Random, variant: str) -> None:
    """``[Title, VENUE, 2019](url)``, ``[Title VENUE'19](url)``, ``[Title (VENUE 2019)](url)``."""
    for record in recs:
        v, y = record.venue.canonical, record.year
        inside = rng.choice((f"{record.title}, {v}, {y}", f"{record.title} {v}'{_yy(y)}",
                             f"{record.title} ({v} {y})"))
        w = Written(record.title, None, record.title, v, str(y), "fields", "link-title")
        doc.entry([f"- [{inside}]({paper_url(record, rng)})"], w, "link-text")


FIELD_LAYOUTS: dict[str, FieldLayout] = {
    "blocks": blocks,
    "table": table,
    "headings": headings,
    "group": group_items,
    "entry-heading": entry_heading,
    "nested": nested,
    "link-text": link_text,
}
"""Field layouts by name (the name is the gold's ``layout``)."""
