"""Rejection rules: why a candidate title is not a paper (each a named reason)."""

from __future__ import annotations

import re

from enrich.parse.model import Item, Rejected
from enrich.parse.tags import _Tags
from enrich.parse.text import (
    _CJK,
    _CLUTTER_ONLY,
    _COLON_CJK_NOTE,
    _LEAD_SEPARATORS,
    _LETTER,
    _QUOTED,
    _TAGGED_CJK_TAIL,
    _TRAIL_SEPARATORS,
    _ends_sentence,
    _strip_emphasis,
)
from enrich.parse.words import (
    _ARTICLES,
    _BE,
    _LOWER_WORD,
    _PROSE_FIRST_WORDS,
    _VERBS,
    _VERBS_AND_BE,
)
from enrich.venues import long_venue_name

_TRAILING_ET_AL = re.compile(r"(?:\s[-\u2013\u2014]\s|,\s|\sby\s)[^,;:()\[\]]{2,80}?\bet al\.?$")
"""Authors after a title (``Title - Woosuk Kwon et al.``, ``Title, Kwon et al``)."""

MAX_TITLE_WORDS = 40
"""Titles longer than this are paragraphs (the longest real titles have about 30 words)."""

MIN_UNTAGGED_WORDS = 3
"""An untagged item needs this many words; fewer is a system name alone (``- Optimus``)."""

_PROSE = re.compile(
    r"(?i:(?P<label_prefix>(?:keywords?|tags?|authors?|code|paper|pdf|slides|video|notes?|"
    r"summary|abstract|tl;?dr|links?|project|website|venue|conference|published|"
    r"contributions?|motivation|problem|key ideas?|idea|solution|results?|evaluation|pros|"
    r"cons|limitations?|takeaways?|background|insights?|remarks?|comments?|todo|status|"
    r"update[sd]?|grading|office hours|instructors?|readings?|due|(?:(?:guest )?lectures?|"
    r"labs?|homeworks?|assignments?|exams?|quiz(?:zes)?)(?:\s*\d{1,2}[a-z]?)?)\s*:)"
    r"|(?P<prose_start>(?:in this (?:paper|work|post|repo\w*)|this (?:paper|work|post|list|"
    r"repo\w*|page|section|system|project)|we|our|it|they|he|she|i|here|there|note|nb|please|"
    r"thanks|see|also|for example|for instance|e\.g\.|i\.e\.|last updated|updated|"
    r"the key idea|the main idea|the authors?|these|those)\b))"
    r"|(?P<appositive>[\w.+\-]+,\s+(?:a|an|the)\s)"
)
"""Openings of prose, tried in order: a ``Label:``, a sentence opener, ``Name, a ...``."""


_NOT_A_PAPER = re.compile(
    r"^(?:[A-Z][a-z]+\s)?[A-Z]{2,5}\s(?:\d{2,}[\d\-]*[A-Z]?|\d{1,2}\.\d{3,4}):\s"
    r"|^(?:Proceedings of|Journal of|Transactions on)\b|\b\d+(?:st|nd|rd|th) [Ee]dition\b"
)
BOOK = re.compile(
    r"\b(?:\d+(?:st|nd|rd|th) [Ee]dition|O'Reilly|MIT Press|Addison-Wesley|Morgan Kaufmann"
    r"|University Press|No Starch)\b"
)
"""A book's edition or publisher anywhere in an entry's text (before tags are cut off)."""
"""A course (``CS 294: ...``, ``Stanford CS 329S: ...``, ``MIT 6.5940: ...``; not a version:
``WFGY 1.0: ...``), a book (``6th
edition``, a book publisher) or a proceedings or journal named as if it were a title."""
_VENUE_NAME_WORD = re.compile(r"\b(?:Symposium|Conference|Transactions|Workshop)\b")
"""Words of a venue's own name; with a known venue's long name the "title" is the venue."""
_PERSON = re.compile(r"^[A-Z][a-z]+(?: [A-Z]\.)+(?: [A-Z][a-z]+(?:-[A-Z][a-z]+)?)$")
"""``Joseph E. Gonzalez``: a person's name with an initial (a table of researchers)."""
_BIBTEX_BRACES = re.compile(r"\{([^{}]*)\}")


