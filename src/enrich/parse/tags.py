"""Venue tags, aliases and author lists around a title (``[OSDI'22] Title``, ``Title (OSDI20)``,
``Title - Yu et al. (OSDI '22)``). Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass

from enrich.normalize import parse_year
from enrich.parse.text import (
    _LEAD_SEPARATORS,
    _LETTER,
    _TRAIL_BACKTICK,
    _TRAIL_SEPARATORS,
    _strip_clutter,
    _strip_emphasis,
)
from enrich.parse.venuetag import (
    _AWARD,
    _VENUE_WORD,
    _VENUE_WORDS,
    _known_venue,
    _venue_ok,
    _venue_tag,
)
from enrich.parse.words import _PROSE_FIRST_WORDS, _VERBS_AND_BE
from enrich.venues import canonical_venue

MAX_LABEL_WORDS = 3
"""A leading ``[label]`` this short that is not a venue tag is dropped (``[WIP]``)."""


_SOURCE_TAG = re.compile(
    r"(?P<source>[^()\[\]]{1,60}?)[\s,]*[(\[](?P<tag>[^()\[\]]{1,40})[)\]][\s.]*$"
)
MAX_SOURCE_WORDS = 4
"""A publisher or lab named after a link (``Meta``, ``Google DeepMind``) has at most this many
words."""
_BRACKET_AT_START = re.compile(r"^\[([^\[\]]{1,60})\]\s*")
_PAREN_AT_START = re.compile(r"^\(([^()]{1,80})\)(?:\s+|$)")
_BRACKET_TAIL = re.compile(r"\[([^\[\]]{1,60})\]\s*$")
_PAREN_TAIL = re.compile(r"\(([^()]{1,80})\)\s*$")
_YY = r"(?P<y>\d{4}|\d{2})"
_APOS_AT_END = re.compile(rf"(?:^|(?<=[\s,;|}}.]))(?P<v>{_VENUE_WORD})(?P<sep>\s?)'\s?{_YY}'?\s*$")
"""``Title SOSP'19``, ``Title, NSDI '14``."""
_KNOWN_AT_END = re.compile(
    rf"(?:^|(?<=[\s,;|]))(?P<v>{_VENUE_WORD})(?:\s+|,\s*)(?P<y>(?:19|20)\d\d)\s*$"
)
"""``Title OSDI 2020``, ``Title, NSDI, 2014``: only when the word is a known venue."""
_APOS_AT_START = re.compile(rf"^(?P<v>{_VENUE_WORDS})(?P<sep>\s?)'\s?{_YY}'?(?!\w)")
_KNOWN_AT_START = re.compile(
    rf"^(?P<v>{_VENUE_WORDS})[\s,]+(?P<y>(?:19|20)\d\d(?!\d)|\d\d(?![\d%]|\.\d))"
)
"""``OSDI 2020 ...``, ``OSDI 25`` (known venues only)."""
_GLUED_APOS = re.compile(r"(?<=[.}])(?P<v>[A-Za-z][A-Za-z&+\-]*)\s?'\s?(?P<y>\d{2}|\d{4})'?\s*$")
"""``...Programs.ASPLOS'23``, ``{GPUs}ATC'22``: a known venue's tag glued to the title."""
_GLUED_AT_END = re.compile(rf"(?:^|(?<=\s))(?P<v>{_VENUE_WORD}?[A-Za-z])(?P<y>\d\d)\s*$")
"""``... Megatron-LM SC21``: a known venue and a two-digit year written as one word."""
_TAG_CUT = " ,;|-:/"

_ALIAS = re.compile(r"^[A-Za-z0-9][\w.+\-]{0,29}$")
# fmt: off
_NOTE_WORDS = frozenset((
    "survey", "surveys", "pdf", "code", "paper", "slides", "video", "talk", "blog", "preprint",
    "draft", "extended", "journal", "workshop", "poster", "demo", "tutorial", "oral",
    "spotlight", "new", "wip", "todo", "tbd", "best", "award", "short", "long", "updated",
    "update", "arxiv", "link", "github",
))
# fmt: on
"""Single words that, in parentheses after a title, are remarks rather than system names."""


# --------------------------------------------------------------------------- one entry text
@dataclass(slots=True)
class _Tags:
    venue: str | None = None
    year: int | None = None
    alias: str | None = None
    tagged: bool = False  #: any venue/year tag seen (``(x)`` counts)

    def set_venue(self, tag: tuple[str | None, int | None]) -> None:
        """Record a venue tag; the first one wins (``[OSDI'20] Title (arxiv19)``)."""
        if not self.tagged:
            self.venue, self.year = tag
        self.tagged = True


