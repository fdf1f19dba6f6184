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
from enrich.parse.reference import _ID, container_venue, last_year, make_item
from enrich.parse.text import _CJK
from enrich.parse.venuetag import _venue_tag
from enrich.venues import long_venue_name

_SPLIT = re.compile(r"(?<=[^\s.])[.,]\s+")
"""Where a title may end: a full stop or comma (not an initial's: ``J. S.``) and a space."""
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
    tag = _venue_tag(container.strip(" .,;"), need_year=False)
    if tag is not None and tag[0] is not None:
        return tag
    return _venue_in(container) or long_venue_name(container), last_year(container)


def read_title_first(s: str) -> Item | None:
    """The title, venue and year of a title-first reference (see the module docstring), or
    ``None`` when ``s`` is not one."""
    text = _ID.sub(" ", s) if ("/" in s or ":" in s) else s
    opening = author_block(text)
    if opening is not None and opening.strong and opening.first not in _WEAK_FORMS:
        return None  # it opens with names: not a title first
    if opening is not None and opening.names >= 2:
        after = text[opening.end :].lstrip(" .,;:")
        if not after or after[0] in "([" or after[0].isdigit():
            return None  # names and a tag: the authors of the entry above
    for n, m in enumerate(_SPLIT.finditer(text)):
        if n >= MAX_SPLITS:
            break
        title, rest = text[: m.start()].strip(), text[m.end() :]
        if not rest[:1].isalpha():
            continue
        one_word = " " not in title and not _CJK.match(title)
        if (q := _QUOTE_PAIR.match(title)) is not None:
            title = q[1]  # one pair: ""Autoscaling Is Hard": ..." keeps its inner quote
        block = author_block(rest)
        if one_word and (block is not None or not title[:1].isupper()):
            continue  # a name alone before authors is too little (Dremel, Xin Zhuang)
        if _is_names(title, block):
            continue  # names: "Francisco Romero, Qian Li, ... (ATC 2021)"
        if block is not None and (block.strong or block.names >= 2):
            after = rest[block.end :]
            if not after.strip(" .,;"):
                return make_item(title, None, None)  # Title, Authors: nothing after them
            venue, year = _source(after)
            if venue is not None or year is not None:  # a known venue or a year: a source
                return make_item(title, venue or container_venue(after), year)
        elif m.group()[0] == "." and len(rest.split()) <= MAX_BARE_CONTAINER_WORDS:
            venue, year = _source(rest)
            if venue is not None and year is not None:  # Borg. ASPLOS 2018.
                return make_item(title, venue, year)
    return None
