"""A whole list: structure (headings, items, tables, wrapped lines) -> entries."""

from __future__ import annotations

import re
from itertools import takewhile

from enrich.normalize import title_key
from enrich.parse.blocks import (
    _BULLET,
    _BULLET_CHARS,
    _HEADING,
    _RULE,
    _SETEXT,
    _TABLE_ROW,
    _TABLE_SEP,
    MAX_LINE_CHARS,
    _Hidden,
    _is_plain,
    _open_emphasis,
    _should_join,
)
from enrich.parse.choose import read_entry
from enrich.parse.context import (
    _SOURCE_LABEL,
    _describe,
    _ends_topic,
    _entry,
    _is_authors,
    _links_a_paper,
    _only_link_words,
    block_title,
    group_tags,
    heading_entry,
    heading_tags,
    heads_papers,
    is_meta_line,
    reference_goes_on,
    tagged_heading,
    title_shaped,
)
from enrich.parse.dialects import as_markdown
from enrich.parse.model import Item, ParseResult, Rejected
from enrich.parse.paragraph import item_paragraph, paragraph_entry
from enrich.parse.tables import (
    _HTML_ONLY,
    _Table,
    _table_cells,
    _table_header,
    _table_item,
    _TableRows,
)
from enrich.parse.text import _is_topic_line, _topic_text
from enrich.records import Entry

MAX_REFERENCE_LINES = 8
"""At most this many following lines are joined into a reference hard-wrapped over lines (a
300-character reference wrapped at 50 columns)."""

_MARKED = re.compile(r"^(?P<m>\*\*|__|[*_\"\u201c])(?P<inner>[^*_\"\u201c\u201d]+)(?:\1|\u201d)$")
"""A line wholly in bold, italics or quotes."""
_MARKED_LINKED = re.compile(r"^(?P<m>\*\*|__)(?P<inner>[^*_\[\]]+)(?P=m)\s*(?P<rest>\[.*)$")
"""A line that opens with a title in bold and goes on with its links."""

MAX_JOIN_LINES = 3
"""At most this many following lines are joined into one wrapped entry (or describe the title
of a plain-text block)."""


def parse_list(text: str, source_file: str, *, line_offset: int = 0) -> ParseResult:
    """All paper entries of one reading list, with warnings for lines that were skipped.

    ``source_file`` is only used to fill :attr:`Entry.source_file` and to name lines in
    warnings. Line numbers are 1-based and count ``\\n`` only (as editors do).
    ``line_offset``: ``text`` is a piece of a document that starts after that many lines
    (see :func:`heading_splits`); front matter is only looked for at the very start.
    """
    walker = _Walker(as_markdown(text), source_file, line_offset)
    walker.run()
    return ParseResult(entries=walker.entries, warnings=walker.warnings)


class _Open:
    """The last list item that was an entry, still taking context from lines nested under it."""

    __slots__ = ("entry", "indent", "_key")

    def __init__(self, entry: Entry, indent: int) -> None:
        self.entry = entry
        self.indent = indent  #: the bullet's column: a line indented deeper is nested
        self._key: str | None = None

    @property
    def title_key(self) -> str:
        """The entry's title key, computed when a nested line is first compared with it."""
        if self._key is None:
            self._key = title_key(self.entry.title)
        return self._key


