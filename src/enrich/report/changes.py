"""What changed between two snapshots, and the trend over the manifests kept: pure functions
over the tables :mod:`enrich.report.data` loads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from enrich.report.data import Previous, Snapshot


@dataclass
class Changes:
    previous: str
    new: list[dict[str, Any]]
    dropped: list[dict[str, Any]]
    gains: list[dict[str, Any]]  #: largest citation gains, most first


def changes(snap: Snapshot, prev: Previous, n: int = 15) -> Changes:
    """New and dropped papers (followed through ``group_id``, which survives a paper_id
    change), and the largest citation gains between ``prev`` and ``snap``."""
    cur_groups = _groups(snap.mentions)
    old_groups = _groups(prev.mentions)
    cur = snap.papers.set_index("paper_id")
    old = prev.papers.set_index("paper_id")
    new = [pid for pid, groups in cur_groups.items() if not groups & _all(old_groups)]
    dropped = [pid for pid, groups in old_groups.items() if not groups & _all(cur_groups)]
    pairs = set()
    old_by_group = {g: pid for pid, groups in old_groups.items() for g in groups}
    for pid, groups in cur_groups.items():
        for g in groups:
            if g in old_by_group:
                pairs.add((old_by_group[g], pid))
    gains: list[dict[str, Any]] = []
    for old_id, cur_id in pairs:
        before, after = old.at[old_id, "citation_count"], cur.at[cur_id, "citation_count"]
        if pd.notna(before) and pd.notna(after) and int(after) != int(before):
            title = str(cur.at[cur_id, "title"])
            gains.append(
                {"title": title, "before": int(before), "after": int(after),
                 "gain": int(after) - int(before)}
            )
    gains.sort(key=lambda g: (-g["gain"], g["title"]))
    return Changes(
        previous=prev.stamp,
        new=[_brief(cur, pid) for pid in sorted(new, key=lambda p: str(cur.at[p, "title"]))],
        dropped=[_brief(old, p) for p in sorted(dropped, key=lambda p: str(old.at[p, "title"]))],
        gains=[g for g in gains if g["gain"] > 0][:n],
    )


def _groups(mentions: pd.DataFrame) -> dict[str, set[str]]:
    m = mentions.dropna(subset=["paper_id"])
    return {str(k): set(v) for k, v in m.groupby("paper_id")["group_id"]}


def _all(groups: dict[str, set[str]]) -> set[str]:
    return set().union(*groups.values()) if groups else set()


def _brief(papers: pd.DataFrame, pid: str) -> dict[str, Any]:
    row = papers.loc[pid]
    return {
        "title": str(row["title"]),
        "year": None if pd.isna(row["year"]) else int(row["year"]),
        "status": str(row["match_status"]),
    }


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
