"""A whole list: structure (headings, items, tables, wrapped lines) -> entries."""

from __future__ import annotations

import re
from collections.abc import Sequence

from enrich.parse.items import parse_item
from enrich.parse.links import linked_arxiv_id, linked_doi
from enrich.parse.model import Item, ParseResult
from enrich.parse.tables import _HTML_ONLY, _Table, _table_cells, _table_header, _table_item
from enrich.parse.text import _CJK, _ends_sentence, _is_topic_line, _topic_text
from enrich.parse.words import _LOWER_WORD
from enrich.records import Entry

MAX_LINE_CHARS = 10_000
"""Longer lines are skipped with a warning. Real entries are under 1,000 characters; a pasted
blob or a minified 5 MB line would otherwise cost seconds of regex time for nothing."""

MAX_JOIN_LINES = 3
"""At most this many following lines are joined into one wrapped entry."""


_BULLET_CHARS = "-*+\u2022\u00b7\u25aa\u25e6\u2023\u25cf\u25cb\u25a0\u25a1\u25ba\u27a4\u2013"
_BULLET = re.compile(rf"^([ \t]*)([{_BULLET_CHARS}]|\d{{1,3}}[.)])[ \t]+(\S.*)$")
"""A list item: ``-``/``*``/``+``, typographic bullets (``•``, ``▪``, ``➤``...) or ``1.``/``1)``."""
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_RULE = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|={3,}[ \t]*)$")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_SEP = re.compile(r"^\s*\|?(?:\s*:?-+:?\s*\|)+\s*(?::?-+:?\s*)?\|?\s*$")


def _is_plain(line: str) -> bool:
    """A line that can continue a wrapped entry: text, not structure."""
    st = line.strip()
    if not st or st[0] in "#|><`~":
        return False
    first = st[0]
    if (first in _BULLET_CHARS or first.isdigit()) and _BULLET.match(line):
        return False
    return not (first in "-*_=" and _RULE.match(line))


def _should_join(current: str, nxt: str) -> bool:
    """Whether plain line ``nxt`` continues entry text ``current`` (see "Wrapped entries")."""
    if current.count("[") > current.count("]"):
        return True
    st = nxt.strip()
    if _CJK.search(st) or current.rstrip().endswith((")", "]")):
        return False
    if _ends_sentence(st) and not st.endswith("]"):
        return False
    return bool(_LOWER_WORD.match(st))


def parse_list(text: str, source_file: str, *, line_offset: int = 0) -> ParseResult:
    """All paper entries of one reading list, with warnings for lines that were skipped.

    ``source_file`` is only used to fill :attr:`Entry.source_file` and to name lines in
    warnings. Line numbers are 1-based and count ``\\n`` only (as editors do).
    ``line_offset``: ``text`` is a piece of a document that starts after that many lines
    (see :func:`heading_splits`); front matter is only looked for at the very start.
    """
    lines = text.split("\n")
    n = len(lines)
    entries: list[Entry] = []
    warnings: list[str] = []
    section: str | None = None
    table: _Table | None = None
    i = 0
    if line_offset == 0 and lines and lines[0].strip() == "---":
        for j in range(1, min(n, 200)):
            if lines[j].strip() in ("---", "..."):
                i = j + 1
                break
    hidden = _Hidden()
    prev_plain: str | None = None
    while i < n:
        line = lines[i].rstrip("\r")
        lineno = i + 1 + line_offset
        i += 1
        if len(line) > MAX_LINE_CHARS:
            warnings.append(
                f"{source_file}:{lineno}: skipped a line of {len(line):,} characters "
                f"(longer than {MAX_LINE_CHARS:,}; not a reading-list entry)"
            )
            prev_plain = None
            continue
        stripped = line.strip()
        if hidden.skip(line, stripped):
            continue
        if not stripped:
            prev_plain = None
            table = None
            continue
        first = stripped[0]
        if first == "<":
            if _HTML_ONLY.match(line):
                prev_plain = None
                continue
        elif first == "#":
            if (m := _HEADING.match(line)) is not None:
                section = _topic_text(m.group(2) or "") or section
                prev_plain = None
                table = None
                continue
        elif first in "=-*_":
            if prev_plain is not None and _SETEXT.match(line):
                section = _topic_text(prev_plain) or section
                prev_plain = None
                continue
            if _RULE.match(line):
                prev_plain = None
                continue
        if first == "|" and _TABLE_ROW.match(line):
            prev_plain = None
            if _TABLE_SEP.match(line):
                continue
            cells = _table_cells(line)
            if i < n and _TABLE_SEP.match(lines[i]):
                table = _table_header(cells)
                continue
            item = _table_item(cells, table or _Table())
            if isinstance(item, Item):
                entries.append(_entry(source_file, lineno, section, stripped, item))
            continue
        bm = _BULLET.match(line) if first in _BULLET_CHARS or first.isdigit() else None
        body = bm.group(3) if bm else stripped
        # a wrapped entry: join following plain lines (link text split over lines, or a
        # title continued in lower case)
        raw_parts = [stripped]
        consumed = 0
        while consumed < MAX_JOIN_LINES and i + consumed < n:
            nxt = lines[i + consumed].rstrip("\r")
            if not ("a" <= nxt.lstrip()[:1] <= "z" or body.count("[") > body.count("]")):
                break  # the common case, decided without the checks below
            if len(nxt) > MAX_LINE_CHARS or not _is_plain(nxt):
                break
            if not _should_join(body, nxt):
                break
            body = f"{body} {nxt.strip()}"
            raw_parts.append(nxt.strip())
            consumed += 1
        item = parse_item(body, bullet=bm is not None)
        if consumed and not isinstance(item, Item):
            body = bm.group(3) if bm else stripped
            raw_parts, consumed = [stripped], 0
            item = parse_item(body, bullet=bm is not None)
        if isinstance(item, Item) and not (bm and _ends_topic(body, item)):
            raw = " ".join(raw_parts) if consumed else stripped
            entries.append(_entry(source_file, lineno, section, raw, item))
            i += consumed
            prev_plain = None
            continue
        if bm is not None:
            if _ends_topic(body, None) and _is_topic_line(body) and "http" not in body:
                section = _topic_text(body)
            prev_plain = None
        else:
            if _is_topic_line(stripped):
                section = _topic_text(stripped)
            prev_plain = stripped
    return ParseResult(entries=entries, warnings=warnings)