def _is_alias(text: str) -> bool:
    """A system name: one token with a capital or digit (``vLLM``, ``Gavel``), not a note word."""
    return (
        bool(_ALIAS.match(text))
        and text.casefold() not in _NOTE_WORDS
        and any(c.isupper() or c.isdigit() for c in text)
        and bool(_LETTER.search(text))
    )


def _is_note(inner: str) -> bool:
    """A trailing parenthetical that is a remark (``(best paper)``, ``(must read)``)."""
    return len(inner.split()) >= 2 or inner.casefold() in _NOTE_WORDS or inner.islower()


_AWARD_ENDS = ("aper", "ward", "Oral", "oral", "light", "ention", "APER", "WARD")
"""How an award note ends (``Best Paper``, ``Award``, ``Spotlight``, ``Honorable Mention``):
most titles do not, and are passed over without the award pattern."""


def _take_trailing(title: str, tags: _Tags) -> str:
    """Peel venue tags, aliases and notes off the end of a title until nothing changes."""
    for _ in range(6):
        title = title.rstrip(_TRAIL_SEPARATORS)
        last = title[-1:]
        if title.endswith(_AWARD_ENDS) and (award := _AWARD.search(title)) is not None:
            head = title[: award.start()]  # MLSys 2024 Best Paper: the tag, then its award
            if (m := _KNOWN_AT_END.search(head)) and m.start() > 0 and _known_venue(m["v"]):
                title = head
                continue
        if last == "`":
            title = _TRAIL_BACKTICK.sub("", title)
            continue
        if last == "." and title[-2:-1].isdigit() and (m := _KNOWN_AT_END.search(title[:-1])) \
                and (head := title[: m.start()].rstrip())[-1:] == "," and len(head.split()) > 3 \
                and _known_venue(m.group("v")):
            title = title[:-1]  # Title, SIGCOMM 2024.: a comma, a tag and the sentence's end
            continue
        if last == ")" and (m := _tail(_PAREN_TAIL, title, "(")) is not None:
            inner = m.group(1).strip()
            if (tag := _venue_tag(inner, need_year=True)) is not None:
                tags.set_venue(tag)
            elif _is_alias(inner):
                tags.alias = tags.alias or inner
            elif _cited_in_parens(inner, tags):
                pass
            elif not _is_note(inner):
                break
            title = title[: m.start()].rstrip(_TAG_CUT)
            continue
        if last == "]" and (m := _tail(_BRACKET_TAIL, title, "[")) is not None:
            if (tag := _venue_tag(m.group(1), need_year=True)) is not None:
                tags.set_venue(tag)
            title = title[: m.start()].rstrip(_TAG_CUT)  # a venue tag or a note like [WIP]
            continue
        if last.isdigit() and "'" in title[-9:]:
            m = _APOS_AT_END.search(title)
            if m and m.start() > 0 and _venue_ok(m.group("v"), "'", m.group("y")):
                year = parse_year(m.group("y"))
                tags.set_venue((canonical_venue(_extend_venue(title, m)), year))
                title = title[: _venue_start(title, m)].rstrip(_TAG_CUT)
                continue
            glued = _GLUED_APOS.search(title)  # Programs.ASPLOS'23: a tag after a full stop
            if glued and _known_venue(glued["v"]):
                tags.set_venue((canonical_venue(glued["v"]), parse_year(glued["y"])))
                title = title[: glued.start()].rstrip(_TAG_CUT + ".")
                continue
        if last.isdigit() and title[-5:-4] == " ":
            m = _KNOWN_AT_END.search(title)
            if m and m.start() > 0 and _known_venue(m.group("v")):
                tags.set_venue((canonical_venue(_extend_venue(title, m)), parse_year(m.group("y"))))
                title = title[: _venue_start(title, m)].rstrip(_TAG_CUT)
                continue
        glued = _GLUED_AT_END.search(title) if last.isdigit() else None
        if glued and glued.start() > 0 and _known_venue(glued["v"]):
            tags.set_venue((canonical_venue(glued["v"]), parse_year(glued["y"])))
            title = title[: glued.start()].rstrip(_TAG_CUT)
            continue
        break
    return title


def _tail(pattern: re.Pattern[str], title: str, opener: str) -> re.Match[str] | None:
    """``pattern`` matched at the last ``opener`` (not at the start): a trailing tag."""
    i = title.rfind(opener)
    return pattern.match(title, i) if i > 0 else None


