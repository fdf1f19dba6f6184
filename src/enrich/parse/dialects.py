"""Other markups and layouts, read as the Markdown the rest of the parser knows.

A pass over a list's lines before the walk (:mod:`~enrich.parse.document`), line for line (the
count never changes, so every entry keeps its line number). Each rewrite is a translation of
one structure into its Markdown equivalent, made only on the evidence that names it:

- reStructuredText: ```Title <url>`_`` is ``[Title](url)``; ```Title`_`` takes the URL of its
  ``.. _Title: url`` target; ``#.`` is ``1.``; directives, targets and comments are no text;
- org-mode (a document with ``#+KEY:`` lines): ``[[url][Title]]`` is ``[Title](url)``; a
  top-level ``* Heading`` is a heading; a deeper one with a ``TODO``/``DONE`` keyword or a link
  is a list item; property drawers and ``:tags:`` are no text;
- a shields.io badge that spells a venue and year (``img.shields.io/badge/OSDI-2024-red``) is
  the tag ``(OSDI 2024)``; a venue tag in backticks (```ICML 2023```) is that tag;
- a blockquote at the margin is its lines without the ``>`` marker; a definition (``: ...``
  under a term) is a line indented under it;
- a hard line break (``<br>``, a trailing backslash) ends the entry's text: the line after it
  describes the entry, as a nested line does;
- a link alone on a plain line, followed by one bullet and then a blank, is an entry and the
  bullet its description (``[Title](url)`` / ``- Authors. Venue Year.``);
- labelled field blocks (``Title:`` / ``Authors:`` / ``Venue:`` / ``Link:``) are an entry and
  the lines that describe it (:mod:`~enrich.parse.fields`);
- a reading list's own labels are no part of a title (``Required:``, ``(optional)``, ``(*)``,
  ``-- optional``), nor is a date that opens the line before a separator (``2023.05 |``,
  ``**[2023-05]**``, ```2023.08```); a line of fields separated by `` | ``, `` · `` or `` / ``
  (``Title | NeurIPS 2023 | [paper](url)``) is the title with its short fields as tags;
- a Latin title in CJK marks (``《Title》``, ``「Title」``) is a quoted title, full-width
  parentheses around ASCII are parentheses, a full-width comma between Latin text a comma,
  and emoji shortcodes (``:star:``) are no text.
"""

from __future__ import annotations

import re

from enrich.parse.bibtex import bibtex_records
from enrich.parse.blocks import _BULLET, _HEADING
from enrich.parse.cards import card_blocks
from enrich.parse.fields import CJK_TITLE_LABELS, field_blocks, heading_blocks
from enrich.parse.leads import glyph_headings, line_leads, rewrite_lead
from enrich.parse.marks import more_markdown
from enrich.parse.venuetag import _venue_tag

_RST_LINK = re.compile(r"`([^`<>\n]+?)\s*<([^<>`\s]+)>`__?")
_RST_REF = re.compile(r"`([^`<>\n]+)`_(?!_)")
_RST_TARGET = re.compile(r"^\.\.\s+_([^:]+):\s*(\S+)\s*$")
_RST_DIRECTIVE = re.compile(r"^\.\.(?:\s|$)")
_RST_OPTION = re.compile(r"^\s+:[\w-]+:")
_RST_ENUM = re.compile(r"^(\s*)#\.(?=\s)")

_ORG_KEYWORD = re.compile(r"^#\+(\w+):\s*(.*)$", re.MULTILINE)
_ORG_LINK = re.compile(r"\[\[([^\[\]\s]+)\]\[([^\[\]]+)\]\]")
_ORG_HEADING = re.compile(
    r"^(\*+)\s+(?:(TODO|DONE|NEXT|WAITING|CANCELLED|READ|READING)\s+)?(?:\[#[A-C]\]\s+)?(.*?)"
    r"(?:\s+:[\w@:]+:)?\s*$"
)
_ORG_DRAWER = re.compile(r"^\s*:(?:PROPERTIES|LOGBOOK|END):\s*$")

