"""Line kinds of a list (headings, bullets, fences, rules, table rows) and where it can be cut.

The walker (:mod:`enrich.parse.document`) and :func:`heading_splits` read lines with the same
patterns and the same :class:`_Hidden` tracker, so they agree on what is content."""

from __future__ import annotations

import re
from collections.abc import Sequence

from enrich.parse.context import heading_tags
from enrich.parse.text import _CJK, _ends_sentence, _topic_text
from enrich.parse.words import _LOWER_WORD, _PARTICLE_START

_EMPH_UNDERSCORE = re.compile(r"(?<![\w\\])_|_(?!\w)")
"""An underscore that opens or closes emphasis (not one inside a word: ``snake_case``)."""

MAX_LINE_CHARS = 10_000
"""Longer lines are skipped with a warning. Real entries are under 1,000 characters; a pasted
blob or a minified 5 MB line would otherwise cost seconds of regex time for nothing."""


_BULLET_CHARS = "-*+\u2022\u00b7\u25aa\u25e6\u2023\u25cf\u25cb\u25a0\u25a1\u25ba\u27a4\u2013"


_BULLET = re.compile(rf"^([ \t]*)([{_BULLET_CHARS}]|\d{{1,3}}[.)])[ \t]+(\S.*)$")
"""A list item: ``-``/``*``/``+``, typographic bullets (``•``, ``▪``, ``➤``...) or ``1.``/``1)``."""


_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")


_FENCE = re.compile(r"^ {0,3}(```|~~~)")


_RULE = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|={3,}[ \t]*)$")


_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")


_TABLE_ROW = re.compile(r"^\s*\|.*\|")
"""A GFM table row: it opens with a pipe and has another (the closing pipe is optional)."""


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


def _open_emphasis(text: str) -> bool:
    """Whether ``text`` opens emphasis it does not close (``_Title wrapped`` / ``Models_``)."""
    if "**" in text:
        return text.count("**") % 2 == 1
    if "*" in text:
        return text.count("*") % 2 == 1
    return "_" in text and len(_EMPH_UNDERSCORE.findall(text)) % 2 == 1


def _should_join(current: str, nxt: str) -> bool:
    """Whether plain line ``nxt`` continues entry text ``current`` (see "Wrapped entries")."""
    if current.count("[") > current.count("]") or _open_emphasis(current):
        return True
    if (
        "](" in nxt
        and "](" not in current
        and nxt.lstrip()[:1].isalnum()
        and not _ends_sentence(current.rstrip())
        and not current.rstrip().endswith(":")  # Compilers: (a topic line above an entry)
    ):
        return True  # Title wrapped before its links: A Unified ... Distributed / DNN ... [[Paper]]
    st = nxt.strip()
    if _CJK.search(st) or current.rstrip().endswith((")", "]")):
        return False
    if _ends_sentence(st) and not st.endswith("]"):
        return False
    return bool(_LOWER_WORD.match(st)) and _PARTICLE_START.match(st) is None


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
    section, a table, a wrapped entry, an open item), but for the venue or year of a heading
    above it (``## 2024`` over ``### OSDI``): those are not cut at. So parsing the pieces
    separately, with ``line_offset``, gives exactly the entries of parsing the whole. Headings
    inside fenced code, HTML comments or the first 200 lines (where front matter may be) are
    not cut at.
    """
    candidates: list[int] = []
    hidden = _Hidden()
    context: dict[int, bool] = {}  # heading level -> whether it gives a venue or year
    for idx, raw in enumerate(lines):
        line = raw.rstrip("\r")
        if len(line) > MAX_LINE_CHARS or hidden.skip(line, line.strip()):
            continue  # exactly the lines parse_list skips before it looks for headings
        if "#" in line[:4] and (m := _HEADING.match(line)):  # "#" after at most three spaces
            level, heading = len(m.group(1)), m.group(2) or ""
            # a heading under a "## 2024" keeps its year: no cut there
            inherited = any(on for lv, on in context.items() if lv < level)
            if idx > 200 and _topic_text(heading) and not inherited:
                candidates.append(idx)
            context = {lv: on for lv, on in context.items() if lv < level}
            context[level] = heading_tags(heading) != (None, None)
    cuts: list[int] = []
    for k in range(1, parts):
        target = len(lines) * k // parts
        best = min(candidates, key=lambda c: abs(c - target), default=None)
        if best is not None and (not cuts or best > cuts[-1]):
            cuts.append(best)
    return cuts