def _extend_venue(title: str, m: re.Match[str]) -> str:
    """``USENIX ATC '21``: take the word before the venue too when the pair is a known name."""
    words = title[: m.start("v")].split()
    if words and _known_venue(f"{words[-1]} {m.group('v')}"):
        return f"{words[-1]} {m.group('v')}"
    return m.group("v")


def _venue_start(title: str, m: re.Match[str]) -> int:
    venue = _extend_venue(title, m)
    return m.start("v") - (len(venue) - len(m.group("v")))


def _take_leading(s: str, tags: _Tags) -> str:
    """Peel ``[VENUE'YY]`` tags and ``(Alias)`` prefixes off the start, in any order.

    A leading parenthesis that is neither a venue nor a name (``(fine-tuning survey)``) is
    the author's label for the entry and is dropped, as is a short bracketed label that is
    not a link's text (``[WIP]``, ``[Best Paper]``).
    """
    for _ in range(3):
        if s.startswith("[") and (m := _BRACKET_AT_START.match(s)):
            if s[m.end(1) + 1 : m.end(1) + 3] == "(#":
                break  # [NeurIPS 2025](#neurips-2025): a table of contents, not a tag
            if (tag := _venue_tag(m.group(1), need_year=False)) is not None:
                tags.set_venue(tag)
            elif s[m.end(1) + 1 : m.end(1) + 2] == "(":
                break  # [text](url): a link, not a label
            elif len(m.group(1).split()) > MAX_LABEL_WORDS or m.end() >= len(s):
                break
            s = s[m.end() :]
        elif s.startswith("(") and (m := _PAREN_AT_START.match(s)) and m.end() < len(s):
            inner = m.group(1).strip()
            if (tag := _venue_tag(inner, need_year=True)) is not None:
                tags.set_venue(tag)
            elif _is_alias(inner):
                tags.alias = tags.alias or inner
            s = s[m.end() :]
        else:
            break
    return s


def _venue_at_start(rest: str) -> re.Match[str] | None:
    """``SOSP'19 ...`` or ``OSDI 2020 ...`` (known venues only) at the start of ``rest``."""
    m = _APOS_AT_START.match(rest)
    if m and _venue_ok(m.group("v"), "'", m.group("y")):
        return m
    m = _KNOWN_AT_START.match(rest)
    return m if m and _known_venue(m.group("v")) else None


def _tags_after_link(rest: str, tags: _Tags) -> None:
    """Venue and alias right after a linked title: ``[Title](url), _NSDI '14_``,
    ``[Title](url) (OSDI 2020)``, ``[Title](url) SOSP'19``, ``[Title](url) (vLLM)``, or right
    after an author list that follows the link and ends the entry with the tag:
    ``[Title](url) - Kwon et al., SOSP 2023``, ``[Title](url), W. Kwon, Z. Li, and S. Zhuang.
    SOSP'23.``, ``[Title](url) by Zhang et al., NSDI 2021``, ``[Title](url). Gyeong-In Yu, Joo
    Seong Jeong. OSDI 2022.`` (see :func:`_tags_after_authors`), or inside parentheses that end
    the entry: ``[Title](url) (Yu et al., OSDI 2022)``.

    Only the start of the rest counts: later text is a description that may name other
    systems and venues (``- we compare it with Orca (OSDI 2022)``).
    """
    rest = _strip_emphasis(_strip_clutter(rest)).lstrip(_LEAD_SEPARATORS)
    rest = _tags_at_start(rest, tags)
    if rest.startswith(". "):  # [Title](url). Gyeong-In Yu, Joo Seong Jeong. OSDI 2022.
        rest = rest[2:]
    # an author list opens with a capital or "by", and a year has digits: else skip the scan
    if (
        not tags.tagged
        and (rest[:1].isupper() or rest.startswith(("by ", "By ")))
        and _DIGIT.search(rest)
        and not _tags_after_authors(rest, tags, surnames=True)
    ):
        _tags_after_source(rest, tags)


def _tags_after_source(rest: str, tags: _Tags) -> None:
    """``[Title](url) - Meta (Jul 2024)``: a short name (who published it) and the tag that ends
    the entry. Up to :data:`MAX_SOURCE_WORDS` capitalised words: a description is longer."""
    m = _SOURCE_TAG.match(rest)
    if m is None:
        return
    words = m["source"].split()
    if len(words) > MAX_SOURCE_WORDS or not all(w[:1].isupper() or w in "&,/+" for w in words):
        return
    if (tag := _venue_tag(m["tag"], need_year=True)) is not None:
        tags.set_venue(tag)


