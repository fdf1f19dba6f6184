"""What changed between two snapshots, and the trend over the manifests kept: pure functions
over the tables :mod:`enrich.report.data` loads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from enrich.report.data import Previous, Snapshot

SHOWN = 200
"""New and dropped papers listed by title (all are counted): a first snapshot after the lists
were rewritten would otherwise list thousands."""


@dataclass
class Changes:
    previous: str
    new_count: int
    dropped_count: int
    new: list[dict[str, Any]]  #: the first SHOWN by title
    dropped: list[dict[str, Any]]
    gains: list[dict[str, Any]]  #: largest citation gains, most first


def _links(mentions: pd.DataFrame) -> pd.DataFrame:
    return mentions.dropna(subset=["paper_id"])[["group_id", "paper_id"]].drop_duplicates()


def changes(snap: Snapshot, prev: Previous, n: int = 15) -> Changes:
    """New and dropped papers (followed through ``group_id``, which survives a paper_id
    change), and the ``n`` largest citation gains between ``prev`` and ``snap``."""
    cur, old = _links(snap.mentions), _links(prev.mentions)
    kept_cur = set(cur.loc[cur["group_id"].isin(set(old["group_id"])), "paper_id"])
    kept_old = set(old.loc[old["group_id"].isin(set(cur["group_id"])), "paper_id"])
    new = _listed(snap.papers, set(cur["paper_id"]) - kept_cur)
    dropped = _listed(prev.papers, set(old["paper_id"]) - kept_old)
    pairs = cur.merge(old, on="group_id", suffixes=("", "_old"))[["paper_id", "paper_id_old"]]
    pairs = pairs.drop_duplicates()
    after = snap.papers[["paper_id", "title", "citation_count"]]
    before = prev.papers[["paper_id", "citation_count"]].rename(
        columns={"paper_id": "paper_id_old", "citation_count": "before"}
    )
    both = pairs.merge(after, on="paper_id").merge(before, on="paper_id_old")
    both = both.dropna(subset=["citation_count", "before"])
    both = both.assign(after=both["citation_count"].astype("int64"))
    both = both.assign(before=both["before"].astype("int64"), gain=both["after"] - both["before"])
    top = both[both["gain"] > 0].sort_values(["gain", "title"], ascending=[False, True]).head(n)
    gains = [
        {"title": str(r.title), "before": int(r.before), "after": int(r.after), "gain": int(r.gain)}
        for r in top.itertuples(index=False)
    ]
    return Changes(prev.stamp, len(new), len(dropped), new[:SHOWN], dropped[:SHOWN], gains)


def _listed(papers: pd.DataFrame, ids: set[str]) -> list[dict[str, Any]]:
    """Title, year and status of the papers ``ids``, by title."""
    rows = papers[papers["paper_id"].isin(ids)].copy()
    rows["title"] = rows["title"].fillna(rows["paper_id"]).astype(str)
    rows = rows.sort_values(["title", "paper_id"])
    return [
        {
            "title": r.title,
            "year": None if pd.isna(r.year) else int(r.year),
            "status": str(r.match_status),
        }
        for r in rows.itertuples(index=False)
    ]


def trend(history: list[dict[str, Any]]) -> pd.DataFrame:
    """Papers and resolved papers per snapshot, from the manifests kept."""
    rows = [
        {
            "snapshot": m["snapshot"],
            "papers": int(m.get("counts", {}).get("papers", 0)),
            "resolved": int(m.get("papers_by_status", {}).get("resolved", 0)),
        }
        for m in history
    ]
    return pd.DataFrame(rows, columns=["snapshot", "papers", "resolved"])
