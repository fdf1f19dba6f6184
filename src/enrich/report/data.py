"""What the report shows, computed from a snapshot's tables: pure functions over DataFrames.

Loading (the only I/O here) is :func:`load_snapshot` and :func:`load_previous`; everything
else takes frames and returns frames, dicts or dataclasses, so each number can be checked
against a query of its own (``tests/test_report.py`` checks the headline against DuckDB).
"""

from __future__ import annotations

import csv
import io
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

log = logging.getLogger(__name__)

LOW_CONFIDENCE = 0.9
"""A resolved paper below this confidence is listed under "needs a person": ``match`` caps a
reworded subtitle or a renamed system at 0.85 and 0.75, while a matching title scores 0.9+."""

PAPER_COLUMNS = [
    "paper_id",
    "s2_paper_id",
    "arxiv_id",
    "doi",
    "title",
    "year",
    "venue",
    "authors",
    "citation_count",
    "open_access_pdf",
    "match_status",
    "match_confidence",
    "match_method",
    "match_reason",
    "input_titles",
]
MENTION_COLUMNS = ["source_file", "line", "section", "raw", "title", "group_id", "paper_id"]
PREVIOUS_PAPER_COLUMNS = ["paper_id", "title", "year", "venue", "citation_count", "match_status"]


@dataclass
class Snapshot:
    """One snapshot's tables (the columns the report reads) and its manifest."""

    stamp: str
    manifest: dict[str, Any]
    papers: pd.DataFrame
    mentions: pd.DataFrame
    references: pd.DataFrame
    history: list[dict[str, Any]] = field(default_factory=list)  #: every manifest, oldest first


@dataclass
class Previous:
    """The snapshot before: enough to say what changed."""

    stamp: str
    papers: pd.DataFrame
    mentions: pd.DataFrame


def _read(path: Path, columns: list[str]) -> pd.DataFrame:
    """Read ``columns`` that the file has (an old snapshot may lack a later one)."""
    names = set(pq.read_schema(path).names)
    table = pq.read_table(path, columns=[c for c in columns if c in names])
    frame = table.to_pandas()
    for missing in (c for c in columns if c not in names):
        frame[missing] = pd.NA
    return frame


def load_snapshot(directory: Path, history_dir: Path | None = None) -> Snapshot:
    """The tables and manifest in ``directory`` (``OUT/latest``); ``history_dir`` (``OUT``)
    adds every manifest kept, for the trend chart."""
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    history = []
    if history_dir is not None:
        for path in sorted((history_dir / "manifests").glob("*.json")):
            try:
                history.append(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError) as exc:  # one damaged file costs one point of a chart
                log.warning("%s is damaged (%s); the report's history leaves it out", path, exc)
    return Snapshot(
        stamp=manifest["snapshot"],
        manifest=manifest,
        papers=_read(directory / "papers.parquet", PAPER_COLUMNS),
        mentions=_read(directory / "mentions.parquet", MENTION_COLUMNS),
        references=_read(
            directory / "references.parquet", ["citing_paper_id", "cited_paper_id"]
        ),
        history=history,
    )


def load_previous(out: Path, stamp: str) -> Previous | None:
    """The newest snapshot in ``out`` older than ``stamp`` whose tables are still there."""
    older = sorted(p.stem for p in (out / "manifests").glob("*.json") if p.stem < stamp)
    for prev in reversed(older):
        papers = out / "papers" / f"snapshot={prev}" / "papers.parquet"
        mentions = out / "mentions" / f"snapshot={prev}" / "mentions.parquet"
        if papers.exists() and mentions.exists():
            try:
                return Previous(
                    prev,
                    _read(papers, PREVIOUS_PAPER_COLUMNS),
                    _read(mentions, ["source_file", "group_id", "paper_id"]),
                )
            except (pa.ArrowException, OSError) as exc:  # compare with an older one instead
                log.warning("snapshot %s is damaged (%s); not compared with", prev, exc)
    return None


# ---- headline -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    papers: int
    mentions: int
    lists: int
    resolved: int
    resolved_share: float  #: resolved / papers, 0 when there are none
    by_method: dict[str, int]  #: resolved papers by match_method, most first
    requests: int  #: network requests the run made (manifest requests_by_host)
    cache_hits: int
    run_seconds: float | None  #: the whole run; None for a snapshot written stage by stage


