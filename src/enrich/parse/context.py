"""What surrounds an entry and describes it: nested lines, headings, a block's other lines.

A list item's nested lines (sub-bullets, continuation paragraphs) and the headings above it
say things about it that its own line does not: ``  - Crankshaw, Daniel, et al. (*NSDI
2017*)`` under ``- Clipper: ...`` gives Clipper its venue and year; ``## 2024`` then ``### OSDI``
give every entry under them a year and a venue; in a plain-text list, ``SOSP 2023`` and a URL
on the lines after a title are that title's. Pure functions of the text they are given.
"""

from __future__ import annotations

import re

from enrich.normalize import clean_text, parse_year
from enrich.parse.authors import author_block
from enrich.parse.candidates import title_cased
from enrich.parse.choose import read_entry
from enrich.parse.citations import _last_year, _venue_in
from enrich.parse.dates import month_year
from enrich.parse.inline import read_inline
from enrich.parse.items import _title_first
from enrich.parse.links import PAPER, link_kind, linked_arxiv_id, linked_doi
from enrich.parse.model import Item, Rejected
from enrich.parse.reference import _LINE_END, incomplete_reference
from enrich.parse.rules import _PROSE, _has_subject_verb
from enrich.parse.tags import _AUTHORS, _NAME_SPLIT, _is_author_list, _Tags, _tags_after_authors
from enrich.parse.text import (
    _CLUTTER_ONLY,
    HREF,
    _is_topic_line,
    _strip_clutter,
    _strip_emphasis,
    _topic_text,
)
from enrich.parse.venuetag import _venue_tag
from enrich.records import Entry
from enrich.venues import known_venue, long_venue_name

_LINKS_ONLY = re.compile(rf"^(?:!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\({HREF}\)[\s,;|/]*)+$")
"""A line of Markdown links and nothing else (checked before the line is tokenized)."""
_PICTOGRAPHS = re.compile(
    "[\U0001F000-\U0001FAFF\u2600-\u27A3\u27A5-\u27BF\u2B50\u2B55]+[\uFE0F\u200D]*[ \t]?"
)
"""Pictographs (``🔥``, ``📄``, ``🗓️``, ``⭐``; not the bullet ``➤``): marks, no words."""
_PARENS = re.compile(r"\(([^()]{2,60})\)")
_BRACES = re.compile(r"[{}]")
_YEAR_WORD = re.compile(r"^(?:Year|Published)\s*:?\s+(?=\d{4}$)", re.IGNORECASE)
"""``Year 2011``, ``Year: 2011``: a year said in words."""
_APOSTROPHE_YEAR = re.compile(r"'\d\d\b")
MAX_META_CHARS = 200
"""A line that names a venue in full and a year describes a title above it when this short."""
_PERSON_NOT = re.compile(r"\b(?:[A-Z][a-z]+(?:ing|ism|tion|ment|ness|ity|ics)|Thanks|Regards)\b")
"""Words of a short line that no author's name has (``Best Regards``, ``Load Balancing``)."""
_URL_LINE = re.compile(r"^<?(?:https?://|www\.)\S+>?$|^(?:doi|arxiv):\s?\S+$", re.IGNORECASE)


_SOURCE_LABEL = re.compile(
    r"^(?i:venue|conference|published(?: in)?|publication|where|journal)\s*:\s*(?=\S)"
)
"""A nested line's label that says the line is where the entry appeared."""


def described(text: str) -> tuple[str | None, int | None]:
    """The venue and year a nested line gives the entry it is under (``None`` when it gives
    none): a venue tag in parentheses (``(*NSDI 2017*)``, ``({NSDI} 20)``), else the first
    venue named in capitals and the last year (``In 2019 IEEE International Parallel and
    Distributed Processing Symposium (IPDPS) (pp. 283-292)``). A labelled note (``Summary:
    ...``) or a sentence (``We compare it with Orca (OSDI 2022)``, ``It beats Orca (OSDI
    2022)``) describes nothing."""
    s = _BRACES.sub("", _strip_emphasis(_strip_clutter(text))).strip()
    s = _SOURCE_LABEL.sub("", s, count=1)  # Venue: arXiv 2019, as a nested line labels it
    if not s or _PROSE.match(s) is not None or _has_subject_verb(s):
        return None, None  # a note or a description: it may name other papers' venues
    for inner in _PARENS.findall(s):
        tag = _venue_tag(inner, need_year=True)
        if tag is not None and tag[0] is not None:
            return tag
    return _venue_in(s) or long_venue_name(s), _last_year(s) or _apostrophe_year(s)