def _tags_at_start(rest: str, tags: _Tags) -> str:
    """Read the venue tags and alias that open ``rest``; return what is left after them."""
    for _ in range(2):
        if not rest:
            break
        tag: tuple[str | None, int | None] | None = None
        end = 0
        if rest.startswith("[") and (m := _BRACKET_AT_START.match(rest)):
            tag, end = _venue_tag(m.group(1), need_year=False), m.end()
        elif rest.startswith("(") and (m := _PAREN_AT_START.match(rest)):
            inner = m.group(1).strip()
            tag, end = _venue_tag(inner, need_year=True), m.end()
            if tag is None and _is_alias(inner):
                tags.alias = tags.alias or inner
            elif tag is None and not rest[end:].strip(" .,;"):  # the parentheses end the entry
                _cited_in_parens(inner, tags)
        elif (m := _venue_at_start(rest)) is not None:
            tag, end = (canonical_venue(m.group("v")), parse_year(m.group("y"))), m.end()
        if tag is not None:
            tags.set_venue(tag)
        if not end:
            break
        rest = rest[end:].lstrip(_LEAD_SEPARATORS)
    return rest


# An author list after a title (linked, or bare: see _cut_authors), as bibliographies write
# one (see _AUTHOR_LIST): capitalised names or initials (``W. Kwon``, ``Gyeong-In Yu``,
# ``Robbert van Renesse``), joined by commas, ``and`` or ``&``, maybe opened by ``by`` and
# closed by ``et al.``. A word with a year after it is the venue (``SOSP 2023``, ``OSDI '22``),
# so the list stops before it.
_NAME_WORD = r"(?:[A-Z]\.(?:-?[A-Z]\.)*|[A-Z][^\W\d_]*(?:['\-][^\W\d_]+)*(?![\w'\-]|\s*'?\s*\d))"
_NAME = rf"(?:(?:van|von|de|der|den|da|di|del|du|le|la)\s+)?{_NAME_WORD}"
_NAME_SEP = r"\s*,\s*(?:(?:and|&)\s+)?|\s+(?:and|&)\s+"
_NAME_SPLIT = re.compile(_NAME_SEP)
_AUTHORS = re.compile(
    rf"(?P<by>[Bb]y\s+)?(?P<names>{_NAME}(?:\s+{_NAME}){{0,3}}"
    rf"(?:(?:{_NAME_SEP}){_NAME}(?:\s+{_NAME}){{0,3}}){{0,29}})(?P<et_al>,?\s+et\s+al\b)?\.?"
)
"""An author list that opens a text: one to 30 names of one to four words each."""
_AUTHOR_LIST = re.compile(r",|&|\bet al\b|\band\b")
_INITIAL = re.compile(r"\b[A-Z]\.")
_DIGIT = re.compile(r"\d")
_NOT_A_FIRST_AUTHOR = _VERBS_AND_BE | _PROSE_FIRST_WORDS
"""Words (lower-cased) that open a description, not an author list (``Extends``, ``See``)."""


def _tags_after_authors(rest: str, tags: _Tags, *, surnames: bool = False) -> bool:
    """Read the venue tag after the author list that opens ``rest`` (``Kwon et al., SOSP
    2023``); return whether ``rest`` was such a list and tag.

    It counts only when the text before it is an author list (:func:`_is_author_list`) and
    it ends the entry (a final ``.`` or one note in parentheses may follow), so a description
    that names another paper (``Zhang et al. (OSDI 2020) showed that ...``) keeps its venue
    to itself. ``surnames``: the title is known (it is a link's text, or the list is in
    parentheses after it), so surnames joined by ``and`` are authors (``Kingma and Ba``).
    """
    m = _AUTHORS.match(rest)
    if m is None or not (_is_author_list(m) or (surnames and _surnames(m))):
        return False
    found = _Tags()
    left = _tags_at_start(rest[m.end() :].lstrip(_LEAD_SEPARATORS), found)
    if found.year is None or left.strip(" .,;"):
        return False
    tags.set_venue((found.venue, found.year))
    tags.alias = tags.alias or found.alias
    return True


def _cited_in_parens(inner: str, tags: _Tags) -> bool:
    """Read ``(Yu et al., OSDI 2022)``, the citation in one parenthesis (``inner`` is what is
    inside); return whether it was one. Names open with a capital and a year has digits, so
    most parentheses are passed over without the author scan."""
    return bool(inner[:1].isupper() and _DIGIT.search(inner)) and _tags_after_authors(
        inner, tags, surnames=True
    )


_AUTHORS_CUT = re.compile(r"[ ,.](?:(?<= )(?:--? |by )|(?<=,) |(?<=\.)(?<!\b[A-Z]\.) )")
"""Where an author list may start after a bare title: after a dash (``—`` is cleaned to
``-``), a comma, a full stop that does not end an initial (``G. Yu``), or ``by``. (The
leading character class lets the scan skip most positions: three times faster than
alternatives of literals.)"""


