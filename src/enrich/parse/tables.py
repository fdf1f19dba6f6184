"""GFM table rows: the title cell, venue and year columns."""

from __future__ import annotations

import re
from dataclasses import dataclass

from enrich.normalize import clean_text, parse_year
from enrich.parse.choose import read_entry
from enrich.parse.dates import month_year
from enrich.parse.model import Item, Rejected
from enrich.parse.text import _strip_clutter, _strip_emphasis, _topic_text
from enrich.parse.venuetag import _known_venue, _venue_tag
from enrich.venues import canonical_venue

MIN_PAPER_TABLE_ROWS = 3
"""A table is judged a table of papers (where a name alone is an entry) after this many rows."""


class _TableRows:
    """How a table's rows have read so far: a table of papers has mostly tagged rows."""

    __slots__ = ("rows", "tagged")

    def __init__(self) -> None:
        self.rows = 0
        self.tagged = 0

    def clear(self) -> None:
        self.rows = self.tagged = 0

    def add(self, item: object) -> None:
        self.rows += 1
        self.tagged += isinstance(item, Item) and (item.venue is not None or item.year is not None)

    def of_papers(self) -> bool:
        """At least :data:`MIN_PAPER_TABLE_ROWS` rows so far, two in three tagged."""
        return self.rows >= MIN_PAPER_TABLE_ROWS and 3 * self.tagged >= 2 * self.rows


_HTML_ONLY = re.compile(r"^\s*(?:<[^>]*>\s*)+$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def _table_cells(row: str) -> list[str]:
    st = row.strip()
    if st.startswith("|"):
        st = st[1:]
    if st.endswith("|") and not st.endswith("\\|"):
        st = st[:-1]
    return [c.strip() for c in _CELL_SPLIT.split(st)]


_HEADER_TITLE = re.compile(r"\b(?:title|paper|papers|name)\b", re.IGNORECASE)
_HEADER_VENUE = re.compile(r"\b(?:venue|conf\w*|where|publication|published|pub)\b", re.IGNORECASE)
_HEADER_YEAR = re.compile(r"\b(?:year|date|when)\b", re.IGNORECASE)
_CELL_YEAR = re.compile(r"^\s*'?(\d{4})\s*$")


@dataclass(slots=True)
class _Table:
    title_col: int | None = None
    venue_col: int | None = None
    year_col: int | None = None


def _table_header(cells: list[str]) -> _Table:
    t = _Table()
    for i, c in enumerate(cells):
        c = _topic_text(c)
        if t.title_col is None and _HEADER_TITLE.search(c):
            t.title_col = i
        elif t.venue_col is None and _HEADER_VENUE.search(c):
            t.venue_col = i
        elif t.year_col is None and _HEADER_YEAR.search(c):
            t.year_col = i
    return t


def _table_item(cells: list[str], table: _Table, of_papers: bool = False) -> Item | Rejected:
    """A table row's entry: the title cell, with venue/year from their columns if needed.

    In a table of papers (``of_papers``: most rows so far were tagged entries) a name alone is
    the paper's (``| **IONET** | **2023-04-21** |`` among ``| **LinnOS (OSDI'2020)** | ...``).
    """
    order = [table.title_col] if table.title_col is not None else list(range(len(cells)))
    result: Item | Rejected = Rejected("empty")
    for i in order:
        if i is None or i >= len(cells) or not cells[i]:
            continue
        result = read_entry(cells[i], bullet=True)
        if isinstance(result, Item):
            break
        if of_papers and result.reason == "too_short" and not cells[i].endswith(":"):
            name = clean_text(_strip_emphasis(_strip_clutter(cells[i]))).strip()
            result = Item(name, None, None, None)
            break
    if not isinstance(result, Item):
        return result
    venue, year = result.venue, result.year
    for i, c in enumerate(cells):
        if venue is not None and year is not None:
            break
        if i == table.title_col:
            continue
        c = clean_text(_strip_emphasis(_strip_clutter(c)))
        in_year_col = i == table.year_col or table.year_col is None
        if year is None and in_year_col and (m := _CELL_YEAR.match(c)) is not None:
            year = parse_year(m.group(1))
            continue
        if year is None and in_year_col and (dated := month_year(c)) is not None and not dated[0]:
            year = dated[1]  # Feb,2024
            continue
        named = i == table.venue_col if table.venue_col is not None else _cell_is_venue(c)
        if venue is None and named:  # a venue column says where: a tag elsewhere is a topic
            tag = _venue_tag(c, need_year=False)
            if tag is not None:
                venue, year = tag[0], year or tag[1]
            elif i == table.venue_col and c and len(c) <= 30:
                venue, cell_year = _venue_cell(c)
                year = year or cell_year
    return Item(result.title, venue, year, result.alias)


_CELL_VENUE_YEAR = re.compile(r"^(?P<v>.*?)[\s']+'?(?P<y>(?:19|20)\d\d)(?:\s*\(.*\))?$")
"""A venue column's ``Venue 2017`` or ``Venue 2018 (Best Paper)``: a venue, its year, a note."""


def _venue_cell(c: str) -> tuple[str | None, int | None]:
    """The venue and year of a venue column's cell the tag reader does not read (``IEEE S&P
    2017``, ``ICML 2018 (Best Paper)``): the venue as written, the year after it."""
    m = _CELL_VENUE_YEAR.match(c)
    if m is None or not m["v"].strip():
        return canonical_venue(c), None
    head = m["v"].strip()  # "Tech report, Oct 13 2025": a kind and a date, no venue
    return (None if "," in head else canonical_venue(head)), parse_year(m["y"])


def _cell_is_venue(c: str) -> bool:
    word = c.split("'")[0].split(" ")[0].rstrip("0123456789")
    return bool(word) and _known_venue(word)
