"""Parse a hand-written reading list (Markdown or plain text) into paper entries. Pure: no I/O.

People write reading lists in many shapes, and a list mixes paper entries with everything
else: headings, topic lines, descriptions, notes (often in another language), tables of
contents, badges. :func:`parse_list` walks the lines once and decides, per line, whether it
is structure (front matter, code fence, heading, topic line, table header), a paper entry,
or something to ignore; it never raises on a bad document, it reports warnings instead.

How a line becomes an entry
---------------------------
* A **list item** (``-``, ``*``, ``+``, ``•`` and similar, or ``1.``/``1)``) is an entry
  unless one of the rejection rules below says it is prose, a note or a name alone.
* A **plain line** (no bullet) is an entry only with a venue tag (``[NSDI'23] Title``,
  ``Title (OSDI20)``, ``Title SOSP'19``): in the lists we have seen, untagged plain lines are
  topic lines or notes, while bare titles always come bulleted.
* A **table row** is an entry when its title cell (the ``Title``/``Paper`` column when the
  header names one, else the first cell) passes the same rules; header and separator rows
  are not entries.
* A list item whose text ends with ``:`` (``1. Cluster Scheduling:``) is a topic line.
* Numbered items are list items like any other: ``1. Gandiva: ... (OSDI18)`` is an entry,
  while numbered remarks (``1. Note: ...``, ``2. We only list ...``) fail the prose rules.
* Never entries: YAML front matter, fenced code, HTML comments and tag-only lines, horizontal
  rules, headings, table header/separator rows, and lines longer than
  :data:`MAX_LINE_CHARS` (skipped with a warning naming ``file:line``).

Sections
--------
``section`` is the nearest heading above the entry (ATX ``#`` or setext), or the nearest
*topic line*: a short plain line that is not a sentence (``Model Serving``, ``GPU Cluster
Management``), or a list item ending with ``:``. Plain lines in CJK are annotations in the
lists we have, so they are not topics (a ``#`` heading in any script is).

Entry text
----------
The title is what is left once these are removed: a leading ``[VENUE'YY]`` tag in any of
its spellings (``[NSDI ‘24]``, ``[SC ‘21’]``, ``[OSDI’ 20]``, ``[ASPLOS'24, Best Paper]``),
a trailing one (``(OSDI20)``, ``(arxiv20)``, ``(OSDI 2020)``, ``(x)`` for unknown,
``SOSP'19``, ``, NSDI '14``, ``OSDI 2020`` for known venues, ``[OSDI'18]``), a system name
in parentheses before or after the title (``(Gavel) Title``, ``Title (vLLM)``: the alias),
other parenthesised prefixes and notes (``(fine-tuning survey)``, ``(must read)``), short
bracketed labels (``[WIP]``; ``[arXiv 2307.12345]`` is a tag: arXiv, 2023), link
clutter (``[link]``, ``[[Paper]]``, ``[[pdf](url)]``, ``[code](url)``), badges and images,
emphasis, backtick notes, and a note after a colon that starts CJK text (``Title：中文``).
A link's text is the title of ``[Title](url)``; a venue right after the link counts
(``[**Title**](url), _NSDI '14_``), and so does one right after an author list that follows
the link when the venue ends the entry (``[Title](url) - Kwon et al., SOSP 2023``,
``[Title](url), W. Kwon, Z. Li, and S. Zhuang. SOSP'23.``, ``[Title](url) by Zhang et al.,
NSDI 2021``; the list needs ``by``, ``et al``, an initial, or full names between commas or
``and``), but one later in a description does not (``[Title](url) - we compare it with Orca
(OSDI 2022)``, ``[Title](url) - Zhang et al. (OSDI 2020) showed that ...``).

A **citation** names its paper in one of these ways, and is read as such before anything
else (:func:`_citation`): a quoted title after an author list (``Kwon, W., et al. "Title."
SOSP 2023.``, IEEE's ``A. B, C. D, “Title,” in Proc. OSDI, 2022.``) or before its authors
or venue (``"Title" by A. Author et al., NeurIPS 2017``), a title in italics or bold in the
same places (``Kwon et al. *Title*. SOSP 2023.``, ``**Title** - W. Kwon et al. (SOSP'23)``),
APA's year in
parentheses before the title (``Yu, G.-I., & Chun, B.-G. (2022). Title. In OSDI 22.``), or
the title first and then ``Name et al.`` (``Title. Gyeong-In Yu et al. OSDI 2022.``), or
ACM's ``A. Author and B. Author. Title. In SOSP '23.`` (the last sentence before ``In``, and
only when a known venue follows). The venue is the first known venue after the title written
as a name (``OSDI``, ``EuroSys``), the year the last four-digit year after it; a citation
names one or the other, but for a quoted title that opens the line.

A bare title followed by its authors reads like a linked one: an author list (by the same
evidence) after a dash, comma or full stop, with a venue tag that ends the entry, is dropped
and the tag read (``Title - Gyeong-In Yu, Joo Seong Jeong et al. (OSDI '22)``, ``Title - G.
Yu, J. S. Jeong, OSDI 2022``, ``Title. Gyeong-In Yu, Joo Seong Jeong. OSDI 2022.``; after a
dash, comma or bare ``by`` only with ``et al`` or initials: ``Title by W. Kwon, SOSP 2023``,
as ``Title - Tensor Parallelism and Data Sharding (OSDI 2022)`` is one title), and so are
authors before the venue in the final parentheses (``Title (Yu et al., OSDI 2022)``). Words
that are not an author list stay in the title (``Title - A Study (ICML 2023)``, ``Orca,
Sarathi and Splitwise, OSDI 2022``, ``Learning by Doing``), and authors after a title with no
tag after them are dropped only with ``et al`` (``Title - Woosuk Kwon et al.``, ``Title,
Kwon et al``).

Rejection rules (each is a :class:`Rejected` reason; tests cover each)
-----------------------------------------------------------------------
A **leading venue tag** (``[OSDI'22] ...``) is the author marking a paper, so such items are
kept whatever their wording. Other candidates must pass, in order:

``toc_link``
    the item is a link to an in-page anchor (``[Section](#anchor)``): a table of contents.
``empty`` / ``clutter_only``
    nothing but links, badges or link words (``[[Paper]]``, ``[pdf](...)``) is left.
``cjk_note``
    Chinese/Japanese/Korean text: in these lists that is an annotation of the paper above
    (``- 容错路由指的是容什么错？``, ``- TGS 对生产作业的吞吐量影响不大``). A CJK note after a
    colon is cut first (``Title：中文注释`` keeps ``Title``).
``label_prefix``
    ``Keywords: ...``, ``Code: ...``, ``Note: ...``: a labelled field, not a title.
``prose_start``
    opens like a sentence (``In this paper``, ``We``, ``This work``, ``Note that``...).
``appositive``
    ``Name, a/an/the ...`` (``- Hydro, a surrogate-based ... service that ...``).
``subject_verb``
    a short subject then a verb: ``X is a/an/the``, ``X enables``, ``X uses``,
    ``Parcae [NSDI'24] is a system ...``. Titles are noun phrases; they do not do this.
``sentence_end``
    ends with ``.``, ``,``, ``;`` or ``!``: descriptions end like sentences, titles do not.
``lowercase_start``
    the first word is an all-lower-case English word and there is no colon (titles start
    with a capital or a name such as ``gSampler``/``vLLM``).
``too_short``
    fewer than three words without any venue tag: a system name alone (``- Gandiva-fair``,
    ``- Optimus``), not a title.
``too_long``
    more than :data:`MAX_TITLE_WORDS` words: a paragraph.
``no_venue_tag``
    a plain (unbulleted) line without a venue tag (see above).

Wrapped entries
---------------
An entry continues on the next line when the next line is plain text (no bullet, heading or
table) and either the entry has an unclosed ``[`` (link text split over lines) or the next
line starts with a lower-case word while the entry does not end with ``)``/``]`` (a title
wrapped mid-phrase: ``SpotServe: Serving Generative Large Language Models`` /
``on Preemptible Instances [link]``). The entry keeps its first line; ``raw`` joins both.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from enrich.normalize import (
    CANONICAL_VENUES,
    UNKNOWN_VENUE_TAGS,
    VENUE_ALIASES,
    canonical_venue,
    clean_text,
    parse_year,
)
from enrich.records import Entry

MAX_LINE_CHARS = 10_000
"""Longer lines are skipped with a warning. Real entries are under 1,000 characters; a pasted
blob or a minified 5 MB line would otherwise cost seconds of regex time for nothing."""

MAX_AUTHOR_TAIL_CHARS = 1_000
"""Longer entries are not searched for an author list between title and venue
(:func:`_cut_authors`): the search tries every separator, 0.2 s on a 10,000-character line of
names, and a title with 30 authors and a venue fits in this."""

MAX_TITLE_WORDS = 40
"""Titles longer than this are paragraphs (the longest real titles have about 30 words)."""

MIN_UNTAGGED_WORDS = 3
"""An untagged item needs this many words; fewer is a system name alone (``- Optimus``)."""

MAX_TOPIC_WORDS = 10
"""A plain line this short (and not a sentence) is a topic line that names the section."""

LATEST_TAG_YEAR = 2039
"""A tag whose year parses later than this is not a venue tag: ``(ResNet50)`` would be 2050
under the two-digit pivot, and is a model name."""

MAX_LABEL_WORDS = 3
"""A leading ``[label]`` this short that is not a venue tag is dropped (``[WIP]``)."""

MAX_JOIN_LINES = 3
"""At most this many following lines are joined into one wrapped entry."""

# --------------------------------------------------------------------------- regexes
_CJK_CLASS = (
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\u3000-\u303f\uff01-\uff60"
)
_CJK = re.compile(f"[{_CJK_CLASS}]")
_COLON_CJK_NOTE = re.compile(f"\\s*[:\uff1a]\\s*[{_CJK_CLASS}].*$")
"""A colon (either width) followed by CJK text: the note after it is dropped."""

_TAGGED_CJK_TAIL = re.compile(f"(?<=[A-Za-z0-9)\\]?])\\s*[{_CJK_CLASS}].*$")

_BULLET_CHARS = "-*+\u2022\u00b7\u25aa\u25e6\u2023\u25cf\u25cb\u25a0\u25a1\u25ba\u27a4\u2013"
_BULLET = re.compile(rf"^([ \t]*)([{_BULLET_CHARS}]|\d{{1,3}}[.)])[ \t]+(\S.*)$")
"""A list item: ``-``/``*``/``+``, typographic bullets (``•``, ``▪``, ``➤``...) or ``1.``/``1)``."""
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_RULE = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|={3,}[ \t]*)$")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_SEP = re.compile(r"^\s*\|?(?:\s*:?-+:?\s*\|)+\s*(?::?-+:?\s*)?\|?\s*$")
_HTML_ONLY = re.compile(r"^\s*(?:<[^>]*>\s*)+$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")

_VENUE_WORD = r"[A-Za-z][A-Za-z&.+\-]*"
_VENUE_WORDS = rf"{_VENUE_WORD}(?: {_VENUE_WORD})?"
_INNER_VENUE = re.compile(rf"(?P<v>{_VENUE_WORDS})?(?P<sep>\s*'?\s*)(?P<y>\d{{4}}|\d{{2}})?\s*'?")
"""The inside of a venue tag: ``NSDI '24``, ``SC '21'``, ``OSDI' 20``, ``OSDI20``,
``OSDI 2020``, ``OSDI'2020``, ``2020``, ``OSDI`` (validated by :func:`_venue_tag`)."""

