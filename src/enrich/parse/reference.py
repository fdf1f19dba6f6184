"""A reference in any citation style, split into its fields: authors, year, title, container.

Reference styles differ in punctuation, not in order: almost all write the author block
first, then (author-date styles) the year, then the title, then the container (journal or
proceedings) with volume, pages, publisher, year and identifiers. So one reading covers them:

1. **ids out** (:data:`_ID`): URLs, DOIs, ``arXiv:2004.05067`` (an id, not the year 2004).
2. **authors** (:func:`~enrich.parse.authors.author_block`): the names that open the text.
3. **year after the authors**: ``(2023)``, ``2023.``, ``, 2023.`` (author-date styles).
4. **title**: from there to the first field boundary (:func:`title_end`): a closing quote or
   emphasis, ``. ``, a type mark (``[C]``, ``[J/OL]``), ``//``, ``In:``, or a comma before a
   container (``, in:``, ``, Journal of ..., 12``).
5. **container**: the rest, which names the venue (a known venue, or a known venue's long
   name ``Symposium on Operating Systems Principles``, else the container as written) and
   the year (the last year in it, when the authors were not followed by one).

A block of full names only (``Woosuk Kwon and Zhuohan Li.``) is weak evidence (a title can
look like names), so then the year must follow the names, or the container must name a venue
or a year. Rejection rules still apply to the title (:func:`~enrich.parse.rules._finish`).
"""

from __future__ import annotations

import re

from enrich.parse.authors import AuthorBlock, author_block
from enrich.parse.citations import _venue_in
from enrich.parse.model import Item
from enrich.parse.rules import _finish
from enrich.parse.tags import _Tags
from enrich.parse.text import _CJK, _strip_clutter, _strip_emphasis
from enrich.parse.venuetag import LATEST_TAG_YEAR
from enrich.parse.words import _PARTICLE_START
from enrich.venues import long_venue_name

_ID = re.compile(
    r"(?i)(?:https?://|www\.)\S+"
    r"|\b(?:doi|DOI)\s?:?\s?10\.\d{4,9}/\S+|\b10\.\d{4,9}/\S+"
    r"|\barxiv\s?:?\s?(?:\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[a-z]{2})?/\d{7})(?:v\d+)?"
    r"|\b(?:isbn|issn)\s?:?\s?[\dxX\-]{8,17}"
)
"""Identifiers whose digits are not a year: URLs, DOIs, arXiv ids, ISBNs."""
_ARXIV_YEAR = re.compile(r"(?i)\barxiv\s?:?\s?(\d\d)(?:0[1-9]|1[0-2])\.\d{4,5}")
"""``arXiv:2004.05067``: an id whose first digits are the year (2020) and month it was filed."""
_YEAR_AFTER_AUTHORS = re.compile(
    r"[\s.,:;]*\(?(?P<y>(?:1[89]|20)\d\d)[a-z]?\)?(?:[.,:;]|(?=\s))\s*"
)
"""``(2023).``, ``. 2023.``, ``, 2023.``, ``(2023)`` right after the author block."""
_AFTER_AUTHORS = re.compile(r"[\s.,:;]*")
_YEAR = re.compile(r"(?<![\d\-\u2013./:])(?P<y>(?:1[89]|20)\d\d)(?![\d\-\u2013])")
"""A year in the container: not part of a page range (``2019-2031``) or a longer number."""
_BOUNDARY = re.compile(
    r"(?P<stop>[.?!]?(?:\.\s|\.$))|\[(?:[A-Z]{1,2}(?:/OL)?|Preprint|Internet)\]|//"
    r"|\s[Ii]n:\s|,\s(?=[Ii]n[:\s])"
)
"""Where a title ends: ``. ``, a type mark (``[C]``, ``[J/OL]``), ``//``, ``In:``, ``, in``."""
_NOT_A_STOP = frozenset(("vs", "e.g", "i.e", "Vol", "No", "St", "Dr", "Mr", "Ms", "cf", "al"))
"""Words whose full stop does not end the title (``Humans vs. Machines``); nor does a single
capital's (``U.S.``, ``Plan B.``)."""
_COMMA = re.compile(r",\s")
_CONTAINER_CUE = re.compile(
    r"(?:[Ii]n\b|[Pp]roc|Journal|Trans|Conference|Symposium|Workshop|Advances|arXiv|Preprint"
    r"|Commun|ACM|IEEE|[Vv]ol\b)"
)
"""Words that open a container (what follows a title): a journal or proceedings."""
_MONTHS = frozenset((
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
))  # fmt: skip
_CONTAINER_START = re.compile(r"(?:Journal|Proceedings|Proc\.|Transactions|Advances in)\b")
_VOLUME = re.compile(r"\s?\d{2,}\b")
"""A volume, pages or a year (two digits or more): ``Nature 521``, ``Foo Letters, 12``; one
digit is as often the title's own (``ImageNet in 1 Hour``)."""
_QUOTES = "\"\u201c\u201d\u00ab\u00bb"
_CONTAINER_LEAD = re.compile(r"^(?:[\s.,:;/]|[Ii]n:?\s|\[[^\]]{1,12}\])+")
_CONTAINER_END = re.compile(r"\s*(?:[.,;:(\[]|\d+(?!\d|st|nd|rd|th))")
_CONTAINER_YEAR = re.compile(r"^(?:1[89]|20)\d\d\s+")
"""``2019 IEEE Symposium on Security and Privacy``: a year that opens a proceedings name."""
_CITATION_LABEL = re.compile(r"^(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,4}[.)](?=\s)|[*+\-](?=\s))\s*")
"""``[12]``, ``(12)``, ``12.``: the number a bibliography gives a reference; ``*`` and ``-``:
a bullet's marker left in the text (``\\*`` escaped in Markdown)."""

