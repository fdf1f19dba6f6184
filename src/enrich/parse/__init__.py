"""Reading lists (Markdown or plain text) → paper entries. Pure: no I/O.

The steps, one module each: :mod:`~enrich.parse.document` walks a list's structure (headings,
list items and their nested items, tables, wrapped lines) and gives each item its context;
:mod:`~enrich.parse.items` reads one item's text into a title, venue, year and alias, with
:mod:`~enrich.parse.tags` (venue tags, aliases, author lists), :mod:`~enrich.parse.citations`
(citation-style entries) and :mod:`~enrich.parse.rules` (why a text is not a paper);
:mod:`~enrich.parse.links` reads what the links point at. The grammar, with examples, is in
``docs/parsing.md``.
"""

from __future__ import annotations

from enrich.parse.blocks import MAX_LINE_CHARS, heading_splits
from enrich.parse.document import parse_list
from enrich.parse.items import MAX_AUTHOR_TAIL_CHARS, parse_item
from enrich.parse.links import linked_arxiv_id, linked_doi
from enrich.parse.model import Item, ParseResult, Rejected
from enrich.parse.rules import MAX_TITLE_WORDS

__all__ = [
    "MAX_AUTHOR_TAIL_CHARS",
    "MAX_LINE_CHARS",
    "MAX_TITLE_WORDS",
    "Item",
    "ParseResult",
    "Rejected",
    "heading_splits",
    "linked_arxiv_id",
    "linked_doi",
    "parse_item",
    "parse_list",
]