_ARXIV_ID = re.compile(r"(?i)arxiv[:\s]*(\d{2})(?:0[1-9]|1[0-2])\.\d{4,5}(?:v\d+)?")
"""``[arXiv 2307.12345]``: an arXiv id as the tag; its first two digits are the year."""
_NOTE_SPLIT = re.compile(r"[,;]")
_BRACKET_AT_START = re.compile(r"^\[([^\[\]]{1,60})\]\s*")
_PAREN_AT_START = re.compile(r"^\(([^()]{1,80})\)(?:\s+|$)")
_BRACKET_TAIL = re.compile(r"\[([^\[\]]{1,60})\]\s*$")
_PAREN_TAIL = re.compile(r"\(([^()]{1,80})\)\s*$")
_YY = r"(?P<y>\d{4}|\d{2})"
_APOS_AT_END = re.compile(rf"(?:^|(?<=[\s,;|]))(?P<v>{_VENUE_WORD})(?P<sep>\s?)'\s?{_YY}'?\s*$")
"""``Title SOSP'19``, ``Title, NSDI '14``."""
_KNOWN_AT_END = re.compile(rf"(?:^|(?<=[\s,;|]))(?P<v>{_VENUE_WORD})\s+(?P<y>(?:19|20)\d\d)\s*$")
"""``Title OSDI 2020``: only when the word is a known venue."""
_APOS_AT_START = re.compile(rf"^(?P<v>{_VENUE_WORDS})(?P<sep>\s?)'\s?{_YY}'?(?!\w)")
_KNOWN_AT_START = re.compile(rf"^(?P<v>{_VENUE_WORDS})[\s,]+(?P<y>(?:19|20)\d\d)(?!\d)")
_TAG_CUT = " ,;|-:/"
_TRAIL_BACKTICK = re.compile(r"\s*`[^`]*`\s*$")
_TRAIL_SEPARATORS = " \t-|:/~"
"""Separators left at the end once a link or tag is gone (not ``,``/``;``: see sentence_end)."""
_LEAD_SEPARATORS = " \t-|:,;/~"

