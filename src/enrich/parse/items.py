"""One entry text (a list item, a line, a table cell) -> its title, venue, year, alias."""

from __future__ import annotations

import re

from enrich.normalize import clean_text, parse_year
from enrich.parse.citations import _citation
from enrich.parse.model import Item, Rejected
from enrich.parse.reference import opens_reference, reference_item, without_lead
from enrich.parse.rules import BOOK, _finish
from enrich.parse.tags import (
    _DIGIT,
    _cut_authors,
    _Tags,
    _tags_after_link,
    _take_leading,
    _take_trailing,
    _venue_at_start,
)
from enrich.parse.text import (
    _CJK,
    _CLUTTER_ONLY,
    _EMPTY_LINK,
    _HTML_TAG,
    _IMAGE,
    _LINK,
    _TASK,
    _cut_fullwidth_note,
    _strip_clutter,
    _strip_emphasis,
)
from enrich.parse.titlefirst import read_title_first
from enrich.venues import canonical_venue

_MARKUP_FIRST = "[(\"'*_<!\\`{#|"
"""Characters an entry's text may open with as Markdown or quotes, not as a decoration."""

_CAMEL = re.compile(r"[^\W\d_]{1,3}[A-Z]")
"""A system's name in lower camel case opens a title as a capital does (``vTrain``, ``dPRO``,
``μServe``, ``iTask``); a lower-case word does not."""

_ET_AL_COMMA = re.compile(r"(?:[A-Z]\.[ \t]?){0,3}[A-Z][\w'\u2019-]+(?:[ \t][A-Z][\w'\u2019-]+)?"
                          r"[ \t]+et[ \t]+al\.,[ \t]+(?=\S)")
"""The first author and ``et al.,`` that open an entry before its title."""
_THEN_TITLE = re.compile(r"[ \t]*(?:[:|\u2013\u2014-][ \t]+|\[)")
"""What follows a venue tag that opens an item before its title: a separator or the link."""
_BOLD_NAME = re.compile(r"\*\*([^*]{1,30}?)\*\*\s*[:\-\u2013\u2014]\s+(.+)")
"""``**Name**: Title``: a system's name in bold labels the title after it; dropped when the
title names the system again (``**Clockwork**: Serving DNNs like Clockwork: ...``)."""

MAX_AUTHOR_TAIL_CHARS = 1_000
"""Longer entries are not searched for an author list between title and venue
(:func:`_cut_authors`): the search tries every separator, 0.2 s on a 10,000-character line of
names, and a title with 30 authors and a venue fits in this."""


