"""Reference-manager exports of the resolved papers: BibTeX, CSL-JSON and RIS.

One entry per resolved paper, keyed ``<first author's family name><year><first word of the
title that is not a stop word>`` (``kwon2023efficient``), ASCII lower case. Papers whose keys
collide are told apart by ``b``, ``c``, ... in paper_id order, so a key stays the same from
run to run while the papers sharing it do. Unresolved titles are left out (and counted).

Each format is written with, and read back by, a maintained library: bibtexparser v2 for
BibTeX, rispy for RIS, citeproc-py's CSL-JSON reader for CSL-JSON; a file that does not read
back to one entry per paper is an error, never written.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from enrich.errors import EnrichError
from enrich.report.data import Snapshot, present

FORMATS = ("bibtex", "csljson", "ris")
STOP_WORDS = frozenset(
    ["a", "an", "the", "on", "of", "for", "in", "to", "and", "with", "towards", "toward",
     "via", "at", "by", "from", "is", "are", "do", "does", "how", "what", "when", "why", "we",
     "our", "your", "its", "into", "over", "under", "beyond"]
)  # fmt: skip
"""Words a citation key skips to reach the title's first real word (``towards`` ...)."""
CONFERENCE = re.compile(
    r"conference|symposium|workshop|proceedings|meeting|congress|\b(osdi|sosp|nsdi|atc|eurosys|"
    r"asplos|isca|micro|hpca|sc|mlsys|icml|iclr|neurips|nips|sigcomm|vldb|sigmod|ppopp|hpdc)\b",
    re.IGNORECASE,
)
_TEX = {
    "\\": r"{\textbackslash}",
    "{": r"{\textbraceleft}",
    "}": r"{\textbraceright}",
    "~": r"{\textasciitilde}",
    "^": r"{\textasciicircum}",
    **{c: "\\" + c for c in "&%$#_"},
}
"""How each character LaTeX reads as markup is written. Braces and backslashes are LaTeX
commands in a group of their own, never a backslash and a brace: BibTeX counts every brace, so
one unbalanced brace cut the title short and swallowed the entries after it."""
_LATEX_SPECIAL = re.compile("[" + re.escape("".join(_TEX)) + "]")


class ExportError(EnrichError):
    """The export did not read back as one entry per paper (a bug: report it)."""


@dataclass
class Export:
    text: str
    entries: int
    keys: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  #: list titles not resolved


@dataclass(frozen=True)
class Record:
    """What every format needs of one paper."""

    key: str
    kind: str  #: "conference" | "journal" | "preprint"
    title: str
    authors: list[str]
    year: int | None
    venue: str | None
    doi: str | None
    arxiv_id: str | None
    url: str | None


# ---- keys -----------------------------------------------------------------------------------


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def family_name(name: str) -> str:
    """The family name of ``Woosuk Kwon`` / ``Kwon, Woosuk`` / ``Ludwig van Beethoven``."""
    try:
        parts = _name_parts(name)
    except Exception:  # an odd name (unbalanced braces) must not stop the export
        return name.split()[-1] if name.split() else ""
    return " ".join(parts.last) or name


def base_key(authors: list[str], year: int | None, title: str) -> str:
    family = _ascii(family_name(authors[0])) if authors else ""
    words = [_ascii(w) for w in re.split(r"[\s:\-/]+", title)]
    word = next((w for w in words if w and w not in STOP_WORDS), "")
    return f"{family or 'anon'}{year if year else 'nd'}{word or 'untitled'}"


