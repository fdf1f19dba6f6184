"""Line openings other lists use, read as the Markdown the walk knows.

A step of :func:`~enrich.parse.dialects.as_markdown`, line for line:

- item marks other than ``-``/``1.``: a lower-case roman numeral (``iv.``), a letter or a number
  in parentheses (``a)``, ``(b)``, ``(3)``), CJK enumeration (``1、``, ``一、``), circled and
  parenthesised numbers (``①``, ``⑴``): the line is a list item (``- ``);
- an arXiv identifier before the title (``arXiv:2301.12345 - Title``, ``2301.12345: Title``,
  ``[2301.12345] Title``, ``arxiv.org/abs/2301.12345 Title``): an item, the title then a link
  to the paper (``[arXiv](https://arxiv.org/abs/2301.12345)``), as link lists place it;
- a physics journal reference's tail after a comma (``Authors, Title, Phys. Rev. Lett. 120,
  143001 (2018).``, ``J. High Energy Phys. 07 (2016) 069``): after a full stop, so the title
  ends where the journal starts, as in the other reference styles;
- a document exported with typographic bullets (Google Docs, Word: ``●``, ``○``, ``■``) gives
  each level its own glyph: a line whose next line opens with another glyph at the same
  indentation, and names no year, is that group's heading (``● Quantization`` over ``■``
  entries);
- a whole reference in bold (``- **Author, A. (2020). Title. *Venue*.**``, a required reading
  marked as such): the reference without the bold, so its own emphasis names the venue.
"""

from __future__ import annotations

import re

_ROMAN = r"(?:x{0,3}(?:ix|iv|v?i{1,3})|x{1,3}|x{0,3}v)"
_LEAD_BODY = (
    r"(?P<indent>[ \t]*)(?:"
    rf"(?P<mark>(?:{_ROMAN}[.)]|[a-z]\)|\([a-z]\)|\(\d{{1,3}}\))[ \t]+(?!(?:19|20)\d\d\b)"
    r"|(?:\d{1,3}|[一二三四五六七八九十]{1,3})、[ \t]*|[\u2460-\u2473\u2474-\u2487][ \t]*)"
    r"|(?P<bullet>(?:[-*+][ \t]+)?)(?P<id>(?:arXiv:|(?:https?://)?arxiv\.org/abs/)?"
    r"(?P<num>\d{4}\.\d{4,5}(?:v\d+)?)|\[(?P<bnum>\d{4}\.\d{4,5}(?:v\d+)?)\](?!\())"
    r"(?:[ \t]*[-–—:|][ \t]+|[ \t]*:[ \t]*|[ \t]+)(?=[^\s\d])"
    r")"
)
_LEAD = re.compile(_LEAD_BODY)
"""A line that opens with an item mark the walk does not know, or with an arXiv identifier."""
_LEAD_SCAN = re.compile("\n" + _LEAD_BODY)
""":data:`_LEAD` after a newline: a scan of the whole text (opened with one) that skips to the
newlines, faster than a ``^`` tried at every character."""
_JOURNAL_TAIL = re.compile(
    r",[ \t]+(?=(?:[A-Z][A-Za-z]*\.?[ \t]){0,4}[A-Z][A-Za-z]*\.?[ \t]+\d{1,4}"
    r"(?:,[ \t]+[A-Za-z]{0,4}\d+[ \t]+\((?:19|20)\d\d\)|[ \t]+\((?:19|20)\d\d\)[ \t]+\d+)"
    r"\.?[ \t]*$)",
    re.MULTILINE,
)
"""The comma before a journal, volume, page and year that end a line (APS, AIP style)."""
_YEAR_AT_END = re.compile(r"\((?:19|20)\d\d\)(?:[ \t]+\d+)?\.?[ \t]*$", re.MULTILINE)
"""A year in parentheses that ends a line, maybe before a page: the cheap test first."""
_BOLD_LINE = re.compile(r"\n[ \t]*(?:[-*+][ \t]+)?\*\*[^\n]{60,}\*\*[ \t]*$", re.MULTILINE)
_BOLD_WHOLE = re.compile(r"^(?P<head>[ \t]*(?:[-*+][ \t]+)?)\*\*(?P<ref>(?:(?!\*\*).)+)\*\*\s*$")
_REFERENCE_YEAR = re.compile(r"\((?:19|20)\d\d[a-z]?\)\.|\.\s(?:19|20)\d\d\.\s")
"""A reference's year: ``(2020).`` (APA) or ``. 2020. `` (ACL, Chicago)."""


_GLYPHS = "\u25cf\u25cb\u25a0\u25a1\u25aa\u25c6\u25c7\u27a4\u25ba\u2713\u2714\u2756"
_GLYPH_LINE = re.compile(
    rf"\n(?P<indent>[ \t]*)(?P<glyph>[{_GLYPHS}\u2460-\u2473])[ \t]+(?P<text>[^\n]*\S)[ \t]*\n"
    rf"(?P=indent)(?!(?P=glyph))[{_GLYPHS}\u2460-\u2473]",
    re.MULTILINE,
)
_YEAR = re.compile(r"(?:19|20)\d\d")


def glyph_headings(out: list[str], text: str) -> None:
    """Each group heading of a typographic-bullet export in ``out`` (``text``: its lines
    joined) as a Markdown heading (see the module docstring)."""
    text = "\n" + text  # the pattern opens with the newline before its line
    for m in _GLYPH_LINE.finditer(text):
        if not _YEAR.search(m["text"]):
            out[text.count("\n", 0, m.start())] = "### " + m["text"]


def line_leads(text: str) -> list[int]:
    """The lines of ``text`` :func:`rewrite_lead` may change, found in the whole text at once."""
    text = "\n" + text  # so a line-start match opens at its newline (counted: +1)
    starts = [m.start() + 1 for m in _LEAD_SCAN.finditer(text)]
    if "(" in text:
        starts += [m.start() for m in _YEAR_AT_END.finditer(text)]
    if "**" in text:
        starts += [m.start() + 1 for m in _BOLD_LINE.finditer(text)]
    found: list[int] = []
    line, pos = -1, 0
    for start in sorted(starts):
        line += text.count("\n", pos, start)
        pos = start
        if not found or found[-1] != line:
            found.append(line)
    return found


def rewrite_lead(line: str) -> str:
    """``line`` with its item mark a bullet, its leading arXiv identifier a trailing tag, or
    its whole-reference bold dropped (see the module docstring); else ``line``."""
    if "(" in line:
        line = _JOURNAL_TAIL.sub(". ", line, count=1)
    if (m := _LEAD.match(line)) is not None:
        rest = line[m.end():]
        if m["mark"] is not None:
            return f"{m['indent']}- {rest}"
        bullet = m["bullet"] or "- "  # an identifier opens an item, as a mark does
        url = f"https://arxiv.org/abs/{m['num'] or m['bnum']}"
        return f"{m['indent']}{bullet}{rest.rstrip()} [arXiv]({url})"
    if (b := _BOLD_WHOLE.match(line)) is not None and _REFERENCE_YEAR.search(b["ref"]):
        return b["head"] + b["ref"]
    return line