def _apostrophe_year(s: str) -> int | None:
    """``'09`` (after a venue written in full): 2009."""
    m = _APOSTROPHE_YEAR.search(s)
    return parse_year(m.group()[1:]) if m is not None else None


def heading_tags(heading: str) -> tuple[str | None, int | None]:
    """``## 2024``, ``### OSDI``, ``### NeurIPS 2025``: the venue and year a heading gives the
    entries under it; ``(None, None)`` for a topic heading (``## Serving``)."""
    s = _YEAR_WORD.sub("", _topic_text(heading))
    if not s or len(s) > 40:
        return None, None
    if s.isdigit() and len(s) == 4:
        year = int(s)
        return (None, year) if 1950 <= year <= 2039 else (None, None)
    tag = _venue_tag(s, need_year=False)
    if tag is not None and tag[0] is not None and tag[0] == _venue_in(s):
        return tag
    return None, None


def group_tags(text: str) -> tuple[str | None, int | None]:
    """What a group item gives the items under it: a heading's tags (:func:`heading_tags`), or
    a proceedings named in full with its tag or year (``Proceedings of the ACM Symposium on
    Cloud Computing (SoCC 2011)``)."""
    tags = heading_tags(text)
    if tags != (None, None):
        return tags
    s = _strip_emphasis(_strip_clutter(text)).strip().rstrip(":")
    if len(s) > MAX_META_CHARS or (venue := long_venue_name(s)) is None:
        return None, None
    for inner in _PARENS.findall(s):  # (HPCA 2019), (TPDS 2016)
        tag = _venue_tag(inner, need_year=True)
        if tag is not None and tag[0] is not None:
            return tag
    return venue, _last_year(s) or _apostrophe_year(s)


def title_shaped(line: str) -> bool:
    """Whether a plain line looks like a paper title: ``Name: Subtitle In Title Case`` or five
    words or more in Title Case, not ending like a sentence."""
    words = line.split()
    if len(words) < 4 or line[-1:] in ".,;!:":
        return False
    head, sep, tail = line.partition(": ")
    if sep and len(head.split()) <= 5 and len(tail.split()) >= 3 and tail[:1].isupper():
        return True
    return len(words) >= 5 and title_cased(line)


_UPDATED = re.compile(r"(?i)(?:last )?updated\b")


def is_meta_line(line: str, *, first: bool = False) -> bool:
    """A line of a plain-text block that describes the title above it: a URL, a venue and year
    (``SOSP 2023``, ``(OSDI '22)``, ``Jul 2024``) or an author list; ``first``: the line right
    after the title, where one or two full names are its authors (``Gyeong-In Yu``)."""
    s = line.strip()
    if not s:
        return False
    if _URL_LINE.match(s):
        return True
    if s[:1] in "LlUu" and _UPDATED.match(s):
        return False  # Last updated: August 2024 (under a list's title, not a paper's)
    s = _strip_emphasis(s)
    inner = s[1:-1] if s[:1] in "([" and s[-1:] in ")]" else s.removeprefix("In ")
    if _venue_tag(inner.rstrip(". "), need_year=False) is not None or month_year(inner):
        return True
    dated = _last_year(s) or _APOSTROPHE_YEAR.search(s)
    if len(s) <= MAX_META_CHARS and long_venue_name(s) is not None and dated:
        return True  # In Proceedings of Machine Learning and Systems, 2016.
    m = _AUTHORS.fullmatch(s.rstrip(". "))
    if m is not None and _is_author_list(m):
        return True
    if s[:1].isupper() and _tags_after_authors(s, _Tags(), surnames=True):
        return True  # Goodfellow et al. NIPS 2014. / Kingma and Welling. ICLR 2014.
    block = author_block(s)  # the name forms of references: Agrawal, S. / Yu GI, Jeong JS
    if block is None or block.end < len(s.rstrip(". ")):
        return False
    if first and block.names <= 2 and not _PERSON_NOT.search(s):
        return True
    return block.strong or block.names >= 3 or (block.names == 2 and " and " in s)


def block_title(text: str, meta: list[str]) -> Item | Rejected:
    """The entry a plain-text block's first line names, read as a list item's. A name alone or
    a CJK title is one too (``Orca`` / ``Kwon, W. et al.`` / ``OSDI 2023``) when a line after it
    names a venue or authors, not only a URL (``Website`` / ``https://...`` is no paper)."""
    item = read_entry(text, bullet=True)
    if item in (Rejected("too_short"), Rejected("cjk_note")) and any(
        not _URL_LINE.match(m) and is_meta_line(m) for m in meta
    ):
        item = read_entry(text, bullet=True, short_ok=True)
    return item