_TASK = re.compile(r"^\[[ xX]\]\s+")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_EMPTY_LINK = re.compile(r"\[\s*\]\([^)]*\)")
_HTML_TAG = re.compile(r"<[^>]+>")
_URL = re.compile(r"<?\bhttps?://[^\s)>\]]+>?")
_DOUBLE_BRACKET = re.compile(r"\[\[[^\[\]]*\]\](?:\([^)]*\))?|\[\[[^\[\]]*\]\([^)]*\)\]")
"""``[[Paper]]``, ``[[Code]](url)``, ``[[pdf](url)]``: link clutter."""

_CLUTTER_WORDS = (
    "paper|papers|pdf|code|codes|link|links|slides?|video|videos|talk|blog|github|git|arxiv|"
    "project|website|homepage|poster|bib|bibtex|abs|abstract|html|doi|supp|appendix|dataset|"
    "demo|tweet|openreview|acm|ieee|usenix|notes?|review|summary|zhihu|repo|official|"
    "reading notes|my notes|知乎|笔记|论文|代码"
)
_CLUTTER_LINK = re.compile(rf"\[\s*(?:{_CLUTTER_WORDS})\s*\](?:\([^)]*\))?", re.IGNORECASE)
_CLUTTER_ONLY = re.compile(rf"^\s*(?:{_CLUTTER_WORDS})?\s*$", re.IGNORECASE)
_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])+)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_EMPH_OPEN = re.compile(r"(?<![\w*])[*_]+(?=\S)")
_EMPH_CLOSE = re.compile(r"(?<=\S)[*_]+(?![\w*])")
_QUOTED = re.compile(r'^"(.+)"$')
_LETTER = re.compile(r"[^\W\d_]")

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

_PROSE = re.compile(
    r"(?i:(?P<label_prefix>(?:keywords?|tags?|authors?|code|paper|pdf|slides|video|notes?|"
    r"summary|abstract|tl;?dr|links?|project|website|venue|conference|published|"
    r"contributions?|motivation|problem|key ideas?|idea|solution|results?|evaluation|pros|"
    r"cons|limitations?|takeaways?|background|insights?|remarks?|comments?|todo|status|"
    r"update[sd]?)\s*:)"
    r"|(?P<prose_start>(?:in this (?:paper|work|post|repo\w*)|this (?:paper|work|post|list|"
    r"repo\w*|page|section|system|project)|we|our|it|they|he|she|i|here|there|note|nb|please|"
    r"thanks|see|also|for example|for instance|e\.g\.|i\.e\.|last updated|updated|"
    r"the key idea|the main idea|the authors?|these|those)\b))"
    r"|(?P<appositive>[\w.+\-]+,\s+(?:a|an|the)\s)"
)
"""Openings of prose, tried in order: a ``Label:``, a sentence opener, ``Name, a ...``."""