def _cut_authors(s: str, tags: _Tags) -> str:
    """A bare title without the author list between it and the venue tag that ends the entry.

    ``Title - Gyeong-In Yu, Joo Seong Jeong et al. (OSDI '22)``, ``Title - G. Yu, J. S.
    Jeong, OSDI 2022`` and ``Title. Gyeong-In Yu, Joo Seong Jeong. OSDI 2022.`` give
    ``Title`` and the tag, read as after a link (:func:`_tags_after_authors`). After a dash,
    a comma or a bare ``by`` the names need ``et al`` or an initial (``Title by W. Kwon, SOSP
    2023``), as a title's own words may follow them (``Scaling Laws - Tensor Parallelism and
    Data Sharding``, ``Compression by Knowledge Distillation and Weight Pruning``); after a
    full stop, full names will do, as citations write them.
    The first separator whose rest is authors and the tag wins; ``s`` is returned unchanged (and
    ``tags`` untouched) when there is none, so ``Title - A Study (ICML 2023)``, ``Orca,
    Sarathi and Splitwise, OSDI 2022`` and ``Title - we compare with Orca (OSDI 2022)`` are
    left to :func:`_take_trailing` as before. So is a line that is all authors and a tag
    (``W. Kwon, Z. Li, SOSP 2023``, a sub-bullet under its title): it has no title to keep.
    """
    for sep in _AUTHORS_CUT.finditer(s):
        rest = s[sep.end() :]
        pair = False
        if rest.startswith(("by ", "By ")):
            pass  # "Title - by A. Author": evidence enough (_is_author_list)
        elif not rest[:1].isupper():
            continue  # names open with a capital
        elif not ("," in rest or "." in rest or " and " in rest or "&" in rest or "et al" in rest):
            continue  # no comma, "and", initial or "et al": no evidence (a cheap test first)
        elif sep.group()[0] != "." and not ("et al" in rest or _INITIAL.search(rest)):
            # after a dash, comma or "by", names need a mark: words joined by "and" may be the
            # title's own (Scaling Laws - Tensor Parallelism and Data Sharding; Learning by
            # Doing); after a full stop, a citation's plain full names will do; two surnames
            # joined by "&" after a dash are a citation's (Title - Frankle & Carbin, ICLR 2019)
            pair = sep.group()[0] == " " and _SURNAME_PAIR.match(rest) is not None
            if not pair:
                continue
        if _tags_after_authors(rest, found := _Tags(), surnames=pair):
            if _tags_after_authors(s.lstrip(_LEAD_SEPARATORS), _Tags()):
                return s
            tags.set_venue((found.venue, found.year))
            tags.alias = tags.alias or found.alias
            return s[: sep.start()]
    return s


def _surnames(m: re.Match[str]) -> bool:
    """Two surnames joined by ``and`` or ``&`` (``Kingma and Ba``); three or more may be the
    systems a description names (``Orca, Sarathi and Splitwise``)."""
    return _TWO_SURNAMES.fullmatch(m["names"]) is not None


_SURNAME = r"[A-Z][^\W\d_]+(?:['\-][^\W\d_]+)*"
_TWO_SURNAMES = re.compile(rf"{_SURNAME} (?:and|&) {_SURNAME}")
_SURNAME_PAIR = re.compile(rf"{_SURNAME} & {_SURNAME},? ")


def _is_author_list(m: re.Match[str]) -> bool:
    """Whether an :data:`_AUTHORS` match is an author list, by the evidence citations use.

    Names alone are not enough (``Orca, Sarathi and Splitwise`` are systems), so the list
    needs one of: ``by`` before it, ``et al`` after it, an initial (``W. Kwon``), or
    :data:`_AUTHOR_LIST`'s commas or ``and`` between names of two words or more (``Woosuk
    Kwon, Zhuohan Li``). A first name that opens like a sentence (``Extends Zhang et al.``,
    ``See Zhang et al.``) is prose, not an author, though ``He et al.`` is one (Kaiming He).
    """
    if m["by"]:
        return True
    names = _NAME_SPLIT.split(m["names"])
    first = names[0].split(" ")
    if first[0].lower() in _NOT_A_FIRST_AUTHOR and (
        len(first) > 1 or len(names) > 1 or not m["et_al"]
    ):
        return False
    if m["et_al"] or _INITIAL.search(m["names"]):
        return True
    return bool(_AUTHOR_LIST.search(m["names"])) and all(" " in n for n in names)