class _Hidden:
    """Tracks fenced code and HTML comments line by line.

    :func:`parse_list` and :func:`heading_splits` share it, so they agree on which lines are
    content: a cut must never fall where the sequential parse sees code or a comment.
    """

    __slots__ = ("in_fence", "in_comment")

    def __init__(self) -> None:
        self.in_fence = False
        self.in_comment = False

    def skip(self, line: str, stripped: str) -> bool:
        """True when ``line`` is inside, opens or closes a fence or a comment."""
        if self.in_fence:
            self.in_fence = not _FENCE.match(line)
            return True
        if self.in_comment:
            self.in_comment = "-->" not in line
            return True
        if stripped[:1] in ("`", "~") and _FENCE.match(line):
            self.in_fence = True
            return True
        if stripped.startswith("<!--"):
            self.in_comment = "-->" not in stripped
            return True
        return False


def heading_splits(lines: Sequence[str], parts: int) -> list[int]:
    """Line indexes where a document can be cut into ``parts`` independently parsed pieces.

    A heading with text resets everything :func:`parse_list` carries from line to line (the
    section, a table, a wrapped entry), so parsing the pieces separately, with
    ``line_offset``, gives exactly the entries of parsing the whole. Headings inside fenced
    code, HTML comments or the first 200 lines (where front matter may be) are not cut at.
    """
    candidates: list[int] = []
    hidden = _Hidden()
    for idx, raw in enumerate(lines):
        line = raw.rstrip("\r")
        if len(line) > MAX_LINE_CHARS or hidden.skip(line, line.strip()):
            continue  # exactly the lines parse_list skips before it looks for headings
        if (
            idx > 200
            and "#" in line[:4]  # a heading's "#" comes after at most three spaces
            and (m := _HEADING.match(line))
            and _topic_text(m.group(2) or "")
        ):
            candidates.append(idx)
    cuts: list[int] = []
    for k in range(1, parts):
        target = len(lines) * k // parts
        best = min(candidates, key=lambda c: abs(c - target), default=None)
        if best is not None and (not cuts or best > cuts[-1]):
            cuts.append(best)
    return cuts


def _ends_topic(body: str, item: Item | None) -> bool:
    """``1. Cluster Scheduling:``: a list item ending with a colon is a topic, not a paper."""
    if item is not None and (item.venue or item.year):
        return False
    return body.rstrip().endswith((":", "\uff1a"))


def _entry(source_file: str, line: int, section: str | None, raw: str, item: Item) -> Entry:
    title, venue, year, alias = item
    # positional: Entry's field order (keyword arguments cost more, once per entry)
    return Entry(
        source_file,
        line,
        section,
        raw,
        title,
        venue,
        year,
        alias,
        linked_arxiv_id(raw),
        linked_doi(raw),
    )
