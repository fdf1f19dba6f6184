"""Labelled field blocks: an entry written one field a line.

```
Title: Lucid: A Non-intrusive, Scalable and Interpretable Scheduler ...
Authors: Qinghao Hu, Meng Zhang, ...
Venue: ASPLOS 2023
Link: https://dl.acm.org/doi/10.1145/3575693.3575705
```

also as ``- **Title**: ...`` items, ``**Paper:** ...`` lines or ``* Title: ...`` with the other
fields indented under it. A block is lines without a blank between them; it is an entry when
its first labelled line names the title (``Title``, ``Paper``, ``Paper title``) and another
names a field of a reference (authors, venue, year, link). It is rewritten as the Markdown
the walk reads: the title as a list item, each field's value as a line nested under it (a
venue and year, an author list and a URL describe it); other labelled lines (``Presenter:
Bob``, ``Code: ...``) stay labelled, as notes that give nothing.
"""

from __future__ import annotations

import re

_FIELD = re.compile(
    r"^(?P<lead>[ \t]*(?:[-*+][ \t]+)?)(?:\*\*|__)?(?P<label>[A-Za-z][A-Za-z .]{0,20}?)"
    r"(?:\*\*|__)?[ \t]*[:\uff1a](?:\*\*|__)?[ \t]+(?P<value>\S.*)$"
)
_TITLE_LABELS = frozenset({"title", "paper", "paper title", "name"})
_REFERENCE_LABELS = frozenset({
    "author", "authors", "by", "venue", "conference", "published", "publication", "published in",
    "where", "journal", "booktitle", "year", "date", "link", "url", "pdf", "paper", "arxiv",
    "doi",
})
MAX_FIELD_LINES = 10
"""A field block is at most this many lines (a title, then authors, venue, links, notes)."""


def field_blocks(out: list[str], starts: list[int]) -> None:
    """Rewrite each labelled field block of ``out`` in place (see the module docstring);
    ``starts``: the lines that may open one (a title's label), in order."""
    n, done = len(out), 0  # done: the line after the last block (a block may follow it)
    for i in starts:
        m = _FIELD.match(out[i]) if i >= done else None
        if m is None or _label(m) not in _TITLE_LABELS or (i != done and out[i - 1].strip()):
            continue
        block: list[re.Match[str] | None] = []
        j = i + 1
        while j < n and j - i < MAX_FIELD_LINES and out[j].strip():
            f = _FIELD.match(out[j])
            if f is not None and _label(f) in _TITLE_LABELS - {"paper"} and block:
                break  # the next block's title
            block.append(f)
            j += 1
        labels = [_label(f) if f is not None else "" for f in block]
        done = j
        if not any(lb in _REFERENCE_LABELS for lb in labels) or _is_link(m["value"]):
            continue
        lead = m["lead"]
        out[i] = lead + m["value"] if lead.strip() else "- " + m["value"]
        indent = " " * max(len(lead), 2)
        for k, (f, label) in enumerate(zip(block, labels, strict=True), start=i + 1):
            if f is not None and label in _REFERENCE_LABELS:
                out[k] = indent + f["value"]
            else:
                out[k] = indent + out[k].strip().lstrip("-*+ ")


def _label(m: re.Match[str]) -> str:
    return " ".join(m["label"].split()).casefold().rstrip(".")


def _is_link(value: str) -> bool:
    return value.startswith(("http", "[")) and " " not in value.strip()
