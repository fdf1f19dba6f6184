"""Citation-style entries: quoted, emphasised, APA, ``et al.``, ACM (see ``docs/parsing.md``)."""

from __future__ import annotations

import re

from enrich.normalize import parse_year
from enrich.parse.model import Item
from enrich.parse.rules import _finish, _has_subject_verb
from enrich.parse.tags import _AUTHOR_LIST, _NOT_A_FIRST_AUTHOR, _Tags
from enrich.parse.text import _strip_clutter, _strip_emphasis
from enrich.parse.venuetag import LATEST_TAG_YEAR, _known_venue, _venue_tag
from enrich.venues import canonical_venue, long_venue_name

# Citation-style entries, as reference managers and papers' bibliographies write them:
#   Kwon, W., et al. "Efficient Memory Management for ..." SOSP 2023.      (a quoted title)
#   A. Author and B. Author, “Title,” in Proc. OSDI, 2022.                (IEEE)
#   Kwon et al. *Title*. SOSP 2023. / **Title** - W. Kwon et al.          (italics, bold)
#   Yu, G.-I., & Chun, B.-G. (2022). Orca: A Distributed ... In OSDI 22.  (APA)
#   Orca: A Distributed Serving System ... Gyeong-In Yu et al. OSDI 2022.  (title, authors)
#   A. Author and B. Author. Title. In SOSP '23.                          (ACM)
# The quotes or emphasis, the ``(year).``, the ``et al.`` and the ``. In`` mark where the title
# is; the venue is the first known venue name after it (written in capitals, so "Fast" and
# "Micro" in a phrase are not venues), the year the last four-digit year after it (else
# ``'YY``, else one before it).
_QUOTED_TITLE = re.compile(r"[\"“”](?P<title>[^\"“”]{12,300}?)[.,;:]?\s*[\"“”]")
_STARRED_TITLE = re.compile(r"(?<![*\w])(\*{1,2})(?P<title>[^*]{12,300}?)[.,;:]?\1(?!\*)")
_LEADING_SEPARATORS = " ,.;:-\u2013\u2014"
_APA = re.compile(
    r"^(?P<authors>[^()]{2,300}?)\s*\((?P<year>(?:19|20)\d\d)[a-z]?\)\.\s+"
    r"(?P<title>[^.?!]{12,300}[?!]?)\.?(?:\s+(?P<rest>.*))?$"
)
_ET_AL_AFTER = re.compile(
    r"^(?P<title>[^.?!]{12,300}[?!]?)\.\s+(?P<authors>[^.]{2,150}?\bet al)\.?(?:\s+(?P<rest>.*))?$"
)
_ET_AL_BEFORE = re.compile(
    r"^(?P<authors>[A-Z][^.]{0,80}?(?:\.[^.]{0,40}?){0,6}\bet al)\.\s+"
    r"(?P<title>[A-Z][^.?!]{11,300}[?!]?)\.\s+(?P<rest>\S.*)$"
)
"""``Zhong, Y. et al. DistServe: ... Serving. OSDI 2024.``: authors with ``et al.`` first."""
_ACM = re.compile(r"^(?P<head>.{20,600}?[^\s.]{2})\.\s+In\s+(?P<rest>\S.*)$")
_APA_AUTHORS = re.compile(r",|&|\bet al\b")  # "Surname, I." (a title can hold an "and")
_CITED_YEAR = re.compile(r"(?<![\d-])((?:19[5-9]|20\d)\d)(?![\d-])")
_CITED_APOSTROPHE_YEAR = re.compile(r"['’](\d\d)\b")
_CITED_WORD = re.compile(r"[A-Za-z][\w-]*")


def _venue_in(text: str) -> str | None:
    """The first known venue named in ``text`` (a citation's tail), written as a name: with
    two capitals or more (``OSDI``, ``EuroSys``, ``USENIX ATC``) or as ``arXiv``."""
    words = _CITED_WORD.findall(text)
    for i, word in enumerate(words):
        pair = f"{word} {words[i + 1]}" if i + 1 < len(words) else ""
        for cand in (pair, word):
            named = sum(c.isupper() for c in cand) >= 2 or cand == "arXiv"
            if cand and named and _known_venue(cand):
                return canonical_venue(cand)
    return None


def _names_its_source(rest: str) -> bool:
    """Whether what follows a title that opens the line is its authors or venue: ``by``, a
    venue first, or an author list (``et al.``, names between commas)."""
    rest = _strip_emphasis(rest).lstrip(_LEADING_SEPARATORS)
    first = rest.split(" ", 1)[0]
    return rest.startswith("by ") or _venue_in(first) is not None or bool(_APA_AUTHORS.search(rest))