_LINKED_TAG = re.compile(r"\[(\([^()\[\]]{1,40}\))\]\([^()\s]*\)")
"""A badge's tag that was a link's whole text (``[(OSDI 2024)](url)``)."""
_BADGE = re.compile(r"!\[[^\]\n]*\]\(https?://img\.shields\.io/badge/([^)\s?]+)[^)\s]*\)")
_BADGE_PART = re.compile(r"(?<!-)-(?!-)")
_BACKTICK = re.compile(r"`([^`\n]{2,40})`")
_HARD_BREAK = re.compile(r"\s*(?:<br\s*/?>|\s\\)\s*$", re.IGNORECASE)
_LINK_ALONE = re.compile(r"^(?:\*\*)?\[[^\[\]]{8,}\]\([^()\s]+\)(?:\*\*)?$")

_LABELS = r"(?:required|optional|recommended|suggested|supplementary|background|core|must[- ]read)"
_LABEL_PREFIX = re.compile(
    rf"^(?:\*\*|__)?(?:{_LABELS})(?: readings?)?(?:\*\*|__)?\s*:(?:\*\*|__)?\s+(?=\S)"
    rf"|^\((?:{_LABELS}|\*+)\)\s+(?=\S)",
    re.IGNORECASE,
)
_LABEL_SUFFIX = re.compile(rf"\s+(?:--|-|–|—)\s+{_LABELS}\s*$|\s+\({_LABELS}\)\s*$", re.IGNORECASE)
_LEADING_DATE = re.compile(
    r"^(?:\*\*|`)?[\[(]?(?:19|20)\d\d[./-](?:0?[1-9]|1[0-2])(?:[./-]\d\d?)?(?!\d)[\])]?(?:\*\*|`)?"
    r"\s*(?:[|·:–—]\s*|-\s+)?(?=\S)"
)
_MIDDOT_FIELDS = re.compile(r"\s·\s")

_LINE_STARTS = re.compile(
    r"^(?:(?P<mark>>|:[ \t]|\.\.[ \t]|#\+\w+:)"
    r"|(?P<alone>(?:\*\*)?\[[^\[\]\n]{8,}\]\([^()\s]+\)(?:\*\*)?[ \t]*$)"
    r"|[ \t]*(?:[-*+][ \t]+|\d+[.)][ \t]+)?(?:(?P<field>(?:\*\*|__)?"
    rf"(?i:title|paper|paper title|name|{CJK_TITLE_LABELS})(?:\*\*|__)?[ \t]*[:：])"
    r"|(?:\[[ xX]\][ \t]+)?(?:\*\*|__|`)?[\[(]?"
    rf"(?:(?:19|20)\d\d[./-]|(?i:{_LABELS})|\*+\))))",
    re.MULTILINE,
)
"""A line that opens with another markup's mark (a blockquote, a definition, an rST
directive, an org keyword), may open a field block, is a link alone, or a line
:func:`_inline` may rewrite (a leading date or label). Found in the whole text at once, at
line starts: most lines are none of these."""
_CJK_QUOTED = re.compile(r"[《「『]([^《》「」『』\n]*?[A-Za-z][^《》「」『』\n]*?)[》」』]")
_WIDE_PARENS = re.compile(r"（([\x20-\x7e]{1,80}?)）")
_SHORTCODE = re.compile(r":[a-z][a-z0-9_+-]{1,30}:")
"""An emoji shortcode (``:star:``, ``:trophy:``; not inside a word): a mark, no title's."""
_WIDE_COMMA = re.compile(r"(?<=[\x21-\x7e])\s*，\s*(?=[\x21-\x7e])")
"""A full-width comma between Latin text (``Title，ICLR 2016``): a comma."""
_CJK_TAIL = re.compile(r"(?<=\))[^()\n]*[\u3040-\u30ff\u4e00-\u9fff][^()\n]*$")
"""CJK text after the tag that follows a quoted Latin title (``Vaswani ほか``): a note."""
_INLINE_ANYWHERE = (
    ("shields.io/badge/", re.compile(r"shields\.io/badge/")),
    ("`", re.compile(r"`[^`\n]{2,40}`")),
    ("·", re.compile(r"·[^\n]*\s·\s")),
    ("《", _CJK_QUOTED),
    ("「", _CJK_QUOTED),
    ("（", _WIDE_PARENS),
    (":", _SHORTCODE),
    (" / ", re.compile(r"\S / [^\n]*\S / \S")),
    ("，", re.compile(r"，[ \t]*[\x21-\x7e]")),  # a literal first: a fast scan
    ("ptional", re.compile(rf"(?:--|[-–—])[ \t]+{_LABELS}[ \t]*$|\({_LABELS}\)[ \t]*$",
                           re.MULTILINE | re.IGNORECASE)),
)
"""Other lines :func:`_inline` may rewrite, each looked for only when the text holds its
literal (``ptional`` for a trailing label: required readings come with optional ones)."""
_BREAK_LINES = re.compile(r"(?:<[bB][rR][^>\n]*>|\\)[ \t]*$", re.MULTILINE)


