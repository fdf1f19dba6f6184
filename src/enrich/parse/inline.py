"""An item's inline structure, read with a CommonMark parser: links, emphasis, escapes, HTML.

markdown-it-py tokenizes the inline content (``\\[Paper\\]`` is the text ``[Paper]``, a link
inside emphasis is a link, ``<b>`` is HTML, not text), and :func:`read_inline` turns the tokens
into what the rest of the parser works on: the plain text, the links with their place in it,
and the item as Markdown again with escapes resolved and images and HTML dropped, so the
readers of one entry text (:mod:`enrich.parse.items`) see the document's structure rather than
its escaping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt

_BREAK = re.compile(r"(?i)<br\s*/?>")
"""A line break in HTML (``Title</a><br>Authors``): a space, as a soft break is."""

_MD = MarkdownIt("commonmark")
"""The CommonMark parser (its inline rules: links, emphasis, escapes, code, HTML, images)."""


@dataclass(slots=True)
class Link:
    """A link of an item: its text, target, and where its text is in :attr:`Inline.text`."""

    text: str
    href: str
    start: int
    end: int
    md_start: int  #: where the link starts in :attr:`Inline.markdown`
    md_end: int


@dataclass(slots=True)
class Inline:
    """An item's inline content, read (see the module docstring)."""

    text: str  #: plain text: links' text in place, no images, HTML or emphasis marks
    markdown: str  #: the item as Markdown again: links and emphasis kept, escapes resolved
    links: list[Link] = field(default_factory=list)


@lru_cache(maxsize=1 << 14)
def read_inline(source: str) -> Inline:
    """Read ``source`` (one item's text) into an :class:`Inline`. Never raises."""
    tokens = _MD.parseInline(source)
    children = tokens[0].children if tokens and tokens[0].children else []
    plain = md = ""
    links: list[Link] = []
    opened: list[tuple[str, int, int]] = []  # href, start in plain, start in markdown
    for tok in children:
        kind = tok.type
        if kind == "text":
            plain += tok.content
            md += tok.content
        elif kind == "code_inline":
            plain += tok.content
            md += f"{tok.markup}{tok.content}{tok.markup}"
        elif kind in ("softbreak", "hardbreak") or (
            kind == "html_inline" and _BREAK.match(tok.content)
        ):
            plain += " "
            md += " "
        elif kind == "link_open":
            opened.append((str(tok.attrs.get("href", "")), len(plain), len(md)))
            md += "["
        elif kind == "link_close" and opened:
            href, start, md_start = opened.pop()
            md += f"]({href.replace('(', '%28').replace(')', '%29')})"
            links.append(Link(plain[start:], href, start, len(plain), md_start, len(md)))
        elif kind in ("em_open", "em_close", "strong_open", "strong_close"):
            md += tok.markup
        # images and HTML say nothing about the title: dropped
    links.sort(key=lambda link: link.start)
    return Inline(plain, md.rstrip("\\ "), links)
