"""More layouts read as Markdown: wiki links, ``#1`` numbering, titles in code spans, quoted
titles in prose.

Part of the pass of :mod:`~enrich.parse.dialects` (line for line, the count never changes),
each rewrite made only on the evidence that names it:

- a wiki link (``[[Title]]``, ``[[Page title|shown text]]``) is its page's title; a heading in
  wiki markup (``== Topic ==``) is a Markdown heading of that level;
- ``#1 Title``, ``#1. Title``, ``No. 1 Title``, ``No.1 — Title`` at a line's start are a
  numbered item (``1. Title``);
- surnames alone after an em or en dash and before a tag in parentheses are the authors
  (``Title — Jacobs, Jordan, Hinton (Neural Computation 1991)``), dropped;
- a code span of several words that opens an item's text (```Title of the paper```) is text:
  lists put titles in backticks to keep a spell-checker off them;
- a plain line of prose that quotes a title of several words (``“Title”`` or ``"Title"``) and
  names a year after it is an entry (not a citation: a quoted title ending in ``.`` or ``,``,
  followed by ``.`` or ``:``, or after initials, a number, a year or names and a colon, is left
  to the reference readers): the quoted title and the venue tag that follows it
  (``We start with “Title” (OSDI'16) and then ...``, ``... “Title” from OSDI 2018.``).
"""

from __future__ import annotations

import re

from enrich.parse.venuetag import _venue_tag

_WIKI_LINK = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|[^\[\]\n]*)?\]\](?!\()")
_WIKI_CATEGORY = re.compile(r"(?i)^(?:category|file|image):")
_WIKI_HEADING = re.compile(r"^(={1,6})[ \t]*([^=\n]+?)[ \t]*\1[ \t]*$")
_HASH_NUMBER = re.compile(r"^([ \t]*)(?:#|No\.?[ \t]?)(\d{1,3})\.?[ \t]+(?:[-–—:][ \t]+)?(?=\S)")
_CODE_TITLE = re.compile(r"^([ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+)`([^`<>\n]{12,300})`(?!_)")
_QUOTED = re.compile(r"[“\"]([A-Z][^“”\"\n]{10,300}?)[”\"]")
_PAREN = re.compile(r"\(([^()\n]{2,40})\)")
_NAMED_TAG = re.compile(r"\b([A-Z][A-Za-z&.+\-]*)[ \t]*'?((?:19|20)?\d\d)\b")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)|'\d\d\b")
_CANDIDATES = (
    ("[[", re.compile(r"\[\[[^\[\]\n ]+ [^\[\]\n]*\]\](?!\()")),
    ("—", re.compile(r"[—–]")),
    ("–", re.compile(r"[—–]")),
    ("==", re.compile(r"(?m)^==?[^=\n]")),
    ("#", re.compile(r"#\d")),
    ("No", re.compile(r"No\.?[ \t]?\d")),
    ("`", re.compile(r"`[^`\n]{12,300}`")),
    ('"', re.compile(r"[\u201c\"][A-Z]")),
    ("\u201c", re.compile(r"[\u201c\"][A-Z]")),
)
"""Where a line may need a rewrite, each looked for only when the text holds its literal: most
lines need none."""
_NAME = r"[A-Z][^\W\d_]*(?:[-'’][A-Z]?[^\W\d_]+)*"
_DASH_SURNAMES = re.compile(rf"[ \t][—–][ \t]+{_NAME}(?:,[ \t]*{_NAME})+[ \t]*(?=\()")
"""Surnames alone after an em or en dash, before a parenthesized tag (``Title — Jacobs, Jordan,
Hinton (Neural Computation 1991)``): the authors, not the title's words."""
_CITATION_MARK = re.compile(r"\b[A-Z]\.|\d")
"""An initial or a number before a quoted title: a reference's author block, not prose."""
_NOT_PROSE = frozenset(" \t-*+>|#<")
_PLAIN_START = re.compile(r"^(?:[ \t]|[-*+>|#<]|\d{1,3}[.)][ \t])")


def more_markdown(out: list[str], text: str) -> bool:
    """Rewrite the lines of ``out`` (the list ``text`` split) in place, as the module says;
    whether any changed."""
    starts: set[int] = set()
    for literal, pattern in _CANDIDATES:
        if literal in text:
            starts.update(m.start() for m in pattern.finditer(text))
    changed = False
    line_no, pos, seen = 0, 0, -1
    for start in sorted(starts):
        line_no += text.count("\n", pos, start)
        pos = start
        if line_no == seen:
            continue
        seen = line_no
        new = _rewrite(out[line_no], out[line_no - 1] if line_no else "")
        if new != out[line_no]:
            out[line_no], changed = new, True
    return changed


def _rewrite(line: str, prev: str) -> str:
    if "[[" in line:
        line = _WIKI_LINK.sub(_wiki_link, line)
    first = line[:1]
    if first == "=":
        line = _WIKI_HEADING.sub(lambda m: f"{'#' * len(m[1])} {m[2]}", line)
    if line.lstrip()[:1] in ("#", "N"):
        line = _HASH_NUMBER.sub(r"\1\2. ", line, count=1)
    if "—" in line or "–" in line:
        line = _DASH_SURNAMES.sub(" ", line, count=1)
    if "`" in line:
        line = _CODE_TITLE.sub(_code_title, line, count=1)
    if first not in _NOT_PROSE and ("\u201c" in line or '"' in line) and (
            not _PLAIN_START.match(line) and not prev.rstrip().endswith(",")):
        line = _prose_entry(line)  # (after a line ending in a comma: a wrapped reference)
    return line


def _wiki_link(m: re.Match[str]) -> str:
    page = m.group(1).strip()
    if _WIKI_CATEGORY.match(page) or " " not in page:
        return m.group(0) if " " not in page else ""
    return page


def _code_title(m: re.Match[str]) -> str:
    inner = m.group(2)
    if len(inner.split()) < 3 or any(c in inner for c in "=;{}$\\") or "()" in inner:
        return m.group(0)
    return m.group(1) + inner


def _prose_entry(line: str) -> str:
    """A line of prose quoting a title and naming its year: ``- “Title” (tag)``, else the line."""
    m = _QUOTED.search(line)
    if m is None or len(m.group(1).split()) < 3 or m.group(1)[-1] in ".,;":
        return line  # a citation's quoted title ends in its punctuation
    before = line[: m.start()].rstrip()
    if before[-1:] in (".", ",", ")", "]", "&") or line[m.end():][:1] in (":", ".") or (
            _CITATION_MARK.search(before)) or (before.endswith(":") and "," in before):
        return line  # after an author block, a number or a year, or a title's first part
    tail = line[m.end():]
    if not _YEAR.search(tail[:80]):
        return line
    tag = _tail_tag(tail[:80])
    indent = line[: len(line) - len(line.lstrip())]
    return f"{indent}- “{m.group(1).rstrip(' ,.')}”" + (f" ({tag})" if tag else "")


def _tail_tag(tail: str) -> str | None:
    """The venue tag the prose names after a quoted title: the first parenthesized tag, or the
    first ``Venue Year`` words that read as one (``from OSDI 2018``)."""
    for found in (*(p.group(1) for p in _PAREN.finditer(tail)),
                  *(f"{n.group(1)} {n.group(2)}" for n in _NAMED_TAG.finditer(tail))):
        if _venue_tag(found, need_year=True) is not None:
            return found
    return None