def as_markdown(text: str) -> list[str]:
    """The lines of ``text`` with the structures above rewritten as Markdown, one for one."""
    out = text.split("\n")
    if more_markdown(out, text) | card_blocks(out, text):
        text = "\n".join(out)
    marks: dict[str, list[int]] = {">": [], ":": [], ".": [], "#": []}
    fields: list[int] = []
    alone: list[int] = []
    inline: list[int] = []
    for i, m in _line_matches(text, _LINE_STARTS):
        if m["mark"]:
            marks[m["mark"][0]].append(i)
        else:
            (fields if m["field"] else alone if m["alone"] else inline).append(i)
    if marks["."] or ("`" in text and "`_" in text):
        _restructured(out)
    for i in marks[">"]:
        out[i] = out[i][2:] if out[i][1:2] == " " else out[i][1:]  # a blockquote's lines
    if marks[":"]:
        _definitions(out, marks[":"])
    if marks["#"]:
        _org(out)
        text = "\n".join(out)
        fields, alone, inline = _starts(text)
    for literal, pattern in _INLINE_ANYWHERE:
        if literal in text:
            inline += [i for i, _ in _line_matches(text, pattern)]
    if fields:
        field_blocks(out, fields)
    if "\n#" in text:
        heading_blocks(out, "\n" + text)
    for i in sorted(set(inline)):
        out[i] = _inline(out[i])
    if "@" in text:
        bibtex_records(out, text)
    if "\u25cf" in text or "\u25a0" in text or "\u25aa" in text:
        glyph_headings(out, text)
    for i in line_leads(text):
        out[i] = rewrite_lead(out[i])
    if ("<" in text and ("<br" in text or "<BR" in text)) or ("\\" in text and (
            "\\\n" in text or text.endswith("\\"))):
        _hard_breaks(out, [i for i, _ in _line_matches(text, _BREAK_LINES)])
    if alone:
        _links_alone(out, alone)
    if "<tr" in text or "<TR" in text:
        _html_rows(out)
    if "[^" in text:
        for i, _ in _line_matches(text, _FOOTNOTE):
            out[i] = _FOOTNOTE.sub("- ", out[i], count=1)
    return out


_FOOTNOTE = re.compile(r"^[ \t]{0,3}\[\^[^\]\s]{1,20}\]:[ \t]+", re.MULTILINE)
"""A footnote's definition (``[^1]: Authors. Title. Venue 2024.``): an item of a list."""


_ROW_OPEN = re.compile(r"(?i)\s*<tr\b[^>]*>\s*$")
_ROW_CLOSE = re.compile(r"(?i)\s*</tr>\s*$")
MAX_ROW_LINES = 12
"""An HTML table row written one cell a line is joined when it closes within this many lines."""


def _html_rows(out: list[str]) -> None:
    """``<tr>`` / ``<td>Title</td>`` / ``<td>OSDI</td>`` / ``</tr>``: a row written one cell a
    line is its cells on the first cell's line (the others blank), as a row on one line."""
    i = 0
    while i < len(out):
        if _ROW_OPEN.match(out[i]) is None:
            i += 1
            continue
        end = next((j for j in range(i + 1, min(len(out), i + MAX_ROW_LINES))
                    if _ROW_CLOSE.match(out[j])), None)
        cells = [j for j in range(i + 1, end or i) if out[j].strip()]
        if len(cells) >= 2 and "<td" in out[cells[0]].lower():
            out[cells[0]] = " ".join(out[j].strip() for j in cells)
            for j in cells[1:]:
                out[j] = ""
        i = end or i + 1


def _starts(text: str) -> tuple[list[int], list[int], list[int]]:
    """The field, link-alone and inline lines of ``text`` (after org-mode's rewrite)."""
    fields: list[int] = []
    alone: list[int] = []
    inline: list[int] = []
    for i, m in _line_matches(text, _LINE_STARTS):
        if not m["mark"]:
            (fields if m["field"] else alone if m["alone"] else inline).append(i)
    return fields, alone, inline