def _finish(
    title: str, tags: _Tags, *, led: bool, bullet: bool, short_ok: bool = False
) -> Item | Rejected:
    ascii_only = title.isascii()
    if not ascii_only:
        title = _COLON_CJK_NOTE.sub("", title)
    title = _strip_emphasis(title)
    if "{" in title:
        title = _BIBTEX_BRACES.sub(r"\1", title)  # {GPU} -> GPU, as BibTeX protects case
    if "  " in title:
        title = " ".join(title.split())
    title = title.lstrip(_LEAD_SEPARATORS).rstrip(_TRAIL_SEPARATORS)
    if "et al" in title:
        title = _TRAILING_ET_AL.sub("", title)
    if title.startswith('"') and (m := _QUOTED.match(title)) is not None:
        title = m.group(1).strip()
    if led or tags.tagged:
        cjk = not ascii_only and _CJK.search(title)
        if cjk and _LETTER.search(title[:1] or " ") and not _CJK.match(title):
            title = _TAGGED_CJK_TAIL.sub("", title)
        title = title.rstrip(" .,;")
    reason = _reject_reason(title, tags, led=led, bullet=bullet)
    if short_ok and reason in ("too_short", "cjk_note"):
        reason = None  # a name alone or a CJK title, where the context says it is a paper
    if reason:
        return Rejected(reason)
    return Item(title, tags.venue, tags.year, tags.alias)


def _reject_reason(title: str, tags: _Tags, *, led: bool, bullet: bool) -> str | None:
    if not _LETTER.search(title):
        return "empty"
    if len(title) < 24 and _CLUTTER_ONLY.match(title):
        return "clutter_only"
    if title[:1] == "(" and title[-1:] == ")" and title.count("(") == 1:
        return "remark"  # - (more to come), - (TBD): a remark in parentheses, whole
    if _NOT_A_PAPER.search(title) is not None:
        return "course_or_book"
    if _VENUE_NAME_WORD.search(title) is not None and long_venue_name(title) is not None:
        return "venue_name"  # - IEEE International Symposium on ... (HPCA 2019): a group
    if led:
        return None
    if not bullet and not tags.tagged:
        return "no_venue_tag"
    if not title.isascii() and _CJK.search(title) and not (tags.tagged and _CJK.match(title)):
        return "cjk_note"  # (parse_item returns this early for the plainest notes)
    space = title.find(" ")
    first = title[:space] if space > 0 else title
    if first[-1] == "," or first.lower().rstrip(":") in _PROSE_FIRST_WORDS:
        m = _PROSE.match(title)
        if m is not None:
            return m.lastgroup
    if _has_subject_verb(title):
        return "subject_verb"
    if _ends_sentence(title):
        return "sentence_end"
    if "a" <= title[0] <= "z" and ":" not in title and _LOWER_WORD.match(title):
        return "lowercase_start"
    n_words = title.count(" ") + 1
    if n_words < MIN_UNTAGGED_WORDS and not tags.tagged:
        return "too_short"
    if n_words <= 4 and not tags.tagged and _PERSON.match(title):
        return "person_name"
    if n_words > MAX_TITLE_WORDS:
        return "too_long"
    return None


def _has_subject_verb(title: str) -> bool:
    """``X is a ...``, ``X enables ...``, ``Parcae [NSDI'24] is a ...``: a subject of at most
    four words (venue tags skipped) followed by a lower-case verb."""
    words = title.split(" ", 8)
    if "[" in title:
        words = [w for w in words if not (w[:1] == "[" or w[-1:] == "]")]
    if _VERBS_AND_BE.isdisjoint(words[1:5]):
        return False
    n = len(words)
    for i in range(1, min(5, n)):
        w = words[i]
        if w in _VERBS:
            # "FIFO can be Better than LRU": a Title Case title goes on capitalised
            j = i + 2 if i + 2 < n and words[i + 1] == "be" else i + 1
            return j >= n or not words[j][:1].isupper()
        if w in _BE and i + 1 < n and words[i + 1] in _ARTICLES:
            # "Arrakis: The Operating System is the Control Plane": a name, a colon and a title
            # that goes on in Title Case ("Nexus: Nexus is a scalable ..." describes it)
            named = any(words[k][-1:] == ":" and words[k + 1][:1].isupper() for k in range(i - 1))
            return not (named and i + 2 < n and words[i + 2][:1].isupper())
    return False


# --------------------------------------------------------------------------- whole lists