_LEAD_SYMBOLS = re.compile(r"^(?::[a-z_]{1,30}:|[^\w\s\[(\"'*_<!\\])+\s*")
"""Emoji and ``:fire:`` codes before an entry (symbols that are no Markdown)."""

MAX_QUOTED_CHARS = 400
"""A quoted title closes within this many characters (the longest titles have about 300)."""
MAX_CONTAINER_WORDS = 16
"""A container name written out longer than this is not one (it ran into other fields)."""


def opens_reference(s: str) -> str | None:
    """``s`` from where a reference would start (after a bibliography's number ``[12]`` or
    ``(12)``, an emoji or a ``:fire:``), or ``None`` when it cannot open with an author block
    (a capital, or a surname's particle: ``van Renesse, R.``)."""
    s = without_lead(s)
    return s if s[:1].isupper() or _PARTICLE_START.match(s) else None


def without_lead(s: str) -> str:
    """``s`` without a bibliography's number (``[12]``, ``(12)``, ``12.``), a bullet's marker or
    the emoji before it."""
    first = s[:1]
    if (first in "[(*+-" or first.isdigit()) and (label := _CITATION_LABEL.match(s)) is not None:
        return s[label.end() :]
    if not first.isalnum() and (lead := _LEAD_SYMBOLS.match(s)) is not None:
        return s[lead.end() :]
    return s


def reference_item(s: str) -> Item | None:
    """``s`` read as a reference in a citation style (:mod:`enrich.parse.reference`), with its
    links' text in place and emphasis gone."""
    if s[:1].isalpha() and author_block(s) is None:
        return None  # no author block even before cleaning (most entries: decided cheaply)
    if "](" in s or "[" in s or "<" in s:
        s = _strip_clutter(s)
    return read_reference(_strip_emphasis(s))


_INITIALLED = re.compile(r"\b[A-Z]\.(?:[ -]?[A-Z]\.)* [A-Z][a-z]")
"""A name with initials (``C. A. Waldspurger``): the authors, named after the title."""
_FULL_ONLY = frozenset({"full"})
"""An author block of names written in full only (``Woosuk Kwon``), the weakest form."""