# fmt: off
_PROSE_FIRST_WORDS = frozenset((
    # labels
    "keyword", "keywords", "tag", "tags", "author", "authors", "code", "paper", "pdf", "slides",
    "video", "note", "notes", "summary", "abstract", "tl;dr", "tldr", "link", "links", "project",
    "website", "venue", "conference", "published", "contribution", "contributions", "motivation",
    "problem", "key", "idea", "solution", "result", "results", "evaluation", "pros", "cons",
    "limitation", "limitations", "takeaway", "takeaways", "background", "insight", "insights",
    "remark", "remarks", "comment", "comments", "todo", "status", "update", "updates", "updated",
    # sentence openers
    "in", "this", "we", "our", "it", "they", "he", "she", "i", "here", "there", "nb", "please",
    "thanks", "see", "also", "for", "e.g.", "i.e.", "last", "the", "these", "those",
))
# fmt: on
"""First words :data:`_PROSE` can match (lower-case): the regex only runs for these."""

# fmt: off
_VERBS = frozenset((
    "enables", "uses", "designs", "implements", "determines", "achieves", "provides",
    "proposes", "presents", "introduces", "allows", "supports", "handles", "leverages",
    "exploits", "reduces", "improves", "builds", "shows", "offers", "combines", "extends",
    "describes", "studies", "explores", "analyzes", "analyses", "focuses", "aims", "targets",
    "employs", "adopts", "applies", "utilizes", "outperforms", "accelerates", "optimizes",
    "schedules", "automates", "identifies", "observes", "argues", "finds", "demonstrates",
    "can", "could", "will", "would", "should", "does", "did", "has", "have",
))
# fmt: on
"""Lower-case verbs that, right after a short subject, make a line a sentence.

Case matters: a Title Case title capitalises its verbs (``Attention Is All You Need``)."""
_BE = frozenset(("is", "are", "was", "were"))
_VERBS_AND_BE = _VERBS | _BE
_ARTICLES = frozenset(("a", "an", "the"))
_SENTENCE_END_CHARS = ".,;!\u3002\uff0c\uff1b"
_LOWER_WORD = re.compile(r"^[a-z]+\b(?![\w\-'])")


class Item(NamedTuple):
    """A paper entry's parts, as :func:`parse_item` reads them from one entry text.

    A named tuple rather than a dataclass: one is built per candidate line, and a frozen
    dataclass costs several times more to construct.
    """

    title: str
    venue: str | None
    year: int | None
    alias: str | None


class Rejected(NamedTuple):
    """Why a candidate text is not a paper entry (see the module docstring for each reason)."""

    reason: str


@dataclass(frozen=True, slots=True)
class ParseResult:
    """Entries of one list, in line order, and warnings about lines that were skipped."""

    entries: list[Entry]
    warnings: list[str]


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


def _known_venue(v: str) -> bool:
    folded = " ".join(v.split()).casefold()
    return folded in CANONICAL_VENUES or folded in VENUE_ALIASES


def _venue_ok(v: str | None, sep: str, y: str | None) -> bool:
    """Whether a matched ``VENUE YY`` looks like a venue tag rather than words and a number.

    Known venues always pass. Unknown ones pass only as one short word written with the year
    (``HPCC22``) or with an apostrophe (``Foo '22``), so ``(Top 10)`` is not a venue (and
    :func:`_venue_tag` rejects years after :data:`LATEST_TAG_YEAR`, so ``(ResNet50)`` is not).
    """
    if v is None:
        return y is not None and len(y) == 4
    if v.casefold() in UNKNOWN_VENUE_TAGS or _known_venue(v):
        return True
    if y is None or " " in v or len(v) > 12:
        return False
    return sep == "" or "'" in sep


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
    head = _NOTE_SPLIT.split(s, maxsplit=1)[0].strip()
    for cand in (s, head) if head != s else (s,):
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


def _strip_clutter(s: str) -> str:
    """Remove images, badges, HTML, URLs and link words; keep the text of other links."""
    if "[" in s:
        if "![" in s:
            s = _IMAGE.sub("", s)
        if "](" in s:
            s = _EMPTY_LINK.sub("", s)
        if "[[" in s:
            s = _DOUBLE_BRACKET.sub("", s)
        s = _CLUTTER_LINK.sub("", s)
        if "](" in s:
            s = _LINK.sub(r"\1", s)
    if "<" in s:
        s = _HTML_TAG.sub(" ", s)
    if "http" in s:
        s = _URL.sub("", s)
    return s


def _strip_emphasis(s: str) -> str:
    if "*" in s or "_" in s:
        s = s.replace("**", "").replace("__", "")
        s = _EMPH_OPEN.sub("", s)
        s = _EMPH_CLOSE.sub("", s)
    return s


def _take_trailing(title: str, tags: _Tags) -> str:
    """Peel venue tags, aliases and notes off the end of a title until nothing changes."""
    for _ in range(6):
        title = title.rstrip(_TRAIL_SEPARATORS)
        last = title[-1:]
        if last == "`":
            title = _TRAIL_BACKTICK.sub("", title)
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
        if last.isdigit() and title[-5:-4] == " ":
            m = _KNOWN_AT_END.search(title)
            if m and m.start() > 0 and _known_venue(m.group("v")):
                tags.set_venue((canonical_venue(_extend_venue(title, m)), parse_year(m.group("y"))))
                title = title[: _venue_start(title, m)].rstrip(_TAG_CUT)
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
    ):
        _tags_after_authors(rest, tags)


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
_INITIAL = re.compile(r"\b[A-Z]\.")
_DIGIT = re.compile(r"\d")
_NOT_A_FIRST_AUTHOR = _VERBS_AND_BE | _PROSE_FIRST_WORDS
"""Words (lower-cased) that open a description, not an author list (``Extends``, ``See``)."""