def _describe(entry: Entry, text: str, item: object) -> None:
    """Give ``entry`` the venue and year a line nested under it (or after it) states, where it
    has none; the line's links are the entry's too (``paper [Title](arxiv)`` under ``code
    [Title](github)``)."""
    tagged = isinstance(item, Item) and (item.venue is not None or item.year is not None)
    venue, year = (item.venue, item.year) if tagged and isinstance(item, Item) else described(text)
    if entry.venue is None and venue is not None:
        entry.venue = venue
        entry.year = entry.year or year
    elif entry.year is None and year is not None and (venue is None or venue == entry.venue):
        entry.year = year
    if "](" in text or "10." in text or "rxiv" in text.lower():
        raw = f"{entry.raw} {text}"
        entry.arxiv_id = entry.arxiv_id or linked_arxiv_id(raw)
        entry.doi = entry.doi or linked_doi(raw)


def _only_link_words(text: str) -> bool:
    """``[[GitHub]](url) [[Blog]](url)``: links whose words say what they are, nothing else
    (pictographs aside: ``📄 [Paper](url) | 💻 [Code](url)``)."""
    if not text.isascii():
        text = _PICTOGRAPHS.sub("", text).strip()
    if not _LINKS_ONLY.match(text):
        return False  # most lines: decided without tokenizing
    inline = read_inline(text)
    rest = inline.text
    for link in reversed(inline.links):
        if not _CLUTTER_ONLY.match(link.text.strip("[] ")):
            return False
        rest = rest[: link.start] + rest[link.end :]
    return bool(inline.links) and not rest.strip(" ,;|/")


def _is_authors(title: str) -> bool:
    """``Crankshaw, Daniel, et al``: an author list read as a title (a nested line that says
    who wrote the entry above it)."""
    m = _AUTHORS.match(title)
    if m is None or 2 * m.end() < len(title):
        return False
    # under a paper, three names or more are its authors (Jia, Zhihao, Oded Padon, ...)
    return _is_author_list(m) or len(_NAME_SPLIT.split(m["names"])) >= 3


def _links_a_paper(text: str) -> bool:
    """Whether ``text`` links a paper (arXiv, a DOI, proceedings, a PDF)."""
    return "](" in text and any(link_kind(link.href) == PAPER for link in read_inline(text).links)


MAX_HEADING_META_LINES = 4
"""Lines read after a heading for the links that make it an entry (an author and venue line,
blank lines, the links)."""
_PAPER_WORD = re.compile(r"(?i)\[\[?\s*(?:paper|pdf|arxiv)\s*\]")


def heading_entry(lines: list[str], i: int) -> tuple[list[str], int] | None:
    """The lines that describe a heading as a paper (``### Title``, then ``Authors · OSDI 2020``
    and ``[[Paper]](url) [[Code]](url)``) and the index after them, when the heading is
    followed, before any other text, by a line of link words that links a paper; else ``None``
    (a heading names a section)."""
    meta: list[str] = []
    for j in range(i, min(len(lines), i + MAX_HEADING_META_LINES)):
        s = lines[j].strip()
        if not s:
            continue
        if s[0] in "#|" or len(s) > MAX_META_CHARS * 5:
            return None
        if lines[j][:1] in "-*+" and lines[j][1:2] == " " and not _only_link_words(s):
            return None  # the heading's first item is a paper: the heading names a section
        meta.append(s)
        if _only_link_words(s):
            return (meta, j + 1) if _PAPER_WORD.search(s) or _links_a_paper(s) else None
    return None


_OPEN_END = re.compile(
    r"(?:\b(?:a|an|the|of|for|and|or|in|on|with|to|via|from|at|into|over)|[\-,:\u2014])$"
)
"""How a line ends that a title goes on after (``... Parallelism for`` / ``Models ...``)."""


MAX_TOPIC_JOIN_WORDS = 5
"""A plain line this short with no colon names a topic (``Model Serving``), and the reference
under it is not its continuation."""
_AFTER_STOP = re.compile(r"[,.]\s+")


def _ends_with_names(text: str) -> bool:
    """``**Orca**, Hiroshi Sun and others``: a title's authors end the line."""
    for m in _AFTER_STOP.finditer(text):
        block = author_block(text[m.end() :])
        if block is not None and block.end >= len(text[m.end() :].rstrip(" .")):
            return block.strong or block.names >= 2
    return False


