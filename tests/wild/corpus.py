"""The held-out corpus of lists in layouts the dev lists and the generator lack.

Sixty-six small lists written for this project in the layouts public reading lists use (bold
titles with link groups, a link then its authors' line, tables with other columns, date-first
lines, syllabi, ``Title:``/``Authors:`` field blocks, HTML, CJK brackets, plain text with
``1)`` and indented continuations, reStructuredText, org-mode, notes under entries, a Notion
export with blockquotes, papers-with-code headings, a course list of quoted titles, Markdown
definition lists, an emoji digest; round two: Vancouver and APS references, an awesome list
with descriptions, arXiv-id-first lines, BibTeX fences, APA in bold with summaries, a Google
Docs export, a reading-group schedule, heading-over-``Paper:`` notes, ACL references under
roman and letter marks, Chinese numbering, ``"Title" by Author``; round three, the field's own
awesome lists: survey tables with star badges, venue badges, ``[2024/05] **Title**``, ``<br>``
fields in a cell, reading-group ``[[PDF]] [[Slides]]`` lines, tags first, ``**Name**: Title``,
conference-grouped bare titles, topic trees, summary sub-bullets, emoji status with
``(arXiv 2024.05)``, papers mixed with blogs and repos, HTML tables, tooltip titles; round
four: Chinese ``论文：``/``会议：`` fields, venue tags in ``<sub>``/``<sup>``, a title over
``*Authors*`` and ``_Venue Year_`` lines, numbering restarting per section, ``[paper]`` link
text, ``Author et al., Title, Venue Year``, year-then-venue headings, task lists with notes,
arXiv listing copies, abbreviation tables, footnotes, ``<details>`` blocks; round five:
reference-style links, quoted titles in prose, ``Title — Authors (Venue Year)``, Google Scholar
and Semantic Scholar copies, titles in backticks, ``#1`` numbering, wiki links, blank-line
blocks, an e-mail digest, hard breaks with a preprint and its published version), labelled
in ``gold.tsv`` (the shared lists' format: file, start, end, kind, title, venue, year, note).
Scored by the rules of :mod:`tests.listgen.score`, each list on its own and pooled.
"""

from __future__ import annotations

from pathlib import Path

from enrich.parse import parse_list
from tests.listgen.doc import Gold
from tests.listgen.score import Report, Row, rows_from, score

WILD = Path(__file__).resolve().parent
"""This folder: the lists and ``gold.tsv``."""


def load(folder: Path = WILD) -> tuple[dict[str, str], list[Gold]]:
    """The lists (name -> text) and their gold rows; the list's name is the gold's layout."""
    gold = []
    for line in (folder / "gold.tsv").read_text(encoding="utf-8").splitlines():
        file, start, end, kind, title, venue, year, _note = line.split("\t")
        gold.append(Gold(file, int(start), int(end), kind, title, venue, year, "-", "-", file))
    names = sorted({g.file for g in gold})
    files = {name: (folder / name).read_text(encoding="utf-8") for name in names}
    return files, gold


def parse_all(files: dict[str, str]) -> list[Row]:
    """Every list parsed in memory, as the ingest stage parses it."""
    rows: list[Row] = []
    for name, text in files.items():
        rows += rows_from(parse_list(text, name).entries)
    return rows


def measure(files: dict[str, str], gold: list[Gold], rows: list[Row]) -> dict[str, Report]:
    """A report per list (rows on no gold span count against their own list) and ``pooled``."""
    out = {name: score([g for g in gold if g.file == name], [r for r in rows if r.file == name])
           for name in files}
    out["pooled"] = score(gold, rows)
    return out
