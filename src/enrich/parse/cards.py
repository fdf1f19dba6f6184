"""Search engines' result cards copied as text, read as an item and the lines nested under it.

Part of the pass of :mod:`~enrich.parse.dialects` (line for line). A card is a block of lines
between blanks: the title on its first line, then lines about it, one of which is the card's
venue line, the evidence that names it:

- Semantic Scholar: ``Venue name · 2021`` (then ``1,923 Citations · Highly Influential``,
  ``TLDR ...``);
- Google Scholar: ``Z Zhang, Y Sheng… - Venue name, 2023 - host.org`` (the authors, a dash,
  the venue and year, a dash and the host the result links to).

The title line becomes a list item (without Scholar's ``[PDF]``/``[HTML]``/``[CITATION]``
marks) and every other line of the block a line nested under it, with the venue line as
``(Venue Year)`` (a venue written out in full by its short name): the walk reads such lines
as it reads the lines nested under any entry.
"""

from __future__ import annotations

import re

from enrich.venues import long_venue_name

_S2_VENUE = re.compile(
    r"^(\S[^·\n]{1,150}?) · ((?:19|20)\d\d)[ \t]*\n[\d,]+ Citations?\b", re.MULTILINE)
"""A Semantic Scholar card's venue line, with its citation count on the next line."""
_SCHOLAR_VENUE = re.compile(
    r"^[A-Z]{1,3} [^\W\d_][^,\n]{0,40}(?:, [A-Z]{1,3} [^\W\d_][^,\n]{0,40}?)*…? - "
    r"([^\n]{2,200}?),? ((?:19|20)\d\d)(?: - [\w.-]+\.[a-z]{2,6})?[ \t]*$",
    re.MULTILINE,
)
"""A Google Scholar result's second line: authors as initials and surname (``Z Zhang, Y Sheng…``),
a dash, the venue and year (and a dash and the host)."""
_SCHOLAR_MARK = re.compile(r"^\[(?:PDF|HTML|CITATION|BOOK|DOC)\]\s+")
_ARXIV_PREPRINT = re.compile(r"(?i)^arxiv preprint(?: arxiv:\S+)?$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s")
MAX_CARD_LINES = 6
"""A card's lines: title, authors, venue, counts, TLDR (and one more); a longer block is not
one."""


def card_blocks(out: list[str], text: str) -> bool:
    """Rewrite each card of ``out`` (the list ``text`` split) in place, as the module says;
    whether there was one."""
    found = _venue_lines(text, _S2_VENUE) if " · " in text else {}
    if " - " in text:
        found.update(_venue_lines(text, _SCHOLAR_VENUE))
    done = -1
    for i in sorted(found):
        start = i
        while start > 0 and out[start - 1].strip():
            start -= 1
        end = i
        while end + 1 < len(out) and out[end + 1].strip():
            end += 1
        if start <= done or start == i or end - start >= MAX_CARD_LINES or any(
                _ITEM.match(out[j]) or out[j][:1] in " \t#|<" for j in range(start, end + 1)):
            continue
        out[start] = "- " + _SCHOLAR_MARK.sub("", out[start].strip())
        for j in range(start + 1, end + 1):
            out[j] = "  - " + (found[i] if j == i else out[j].strip())
        done = end
    return done >= 0


def _venue_lines(text: str, pattern: re.Pattern[str]) -> dict[int, str]:
    """Each line index of ``text`` that ``pattern`` matches, with the venue line it reads as."""
    found: dict[int, str] = {}
    line, pos = 0, 0
    for m in pattern.finditer(text):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        venue = m.group(1).strip()
        venue = "arXiv" if _ARXIV_PREPRINT.match(venue) else venue.removesuffix(".org")
        venue = long_venue_name(venue) or venue
        found[line] = f"({venue} {m.group(2)})"
    return found