def headline(snap: Snapshot) -> Headline:
    papers, manifest = snap.papers, snap.manifest
    resolved = papers[papers["match_status"] == "resolved"]
    methods = resolved["match_method"].fillna("none").value_counts()
    by_method = {str(k): int(v) for k, v in sorted(methods.items(), key=lambda kv: (-kv[1], kv[0]))}
    return Headline(
        papers=len(papers),
        mentions=len(snap.mentions),
        lists=int(snap.mentions["source_file"].nunique()),
        resolved=len(resolved),
        resolved_share=len(resolved) / len(papers) if len(papers) else 0.0,
        by_method=by_method,
        requests=int(sum(manifest.get("requests_by_host", {}).values())),
        cache_hits=int(manifest.get("cache_hits") or 0),
        run_seconds=manifest.get("run_seconds"),
    )


# ---- per list -------------------------------------------------------------------------------


def coverage(snap: Snapshot) -> pd.DataFrame:
    """Per list: entries, resolved, not_a_paper, unresolved (not found or upstream error)."""
    status = snap.papers.set_index("paper_id")["match_status"]
    m = snap.mentions.assign(status=snap.mentions["paper_id"].map(status).fillna("not_a_paper"))
    rows = []
    for name, group in m.groupby("source_file", sort=True):
        counts = group["status"].value_counts()
        entries = len(group)
        resolved = int(counts.get("resolved", 0))
        skipped = int(counts.get("not_a_paper", 0))
        rows.append(
            {
                "list": str(name),
                "entries": entries,
                "resolved": resolved,
                "not_a_paper": skipped,
                "unresolved": entries - resolved - skipped,
                "share": resolved / (entries - skipped) if entries > skipped else 1.0,
            }
        )
    return pd.DataFrame(
        rows, columns=["list", "entries", "resolved", "not_a_paper", "unresolved", "share"]
    )


def override_line(title: str, pin: str, note: str) -> str:
    """One ``overrides.csv`` row (docs/operations.md, Overrides), as the csv module reads it."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow([title, pin, note])
    return buf.getvalue()


def needs_person(snap: Snapshot, low: float = LOW_CONFIDENCE) -> pd.DataFrame:
    """Every mention whose paper is unresolved, hit an error or was matched with confidence
    below ``low``: its list and line, the reason and the overrides.csv row to paste."""
    p = snap.papers
    doubtful = (p["match_status"] == "resolved") & (p["match_confidence"].fillna(1.0) < low)
    flagged = {
        str(r["paper_id"]): r
        for r in p[p["match_status"].isin(["unresolved", "error"]) | doubtful].to_dict("records")
    }
    m = snap.mentions[snap.mentions["paper_id"].isin(set(flagged))]
    rows = []
    for mention in m.sort_values(["source_file", "line"]).itertuples(index=False):
        paper = flagged[mention.paper_id]
        kind, pin, note = _verdict(paper)
        rows.append(
            {
                "list": mention.source_file,
                "line": int(mention.line),
                "title": mention.title,
                "status": kind,
                "reason": str(paper["match_reason"] or ""),
                "override": override_line(mention.title, pin, note),
            }
        )
    return pd.DataFrame(rows, columns=["list", "line", "title", "status", "reason", "override"])


def _verdict(paper: dict[str, Any]) -> tuple[str, str, str]:
    """(what is wrong, the pin, the note) for a paper that needs a person. A doubtful match is
    pinned to what was found, for a person who checked it; a title not found gets a
    placeholder that overrides.csv refuses until the id is filled in."""
    status = str(paper["match_status"])
    if status == "resolved":
        s2 = paper["s2_paper_id"]
        pin = f"S2:{s2}" if present(s2) else f"arXiv:{paper['arxiv_id']}"
        kind = f"low confidence ({float(paper['match_confidence']):.2f})"
        return kind, pin, f"checked: it is {str(paper['title'])[:80]}"
    kind = "upstream error: rerun" if status == "error" else "not found"
    return kind, "S2:<40-hex paperId>", "or arXiv:<id>, or not-a-paper"


def present(value: Any) -> bool:
    """Not None, NA or NaN (what a nullable column holds after ``to_pandas``)."""
    return not (value is None or value is pd.NA or (isinstance(value, float) and value != value))


# ---- papers ---------------------------------------------------------------------------------


def resolved_papers(snap: Snapshot) -> pd.DataFrame:
    return snap.papers[snap.papers["match_status"] == "resolved"]


def year_by_venue(snap: Snapshot, top: int = 8) -> pd.DataFrame:
    """Resolved papers per year (rows) and venue (columns): the ``top`` venues, the rest as
    "other venues", papers without a venue as "no venue"."""
    p = resolved_papers(snap).dropna(subset=["year"])
    venue = p["venue"].fillna("").astype(str).str.strip()
    common = venue[venue != ""].value_counts().head(top).index
    label = venue.where(venue.isin(common), "other venues").where(venue != "", "no venue")
    table = pd.crosstab(p["year"].astype(int), label)
    order = [v for v in common if v in table.columns] + [
        c for c in ("other venues", "no venue") if c in table.columns
    ]
    return table[order] if len(table) else table


CITATION_BINS = [(0, 0), (1, 9), (10, 99), (100, 999), (1000, 9999), (10000, None)]


def citation_bins(snap: Snapshot) -> pd.Series:
    """How many resolved papers have 0, 1-9, 10-99, ... citations (unknown counts left out)."""
    counts = resolved_papers(snap)["citation_count"].dropna().astype(int)
    out = {}
    for lo, hi in CITATION_BINS:
        label = str(lo) if lo == hi else (f"{_k(lo)}+" if hi is None else f"{_k(lo)}–{_k(hi)}")
        inside = counts >= lo if hi is None else counts.between(lo, hi)
        out[label] = int(inside.sum())
    return pd.Series(out, dtype="int64")


def _k(n: int) -> str:
    """1000 as ``1k``, 9999 as ``9.9k`` (rounded down), smaller numbers as they are."""
    return f"{n // 100 / 10}k".replace(".0k", "k") if n >= 1000 else str(n)


def links(paper: Any) -> dict[str, str]:
    """The paper's pages: S2, arXiv, DOI, open-access PDF (those it has)."""
    out = {}
    if present(paper["s2_paper_id"]):
        out["S2"] = f"https://www.semanticscholar.org/paper/{paper['s2_paper_id']}"
    if present(paper["arxiv_id"]):
        out["arXiv"] = f"https://arxiv.org/abs/{paper['arxiv_id']}"
    if present(paper["doi"]):
        out["DOI"] = f"https://doi.org/{paper['doi']}"
    if present(paper["open_access_pdf"]):
        out["PDF"] = str(paper["open_access_pdf"])
    return out