def _tags_after_authors(rest: str, tags: _Tags) -> bool:
    """Read the venue tag after the author list that opens ``rest`` (``Kwon et al., SOSP
    2023``); return whether ``rest`` was such a list and tag.

    It counts only when the text before it is an author list (:func:`_is_author_list`) and
    it ends the entry (a final ``.`` or one note in parentheses may follow), so a description
    that names another paper (``Zhang et al. (OSDI 2020) showed that ...``) keeps its venue
    to itself.
    """
    m = _AUTHORS.match(rest)
    if m is None or not _is_author_list(m):
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
    return bool(inner[:1].isupper() and _DIGIT.search(inner)) and _tags_after_authors(inner, tags)


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
        if rest.startswith(("by ", "By ")):
            pass  # "Title - by A. Author": evidence enough (_is_author_list)
        elif not rest[:1].isupper():
            continue  # names open with a capital
        elif not ("," in rest or "." in rest or " and " in rest or "&" in rest or "et al" in rest):
            continue  # no comma, "and", initial or "et al": no evidence (a cheap test first)
        elif sep.group()[0] != "." and not ("et al" in rest or _INITIAL.search(rest)):
            # after a dash, comma or "by", names need a mark: words joined by "and" may be the
            # title's own (Scaling Laws - Tensor Parallelism and Data Sharding; Learning by
            # Doing); after a full stop, a citation's plain full names will do
            continue
        if _tags_after_authors(rest, found := _Tags()):
            if _tags_after_authors(s.lstrip(_LEAD_SEPARATORS), _Tags()):
                return s
            tags.set_venue((found.venue, found.year))
            tags.alias = tags.alias or found.alias
            return s[: sep.start()]
    return s


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


def _cut_fullwidth_note(text: str) -> str:
    """Drop the note after a full-width colon (``Title：中文注释``) before NFKC makes it ``:``.

    A full-width colon followed by Latin text is the title's own colon typed on a CJK keyboard
    (``MegaScale：Scaling ...``), unless the title already has a colon before it.
    """
    i = text.find("\uff1a")
    if i < 0:
        return text
    head, tail = text[:i], text[i + 1 :]
    if _CJK.search(tail) or ":" in head:
        return head
    return text.replace("\uff1a", ": ")


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
_TRAILING_ET_AL = re.compile(r"(?:\s[-\u2013\u2014]\s|,\s|\sby\s)[^,;:()\[\]]{2,80}?\bet al\.?$")
"""Authors after a title (``Title - Woosuk Kwon et al.``, ``Title, Kwon et al``)."""
_APA = re.compile(
    r"^(?P<authors>[^()]{2,300}?)\s*\((?P<year>(?:19|20)\d\d)[a-z]?\)\.\s+"
    r"(?P<title>[^.?!]{12,300}[?!]?)\.?(?:\s+(?P<rest>.*))?$"
)
_ET_AL_AFTER = re.compile(
    r"^(?P<title>[^.?!]{12,300}[?!]?)\.\s+(?P<authors>[^.]{2,150}?\bet al)\.?(?:\s+(?P<rest>.*))?$"
)
_ACM = re.compile(r"^(?P<head>.{20,600}?[^\s.]{2})\.\s+In\s+(?P<rest>\S.*)$")
_AUTHOR_LIST = re.compile(r",|&|\bet al\b|\band\b")
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
        if m.start() == 0:  # "Title" by A. Author, VENUE 2017 / **Title** - A. Author et al.
            rest = after.lstrip()
            # not the quoted start of a longer title ("Why Should I Trust You?": Explaining
            # ...), nor a title with its tag in parentheses, which parse_item reads itself,
            # nor a bold label before the title (**Must-read classic** Title (SOSP 2023))
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
    elif ". In " in s and (m := _ACM.match(s)) is not None:
        # ACM: "A. Author, B. Author, and C. Author. Title. In VENUE '23." The title is the last
        # sentence before "In" (initials cut the authors into many), and only with a venue.
        before, _, title = m["head"].rpartition(". ")
        after = m["rest"]
        if not _AUTHOR_LIST.search(before) or not _venue_in(after):
            return None
    else:
        return None
    venue, year = _venue_in(after), _cited_year(after, before)
    if not (venue or year or leading_quote):
        return None
    tags = _Tags()
    if venue or year:
        tags.set_venue((venue, year))
    item = _finish(_strip_clutter(title).strip(), tags, led=False, bullet=True)
    return item if isinstance(item, Item) else None