def unique_keys(bases: list[tuple[str, str]]) -> dict[str, str]:
    """``{paper_id: key}`` from ``(paper_id, base key)`` pairs: the first paper (by id) of a
    base keeps it, the others get ``b``, ``c``, ... ``z``, ``ba``, ... A key that still
    collides with another base (``kwon2023efficientb``) gets the paper_id's start."""
    by_base: dict[str, list[str]] = {}
    for pid, base in bases:
        by_base.setdefault(base, []).append(pid)
    out: dict[str, str] = {}
    taken: set[str] = set()
    for base in sorted(by_base):
        for i, pid in enumerate(sorted(by_base[base])):
            key = base + _suffix(i)
            if key in taken:
                key = f"{key}{_ascii(pid)[:8]}"
            taken.add(key)
            out[pid] = key
    return out


def _suffix(i: int) -> str:
    """0: none; 1-25: b-z; then ba, bb, ...: base 26 with a leading digit never ``a``."""
    if i == 0:
        return ""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return (_suffix(i // 26) if i >= 26 else "") + letters[i % 26]


# ---- records --------------------------------------------------------------------------------


def kind_of(venue: str | None) -> str:
    if not venue or "arxiv" in venue.lower():
        return "preprint"
    return "conference" if CONFERENCE.search(venue) else "journal"


def records(snap: Snapshot, list_file: str | None = None) -> tuple[list[Record], list[str]]:
    """The resolved papers (of ``list_file`` only, when given) as records, in key order, and
    the titles left out as not resolved."""
    papers, mentions = snap.papers, snap.mentions
    if list_file is not None:
        mentions = mentions[mentions["source_file"] == list_file]
        papers = papers[papers["paper_id"].isin(set(mentions["paper_id"].dropna()))]
    resolved = papers[papers["match_status"] == "resolved"]
    left_out = sorted(
        str(t[0]) for t in papers.loc[papers["match_status"] != "resolved", "input_titles"]
    )
    rows = []
    for p in resolved.to_dict("records"):
        authors = [str(a["name"]) for a in (p["authors"] if _present_list(p["authors"]) else [])]
        year = None if pd.isna(p["year"]) else int(p["year"])
        rows.append((p, authors, year))
    keys = unique_keys([(p["paper_id"], base_key(a, y, str(p["title"]))) for p, a, y in rows])
    out = [_record(keys[p["paper_id"]], p, authors, year) for p, authors, year in rows]
    return sorted(out, key=lambda r: r.key), left_out


def _present_list(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value))


def _record(key: str, p: Any, authors: list[str], year: int | None) -> Record:
    venue = str(p["venue"]) if present(p["venue"]) and str(p["venue"]).strip() else None
    arxiv_id = str(p["arxiv_id"]) if present(p["arxiv_id"]) else None
    if present(p["s2_paper_id"]):
        url: str | None = f"https://www.semanticscholar.org/paper/{p['s2_paper_id']}"
    else:
        url = f"https://arxiv.org/abs/{arxiv_id}" if arxiv_id else None
    return Record(
        key=key,
        kind=kind_of(venue),
        title=str(p["title"]),
        authors=authors,
        year=year,
        venue=venue,
        doi=str(p["doi"]) if present(p["doi"]) else None,
        arxiv_id=arxiv_id,
        url=url,
    )


# ---- formats --------------------------------------------------------------------------------


def _tex(text: str) -> str:
    """``text`` as LaTeX in a BibTeX value: every brace balanced (:data:`_TEX`)."""
    return _LATEX_SPECIAL.sub(lambda m: _TEX[m.group()], text)


def _name_parts(name: str) -> Any:
    """bibtexparser's reading of a name. The export libraries are imported by the commands
    that export: a run writes the report and the lists only (issue 24's fixed cost)."""
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    return parse_single_name_into_parts(name, strict=False)


def to_bibtex(recs: list[Record]) -> str:
    import bibtexparser
    from bibtexparser import model

    library = bibtexparser.Library()
    for r in recs:
        # the writer encloses each value in braces; the title's own braces keep its case
        fields = [model.Field("title", "{" + _tex(r.title) + "}")]
        if r.authors:
            fields.append(model.Field("author", " and ".join(map(_tex, r.authors))))
        if r.year:
            fields.append(model.Field("year", str(r.year)))
        if r.venue and r.kind != "preprint":
            name = "booktitle" if r.kind == "conference" else "journal"
            fields.append(model.Field(name, _tex(r.venue)))
        if r.doi:
            fields.append(model.Field("doi", r.doi))
        if r.arxiv_id:
            fields += [
                model.Field("eprint", r.arxiv_id),
                model.Field("archiveprefix", "arXiv"),
            ]
        if r.url:
            fields.append(model.Field("url", r.url))
        kind = {"conference": "inproceedings", "journal": "article"}.get(r.kind, "misc")
        library.add(model.Entry(kind, r.key, fields))
    text = bibtexparser.write_string(library)
    parsed = bibtexparser.parse_string(text)
    if parsed.failed_blocks or [e.key for e in parsed.entries] != [r.key for r in recs]:
        raise ExportError("the BibTeX written does not read back as one entry per paper")
    return text


def _csl_name(name: str) -> dict[str, str]:
    try:
        parts = _name_parts(name)
    except Exception:
        return {"literal": name}
    family = " ".join(parts.von + parts.last)
    if not parts.first or not family:
        return {"literal": name}
    return {"family": family, "given": " ".join(parts.first)}


def to_csl(recs: list[Record]) -> list[dict[str, Any]]:
    items = []
    for r in recs:
        item: dict[str, Any] = {
            "id": r.key,
            "type": {"conference": "paper-conference", "journal": "article-journal"}.get(
                r.kind, "article"
            ),
            "title": r.title,
            "author": [_csl_name(a) for a in r.authors],
        }
        if r.year:
            item["issued"] = {"date-parts": [[r.year]]}
        if r.venue:
            item["container-title"] = r.venue
        if r.doi:
            item["DOI"] = r.doi
        if r.arxiv_id:
            item["number"] = f"arXiv:{r.arxiv_id}"
            if r.kind == "preprint":
                item["publisher"] = "arXiv"
        if r.url:
            item["URL"] = r.url
        items.append(item)
    return items


def to_csljson(recs: list[Record]) -> str:
    from citeproc.source.json import CiteProcJSON

    items = to_csl(recs)
    try:
        source = CiteProcJSON(json.loads(json.dumps(items)))
    except Exception as exc:
        raise ExportError(f"the CSL-JSON written does not read back: {exc}") from exc
    if sorted(source) != sorted(r.key.lower() for r in recs):
        raise ExportError("the CSL-JSON written does not read back as one item per paper")
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def to_ris(recs: list[Record]) -> str:
    import rispy

    entries = []
    for r in recs:
        entry: dict[str, Any] = {
            "type_of_reference": {"conference": "CPAPER", "journal": "JOUR"}.get(r.kind, "GEN"),
            "id": r.key,
            "title": r.title,
            "authors": r.authors,
        }
        if r.year:
            entry["year"] = str(r.year)
        if r.venue:
            entry["secondary_title" if r.kind == "conference" else "journal_name"] = r.venue
        if r.doi:
            entry["doi"] = r.doi
        if r.arxiv_id:
            entry["notes"] = [f"arXiv:{r.arxiv_id}"]
        if r.url:
            entry["urls"] = [r.url]
        entries.append(entry)
    text = rispy.dumps(entries)
    if [e.get("id") for e in rispy.loads(text)] != [r.key for r in recs]:
        raise ExportError("the RIS written does not read back as one entry per paper")
    return text


WRITERS = {"bibtex": to_bibtex, "csljson": to_csljson, "ris": to_ris}


def export_snapshot(snap: Snapshot, fmt: str, list_file: str | None = None) -> Export:
    """The snapshot's resolved papers (of ``list_file``) in ``fmt`` (one of :data:`FORMATS`)."""
    recs, left_out = records(snap, list_file)
    return Export(WRITERS[fmt](recs), len(recs), [r.key for r in recs], left_out)