def title_first_goes_on(body: str, following: list[str]) -> bool:
    """Whether the title-first reference ``body`` opens goes on in the first of the plain lines
    ``following`` (``Lucid: ... Scheduler for Deep`` / ``Learning Training Jobs. Saurabh
    Kowalski et al. EuroSys 2015.``): ``body`` is no such reference alone, and with the next
    lines, up to the end of one, it reads as one whose title does not end where ``body`` does.
    A line that describes ``body`` as a block's line does, or opens a title of its own (``Orca:
    ...``), is not joined, nor are a short topic line, a line of links or one that ends with
    names, unless ``body`` ends where no title does (``... Autoscaling for`` /
    ``Mixture-of-Experts Models: ...``)."""
    text = clean_text(body)
    if not following or text.endswith(":") or is_meta_line(following[0], first=True):
        return False  # a topic line, or a block's title over its authors or venue
    opens = _OPEN_END.search(text) is not None
    if len(text.split()) <= MAX_TOPIC_JOIN_WORDS and not opens and _is_topic_line(text):
        return False  # Model Serving / Efficient Memory Management ... Kwon et al. SOSP 2023.
    if _LINE_END.search(text) or _ends_with_names(text) or _title_first(text) is not None:
        return False  # it ends as a line of links or a reference does, or with its authors
    head = following[0].strip()
    if ": " in head.split(". ", 1)[0] and not opens:
        return False
    for k in range(1, len(following) + 1):
        if _LINE_END.search(following[k - 1]) is None:
            continue
        joined = clean_text(" ".join([body, *(f.strip() for f in following[:k])]))
        item = _title_first(joined)
        if item is not None:
            return len(item.title.split()) != len(text.split())  # the title ends in a line
    return False


def reference_goes_on(body: str, following: list[str]) -> bool:
    """Whether the reference ``body`` opens goes on in the first of the plain lines
    ``following``: one that opens with its authors (:func:`~enrich.parse.reference.
    incomplete_reference`) or with its title (:func:`title_first_goes_on`)."""
    return incomplete_reference(body, following[0]) or title_first_goes_on(body, following)


_HTML_END = re.compile(r"(?:\s*<[^<>]*>)+$")
"""HTML tags that end a line (``<br/>``)."""


MAX_NODE_WORDS = 4
"""A bare item this short over a deeper paper is a node of a topic tree (``- Scheduling``)."""
_DEEPER_BULLET = re.compile(r"([ \t]*)(?:[-*+]|\d+[.)])[ \t]+(\S.*)")


def heads_papers(item: object, body: str, indent: int, lines: list[str], i: int) -> bool:
    """``- Training`` / ``  - Parallelism`` / ``    - [Title](url) (OSDI 2022)``: a short
    item with no link, venue or year whose next line is a deeper item that is a paper (a venue,
    a year or a paper's link) names a topic of a tree whose leaves are the papers
    (``lines[i]``: the next line)."""
    if isinstance(item, Item):
        if item.venue or item.year or len(item.title.split()) > MAX_NODE_WORDS:
            return False
    elif item != Rejected("too_short"):
        return False  # - **TVM** alone is a name the item under it may describe
    if "](" in body or i >= len(lines):
        return False
    sub = _DEEPER_BULLET.match(lines[i])
    if sub is None or len(sub.group(1).expandtabs(4)) <= indent:
        return False
    if "](" not in sub[2] and is_meta_line(sub[2]):
        return False  # - **TVM** / - *OSDI 2018*: the line under it is its source
    leaf = read_entry(sub.group(2), bullet=True)
    return isinstance(leaf, Item) and bool(leaf.venue or leaf.year or _links_a_paper(sub[2]))


def _ends_topic(body: str, item: Item | None) -> bool:
    """``1. Cluster Scheduling:``: a list item ending with a colon is a topic, not a paper."""
    if item is not None and (item.venue or item.year):
        return False
    body = body.rstrip()
    if body.endswith(">"):
        body = _HTML_END.sub("", body)  # - Systems for LLMs:<br/>
    return body.endswith((":", "\uff1a"))


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


def tagged_heading(text: str) -> Item | None:
    """A heading that is a paper's title with its venue tag or year (``### TVM: An Automated
    End-to-End Optimizing Compiler for Deep Learning (OSDI'18)``, notes under it): the entry.
    A heading that is only a venue or a year gives them to the entries under it instead
    (:func:`heading_tags`), and one without a tag is a section."""
    if not text.rstrip().endswith((")", "]")):
        return None
    item = read_entry(text, bullet=True)
    if not isinstance(item, Item) or not (item.venue or item.year):
        return None
    # ### Communications of the ACM (CACM 2024): a venue's name, the group of its papers
    return None if long_venue_name(item.title) or known_venue(item.title) else item