def parse_item(text: str, *, bullet: bool = True) -> Item | Rejected:
    """Read one entry text (a list item's text, a plain line, a table cell).

    Returns the title with venue tags, links, aliases and notes removed, or why the text is
    not a paper entry. ``bullet=False`` is for plain lines, which need a venue tag.
    """
    # clean_text's ASCII fast path inlined: this runs once per candidate line
    if text.isascii():
        s = " ".join(text.split())
    elif (
        bullet
        and text[:1] not in "[("
        and ":" not in text
        and "\uff1a" not in text
        and (_CJK.search(text))
    ):
        return Rejected("cjk_note")  # no tag and no colon to cut a note at: a CJK note
    else:
        s = clean_text(_cut_fullwidth_note(text))
    first = s[:1]
    if first == "[" and _TASK.match(s):
        s = _TASK.sub("", s)
    if "![" in s or "<" in s:
        s = _IMAGE.sub("", _EMPTY_LINK.sub("", _HTML_TAG.sub(" ", s))).strip()
        s = _EMPTY_LINK.sub("", s).strip()
    # before emphasis is stripped: a title in italics or bold marks a citation like quotes
    cite = '"' in s or "“" in s or "*" in s or "). " in s or "et al" in s or ". In " in s
    if cite and (cited := _citation(s)) is not None:
        return cited
    s = _strip_emphasis(s)
    tags = _Tags()
    if s[:1] in "[(":
        s = _take_leading(s, tags)
    led = tags.tagged
    # a link that opens the text (match anchors at the start)
    if s.startswith("[") and (m := _LINK.match(s)) and not _CLUTTER_ONLY.match(m.group(1)):
        if m.group(2).startswith("#"):
            return Rejected("toc_link")
        title = _take_leading(_strip_emphasis(m.group(1)).strip(), tags)
        title = _take_trailing(_strip_clutter(title), tags)
        _tags_after_link(s[m.end() :], tags)
        return _finish(title, tags, led=led, bullet=bullet)
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
    return _finish(title, tags, led=led, bullet=bullet)


def _finish(title: str, tags: _Tags, *, led: bool, bullet: bool) -> Item | Rejected:
    ascii_only = title.isascii()
    if not ascii_only:
        title = _COLON_CJK_NOTE.sub("", title)
    title = _strip_emphasis(title)
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
    if reason:
        return Rejected(reason)
    return Item(title, tags.venue, tags.year, tags.alias)


def _reject_reason(title: str, tags: _Tags, *, led: bool, bullet: bool) -> str | None:
    if not _LETTER.search(title):
        return "empty"
    if len(title) < 24 and _CLUTTER_ONLY.match(title):
        return "clutter_only"
    if led:
        return None
    if not bullet and not tags.tagged:
        return "no_venue_tag"
    if not title.isascii() and _CJK.search(title):
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
    if n_words > MAX_TITLE_WORDS:
        return "too_long"
    return None


def _ends_sentence(s: str) -> bool:
    """Ends like a sentence (``.``, ``,``, ``;``, ``!``), but not with an ellipsis."""
    return s[-1:] in _SENTENCE_END_CHARS and s[-1:] != "" and not s.endswith("..")


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
            return True
        if w in _BE and i + 1 < n and words[i + 1] in _ARTICLES:
            return True
    return False


# --------------------------------------------------------------------------- whole lists
_NUMBERING = re.compile(r"^\d+(?:\.\d+)*[.)]?\s+")


def _topic_text(s: str) -> str:
    """A heading or topic line as a section name: no links, emphasis, numbering or colon."""
    s = _NUMBERING.sub("", clean_text(_strip_emphasis(_strip_clutter(s))))
    return s.rstrip(" :").strip()


def _is_topic_line(text: str) -> bool:
    """A short plain line that is not a sentence and not CJK annotation names a section."""
    s = _topic_text(text)
    if not s or not _LETTER.search(s) or _CJK.search(s):
        return False
    if len(s) > 100 or len(s.split()) > MAX_TOPIC_WORDS:
        return False
    return not _ends_sentence(s) and not s.endswith("?")


def _is_plain(line: str) -> bool:
    """A line that can continue a wrapped entry: text, not structure."""
    st = line.strip()
    if not st or st[0] in "#|><`~":
        return False
    first = st[0]
    if (first in _BULLET_CHARS or first.isdigit()) and _BULLET.match(line):
        return False
    return not (first in "-*_=" and _RULE.match(line))


def _should_join(current: str, nxt: str) -> bool:
    """Whether plain line ``nxt`` continues entry text ``current`` (see "Wrapped entries")."""
    if current.count("[") > current.count("]"):
        return True
    st = nxt.strip()
    if _CJK.search(st) or current.rstrip().endswith((")", "]")):
        return False
    if _ends_sentence(st) and not st.endswith("]"):
        return False
    return bool(_LOWER_WORD.match(st))


def _table_cells(row: str) -> list[str]:
    st = row.strip()
    if st.startswith("|"):
        st = st[1:]
    if st.endswith("|") and not st.endswith("\\|"):
        st = st[:-1]
    return [c.strip() for c in _CELL_SPLIT.split(st)]


_HEADER_TITLE = re.compile(r"\b(?:title|paper|papers|name)\b", re.IGNORECASE)
_HEADER_VENUE = re.compile(r"\b(?:venue|conf\w*|where|publication|published|pub)\b", re.IGNORECASE)
_HEADER_YEAR = re.compile(r"\b(?:year|date|when)\b", re.IGNORECASE)
_CELL_YEAR = re.compile(r"^\s*'?(\d{4})\s*$")


@dataclass(slots=True)
class _Table:
    title_col: int | None = None
    venue_col: int | None = None
    year_col: int | None = None


def _table_header(cells: list[str]) -> _Table:
    t = _Table()
    for i, c in enumerate(cells):
        c = _topic_text(c)
        if t.title_col is None and _HEADER_TITLE.search(c):
            t.title_col = i
        elif t.venue_col is None and _HEADER_VENUE.search(c):
            t.venue_col = i
        elif t.year_col is None and _HEADER_YEAR.search(c):
            t.year_col = i
    return t


