"""Enriched reading lists: each list as Markdown, its sections and entries in their order, each
entry with its year, venue, citation count and links, unresolved ones marked.

A list maintainer can paste the file back into the list's repository.
"""

from __future__ import annotations

import re
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


def render_list(source_file: str, snap: Snapshot) -> str:
    """The Markdown text of one enriched list."""
    m = snap.mentions[snap.mentions["source_file"] == source_file].sort_values("line")
    papers = snap.papers.set_index("paper_id")
    found = int((m["paper_id"].map(papers["match_status"]) == "resolved").sum())
    out = [
        f"# {_escape(source_file)}",
        "",
        f"_Enriched by enrich from snapshot {snap.stamp}: {len(m)} entries, {found} found "
        "(year, venue, Semantic Scholar citation count, links)._",
    ]
    section: object = object()
    for mention in m.itertuples(index=False):
        if mention.section != section:
            section = mention.section
            heading = "" if pd.isna(section) else str(section)
            out += ["", f"## {_escape(heading)}" if heading else "## (no section)", ""]
        pid = mention.paper_id
        paper = papers.loc[pid] if pd.notna(pid) and pid in papers.index else None
        out.append(entry_line(mention, paper))
    return "\n".join(out) + "\n"


def list_names(sources: list[str]) -> dict[str, str]:
    """``{list: its file under lists/}``. Two lists that would share a name (``a.md`` and
    ``a.txt``) keep their whole names (``a.txt.md``)."""
    wanted = {name: list_filename(name) for name in sources}
    taken = list(wanted.values())
    return {n: (t if taken.count(t) == 1 else f"{n}.md") for n, t in wanted.items()}


def render_lists(snap: Snapshot) -> dict[str, str]:
    """``{lists/ file name: Markdown}`` for every list in the snapshot."""
    names = list_names(sorted(snap.mentions["source_file"].dropna().unique()))
    return {target: render_list(name, snap) for name, target in names.items()}