def _cited_year(after: str, before: str) -> int | None:
    if (year := _last_year(after)) is not None:
        return year
    if (m := _CITED_APOSTROPHE_YEAR.search(after)) is not None:
        return parse_year(m.group(1))
    return _last_year(before)


def _last_year(text: str) -> int | None:
    years = [int(y) for y in _CITED_YEAR.findall(text) if int(y) <= LATEST_TAG_YEAR]
    return years[-1] if years else None


def _tag_after_title(title: str, rest: str) -> Item | None:
    """A title in quotes or emphasis, then its venue tag in parentheses: the title and the tag,
    whatever follows (authors, links, a note)."""
    close = rest.find(")")
    tag = _venue_tag(rest[1:close], need_year=True) if close > 0 else None
    if tag is None:
        return None
    tags = _Tags()
    tags.set_venue(tag)
    item = _finish(_strip_clutter(title).strip(), tags, led=False, bullet=True)
    return item if isinstance(item, Item) else None


def _citation(s: str) -> Item | None:
    """The paper a citation-style entry names (see above), or ``None`` when ``s`` is not one.

    Only a quoted title that opens the line may come without a venue or year (``"Title" by A.
    Author``): otherwise a citation says where or when, and a note that names its authors
    (``Great overview. Written by Zhang et al. Worth a read.``) does not.
    """
    leading_quote = False
    m = _QUOTED_TITLE.search(s)
    if m is None and "*" in s:
        m = _STARRED_TITLE.search(s)  # *Title* or **Title**, as Markdown lists set it
    if m is not None:
        before, title, after = _strip_emphasis(s[: m.start()]), m["title"], s[m.end() :]
        if after[:1] == ":":
            return None  # "Log Analysis Is Hard": Speculative ...: a quote opens a longer title
        if m.start() == 0:  # "Title" by A. Author, VENUE 2017 / **Title** - A. Author et al.
            rest = after.lstrip()
            # not the quoted start of a longer title ("Why Should I Trust You?": Explaining
            # ...), nor a title with its tag in parentheses, which parse_item reads itself,
            # nor a bold label before the title (**Must-read classic** Title (SOSP 2023))
            if rest[:1] == "(" and (tagged := _tag_after_title(title, rest)) is not None:
                return tagged  # **Title** (ICLR 2021) — Peng et al. [PDF](url)
            if rest[:1] in (":", "(") or not _names_its_source(rest):
                return None
            leading_quote = True
        elif (
            before.rstrip()[-1:] not in ".,:"  # an author list ends so; "showed that" does not
            or not _AUTHOR_LIST.search(before)
            or _has_subject_verb(before)
        ):
            return None
    elif "). " in s and (m := _APA.match(s)) is not None and _APA_AUTHORS.search(m["authors"]):
        before, title, after = f"({m['year']})", m["title"], m["rest"] or ""
    elif (
        "et al" in s
        and (m := _ET_AL_AFTER.match(s)) is not None
        # "Title. See Zhang et al. OSDI 2020.": a pointer to another paper, not the authors
        and m["authors"].split(None, 1)[0].lower() not in _NOT_A_FIRST_AUTHOR
    ):
        before, title, after = "", m["title"], m["rest"] or ""
    elif "et al. " in s and (m := _ET_AL_BEFORE.match(s)) is not None and _venue_in(m["rest"]):
        # "Zhong, Y. et al. Title. OSDI 2024.": the authors, then the title, then the venue
        before, title, after = m["authors"], m["title"], m["rest"]
    elif ". In " in s and (m := _ACM.match(s)) is not None:
        # ACM: "A. Author, B. Author, and C. Author. Title. In VENUE '23." The title is the last
        # sentence before "In" (initials cut the authors into many), and only with a venue.
        before, _, title = m["head"].rpartition(". ")
        after = m["rest"]
        if not _AUTHOR_LIST.search(before) or not _venue_in(after):
            return None
    else:
        return None
    after = _strip_clutter(after) if "](" in after else after  # a URL's digits are no year
    venue, year = _venue_in(after) or long_venue_name(after), _cited_year(after, before)
    # a citation says where or when; a quoted title after "et al." needs not (the authors say
    # it is one)
    if not (venue or year or leading_quote or (m is not None and "et al" in before)):
        return None
    tags = _Tags()
    if venue or year:
        tags.set_venue((venue, year))
    item = _finish(_strip_clutter(title).strip(), tags, led=False, bullet=True)
    return item if isinstance(item, Item) else None