def _table_item(cells: list[str], table: _Table) -> Item | Rejected:
    """A table row's entry: the title cell, with venue/year from their columns if needed."""
    order = [table.title_col] if table.title_col is not None else list(range(len(cells)))
    result: Item | Rejected = Rejected("empty")
    for i in order:
        if i is None or i >= len(cells) or not cells[i]:
            continue
        result = parse_item(cells[i], bullet=True)
        if isinstance(result, Item):
            break
    if not isinstance(result, Item):
        return result
    venue, year = result.venue, result.year
    for i, c in enumerate(cells):
        if venue is not None and year is not None:
            break
        if i == table.title_col:
            continue
        c = clean_text(_strip_emphasis(_strip_clutter(c)))
        in_year_col = i == table.year_col or table.year_col is None
        if year is None and in_year_col and (m := _CELL_YEAR.match(c)) is not None:
            year = parse_year(m.group(1))
            continue
        if venue is None and (i == table.venue_col or _cell_is_venue(c)):
            tag = _venue_tag(c, need_year=False)
            if tag is not None:
                venue, year = tag[0], year or tag[1]
            elif i == table.venue_col and c and len(c) <= 30:
                venue = canonical_venue(c)
    return Item(result.title, venue, year, result.alias)


def _cell_is_venue(c: str) -> bool:
    word = c.split("'")[0].split(" ")[0].rstrip("0123456789")
    return bool(word) and _known_venue(word)


def parse_list(text: str, source_file: str, *, line_offset: int = 0) -> ParseResult:
    """All paper entries of one reading list, with warnings for lines that were skipped.

    ``source_file`` is only used to fill :attr:`Entry.source_file` and to name lines in
    warnings. Line numbers are 1-based and count ``\\n`` only (as editors do).
    ``line_offset``: ``text`` is a piece of a document that starts after that many lines
    (see :func:`heading_splits`); front matter is only looked for at the very start.
    """
    lines = text.split("\n")
    n = len(lines)
    entries: list[Entry] = []
    warnings: list[str] = []
    section: str | None = None
    table: _Table | None = None
    i = 0
    if line_offset == 0 and lines and lines[0].strip() == "---":
        for j in range(1, min(n, 200)):
            if lines[j].strip() in ("---", "..."):
                i = j + 1
                break
    hidden = _Hidden()
    prev_plain: str | None = None
    while i < n:
        line = lines[i].rstrip("\r")
        lineno = i + 1 + line_offset
        i += 1
        if len(line) > MAX_LINE_CHARS:
            warnings.append(
                f"{source_file}:{lineno}: skipped a line of {len(line):,} characters "
                f"(longer than {MAX_LINE_CHARS:,}; not a reading-list entry)"
            )
            prev_plain = None
            continue
        stripped = line.strip()
        if hidden.skip(line, stripped):
            continue
        if not stripped:
            prev_plain = None
            table = None
            continue
        first = stripped[0]
        if first == "<":
            if _HTML_ONLY.match(line):
                prev_plain = None
                continue
        elif first == "#":
            if (m := _HEADING.match(line)) is not None:
                section = _topic_text(m.group(2) or "") or section
                prev_plain = None
                table = None
                continue
        elif first in "=-*_":
            if prev_plain is not None and _SETEXT.match(line):
                section = _topic_text(prev_plain) or section
                prev_plain = None
                continue
            if _RULE.match(line):
                prev_plain = None
                continue
        if first == "|" and _TABLE_ROW.match(line):
            prev_plain = None
            if _TABLE_SEP.match(line):
                continue
            cells = _table_cells(line)
            if i < n and _TABLE_SEP.match(lines[i]):
                table = _table_header(cells)
                continue
            item = _table_item(cells, table or _Table())
            if isinstance(item, Item):
                entries.append(_entry(source_file, lineno, section, stripped, item))
            continue
        bm = _BULLET.match(line) if first in _BULLET_CHARS or first.isdigit() else None
        body = bm.group(3) if bm else stripped
        # a wrapped entry: join following plain lines (link text split over lines, or a
        # title continued in lower case)
        raw_parts = [stripped]
        consumed = 0
        while consumed < MAX_JOIN_LINES and i + consumed < n:
            nxt = lines[i + consumed].rstrip("\r")
            if not ("a" <= nxt.lstrip()[:1] <= "z" or body.count("[") > body.count("]")):
                break  # the common case, decided without the checks below
            if len(nxt) > MAX_LINE_CHARS or not _is_plain(nxt):
                break
            if not _should_join(body, nxt):
                break
            body = f"{body} {nxt.strip()}"
            raw_parts.append(nxt.strip())
            consumed += 1
        item = parse_item(body, bullet=bm is not None)
        if consumed and not isinstance(item, Item):
            body = bm.group(3) if bm else stripped
            raw_parts, consumed = [stripped], 0
            item = parse_item(body, bullet=bm is not None)
        if isinstance(item, Item) and not (bm and _ends_topic(body, item)):
            raw = " ".join(raw_parts) if consumed else stripped
            entries.append(_entry(source_file, lineno, section, raw, item))
            i += consumed
            prev_plain = None
            continue
        if bm is not None:
            if _ends_topic(body, None) and _is_topic_line(body) and "http" not in body:
                section = _topic_text(body)
            prev_plain = None
        else:
            if _is_topic_line(stripped):
                section = _topic_text(stripped)
            prev_plain = stripped
    return ParseResult(entries=entries, warnings=warnings)


