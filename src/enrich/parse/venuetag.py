"""The inside of one venue tag: ``OSDI'22``, ``NSDI 2020``, ``Jul 2024``, ``Eurosys'25 Best Paper``,
``Communications of the ACM'1970``, ``arXiv 2307.12345``: a venue and a year, or not a tag."""

from __future__ import annotations

import functools
import re

from enrich.normalize import parse_year
from enrich.parse.dates import month_year, without_month
from enrich.venues import UNKNOWN_VENUE_TAGS, canonical_venue, known_venue, long_venue_name

LATEST_TAG_YEAR = 2039
"""A tag whose year parses later than this is not a venue tag: ``(ResNet50)`` would be 2050
under the two-digit pivot, and is a model name."""


_VENUE_WORD = r"[A-Za-z][A-Za-z&.+\-]*"


_VENUE_WORDS = rf"{_VENUE_WORD}(?: {_VENUE_WORD})?"


_INNER_VENUE = re.compile(rf"(?P<v>{_VENUE_WORDS})?(?P<sep>\s*'?\s*)(?P<y>\d{{4}}|\d{{2}})?\s*'?")
"""The inside of a venue tag: ``NSDI '24``, ``SC '21'``, ``OSDI' 20``, ``OSDI20``,
``OSDI 2020``, ``OSDI'2020``, ``2020``, ``OSDI`` (validated by :func:`_venue_tag`)."""


_ARXIV_ID = re.compile(r"(?i)arxiv[:\s]*(\d{2})(?:0[1-9]|1[0-2])\.\d{4,5}(?:v\d+)?")
"""``[arXiv 2307.12345]``: an arXiv id as the tag; its first two digits are the year."""


_YEAR_MONTH = re.compile(rf"(?P<v>{_VENUE_WORDS})\s+(?P<y>(?:19|20)\d\d)[./-](?:0?[1-9]|1[0-2])")
"""``(arXiv 2024.05)``, ``[ICML 2024-07]``: a known venue and the year and month it appeared."""


_AWARD = re.compile(
    r"(?i)\s+(?:best (?:student |short )?paper(?: award)?|distinguished (?:paper|artifact)"
    r"(?: award)?|award|oral|spotlight|honou?rable mention)\s*$"
)
"""An award or presentation note after a venue tag: ``Eurosys'25 Best Paper``."""


_LONG_TAG = re.compile(r"(?P<v>[A-Za-z][A-Za-z .&\-]{5,80}?)\s*'?\s*(?P<y>(?:19|20)\d\d|\d\d)'?")
"""``Communications of the ACM'1970``: a venue written out in full, with its year."""


_NOTE_SPLIT = re.compile(r"[,;]")


_known_venue = known_venue


_ACRONYM = re.compile(r"[A-Z][A-Za-z&]{0,6}[A-Z]")
"""A venue's acronym: capitals first and last (``TACL``, ``UIST``, ``AISec``)."""


def _venue_ok(v: str | None, sep: str, y: str | None) -> bool:
    """Whether a matched ``VENUE YY`` looks like a venue tag rather than words and a number.

    Known venues always pass. Unknown ones pass only as one short word written with the year
    (``HPCC22``), with an apostrophe (``Foo '22``) or as an acronym with a four-digit year
    (``TACL 2024``), so ``(Top 10)`` and ``(Figure 2023)`` are not venues (and
    :func:`_venue_tag` rejects years after :data:`LATEST_TAG_YEAR`, so ``(ResNet50)`` is not).
    """
    if v is None:
        return y is not None and len(y) == 4
    if v.casefold() in UNKNOWN_VENUE_TAGS or _known_venue(v):
        return True
    if y is None or " " in v or len(v) > 12:
        return False
    return sep == "" or "'" in sep or (len(y) == 4 and _ACRONYM.fullmatch(v) is not None)


@functools.lru_cache(maxsize=4096)
def _venue_tag(inner: str, *, need_year: bool) -> tuple[str | None, int | None] | None:
    """``(venue, year)`` when the inside of a bracket/parenthesis is a venue tag, else ``None``.

    A note after a comma is ignored (``ASPLOS'24, Best Paper``). Without a year only a known
    venue counts, and only where ``need_year`` is false (a leading ``[OSDI]``; a trailing
    ``(FAST)`` is more likely a system name).
    """
    s = inner.strip()
    if s.casefold() in UNKNOWN_VENUE_TAGS:
        return (None, None)
    if (m := _ARXIV_ID.fullmatch(s)) is not None:
        return ("arXiv", 2000 + int(m.group(1)))
    if (dated := _dated_tag(s)) is not None:
        return dated
    if (ym := _YEAR_MONTH.fullmatch(s)) is not None and _known_venue(ym["v"]):
        return (canonical_venue(ym["v"]), int(ym["y"]))
    long = _LONG_TAG.fullmatch(s) if len(s) > 12 else None
    year = parse_year(long["y"]) if long and " " in long["v"].strip() else None
    if long and year is not None and _known_venue(long["v"]):
        return (canonical_venue(long["v"]), year)
    if long and year is not None and (named := long_venue_name(long["v"])) is not None:
        return (named, year)  # Proceedings of Machine Learning and Systems '24
    head = _NOTE_SPLIT.split(s, maxsplit=1)[0].strip()
    bare = _AWARD.sub("", head)
    for cand in dict.fromkeys((s, head, bare)):
        m = _INNER_VENUE.fullmatch(cand)
        if not m or not (m.group("v") or m.group("y")):
            continue
        v, sep, y = m.group("v"), m.group("sep"), m.group("y")
        if y is None and (need_year or v is None or not _known_venue(v)):
            continue
        if _venue_ok(v, sep, y):
            year = parse_year(y) if y else None
            if y and (year is None or year > LATEST_TAG_YEAR):
                continue
            return (canonical_venue(v) if v else None, year)
    return None


def _dated_tag(s: str) -> tuple[str | None, int] | None:
    """A date as a tag: ``Jul 2024`` (no venue), ``Arxiv May 2025``, ``Arxiv'25,Jan``."""
    if (undated := without_month(s)) is not None:
        tag = _venue_tag(undated, need_year=True)
        return (tag[0], tag[1]) if tag is not None and tag[1] is not None else None
    if (dated := month_year(s)) is None:
        return None
    head, year = dated
    if year > LATEST_TAG_YEAR:
        return None
    if not head:
        return (None, year)
    return (canonical_venue(head), year) if _known_venue(head) else None
