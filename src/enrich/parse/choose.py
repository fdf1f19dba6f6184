"""Choosing an item's entry among its candidates, and judging it by where its links point.

:func:`read_entry` is what the document walker calls for every item text. An item without
Markdown links or escapes has one reading (:func:`~enrich.parse.items.parse_item` on its
text); otherwise its inline structure gives candidates (:mod:`enrich.parse.candidates`), the
first that reads as a paper is kept, and then judged by this evidence:

``not_a_paper_link``
    (not for a labelled link: ``code [Title](github)`` names the code of the paper ``Title``)
    every link points at code, a blog post, a video, a course or a leaderboard, or at another
    part of the same repository (:func:`~enrich.parse.links.link_kind`), none at a paper, and
    the item names no venue: a tool or a post (``- Brusta: PyTorch model serving project
    [[GitHub]](...)``, ``- [Architecture & Efficient Mechanisms](neurips25-mlsys/arch.md)``).
"""

from __future__ import annotations

import re

from enrich.parse.candidates import LABELS, candidates
from enrich.parse.inline import read_inline
from enrich.parse.items import parse_item
from enrich.parse.links import CODE, LOCAL, MEDIA, PAPER, link_kind
from enrich.parse.model import Item, Rejected
from enrich.parse.text import HREF, tooltip_titles

_NOT_PAPERS = frozenset((CODE, MEDIA, LOCAL))
"""Link kinds that, with no paper link and no venue, make an item not a paper."""
_STRUCTURE = re.compile(
    rf"\\|:\]\(|\uff1a|[.,;*_]\s+\[|\]\({HREF}\)\**[ \t]*(?:[:\uff1a]|[a-z])"
)
"""An escape, a colon at a link's edge (``[Name](url): ...``, ``[Name:](url)``), a full stop
or emphasis before a link (``Title. [[Paper]](url)``), a lower-case word after a link."""
_DIRTY = re.compile(r"[\[\]()\\]|\.pdf")
"""What a clean title does not hold: Markdown brackets, a URL's parenthesis, an escape."""
_HREF = re.compile(r"\]\(\s*<?([^)\s>]*)")
"""A Markdown link's target, for the cheap path of :func:`read_entry`."""


def needs_inline(text: str) -> bool:
    """Whether ``text`` has inline structure worth tokenizing: a link or an escape."""
    return "](" in text or "\\" in text


def _structured(text: str) -> bool:
    """Whether the inline structure may change the reading (the cheap checks of
    :func:`read_entry`): an escape, a colon at a link's edge (``[Name](url): rest``,
    ``[Name:](url)``), a label word before a link (``code [Title](url)``), a full stop before a
    link."""
    if _STRUCTURE.search(text) is not None:
        return True
    head = text[:12]
    space = head.find(" [")
    return space > 0 and head[:space].casefold().rstrip(":") in LABELS


def _clean_title(title: str) -> bool:
    """A title with no Markdown left in it (a URL's parenthesis, a bracket, an escape)."""
    return _DIRTY.search(title) is None


def read_entry(text: str, *, bullet: bool = True, short_ok: bool = False) -> Item | Rejected:
    """One item text's entry, or why it is not one (see the module docstring).

    Cached for the few lines read twice: a nested line is read to decide whether it is a
    paper of its own, then read as one."""
    if not needs_inline(text):
        return parse_item(text, bullet=bullet, short_ok=short_ok)
    text = tooltip_titles(text)
    if not _structured(text):
        # the common linked entry reads the same either way: tokenize only when it does not
        result = parse_item(text, bullet=bullet, short_ok=short_ok)
        if not isinstance(result, Item):
            return result
        if _clean_title(result.title):
            return _judged(result, text, None)
    inline = read_inline(text)
    result = Rejected("empty")
    for cand in candidates(inline, text):
        result = parse_item(cand.text, bullet=bullet, short_ok=short_ok)
        if isinstance(result, Item):
            if cand.evidence == "labelled_link":
                return result  # "code [Title](github)": the label says what the link is
            break
    return _judged(result, text, [link.href for link in inline.links])


def _judged(result: Item | Rejected, text: str, hrefs: list[str] | None) -> Item | Rejected:
    """``result``, unless the links of ``text`` (``hrefs``, else read from it) say it is not a
    paper (``not_a_paper_link``)."""
    if not isinstance(result, Item) or result.venue is not None:
        return result
    if hrefs is None:
        hrefs = [m.group(1) for m in _HREF.finditer(text)]
    if not hrefs:
        return result
    kinds = {link_kind(href) for href in hrefs}
    if PAPER not in kinds and kinds <= _NOT_PAPERS:
        return Rejected("not_a_paper_link")
    return result