def _names_a_system(s: str, block: AuthorBlock) -> bool:
    """One name in full, then the authors: a title (``Optimistic Crash Consistency. V.
    Chidambaram, T. S. Pillai. SOSP 2013.``), or after a colon a system's name and its title
    (``Dominant Resource Fairness: Fair Allocation ... (Ghodsi et al., NSDI 2011)``), where
    DBLP's ``Leslie Lamport: Paxos Made Simple.`` is an author and a title."""
    if block.names != 1 or block.forms != _FULL_ONLY or s[block.end : block.end + 1] not in ":.":
        return False
    if s[block.end : block.end + 1] == ":":
        return "et al" in s[block.end :] or _INITIALLED.search(s, block.end) is not None
    after = author_block(s[block.end + 1 :].lstrip())
    return after is not None and after.strong


def read_reference(s: str) -> Item | None:
    """The title, venue and year of reference ``s`` (see the module docstring), or ``None``
    when ``s`` does not open with an author block followed by a title that ends."""
    block = author_block(s)
    if block is None or _names_a_system(s, block):
        return None
    text = _ID.sub(" ", s) if ("/" in s or ":" in s) else s
    arxiv = None
    if len(text) != len(s):
        arxiv = _ARXIV_YEAR.search(s)
        block = author_block(text)  # ids never open a reference: the same block, re-measured
        if block is None:
            return None
    year = None
    m = _YEAR_AFTER_AUTHORS.match(text, block.end)
    if m is not None:
        year = int(m["y"])
    else:
        m = _AFTER_AUTHORS.match(text, block.end)
    start = m.end() if m is not None else block.end
    if start == block.end and start < len(text):
        return None  # the names run on into words: not an author block
    title, rest = _title(text, start)
    if title is None:
        return None
    venue = container_venue(rest) or ("arXiv" if arxiv else None)
    year_after = last_year(rest) or (2000 + int(arxiv[1]) if arxiv else None)
    one_word = " " not in title and _CJK.search(title) is None
    if one_word and (title in _MONTHS or not (venue or year)):
        return None  # one word with nothing to date it, or a month ("2019, May."): not a title
    year = year or year_after
    if not _enough(block, year, venue, rest):
        return None
    return make_item(title, venue, year)


def make_item(title: str, venue: str | None, year: int | None) -> Item | None:
    """The entry, once the rules on a title (:func:`~enrich.parse.rules._finish`) pass it; a
    title in CJK script is one here (the fields say it is a reference), not a note."""
    tags = _Tags()
    if venue is not None or year is not None:
        tags.set_venue((venue, year))
    cjk = not title.isascii() and _CJK.search(title) is not None
    item = _finish(title, tags, led=cjk, bullet=True, short_ok=True)
    return item if isinstance(item, Item) else None


def _enough(block: AuthorBlock, year: int | None, venue: str | None, rest: str) -> bool:
    """Whether the fields are evidence enough of a reference (see the module docstring)."""
    if block.strong:
        return year is not None or venue is not None or bool(rest.strip(" .,;"))
    return year is not None and (block.names >= 2 or venue is not None)


def _title(text: str, start: int) -> tuple[str | None, str]:
    """The title that starts at ``start`` and what follows it (the container)."""
    if text[start : start + 1] in _QUOTES and (close := _closing_quote(text, start)) > 0:
        return text[start + 1 : close].strip(" .,;:"), text[close + 1 :]
    end = title_end(text, start)
    title = text[start:end].strip().rstrip(" .,;:")
    if title[:1] in "([" or not any(c.isalpha() for c in title) or _is_container(title):
        return None, ""  # a tag ("(OSDI 2018)") or a journal (a style without titles)
    return title, text[end:]


def _is_container(title: str) -> bool:
    """A "title" that names a journal or proceedings: the style printed no title."""
    return _CONTAINER_START.match(title) is not None or long_venue_name(title) is not None


