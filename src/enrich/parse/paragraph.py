"""A list item's paragraph: the indented lines that go on its first line, read as one."""

from __future__ import annotations

from enrich.normalize import title_key
from enrich.parse.blocks import MAX_LINE_CHARS, _is_plain
from enrich.parse.choose import read_entry
from enrich.parse.model import Item

MAX_PARAGRAPH_LINES = 8
"""A list item's paragraph goes on for at most this many lines (a reference wrapped thrice)."""


def item_paragraph(lines: list[str], i: int, column: int) -> list[str]:
    """The lines from ``i`` that go on a list item's paragraph, stripped: indented to its text's
    ``column`` or deeper, no blank line, no bullet (CommonMark reads them as one paragraph:
    ``1) The UNIX Time-Sharing System.`` / ``   D. M. Ritchie and K. Thompson.`` / ``   CACM,
    1974.``). At most :data:`MAX_PARAGRAPH_LINES`."""
    out: list[str] = []
    for line in lines[i : i + MAX_PARAGRAPH_LINES]:
        deep = len(line) - len(line.lstrip()) >= column
        if len(line) > MAX_LINE_CHARS or not deep or not _is_plain(line):
            break
        out.append(line.strip())
    return out


def paragraph_entry(body: str, more: list[str], alone: object) -> Item | None:
    """The entry a list item's whole paragraph reads as, when its first line alone reads as
    none (``alone``) or as the same title without a venue: the lines after it are the rest of
    the reference, not notes about it."""
    item = read_entry(f"{body} {' '.join(more)}", bullet=True)
    if not isinstance(item, Item) or not (item.venue or item.year):
        return None
    if isinstance(alone, Item) and title_key(alone.title) != title_key(item.title):
        return None
    return item