class _Walker:
    """One pass over a list's lines (see ``docs/parsing.md`` for what each line can be)."""

    def __init__(self, lines: list[str], source_file: str, line_offset: int) -> None:
        self.lines = lines
        self.source_file = source_file
        self.offset = line_offset
        self.entries: list[Entry] = []
        self.warnings: list[str] = []
        self.section: str | None = None
        self.headings: dict[int, tuple[str | None, int | None]] = {}  # level -> venue, year
        self.table: _Table | None = None
        self.rows = _TableRows()
        self.prev_plain: str | None = None
        self.last_title = -2  #: the index of the last plain line read as a title of a run
        self.opens: list[_Open] = []  #: the open entries, each nested in the one before
        self.groups: list[tuple[int, str | None, int | None]] = []  #: group items: indent, tags
        self.preread: tuple[str, object] | None = None  #: a nested line's reading, kept
        self.i = 0

    def run(self) -> None:
        lines, n = self.lines, len(self.lines)
        if self.offset == 0 and lines and lines[0].strip() == "---":
            for j in range(1, min(n, 200)):
                if lines[j].strip() in ("---", "..."):
                    self.i = j + 1
                    break
        hidden = _Hidden()
        while self.i < n:
            line = lines[self.i].rstrip("\r")
            self.i += 1
            if len(line) > MAX_LINE_CHARS:
                lineno = self.i + self.offset
                self.warnings.append(
                    f"{self.source_file}:{lineno}: skipped a line of {len(line):,} characters "
                    f"(longer than {MAX_LINE_CHARS:,}; not a reading-list entry)"
                )
                self.prev_plain = None
                continue
            stripped = line.strip()
            if hidden.skip(line, stripped):
                continue
            if not stripped:
                self.prev_plain = None
                self.table = None
                self.rows.clear()
                continue
            if self.opens:
                if line[0] not in " \t" and stripped[0] != "[":
                    self.opens.clear()  # at the margin: nested in nothing (the common case)
                elif not self._nested(line, stripped):
                    continue
            if stripped[0] not in "<#=-*_|" or not self._structure(line, stripped):
                self._text(line, stripped)

    def _nested(self, line: str, stripped: str) -> bool:
        """Offer a line to the open entry it is nested in; True when it is still to be read as
        usual (not nested, or a paper of its own)."""
        indent = len(line) - len(line.lstrip())
        top = self.opens[-1]
        if indent <= top.indent and stripped[0] == "[" and _only_link_words(stripped):
            # [[GitHub]](url) on the line after: the item's paragraph goes on (lazily)
            _describe(top.entry, stripped, None)
            return False
        while self.opens and indent <= self.opens[-1].indent:
            self.opens.pop()
        if not self.opens:
            return True
        top = self.opens[-1]
        bm = _BULLET.match(line) if stripped[0] in _BULLET_CHARS or stripped[0].isdigit() else None
        body = bm.group(3) if bm else stripped
        item = read_entry(body, bullet=True)
        if (
            bm is not None
            and isinstance(item, Item)
            and _SOURCE_LABEL.match(body) is None  # + Venue: arXiv 2019 says where it is
            and (item.venue is not None or item.year is not None or _links_a_paper(body))
            and not _is_authors(item.title)
            and title_key(item.title) != top.title_key
        ):
            self.preread = (body, item)  # read once: _wrapped takes it from here
            return True  # a paper of its own, nested under this one
        _describe(top.entry, body, item)
        return False

    def _structure(self, line: str, stripped: str) -> bool:
        """Headings, rules, HTML and table rows; True when ``line`` was one of them."""
        first = stripped[0]
        if first == "<":
            if _HTML_ONLY.match(line):
                self.prev_plain = None
                return True
        elif first == "#":
            if (m := _HEADING.match(line)) is not None:
                self._heading(len(m.group(1)), m.group(2) or "")
                return True
        elif first in "=-*_":
            if self.prev_plain is not None and _SETEXT.match(line):
                self._heading(1 if line.lstrip()[0] == "=" else 2, self.prev_plain)
                return True
            if _RULE.match(line):
                self.prev_plain = None
                return True
        if first == "|" and _TABLE_ROW.match(line):
            self._table_row(stripped)
            return True
        return False

    def _heading(self, level: int, text: str) -> None:
        self.section = _topic_text(text) or self.section
        for deeper in [lv for lv in self.headings if lv >= level]:
            del self.headings[deeper]
        tags = heading_tags(text)
        if tags != (None, None):
            self.headings[level] = tags
        self.prev_plain = None
        self.table = None
        self.rows.clear()
        self.opens.clear()
        self.groups.clear()
        if tags == (None, None) and (tagged := tagged_heading(text)) is not None:
            self._add(self.i + self.offset, text, tagged)  # ### Title (OSDI'18), then notes
        elif tags == (None, None) and (found := heading_entry(self.lines, self.i)) is not None:
            item = read_entry(text, bullet=True)  # ### Title, then its [[Paper]](url) line
            if item in (Rejected("too_short"), Rejected("cjk_note")):
                item = Item(_topic_text(text), None, None, None)  # ### Dremel: the links say so
            if isinstance(item, Item):
                entry = self._add(self.i + self.offset, text, item)
                for described_by in found[0]:
                    _describe(entry, described_by, None)
                self.i = found[1]

    def _table_row(self, stripped: str) -> None:
        self.prev_plain = None
        if _TABLE_SEP.match(stripped):
            return
        cells = _table_cells(stripped)
        if self.i < len(self.lines) and _TABLE_SEP.match(self.lines[self.i]):
            self.table = _table_header(cells)
            self.rows = _TableRows()
            return
        item = _table_item(cells, self.table or _Table(), self.rows.of_papers())
        self.rows.add(item)
        if isinstance(item, Item):
            self._add(self.i + self.offset, stripped, item)

    def _text(self, line: str, stripped: str) -> None:
        """A list item or a plain line: an entry, a topic, or nothing."""
        if self.rows.rows:
            self.rows.clear()  # a table ends at the first line that is not a row
        bm = _BULLET.match(line) if stripped[0] in _BULLET_CHARS or stripped[0].isdigit() else None
        if self.groups:
            self._leave_groups(bm, line)
        lineno = self.i + self.offset
        body, raw, consumed, item = self._wrapped(stripped, bm)
        if bm is not None and getattr(item, "venue", None) is None and heads_papers(
                item, body, len(bm.group(1)), self.lines, self.i):
            item = Rejected("topic_node")
        if isinstance(item, Item) and not (bm and _ends_topic(body, item)):
            entry = self._add(lineno, raw, item)
            self.i += consumed
            self.prev_plain = None
            if bm is not None:
                self.opens.append(_Open(entry, len(line) - len(line.lstrip())))
            return
        if bm is None and self.prev_plain is None and self._block(stripped, lineno):
            return
        if bm is not None and item == Rejected("too_short") and self._venue_context(bm):
            item = read_entry(body, bullet=True, short_ok=True)  # - **TVM** under ### OSDI
            if isinstance(item, Item):
                self.opens.append(_Open(self._add(lineno, stripped, item), len(bm.group(1))))
                return
        if bm is None and item == Rejected("no_venue_tag") and (
            self._in_title_run(stripped) or self._marked_paragraph(stripped)
        ):
            title = read_entry(stripped, bullet=True)
            if isinstance(title, Item):
                self._add(lineno, stripped, title)
                self.last_title = self.i - 1
                self.prev_plain = None
                return
        if bm is not None:
            if _ends_topic(body, None) and _is_topic_line(body) and "http" not in body:
                self.section = _topic_text(body)
            elif (tags := group_tags(body)) != (None, None):
                self.groups.append((len(bm.group(1)), *tags))  # - SOSP 2016, entries under it
            self.prev_plain = None
        else:
            if _is_topic_line(stripped):
                self.section = _topic_text(stripped)
            self.prev_plain = stripped

    def _venue_context(self, bm: re.Match[str]) -> bool:
        """A group item or heading above gives a venue or year, or the item's first nested
        line is only its authors or source (``- **Dremel**`` / ``  - *ACL 2023*``; not a
        topic's first paper)."""
        if self.groups or self.headings:
            return True
        nxt = self.lines[self.i] if self.i < len(self.lines) else ""
        sub = _BULLET.match(nxt) if len(nxt) <= MAX_LINE_CHARS else None
        deeper = sub is not None and len(sub.group(1)) > len(bm.group(1))
        return deeper and sub is not None and is_meta_line(sub.group(3))

    def _leave_groups(self, bm: re.Match[str] | None, line: str) -> None:
        """Close the group items (``- SOSP 2016``) that ``line`` is not nested in: a bullet as
        deep or shallower, or a plain line at the margin."""
        if bm is None:
            if line[:1] not in " \t":
                self.groups.clear()
            return
        indent = len(bm.group(1))
        while self.groups and self.groups[-1][0] >= indent:
            self.groups.pop()

    def _marked_paragraph(self, stripped: str) -> bool:
        """A plain line alone between blank lines, all of it in bold, italics or quotes (or in
        bold and then only link words), shaped like a title (``**Ditto: Scalable Serving for
        Transformer Models**``): a block whose other lines were left out."""
        m = _MARKED.match(stripped) or _MARKED_LINKED.match(stripped)
        if m is None or self.prev_plain is not None or not title_shaped(m["inner"]):
            return False
        if m.re is _MARKED_LINKED and not _only_link_words(m["rest"]):
            return False  # **Title** [[pdf]](url) [[code]](url): the title and its links
        return self.i >= len(self.lines) or not self.lines[self.i].strip()

    def _in_title_run(self, stripped: str) -> bool:
        """A plain line shaped like a title (:func:`title_shaped`) next to another: a plain-text
        list of titles, one a line (a topic line alone is short, and stands alone)."""
        if not title_shaped(stripped):
            return False
        if self.last_title == self.i - 2:
            return True
        nxt = self.lines[self.i].strip() if self.i < len(self.lines) else ""
        return len(nxt) < MAX_LINE_CHARS and _is_plain(nxt) and title_shaped(nxt)

    def _wrapped(self, stripped: str, bm: re.Match[str] | None) -> tuple[str, str, int, object]:
        """The item's text with the plain lines that continue it (see "Wrapped entries"), its
        raw text, how many lines were joined, and what it reads as."""
        lines, n = self.lines, len(self.lines)
        body = bm.group(3) if bm else stripped
        raw_parts = [stripped]
        consumed = 0
        wrapped_ref = self._wraps_reference(body, self.i)
        limit = MAX_REFERENCE_LINES if wrapped_ref else MAX_JOIN_LINES
        while consumed < limit and self.i + consumed < n:
            nxt = lines[self.i + consumed].rstrip("\r")
            if wrapped_ref:
                body = f"{body} {nxt.strip()}"
                raw_parts.append(nxt.strip())
                consumed += 1
                wrapped_ref = self._wraps_reference(body, self.i + consumed)
                continue
            if not (
                "a" <= nxt.lstrip()[:1] <= "z"
                or body.count("[") > body.count("]")
                or ("](" in nxt and "](" not in body)
                or (("_" in body or "*" in body) and _open_emphasis(body))
            ):
                break  # the common case, decided without the checks below
            if len(nxt) > MAX_LINE_CHARS or not _is_plain(nxt) or not _should_join(body, nxt):
                break
            body = f"{body} {nxt.strip()}"
            raw_parts.append(nxt.strip())
            consumed += 1
        preread, self.preread = self.preread, None
        if not consumed and preread is not None and preread[0] == body:
            item = preread[1]
        else:
            item = read_entry(body, bullet=bm is not None)
        if consumed and not isinstance(item, Item):
            body = bm.group(3) if bm else stripped
            raw_parts, consumed = [stripped], 0
            item = read_entry(body, bullet=bm is not None)
        if bm is not None and not consumed and not (isinstance(item, Item) and item.venue):
            more = item_paragraph(self.lines, self.i, bm.start(3))
            if more and (joined := paragraph_entry(body, more, item)) is not None:
                return f"{body} {' '.join(more)}", " ".join([stripped, *more]), len(more), joined
        return body, " ".join(raw_parts) if consumed else stripped, consumed, item

    def _wraps_reference(self, body: str, i: int) -> bool:
        """Whether line ``i`` is a plain line that continues the reference ``body`` opens."""
        following = list(takewhile(_is_plain, self.lines[i : i + MAX_REFERENCE_LINES]))
        if not following or len(following[0]) > MAX_LINE_CHARS:
            return False
        return reference_goes_on(body, following)

    def _block(self, stripped: str, lineno: int) -> bool:
        """A plain-text block: a title, then only lines that describe it (a venue and year, a
        URL, authors) up to a blank line. True when it was one (its entry added)."""
        lines, n = self.lines, len(self.lines)
        meta: list[str] = []
        while self.i + len(meta) < n and len(meta) < MAX_JOIN_LINES:
            raw = lines[self.i + len(meta)]
            nxt = raw.strip()
            if not nxt or (meta and raw[:1] not in " \t" and lines[self.i][:1] in " \t"):
                break  # a blank, or the margin after indented lines (a definition list)
            if len(nxt) > MAX_LINE_CHARS or not is_meta_line(nxt, first=not meta):
                return False
            meta.append(nxt)
        after = lines[self.i + len(meta)] if self.i + len(meta) < n else ""
        if not meta or (after.strip() and (after[:1] in " \t" or lines[self.i][:1] not in " \t")):
            return False
        item = block_title(stripped, meta)
        if not isinstance(item, Item):
            return False
        entry = self._add(lineno, " ".join([stripped, *meta]), item)
        for m in meta:
            _describe(entry, m, None)
        self.i += len(meta)
        return True

    def _add(self, lineno: int, raw: str, item: Item) -> Entry:
        entry = _entry(self.source_file, lineno, self.section, raw, item)
        for _, venue, year in reversed(self.groups):  # the nearest group item first
            entry.venue = entry.venue or venue
            entry.year = entry.year or year
        if self.headings:
            for venue, year in reversed(self.headings.values()):  # the nearest heading first
                entry.venue = entry.venue or venue
                entry.year = entry.year or year
        self.entries.append(entry)
        return entry
