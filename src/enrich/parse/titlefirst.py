"""References that give the title first, the mirror of :mod:`enrich.parse.reference`.

``Title. A. Author and B. Author. VENUE'YY.`` (BibTeX-ish), ``Title, Author, A. et al.``,
``"Title". Authors. VENUE 2018.``, ``Title. Proc. VLDB Endow. 2022.``: the title ends at a
full stop or comma after which comes either an author block (the same forms as before a title,
:func:`~enrich.parse.authors.author_block`) that ends the entry or is followed by a container
naming a venue or year, or, with no authors, a short container that names a known venue and a
year. Only the first :data:`MAX_SPLITS` places are tried, so a long line costs a bounded
number of author-block reads.
"""

from __future__ import annotations

import re

from enrich.parse.authors import _WEAK_FORMS, AuthorBlock, author_block
from enrich.parse.citations import _venue_in
from enrich.parse.model import Item
from enrich.parse.reference import _ID, _NOT_A_STOP, container_venue, last_year, make_item
from enrich.parse.tags import _NOT_A_FIRST_AUTHOR
from enrich.parse.text import _CJK
from enrich.parse.venuetag import _venue_tag
from enrich.venues import long_venue_name

_SPLIT = re.compile(r"(?<=[^\s.])(?P<stop>[.,])\s+|\s[-\u2013\u2014]{1,2}\s+|\s(?=by\s)")
"""Where a title may end: a full stop or comma and a space, a spaced dash, or before ``by``."""
MAX_SPLITS = 12
"""Places tried: a title has at most a few commas and full stops."""
MAX_BARE_CONTAINER_WORDS = 8
"""``Title. Proc. VLDB Endow. 2022.``: a container with no authors before it is this short."""
_QUOTE_PAIR = re.compile(r'^"(.*)"$')


def _is_names(text: str, after: AuthorBlock | None) -> bool:
    """Whether ``text`` is all names (an author block to its end): initials, several names, or
    one in the form of the names after it (``Minjia Zhang, Samyam Rajbhandari``; but not
    ``Mixed Precision Training, He, O.``)."""
    block = author_block(text)
    if block is None or block.end < len(text.rstrip(" .")):
        return False
    return block.strong or block.names >= 2 or (after is not None and after.first == block.first)


def _source(container: str) -> tuple[str | None, int | None]:
    """The known venue and the year a container names: a tag (``SC'09``, ``FAST11``, ``MLSys
    2012``), else a known venue's name and the last year in it."""
    tag = _venue_tag(container.strip(" .,;()[]"), need_year=False)
    if tag is not None and tag[0] is not None:
        return tag if tag[1] is not None else (tag[0], last_year(container))  # SOSP, 2019
    return _venue_in(container) or long_venue_name(container), last_year(container)


def _may_end(title: str, m: re.Match[str]) -> bool:
    """Whether a title may end at ``m``: not at an initial's or abbreviation's full stop
    (``W. Kwon``, ``et al.``), nor inside parentheses or brackets."""
    if m["stop"] == ".":
        word = title.rsplit(" ", 1)[-1]
        if (len(word) == 1 and word.isupper()) or word in _NOT_A_STOP:
            return False
    return title.count("(") <= title.count(")") and title.count("[") <= title.count("]")


_NAME_SPLIT = re.compile(r"\s*(?:[,;]\s*(?:(?:and|&)\s+)?|\s(?:and|&)\s+)")
_TOPIC_WORD = re.compile(r"(?:.{3}ing|ism|tion|sion|ment|ness|ity|ics|ogy|ems|ures?)$")
"""Endings of a title's topic words (``Load Balancing``, ``Data Sharding``, ``Tensor
Parallelism``, ``Memory Systems``) that personal names rarely have."""


def _personal_names(names: str, block: AuthorBlock) -> bool:
    """Whether full names after a title's comma are its authors: at least two names in one
    form (``Sanjay Lim and Joo Seong Kaiser``), none with a topic word's ending (``Memory
    Systems, Load Balancing and Data Sharding`` is one title)."""
    if block.names < 2 or block.forms != {"full"}:
        return False
    words = [w for name in _NAME_SPLIT.split(names) for w in name.split()]
    return not any(_TOPIC_WORD.search(w.lower()) for w in words)


def _by_authors(block: AuthorBlock, rest: str, m: re.Match[str], *, at_link: bool) -> bool:
    """Whether the names after a title are its authors: initials or ``et al.`` after a comma,
    a dash or ``by`` (``Scaling Laws - Tensor Parallelism and Data Sharding`` goes on as a
    title), two full names after a full stop or a comma (:func:`_personal_names`); never a
    sentence (``See Zhang et al.``)."""
    word = rest.split(" ", 1)[0].rstrip(",.;:").lower()
    if block.first in _WEAK_FORMS and word in _NOT_A_FIRST_AUTHOR:
        return False  # "See Zhang et al.", "Also, Zhang et al."; but "He, O." is a name
    if block.strong or m["stop"] == "." or at_link:
        return True
    return m["stop"] == "," and _personal_names(rest[: block.end], block)