def _line_matches(text: str, pattern: re.Pattern[str]) -> list[tuple[int, re.Match[str]]]:
    """Each line of ``text`` where ``pattern`` matches (its index) with the first match."""
    found: list[tuple[int, re.Match[str]]] = []
    line, pos = 0, 0
    for m in pattern.finditer(text):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        if not found or found[-1][0] != line:
            found.append((line, m))
    return found


def _restructured(out: list[str]) -> None:
    targets: dict[str, str] = {}
    skipping = False
    for i, line in enumerate(out):
        if skipping and _RST_OPTION.match(line):
            out[i] = ""
            continue
        skipping = False
        if (m := _RST_TARGET.match(line)) is not None:
            targets[m.group(1).strip().casefold()] = m.group(2)
            out[i] = ""
        elif _RST_DIRECTIVE.match(line):
            out[i], skipping = "", True
    for i, line in enumerate(out):
        if "`" not in line and "#." not in line:
            continue
        line = _RST_LINK.sub(lambda m: f"[{m.group(1)}]({m.group(2)})", line)
        line = _RST_REF.sub(lambda m: _rst_ref(m, targets), line)
        out[i] = _RST_ENUM.sub(r"\g<1>1.", line)


def _rst_ref(m: re.Match[str], targets: dict[str, str]) -> str:
    url = targets.get(m.group(1).strip().casefold())
    return f"[{m.group(1)}]({url})" if url else m.group(1)


def _definitions(out: list[str], found: list[int]) -> None:
    """A definition list (``Title`` / ``: Authors. MLSys 2020.``, Markdown's extension): the
    definition as a line indented under its term, read as a plain-text block's."""
    for i in found:
        if i and out[i - 1].strip():
            out[i] = "   " + out[i][2:].lstrip()


def _org(out: list[str]) -> None:
    drawer = False
    for i, line in enumerate(out):
        if drawer or _ORG_DRAWER.match(line):
            drawer = not (drawer and line.strip() == ":END:") and line.strip() != ":END:"
            out[i] = ""
            continue
        if (k := _ORG_KEYWORD.match(line)) is not None:
            out[i] = f"# {k.group(2)}" if k.group(1).upper() == "TITLE" else ""
            continue
        line = _ORG_LINK.sub(lambda m: f"[{m.group(2)}]({m.group(1)})", line)
        if (h := _ORG_HEADING.match(line)) is not None and h.group(3):
            level, keyword, body = len(h.group(1)), h.group(2), h.group(3)
            if level > 1 and (keyword or "](" in body):
                line = "  " * (level - 2) + "- " + body
            else:
                line = "#" * min(level, 6) + " " + body
        out[i] = line


def _inline(line: str) -> str:
    """Badges, backtick tags, labels, a leading date and ``·`` fields on one line."""
    if "shields.io/badge/" in line:
        line = _BADGE.sub(_badge, line)
        if "[(" in line:  # [![OSDI](badge)](url): the tag, not a link whose text is the tag
            line = _LINKED_TAG.sub(r"\1", line)
    if "`" in line:
        line = _BACKTICK.sub(_backtick, line)
    if not line.isascii() and (quoted := _CJK_QUOTED.sub(_cjk_quoted, line)) != line:
        line = _CJK_TAIL.sub("", _WIDE_PARENS.sub(r" (\1) ", quoted)).rstrip()
    elif not line.isascii():
        line = _WIDE_PARENS.sub(r" (\1) ", line)
    if ":" in line:
        line = _SHORTCODE.sub(_shortcode, line).rstrip()
    if "，" in line:
        line = _WIDE_COMMA.sub(", ", line)
    if line.lstrip()[:1] == "|" or _HEADING.match(line):
        return line
    bm = _BULLET.match(line)
    head, body = (line[: bm.start(3)], bm.group(3)) if bm else ("", line)
    if body[:1] == "[" and body[1:4] in ("x] ", " ] ", "X] "):
        head, body = head + body[:4].replace("X", "x"), body[4:]
    new = _LABEL_PREFIX.sub("", body, count=1)
    new = _LABEL_SUFFIX.sub("", new, count=1)
    if (d := _LEADING_DATE.match(new)) is not None and d.end() < len(new):
        new = new[d.end():]
    if new.count(" · ") >= 2:
        new = _MIDDOT_FIELDS.sub(" | ", new)
    elif new.count(" / ") >= 2 and "](" not in new:
        new = new.replace(" / ", " | ")
    if new.count(" | ") >= 2 and new[:1] != "|":
        new = _fields_line(new)
    return line if new == body else head + new


