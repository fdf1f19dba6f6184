"""BibTeX records in a list (pasted as they are or in a ```` ```bibtex ```` fence): entries.

A step of :func:`~enrich.parse.dialects.as_markdown`, line for line: a record
(``@inproceedings{key, title={...}, booktitle={...}, year={2017}}``) becomes one list item on
its ``@type{`` line, ``- "Title", Booktitle, 2017`` (the quoted title, the container a venue,
the year, then its DOI, URL or arXiv identifier as a link), and its other lines are blank; a
fence that holds records (``bibtex``/``bib``/``biblatex`` or records alone) is no longer a
fence, so they are read. A record with no title is left as it is: code, not an entry.
"""

from __future__ import annotations

import re

_RECORD = re.compile(
    r"\n[ \t]*@(?i:article|inproceedings|conference|misc|book|incollection|inbook|phdthesis"
    r"|mastersthesis|techreport|unpublished|online|proceedings)[ \t]*\{[ \t]*[^,\s{}]*,"
)
"""A record's first line, after its newline (the text is scanned with one before it)."""
_FIELD = re.compile(
    r"(?P<name>[A-Za-z]+)\s*=\s*(?:\{(?P<braced>(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}"
    r"|\"(?P<quoted>[^\"]*)\"|(?P<bare>\w+))"
)
_FENCE = re.compile(r"^ {0,3}(?:```|~~~)[ \t]*(?P<info>[\w-]*)[ \t]*$")
_BIB_INFO = frozenset({"bibtex", "bib", "biblatex", "tex", "latex"})
_ACCENT = re.compile(r"\\[`'^\"~=.uvHckbdr]\s*(?:\{(\w)\}|(\w))")
_COMMAND = re.compile(r"\\[A-Za-z]+\s*|[{}]")
MAX_RECORD_LINES = 40
"""A record spans at most this many lines (a dozen fields, one a line, and an abstract)."""


def bibtex_records(out: list[str], text: str) -> None:
    """Rewrite the records of ``out`` (``text``: its lines joined) in place, as above."""
    text = "\n" + text
    records = [text.count("\n", 0, m.start()) for m in _RECORD.finditer(text)]
    done = 0
    items: list[int] = []
    for i in records:
        if i < done:
            continue
        end = _record_end(out, i)
        fields = _fields(" ".join(out[i:end + 1]))
        done = end + 1
        if not fields.get("title"):
            continue
        out[i] = _as_item(fields)
        for k in range(i + 1, end + 1):
            out[k] = ""
        items.append(i)
    if items:
        _unfence(out, items)


def _record_end(out: list[str], i: int) -> int:
    """The line where the record opened on line ``i`` closes (its braces balance)."""
    depth = 0
    for k in range(i, min(len(out), i + MAX_RECORD_LINES)):
        depth += out[k].count("{") - out[k].count("}")
        if depth <= 0:
            return k
    return min(len(out), i + MAX_RECORD_LINES) - 1


def _fields(record: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for m in _FIELD.finditer(record):
        value = m["braced"] if m["braced"] is not None else m["quoted"] or m["bare"] or ""
        found.setdefault(m["name"].casefold(), _plain(value))
    return found


def _plain(value: str) -> str:
    """A field's text without LaTeX: accents as their letter, commands and braces dropped."""
    value = _ACCENT.sub(lambda m: m[1] or m[2], value).replace("\\&", "&")
    return " ".join(_COMMAND.sub("", value).replace("--", "–").split())


def _as_item(f: dict[str, str]) -> str:
    venue = f.get("booktitle") or f.get("journal") or ""
    if not venue and f.get("archiveprefix", "").casefold() == "arxiv":
        venue = "arXiv"
    parts = [f'- "{f["title"]}"', venue, f.get("year", "")]
    text = ", ".join(p for p in parts if p) + "."
    if f.get("doi"):
        return f"{text} [doi](https://doi.org/{f['doi']})"
    if f.get("eprint") and venue == "arXiv":
        return f"{text} [arXiv](https://arxiv.org/abs/{f['eprint']})"
    if f.get("url", "").startswith("http"):
        return f"{text} [link]({f['url']})"
    return text


def _unfence(out: list[str], items: list[int]) -> None:
    """Each fence that holds a record read (lines ``items``) and names BibTeX or nothing is
    no fence: its two lines are blank."""
    opened: tuple[int, str] | None = None
    for k, line in enumerate(out):
        if (m := _FENCE.match(line)) is None and not line.lstrip().startswith(("```", "~~~")):
            continue
        if opened is None:
            opened = (k, m["info"].casefold() if m is not None else "?")
            continue
        start, info = opened
        opened = None
        if (info == "" or info in _BIB_INFO) and any(start < i < k for i in items):
            out[start] = out[k] = ""
