"""Labelled field blocks: an entry written one field a line.

```
Title: Lucid: A Non-intrusive, Scalable and Interpretable Scheduler ...
Authors: Qinghao Hu, Meng Zhang, ...
Venue: ASPLOS 2023
Link: https://dl.acm.org/doi/10.1145/3575693.3575705
```

also as ``- **Title**: ...`` items, ``**Paper:** ...`` lines, ``* Title: ...`` with the other
fields indented under it, or a heading (``### [Title](url)``) with the fields under it. A block
is lines without a blank between them; it is an entry when its first labelled line names the
title (``Title``, ``Paper``, ``Paper title``) and another
names a field of a reference (authors, venue, year, link). It is rewritten as the Markdown
the walk reads: the title as a list item, each field's value as a line nested under it (a
venue and year, an author list and a URL describe it); other labelled lines (``Presenter:
Bob``, ``Code: ...``) stay labelled, as notes that give nothing.
"""

from __future__ import annotations

import re

_FIELD = re.compile(
    r"^(?P<lead>[ \t]*(?:[-*+][ \t]+)?)(?:\*\*|__)?"
    r"(?P<label>[A-Za-z\u4e00-\u9fff][A-Za-z\u4e00-\u9fff .]{0,20}?)(?:\*\*|__)?[ \t]*"
    r"(?::(?:\*\*|__)?[ \t]+|\uff1a(?:\*\*|__)?[ \t]*)(?P<value>\S.*)$"
)
"""A labelled line (``Authors: ...``; a full-width colon needs no space: ``作者：...``)."""
CJK_TITLE_LABELS = "论文|论文标题|题目|标题"
"""Chinese lists' title labels (``- 论文：Title`` / ``会议：OSDI 2024`` / ``链接：...``)."""
_TITLE_LABELS = frozenset({"title", "paper", "paper title", "name", *CJK_TITLE_LABELS.split("|")})
_REFERENCE_LABELS = frozenset({
    "author", "authors", "by", "venue", "conference", "published", "publication", "published in",
    "where", "journal", "booktitle", "year", "date", "link", "url", "pdf", "paper", "arxiv",
    "doi", "comments", "作者", "会议", "期刊", "发表", "出处", "来源", "年份", "链接", "地址",
})
_HEADING_FIELDS = re.compile(
    r"\n#{1,6}[ \t]+(?P<title>[^\n]*\S)[ \t]*\n(?=[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)?"
    r"(?i:authors?|by|venue|conference|published|year|paper|pdf|arxiv)(?:\*\*|__)?[ \t]*[:：])"
)
"""A heading followed by a line that labels a reference's field (its authors, venue, year or
the paper's own link: ``Paper: https://arxiv.org/abs/...``; not ``Code:``, a tool's)."""
_ARXIV_LISTED = re.compile(r"[ \t]*arXiv:\d{4}\.\d{4,5}(?:v\d+)?(?:[ \t]+\[[\w.-]+\])?[ \t]*$")
"""A line of an arXiv listing page over its ``Title:`` line: the entry's id, read under it."""
MAX_FIELD_LINES = 10
"""A field block is at most this many lines (a title, then authors, venue, links, notes)."""


def field_blocks(out: list[str], starts: list[int]) -> None:
    """Rewrite each labelled field block of ``out`` in place (see the module docstring);
    ``starts``: the lines that may open one (a title's label), in order."""
    done = 0  # the line after the last block (a block may follow it)
    for i in starts:
        m = _FIELD.match(out[i]) if i >= done else None
        listed = m is not None and i - 1 >= done and _ARXIV_LISTED.match(out[i - 1]) is not None \
            and (i == 1 or not out[i - 2].strip())
        if listed:  # arXiv:2401.01234 [cs.LG] / Title: ...: the id goes under the fields
            k = next((j for j in range(i, min(len(out), i + MAX_FIELD_LINES))
                      if not out[j].strip()), min(len(out), i + MAX_FIELD_LINES))
            out[i - 1 : k] = [*out[i:k], out[i - 1]]
            i -= 1
        if m is None or _label(m) not in _TITLE_LABELS or (i != done and out[i - 1].strip()):
            continue
        block, labels = _fields_after(out, i)
        done = i + 1 + len(block)
        if not any(lb in _REFERENCE_LABELS for lb in labels) or _is_link(m["value"]):
            continue
        lead = m["lead"]
        out[i] = lead + m["value"] if lead.strip() else "- " + m["value"]
        _nest(out, i, block, labels, " " * max(len(lead), 2))


def heading_blocks(out: list[str], text: str) -> None:
    """``### [Title](url)`` then labelled fields (``**Authors:** ...``, ``**Venue:** arXiv
    2020``): the heading is the entry's title, as a ``Title:`` line would be. ``text``: the
    lines joined, after a leading newline."""
    for m in _HEADING_FIELDS.finditer(text):
        i = text.count("\n", 0, m.start())  # the heading's line (``text`` opens with \n)
        block, labels = _fields_after(out, i)
        if labels[:1] and labels[0] in _REFERENCE_LABELS and out[i].lstrip()[:1] == "#":
            out[i] = "- " + m["title"]
            _nest(out, i, block, labels, "  ")


def _fields_after(out: list[str], i: int) -> tuple[list[re.Match[str] | None], list[str]]:
    """The lines after line ``i`` up to a blank or the next block's title, read as fields."""
    block: list[re.Match[str] | None] = []
    j = i + 1
    while j < len(out) and j - i < MAX_FIELD_LINES and out[j].strip():
        f = _FIELD.match(out[j])
        if f is not None and _label(f) in _TITLE_LABELS - {"paper"} and block:
            break  # the next block's title
        block.append(f)
        j += 1
    return block, [_label(f) if f is not None else "" for f in block]


def _nest(out: list[str], i: int, block: list[re.Match[str] | None], labels: list[str],
          indent: str) -> None:
    """The field lines after the title line ``i`` as lines nested under it: a reference
    field's value, any other line as it is (a note)."""
    for k, (f, label) in enumerate(zip(block, labels, strict=True), start=i + 1):
        if f is not None and label in _REFERENCE_LABELS:
            out[k] = indent + f["value"]
        else:
            out[k] = indent + out[k].strip().lstrip("-*+ ")


def _label(m: re.Match[str]) -> str:
    return " ".join(m["label"].split()).casefold().rstrip(".")


def _is_link(value: str) -> bool:
    return value.startswith(("http", "[")) and " " not in value.strip()