def _fields_line(text: str) -> str:
    """``Title | NeurIPS 2023 | [paper](url)``: fields of a record on one line (a table row
    without its pipes at the ends). The longest field that is not a link is the title, short
    fields (a venue, a kind) are tags in parentheses after it (a known venue without a year
    before it), links stay links."""
    fields = [f.strip() for f in text.split(" | ") if f.strip()]
    texts = [f for f in fields if f[:1] != "[" and not f.startswith("http")]
    if not texts:
        return text
    title = max(texts, key=len)
    lead = [f"[{f}]" for f in texts if f is not title and _venue_only(f)]  # [arXiv] Title
    rest = [f if f[:1] == "[" or f.startswith("http") or len(f.split()) > 4 else f"({f})"
            for f in fields if f is not title and not _venue_only(f)]
    return " ".join([*lead, title, *rest])


def _venue_only(field: str) -> bool:
    """A known venue without a year (``arXiv``): a leading tag, where no year is needed."""
    tag = _venue_tag(field, need_year=False)
    return tag is not None and tag[0] is not None and tag[1] is None


def _shortcode(m: re.Match[str]) -> str:
    s, i, j = m.string, m.start(), m.end()
    inside = (i and (s[i - 1].isalnum() or s[i - 1] in ":/")) or (j < len(s) and s[j].isalnum())
    return m.group(0) if inside else ""


def _cjk_quoted(m: re.Match[str]) -> str:
    """A title in CJK book-title marks or corner quotes (``《Title》``, ``「Title」``), in a
    Latin script: the same title in quotes. CJK titles keep their marks (notes are CJK)."""
    inner = m.group(1).strip()
    return f'"{inner}"' if inner.isascii() else m.group(0)


def _badge(m: re.Match[str]) -> str:
    parts = [p.replace("--", "-").replace("_", " ").replace("%20", " ")
             for p in _BADGE_PART.split(m.group(1))]
    if len(parts) >= 2:
        tag = _venue_tag(f"{parts[0]} {parts[1]}", need_year=True)
        if tag is not None and tag[0] is not None and tag[1] is not None:
            return f"({parts[0]} {parts[1]})"
    return m.group(0)


def _backtick(m: re.Match[str]) -> str:
    tag = _venue_tag(m.group(1), need_year=True)
    if tag is not None and tag[0] is not None and tag[1] is not None:
        return f"({m.group(1)})"
    return m.group(0)


def _hard_breaks(out: list[str], found: list[int]) -> None:
    """A line that ends in a hard break and a next line of text: the next line describes it.

    The next line becomes a nested item of the entry's (a plain line an item first), so it is
    read as the lines nested under an entry are, never joined into its title."""
    for i in found:
        if i + 1 >= len(out):
            continue
        line, nxt = out[i], out[i + 1]
        if not nxt.strip() or not _HARD_BREAK.search(line):
            continue
        if _BULLET.match(nxt) or nxt.lstrip()[:1] in "#|<":
            continue
        line = _HARD_BREAK.sub("", line)
        bm = _BULLET.match(line)
        if bm is None and line[:1] in " \t":
            continue
        out[i] = line if bm else f"- {line}"
        indent = bm.start(3) if bm else 2
        out[i + 1] = " " * indent + "- " + nxt.strip()


def _links_alone(out: list[str], found: list[int]) -> None:
    """``[Title](url)`` alone on a plain line, then one bullet at the margin and a blank: an
    entry and the line that describes it (``- Authors. arXiv 2019.``)."""
    n = len(out)
    for i in found:
        line = out[i]
        if i + 1 >= n or not _LINK_ALONE.match(line.rstrip()):
            continue
        if (i > 0 and out[i - 1].strip()) or (i + 2 < n and out[i + 2].strip()):
            continue
        nxt = out[i + 1]
        bm = _BULLET.match(nxt)
        if bm is None or bm.group(1) or bm.group(3)[:1] in "[#|<":
            continue  # a plain line under it makes a plain-text block, read as one
        out[i] = f"- {line.rstrip()}"
        out[i + 1] = f"  - {bm.group(3)}"