class _Hidden:
    """Tracks fenced code and HTML comments line by line.

    :func:`parse_list` and :func:`heading_splits` share it, so they agree on which lines are
    content: a cut must never fall where the sequential parse sees code or a comment.
    """

    __slots__ = ("in_fence", "in_comment")

    def __init__(self) -> None:
        self.in_fence = False
        self.in_comment = False

    def skip(self, line: str, stripped: str) -> bool:
        """True when ``line`` is inside, opens or closes a fence or a comment."""
        if self.in_fence:
            self.in_fence = not _FENCE.match(line)
            return True
        if self.in_comment:
            self.in_comment = "-->" not in line
            return True
        if stripped[:1] in ("`", "~") and _FENCE.match(line):
            self.in_fence = True
            return True
        if stripped.startswith("<!--"):
            self.in_comment = "-->" not in stripped
            return True
        return False


def heading_splits(lines: Sequence[str], parts: int) -> list[int]:
    """Line indexes where a document can be cut into ``parts`` independently parsed pieces.

    A heading with text resets everything :func:`parse_list` carries from line to line (the
    section, a table, a wrapped entry), so parsing the pieces separately, with
    ``line_offset``, gives exactly the entries of parsing the whole. Headings inside fenced
    code, HTML comments or the first 200 lines (where front matter may be) are not cut at.
    """
    candidates: list[int] = []
    hidden = _Hidden()
    for idx, raw in enumerate(lines):
        line = raw.rstrip("\r")
        if len(line) > MAX_LINE_CHARS or hidden.skip(line, line.strip()):
            continue  # exactly the lines parse_list skips before it looks for headings
        if (
            idx > 200
            and "#" in line[:4]  # a heading's "#" comes after at most three spaces
            and (m := _HEADING.match(line))
            and _topic_text(m.group(2) or "")
        ):
            candidates.append(idx)
    cuts: list[int] = []
    for k in range(1, parts):
        target = len(lines) * k // parts
        best = min(candidates, key=lambda c: abs(c - target), default=None)
        if best is not None and (not cuts or best > cuts[-1]):
            cuts.append(best)
    return cuts


_ARXIV_REF = re.compile(
    r"(?i)(?:arxiv\.org/(?:abs|pdf|html)/|\barxiv:\s?)"
    r"(?P<id>\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[a-z]{2})?/\d{7})(?:v\d+)?(?![\d/])"
    r"|(?i:\barxiv\s)(?P<bare>\d{4}\.\d{4,5})(?:v\d+)?\b"
)
"""An arXiv link (``arxiv.org/abs/2309.06180v2``, ``.../pdf/astro-ph/0601001``) or citation
(``arXiv:2309.06180``, ``[arXiv 2307.12345]``)."""


def linked_arxiv_id(raw: str) -> str | None:
    """The arXiv id (no version) an entry links or cites, when it names exactly one.

    The link of ``[Title](https://arxiv.org/abs/2309.06180)``, a ``[[pdf](...)]`` beside a
    title, or an ``arXiv:2309.06180`` in a citation. An entry naming two papers names neither
    (``Title [paper](arxiv.org/abs/A), extends [B](arxiv.org/abs/B)``). Resolve still checks
    the title against the record it finds, so a link to a related paper costs a lookup, not a
    wrong match.
    """
    if "xiv" not in raw and "Xiv" not in raw and "XIV" not in raw:  # arxiv, arXiv, ARXIV
        return None
    ids = {m["id"] or m["bare"] for m in _ARXIV_REF.finditer(raw)}
    return ids.pop() if len(ids) == 1 else None


_DOI_REF = re.compile(
    r"(?i)(?:doi\.org/|/doi/(?:abs/|full/|pdf/|epdf/)?|link\.springer\.com/(?:article|chapter)/"
    r"|\bdoi:\s?)(10\.\d{4,9}/(?:[^\s\]\[()<>\"',;]|\([^\s()<>]*\))+)"
)
"""A DOI link (``https://doi.org/10.1145/3600006.3613165``, ``dl.acm.org/doi/abs/10.1145/...``,
``link.springer.com/article/10.1007/...``) or citation (``doi:10.1145/...``); the DOI ends at a
space, bracket, quote, comma or semicolon, and holds parentheses only in pairs
(``10.1016/S0140-6736(20)30183-5``, also inside a Markdown link's own parentheses)."""


def linked_doi(raw: str) -> str | None:
    """The DOI an entry links or cites (lower case, as DOIs compare), when it names exactly one
    (see :func:`linked_arxiv_id`)."""
    if "10." not in raw:  # most entries: no regex scan
        return None
    dois = {m.group(1).rstrip(".").lower() for m in _DOI_REF.finditer(raw)}
    return dois.pop() if len(dois) == 1 else None


def _ends_topic(body: str, item: Item | None) -> bool:
    """``1. Cluster Scheduling:``: a list item ending with a colon is a topic, not a paper."""
    if item is not None and (item.venue or item.year):
        return False
    return body.rstrip().endswith((":", "\uff1a"))


def _entry(source_file: str, line: int, section: str | None, raw: str, item: Item) -> Entry:
    title, venue, year, alias = item
    # positional: Entry's field order (keyword arguments cost more, once per entry)
    return Entry(
        source_file,
        line,
        section,
        raw,
        title,
        venue,
        year,
        alias,
        linked_arxiv_id(raw),
        linked_doi(raw),
    )