def most_cited(
    snap: Snapshot, n: int = 50, edges: pd.DataFrame | None = None
) -> list[dict[str, Any]]:
    """The ``n`` most-cited resolved papers, with how many lists name them and their links."""
    lists = snap.mentions.groupby("paper_id")["source_file"].nunique()
    inner = (internal_edges(snap) if edges is None else edges)["cited"].value_counts()
    p = resolved_papers(snap).dropna(subset=["citation_count"])
    p = p.sort_values(["citation_count", "paper_id"], ascending=[False, True]).head(n)
    return [
        {
            "title": str(row["title"]),
            "year": None if pd.isna(row["year"]) else int(row["year"]),
            "venue": "" if pd.isna(row["venue"]) else str(row["venue"]),
            "citations": int(row["citation_count"]),
            "in_lists": int(inner.get(row["paper_id"], 0)),
            "lists": int(lists.get(row["paper_id"], 0)),
            "links": links(row),
        }
        for _, row in p.iterrows()
    ]


# ---- citations inside the lists -------------------------------------------------------------


def internal_edges(snap: Snapshot) -> pd.DataFrame:
    """Citations from one listed paper to another (``citing``, ``cited``), without self-loops."""
    r = snap.references.dropna(subset=["cited_paper_id"])
    r = r[r["citing_paper_id"] != r["cited_paper_id"]]
    return r.drop_duplicates().rename(
        columns={"citing_paper_id": "citing", "cited_paper_id": "cited"}
    )[["citing", "cited"]]


def most_cited_within(
    snap: Snapshot, n: int = 10, edges: pd.DataFrame | None = None
) -> list[dict[str, Any]]:
    """The listed papers most cited by the other listed papers, and by which."""
    edges = internal_edges(snap) if edges is None else edges
    titles = snap.papers.set_index("paper_id")["title"]
    counts = edges["cited"].value_counts()  # most first
    if len(counts) > n:  # the ties at the n-th place, not every paper, get sorted by title
        counts = counts[counts >= counts.iloc[n - 1]]
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], str(titles.get(kv[0], ""))))[:n]
    out = []
    for pid, count in ranked:
        citing = edges.loc[edges["cited"] == pid, "citing"].map(titles).dropna().astype(str)
        out.append(
            {"title": str(titles.get(pid, pid)), "count": int(count), "cited_by": sorted(citing)}
        )
    return out


# ---- overlap between lists ------------------------------------------------------------------


def overlap(snap: Snapshot) -> pd.DataFrame:
    """Papers two lists share (diagonal: the papers each list names), resolved papers only."""
    resolved = set(resolved_papers(snap)["paper_id"])
    m = snap.mentions[snap.mentions["paper_id"].isin(resolved)]
    sets = {str(k): set(v) for k, v in m.groupby("source_file")["paper_id"]}
    names = sorted(sets)
    return pd.DataFrame(
        [[len(sets[a] & sets[b]) for b in names] for a in names], index=names, columns=names
    )
