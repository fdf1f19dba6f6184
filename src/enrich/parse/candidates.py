"""An item's candidate entry texts, built from its inline structure (:mod:`enrich.parse.inline`).

Each candidate is named by the structure that gives it, tried in the order of
:func:`candidates` (the most specific structure first), and read by
:func:`~enrich.parse.items.parse_item`; :mod:`enrich.parse.choose` keeps the first that reads as
a paper and judges it by where its links point.

``name_join``
    ``[Perseus](url): Removing Energy Bloat ... | SOSP' 24``, ``[Alibaba HPN:](url) A Data
    Center ...``: a link holding the system name (or the first part of the title), the title
    going on after a colon. The title is ``Name: rest``, up to a ``|`` or a spaced dash; what
    follows is read for tags as after any link.
``labelled_link``
    ``code [Alpa: ... OSDI'22](github)``, ``paper [Title](pdf)``: a label word before the link
    that is the entry; the label is not part of the title.
``before_link_words``
    ``Tiresias: A {GPU} cluster manager. [[Paper]](url) [[GitHub]](url)``: a title ending with a
    full stop before links whose words are ``Paper``, ``PDF``, ``GitHub``...; the stop ends the
    title, not a sentence.
``link_continued`` (tried last)
    ``[Ring Attention](url) with Blockwise Transformers for Near-Infinite Context | UCB``: the
    title goes on in lower case after a link too short to be a title by itself.
``unescaped``
    the item as Markdown with escapes resolved and images and HTML gone
    (``Cloudburst: ... \\[Paper\\]``, a URL holding parentheses).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from enrich.parse.inline import Inline, Link
from enrich.parse.text import _CLUTTER_ONLY

LABELS = frozenset((
    "code", "paper", "pdf", "project", "slides", "video", "blog", "arxiv", "github", "website",
    "link", "doi", "repo", "homepage", "official",
))  # fmt: skip
"""Words that label the link after them (``code [Title](url)``): what the link is, not a title."""

_TITLE_END = re.compile(r"\s+(?:\||[-\u2013\u2014]{1,2})\s+|\s*\|\s*")
"""Where a title joined across a link ends: a ``|`` or a spaced dash (``| SOSP' 24``)."""


MIN_TITLE_LINK_WORDS = 3
"""A link with this many words may be a whole title (``[Serve Programs, Not Prompts](url)``);
fewer is a system name whose title goes on after it (``[Perseus](url): Removing ...``)."""

_FUNCTION_WORDS = frozenset((
    "a", "an", "the", "of", "for", "in", "on", "with", "without", "to", "and", "or", "via",
    "by", "at", "from", "over", "as", "is", "vs", "vs.", "into", "across", "under", "through",
))  # fmt: skip
"""Words Title Case leaves in lower case."""


class Candidate(NamedTuple):
    evidence: str  #: the structure that gave it (see the module docstring)
    text: str  #: an entry text for :func:`~enrich.parse.items.parse_item`


def candidates(inline: Inline, source: str) -> list[Candidate]:
    """The candidate entry texts of an item, most specific structure first, ``source`` last."""
    out: list[Candidate] = []
    md = inline.markdown
    first = inline.links[0] if inline.links else None
    if first is not None:
        lead = inline.text[: first.start].strip()
        labelled = bool(lead) and lead.casefold().rstrip(":") in LABELS
        if labelled:
            md = md[first.md_start :]
            out.append(Candidate("labelled_link", md))
        if not lead or labelled:
            joined = _name_join(inline, first, md[first.md_end - first.md_start :] if labelled
                                else md[first.md_end :])  # fmt: skip
            if joined is not None:
                out.insert(0, Candidate("name_join", joined))
        if (before := _before_link_words(inline)) is not None:
            out.append(Candidate("before_link_words", before))
    if inline.markdown != source:
        out.append(Candidate("unescaped", inline.markdown))
    out.append(Candidate("as_written", source))
    if first is not None and first.start == 0:
        continued = _continued(first, inline.markdown[first.md_end :])
        if continued is not None:
            out.append(Candidate("link_continued", continued))
    return out


def _name_join(inline: Inline, link: Link, after: str) -> str | None:
    """``[Name: rest of the title](href) tail`` for ``[Name](href): rest of the title tail``."""
    name = link.text.strip()
    stripped = after.lstrip()
    if stripped.startswith((":", "\uff1a")):
        rest = stripped[1:].lstrip()
    elif name.endswith((":", "\uff1a")) and stripped[:1].isalnum():
        rest = stripped
    else:
        return None
    return _joined(name.rstrip(":\uff1a "), rest, link.href, sep=": ", check_case=True)


def _continued(link: Link, after: str) -> str | None:
    """``[Ring Attention](url) with Blockwise Transformers ...``: the title goes on in lower
    case after a link too short to be a title by itself."""
    stripped = after.lstrip()
    if not stripped[:1].islower() or after[:1] != " ":
        return None
    return _joined(link.text.strip(), stripped, link.href, sep=" ")


def _joined(name: str, rest: str, href: str, *, sep: str, check_case: bool = False) -> str | None:
    """The joined entry text; with ``check_case``, a link that is a title by itself followed by
    a sentence-case description keeps only its own text (and the tail after the description):
    ``[Serve Programs, Not Prompts](url): Efficient LLM serving system for ...``."""
    if not name or not rest or "[" in name or rest.startswith("["):
        return None
    m = _TITLE_END.search(rest)
    title, tail = (rest[: m.start()], rest[m.start() :]) if m else (rest, "")
    if not title.strip():
        return None
    if check_case and name.count(" ") >= MIN_TITLE_LINK_WORDS - 1 and not title_cased(title):
        return f"[{name}]({href}){tail}"
    title = title.strip()
    if title.endswith(".") and not title.endswith(".."):
        title = title[:-1]  # the joined title's own full stop: [Name](url) : Title.
    return f"[{name}{sep}{title}]({href}){tail}"


def title_cased(text: str) -> bool:
    """Whether ``text`` is written in Title Case (most words that are not short function words
    capitalised): a subtitle, not a description."""
    words = [w for w in text.split() if w.lower() not in _FUNCTION_WORDS]
    capital = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
    return bool(words) and 2 * capital > len(words)


_LINK_SEPARATORS = " ,;|/"
_EMPHASISED_NOTE = re.compile(r"^(?P<title>.*\S)\.\s+([*_]{1,2})[^*_]{1,40}\2$")
"""``Title. *Microsoft Work*``: a note in emphasis after the title's full stop."""


def _before_link_words(inline: Inline) -> str | None:
    """The title before trailing link-word links (``[[Paper]](url), [[GitHub]](url)``), without
    the full stop, comma or emphasised note between them."""
    tail: Link | None = None
    end = len(inline.text)
    for link in reversed(inline.links):
        between = inline.text[link.end : end].strip(_LINK_SEPARATORS)
        if between or not _CLUTTER_ONLY.match(link.text.strip("[] ")):
            break
        tail, end = link, link.start
    if tail is None:
        return None
    head = inline.markdown[: tail.md_start].rstrip(_LINK_SEPARATORS)
    if (m := _EMPHASISED_NOTE.match(head)) is not None:
        head = m["title"]
    head = head[:-1] if head.endswith(".") and not head.endswith("..") else head
    links = [k for k in inline.links if k.start >= tail.start]
    return " ".join([head, *(inline.markdown[k.md_start : k.md_end] for k in links)])