def _closing_quote(text: str, start: int) -> int:
    """The quote that closes the one at ``start``: the first not followed by a letter or by a
    colon (``""Log Analysis Is Hard": Speculative ..."``: the inner quote opens the title and
    closes before its colon); -1 when none does."""
    for i in range(start + 1, min(len(text), start + MAX_QUOTED_CHARS)):
        if text[i] in _QUOTES and i > start + 1:
            after = text[i + 1 : i + 2]
            if after != ":" and not after.isalnum():
                return i
    return -1


def title_end(text: str, start: int) -> int:
    """Where a title starting at ``start`` ends (see :data:`_BOUNDARY`), or, before that, a
    comma followed by a container (``Title, Journal of Machine Learning Research 12``)."""
    end = len(text)
    for m in _BOUNDARY.finditer(text, start):
        if m["stop"] and _abbreviation(text, start, m.start()):
            continue
        end = m.start() + (1 if m["stop"] and m["stop"][0] in "?!" else 0)
        break
    for c in _COMMA.finditer(text, start, end):
        if _container_follows(text, c.end(), end):
            return c.start()
    return end


def _abbreviation(text: str, start: int, stop: int) -> bool:
    """Whether the word before the full stop at ``stop`` is an abbreviation (only that word is
    looked at, so a line of many stops is read in linear time)."""
    word = text[max(text.rfind(" ", start, stop), start - 1) + 1 : stop]
    return word in _NOT_A_STOP or (len(word) == 1 and word.isupper())


def _container_follows(text: str, at: int, end: int) -> bool:
    """Whether what follows a comma at ``at`` is a container rather than more of the title:
    it opens with a container word, or its first comma-separated part holds a number
    (``Nature 521``) or is followed by one (``Foo Letters, 12, 521-538``)."""
    if _CONTAINER_CUE.match(text, at):
        return True
    comma = text.find(",", at, end)
    part = text[at : comma if comma > 0 else end]
    if _VOLUME.search(part) is not None:
        return True
    return comma > 0 and _VOLUME.match(text, comma + 1) is not None


def container_venue(rest: str) -> str | None:
    """The venue a container names: a known venue (``OSDI``, ``SOSP '23``), a known venue's
    long name (``Symposium on Operating Systems Principles``), else the container's name as
    written (``Journal of Machine Learning Research``)."""
    if (known := _venue_in(rest)) is not None:
        return known
    if (long := long_venue_name(rest)) is not None:
        return long
    lead = _CONTAINER_LEAD.match(rest)
    body = rest[lead.end() :] if lead else rest
    if (y := _CONTAINER_YEAR.match(body)) is not None:
        body = body[y.end() :]
    cut = _CONTAINER_END.search(body)
    name = body[: cut.start()] if cut else body
    name = name.strip(" _*" + _QUOTES)
    words = name.split()
    if not words or len(words) > MAX_CONTAINER_WORDS or not name[:1].isupper():
        return None
    return name


def last_year(text: str) -> int | None:
    """The last year in ``text`` (ids already removed), not after :data:`LATEST_TAG_YEAR`."""
    years = [int(y) for y in _YEAR.findall(text) if int(y) <= LATEST_TAG_YEAR]
    return years[-1] if years else None


_LINE_END = re.compile(r"(?:[.)\]]|\d)\s*$")
"""How a reference's last line ends: a full stop, a parenthesis or bracket, a number."""


def incomplete_reference(text: str, nxt: str) -> bool:
    """Whether ``text`` (an item's text or a plain line) opens a reference that goes on in the
    plain line ``nxt``: it opens with an author block, and it does not read as a reference, or
    it ends as no reference does (``... In Proceedings of the``) and ``nxt`` does not open
    another one. The walker then joins ``nxt`` to it."""
    opened = opens_reference(text)
    if opened is None or (block := author_block(opened)) is None:
        return False
    if not block.strong and block.names < 2:
        return False  # "Deep Learning, by Ian Goodfellow": a book's title, not a name
    if reference_item(opened) is None:
        return True
    if _LINE_END.search(opened) is not None:
        return False
    after = opens_reference(nxt.strip())
    return after is None or author_block(after) is None