_LONE_NAME = re.compile(r"([^\W\d_][\w+\-]*),\s+")


def _lone_name_title(text: str, opening: AuthorBlock | None) -> Item | None:
    """``Pathways, D. Huang, A. Müller and R. Narayanan``, ``Spanner, He, A., Yu, J. and Dean,
    S.``: a name alone before a comma is the title when the names after it (with initials or
    ``et al.``) read to the entry's end or to its source, further than names read from its
    start do (``Kwon, W., Li, Z.`` is two authors, ``Kwon, Woosuk, et al.`` one and more)."""
    m = _LONE_NAME.match(text)
    if m is None or not m[1][:1].isupper():
        return None
    rest = text[m.end() :]
    block = author_block(rest)
    if block is None or not block.strong or (block.names < 2 and not block.et_al):
        return None
    if opening is not None and opening.end >= m.end() + block.end:
        return None
    if rest.split(" ", 1)[0].rstrip(",.;:").lower() in _NOT_A_FIRST_AUTHOR:
        return None
    after = rest[block.end :]
    if not after.strip(" .,;"):
        return make_item(m[1], None, None)
    venue, year = _source(after)
    if venue is None and year is None:
        return None
    return make_item(m[1], venue or container_venue(after), year)


def _linked_then_authors(text: str, linked: str) -> Item | None:
    """``[Title](url) Ann Lee, Bo Wu, et al. NSDI 2024``: the link's text, then its authors
    with no mark between (a ``<br>`` in a table cell), then a source or nothing."""
    if not text.startswith(linked + " ") or " " not in linked:
        return None
    rest = text[len(linked) :].lstrip()
    block = author_block(rest)
    if block is None or not (block.strong or block.names >= 2):
        return None
    after = rest[block.end :]
    venue, year = _source(after)
    if venue is None and year is None and after.strip(" .,;"):
        return None
    return make_item(linked, venue or container_venue(after), year)


def read_title_first(s: str, *, linked: str | None = None) -> Item | None:
    """The title, venue and year of a title-first reference (see the module docstring), or
    ``None`` when ``s`` is not one. ``linked``: the text of a link that opened the entry, which
    is its title whatever its length, with its authors after it in any name form
    (``[Orca](url), C. Qiao and L. Ivanova``)."""
    text = _ID.sub(" ", s) if ("/" in s or ":" in s) else s
    opening = None if linked is not None else author_block(text)
    if linked is None and (lone := _lone_name_title(text, opening)) is not None:
        return lone
    if linked is not None and (by_link := _linked_then_authors(text, linked)) is not None:
        return by_link
    if opening is not None and opening.strong and opening.first not in _WEAK_FORMS:
        return None  # it opens with names: not a title first
    if opening is not None and opening.names >= 2:
        after = text[opening.end :].lstrip(" .,;:")
        if not after or after[0] in "([" or after[0].isdigit():
            return None  # names and a tag: the authors of the entry above
    for n, m in enumerate(_SPLIT.finditer(text)):
        if n >= MAX_SPLITS:
            break
        title, rest = text[: m.start()].strip().rstrip(" -:"), text[m.end() :]
        if rest.startswith("by "):
            rest = rest[3:]
        if not rest[:1].isalpha() or not _may_end(title, m):
            continue
        at_link = linked is not None and title == linked and m["stop"] is not None
        one_word = " " not in title and not _CJK.match(title) and not at_link
        if (q := _QUOTE_PAIR.match(title)) is not None:
            title = q[1]  # one pair: ""Autoscaling Is Hard": ..." keeps its inner quote
        block = author_block(rest)
        if one_word and (block is not None or not title[:1].isupper()):
            continue  # a name alone before authors is too little (Dremel, Xin Zhuang)
        if _is_names(title, block):
            continue  # names: "Francisco Romero, Qian Li, ... (ATC 2021)"
        if block is not None and _by_authors(block, rest, m, at_link=at_link):
            after = rest[block.end :]
            venue, year = _source(after)
            if not after.strip(" .,;") and (block.strong or block.names >= 2 or at_link):
                return make_item(title, None, None)  # Title, Authors: nothing after them
            if venue is not None or year is not None:  # a known venue or a year: a source
                return make_item(title, venue or container_venue(after), year)
        elif block is None and m["stop"] == "." and len(rest.split()) <= MAX_BARE_CONTAINER_WORDS:
            venue, year = _source(rest)
            if venue is not None and year is not None:  # Borg. ASPLOS 2018.
                return make_item(title, venue, year)
    return None