def parse_item(text: str, *, bullet: bool = True, short_ok: bool = False) -> Item | Rejected:
    """Read one entry text (a list item's text, a plain line, a table cell).

    Returns the title with venue tags, links, aliases and notes removed, or why the text is
    not a paper entry. ``bullet=False`` is for plain lines, which need a venue tag;
    ``short_ok`` for items whose context makes a name alone or a CJK title a paper (a venue's
    group item or heading above: ``- **TVM**`` under ``### ASPLOS 2019``; a block's lines).
    """
    # clean_text's ASCII fast path inlined: this runs once per candidate line
    if "\u3010" in text:  # 【OSDI 2024】 Title: lenticular brackets hold a tag as [] do
        text = text.replace("\u3010", "[").replace("\u3011", "]")
    if text.isascii():
        s = " ".join(text.split())
    elif (
        bullet
        and not short_ok
        and text[:1] not in "[("
        and ":" not in text
        and "\uff1a" not in text
        and (_CJK.search(text))
    ):
        # no tag and no colon to cut a note at: a CJK note, unless a reference (GB/T's "等")
        cleaned = clean_text(text)
        return reference_item(cleaned) or _title_first(cleaned) or Rejected("cjk_note")
    else:
        s = clean_text(_cut_fullwidth_note(text))
    first = s[:1]
    if first == "[" and _TASK.match(s):
        s = _TASK.sub("", s)
    elif not first.isalnum() and first not in _MARKUP_FIRST:
        s = without_lead(s)  # 🔥 or :fire: before the entry
    if "![" in s or "<" in s:
        s = _IMAGE.sub("", _EMPTY_LINK.sub("", _HTML_TAG.sub(" ", s))).strip()
        s = _EMPTY_LINK.sub("", s).strip()
    if s[:2] == "**" and (named := _BOLD_NAME.match(s)) and named[1].lower() in named[2].lower():
        s = named[2]  # **Megatron**: Megatron-LM: Training ...: the name labels the title
    if (by_fields := _by_fields(s)) is not None:
        return by_fields
    s = _strip_emphasis(s)
    if " et al.," in s[:60] and (lead := _ET_AL_COMMA.match(s)) is not None:
        s = s[lead.end() :]  # Kwon et al., Title, SOSP 2023: the authors before the title
    tags = _Tags()
    if s[:1] in "[(":
        s = _take_leading(s, tags)
    elif s[:1].isupper() and (v := _venue_at_start(s)) and _THEN_TITLE.match(s, v.end()):
        tags.set_venue((canonical_venue(v["v"]), parse_year(v["y"])))  # SOSP'24 [Title](url)
        s = s[v.end() :].lstrip(" :|-\u2013\u2014")
    led = tags.tagged
    # a link that opens the text (match anchors at the start)
    if s.startswith("[") and (m := _LINK.match(s)) and not _CLUTTER_ONLY.match(m.group(1)):
        if m.group(2).startswith("#"):
            return Rejected("toc_link")
        title = _take_leading(_strip_emphasis(m.group(1)).strip(), tags)
        title = _take_trailing(_strip_clutter(title), tags)
        _tags_after_link(s[m.end() :], tags)
        return _finish(title, tags, led=led, bullet=bullet, short_ok=short_ok)
    s = _strip_clutter(s)
    if (
        len(s) <= MAX_AUTHOR_TAIL_CHARS
        and (" -" in s or ", " in s or ". " in s or " by " in s)
        and _DIGIT.search(s)
    ):
        s = _cut_authors(s, tags)  # Title - Yu et al. (OSDI '22): see _cut_authors
    title = _take_trailing(s, tags)
    if title[:1] in "[(":
        title = _take_leading(title, tags)
    return _finish(title, tags, led=led, bullet=bullet, short_ok=short_ok)


def _title_first(s: str) -> Item | None:
    """``s`` read as a title-first reference (:mod:`enrich.parse.titlefirst`), after its number
    and without links' markup or emphasis."""
    if (". " not in s and ", " not in s and " -" not in s) or len(s) > MAX_AUTHOR_TAIL_CHARS:
        return None  # no place for a title to end before its source (the common item), or a
        # line too long to search for an author list (see MAX_AUTHOR_TAIL_CHARS)
    raw = without_lead(s)
    link = _LINK.match(raw) if raw[:1] == "[" else None
    linked = _strip_emphasis(link.group(1)).strip() if link is not None else None
    lead = _strip_emphasis(_strip_clutter(raw)).lstrip()
    if not (lead[:1].isupper() or lead[:1] in '"{' or _CAMEL.match(lead) or _CJK.match(lead)):
        return None
    return read_title_first(lead, linked=linked)


def _by_fields(s: str) -> Item | Rejected | None:
    """``s`` read as a book, a citation or a reference by its fields, in the order of
    ``docs/parsing.md`` ("References"); ``None`` when it is none of them."""
    if BOOK.search(s) is not None:
        return Rejected("course_or_book")
    # a quoted title is read as before (IEEE, MLA, Chicago); other references by their fields
    quoted = '"' in s or "“" in s
    if quoted and (cited := _citation(s)) is not None:
        return cited
    opened = opens_reference(s)
    if opened is not None and (ref := reference_item(opened)) is not None:
        return ref
    # before emphasis is stripped: a title in italics or bold marks a citation like quotes
    cite = "*" in s or "). " in s or "et al" in s or ". In " in s
    if cite and not quoted and (cited := _citation(s)) is not None:
        return cited
    return _title_first(s)

