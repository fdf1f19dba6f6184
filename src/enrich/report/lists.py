"""Enriched reading lists: each list as Markdown, its sections and entries in their order, each
entry with its year, venue, citation count and links, unresolved ones marked.

A list maintainer can paste the file back into the list's repository.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import PurePosixPath
from typing import Any

import pandas as pd

from enrich.report.data import Snapshot, links

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def list_filename(source_file: str) -> str:
    """``lists/`` name of a list: its path with ``.md`` for its suffix (``a/b.txt`` gives
    ``a/b.md``)."""
    return str(PurePosixPath(source_file).with_suffix(".md"))


def _escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def entry_line(mention: Any, paper: Any | None) -> str:
    """One Markdown bullet for a mention (``paper``: its row in papers, or None)."""
    title = _escape(str(mention.title))
    if paper is None:
        return f"- {title} _(not a paper)_"
    status = paper["match_status"]
    if status != "resolved":
        reason = str(paper["match_reason"] or status)
        return f"- {title} **[not found]** _{_escape(reason)}_"
    facts = []
    venue = "" if pd.isna(paper["venue"]) else str(paper["venue"])
    year = "" if pd.isna(paper["year"]) else str(int(paper["year"]))
    where = ", ".join(x for x in (_escape(venue), year) if x)
    if where:
        facts.append(where)
    if pd.notna(paper["citation_count"]):
        n = int(paper["citation_count"])
        facts.append(f"{n:,} citation" + ("" if n == 1 else "s"))
    facts.extend(f"[{name}]({url})" for name, url in links(paper).items())
    shown = str(paper["title"]) if pd.notna(paper["title"]) else str(mention.title)
    return f"- **{_escape(shown)}**" + (" · " + " · ".join(facts) if facts else "")


def render_list(
    source_file: str, snap: Snapshot, papers: dict[str, dict[str, Any]] | None = None
) -> str:
    """The Markdown text of one enriched list (``papers``: the papers table by paper_id, when
    the caller has it already)."""
    if papers is None:
        papers = _by_id(snap)
    m = snap.mentions[snap.mentions["source_file"] == source_file].sort_values("line")
    found = sum(papers.get(p, {}).get("match_status") == "resolved" for p in m["paper_id"])
    out = [
        f"# {_escape(source_file)}",
        "",
        f"_Enriched by enrich from snapshot {snap.stamp}: {len(m)} entries, {found} found "
        "(year, venue, Semantic Scholar citation count, links)._",
    ]
    section: str | None = None
    for mention in m.itertuples(index=False):
        heading = "" if pd.isna(mention.section) else str(mention.section)
        if heading != section:
            section = heading
            out += ["", f"## {_escape(heading)}" if heading else "## (no section)", ""]
        pid = mention.paper_id
        out.append(entry_line(mention, papers.get(pid) if pd.notna(pid) else None))
    return "\n".join(out) + "\n"


_SHOWN = (
    "paper_id", "match_status", "match_reason", "title", "venue", "year", "citation_count",
    "s2_paper_id", "arxiv_id", "doi", "open_access_pdf",
)  # fmt: skip
"""The papers' columns an entry line shows (:func:`entry_line`, :func:`~.data.links`)."""


def _by_id(snap: Snapshot) -> dict[str, dict[str, Any]]:
    """One dict per paper: a row lookup in a DataFrame costs 100 µs, in a dict nothing. Only
    the columns a line shows: abstracts and authors made it half the lists' time."""
    return {str(r["paper_id"]): r for r in snap.papers[list(_SHOWN)].to_dict("records")}


def list_names(sources: list[str]) -> dict[str, str]:
    """``{list: its file under lists/}``. Two lists that would share a name (``a.md`` and
    ``a.txt``) keep their whole names (``a.txt.md``)."""
    wanted = {name: list_filename(name) for name in sources}
    taken = Counter(wanted.values())
    return {n: (t if taken[t] == 1 else f"{n}.md") for n, t in wanted.items()}


def render_lists(snap: Snapshot) -> dict[str, str]:
    """``{lists/ file name: Markdown}`` for every list in the snapshot."""
    names = list_names(sorted(snap.mentions["source_file"].dropna().unique()))
    papers = _by_id(snap)
    return {target: render_list(name, snap, papers) for name, target in names.items()}
