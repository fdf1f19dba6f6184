"""Stage 3, *fetch*: metadata for every resolved paper, in batches, merged S2-first.

* S2 ``POST /paper/batch`` (500 ids a call) by paperId, or ``ARXIV:<id>`` for papers found on
  arXiv: S2 often holds them under another title, and the id links them.
* arXiv ``id_list`` (~1,000 ids a POST) only for papers where S2 lacks something arXiv has
  (abstract, authors, DOI) or that S2 does not hold, and whose entry resolve's title search
  did not already return (``OUT/stage/arxiv.parquet``; a refresh asks for all of them).
* Groups whose resolutions land on the same paper become one paper (list titles vary).

Writes ``OUT/stage/papers.parquet``, ``references.parquet`` and ``links.parquet``
(mention group → paper). ``refresh=True`` bypasses the metadata cache so counts are current.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from operator import attrgetter
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from enrich.http.stats import http_counters, http_delta
from enrich.memory import paused_gc
from enrich.merge import merge_paper, name_s2_source, paper_id_for
from enrich.records import ArxivEntry, Paper, Resolution, S2Paper
from enrich.schema import (
    AUTHOR_STRUCT,
    LINKS_STAGE,
    MENTIONS_STAGE,
    PAPERS,
    REFERENCES,
    from_columns,
)
from enrich.settings import Settings
from enrich.stages.fetch_ask import (  # noqa: F401 (STABLE_BATCH, stable_chunks: fetch's API)
    STABLE_BATCH,
    ArxivIds,
    S2Batch,
    fetch_records,
    s2_lookup_id,
    stable_chunks,
)
from enrich.stages.files import read_stage, write_stage, write_stats
from enrich.stages.resolve import read_resolutions

log = logging.getLogger(__name__)


@dataclass
class FetchSummary:
    papers: int = 0
    resolved: int = 0
    s2_records: int = 0
    arxiv_records: int = 0
    merged_groups: int = 0
    references: int = 0
    internal_references: int = 0
    s2_missing: list[str] = field(default_factory=list)
    requests_by_host: dict[str, int] = field(default_factory=dict)
    cache_hits: int = 0
    retries: int = 0
    rate_limited: int = 0
    seconds: float = 0.0

    def lines(self) -> list[str]:
        reqs = ", ".join(f"{h} {n}" for h, n in sorted(self.requests_by_host.items())) or "none"
        return [
            f"fetch: {self.papers} papers ({self.resolved} resolved; {self.s2_records} from S2, "
            f"{self.arxiv_records} with arXiv metadata; {self.merged_groups} list titles merged "
            f"into an existing paper); {self.references} references "
            f"({self.internal_references} between listed papers)",
            f"fetch: network requests: {reqs}; cache hits {self.cache_hits}; {self.seconds:.1f}s",
            *self._gone_line(),
        ]

    def _gone_line(self) -> list[str]:
        # ARXIV:<id> misses are normal (S2 does not hold every preprint); a paperId resolve
        # matched coming back null means S2 dropped or merged the record since
        gone = [lookup for lookup in self.s2_missing if not lookup.startswith("ARXIV:")]
        if not gone:
            return []
        return [
            f"fetch: warning: S2 answered null for {len(gone)} paperId(s) resolve had matched "
            f"(first {gone[0]}); those papers keep only arXiv or list data (the ids are in "
            "stage/fetch.json, s2_missing)"
        ]


def titles_per_group(mentions: pa.Table) -> dict[str, list[str]]:
    """Each group's titles, as the mentions table lists them (in order, repeats kept)."""
    titles: dict[str, list[str]] = {}
    groups, names = mentions["group_id"].to_pylist(), mentions["title"].to_pylist()
    for gid, title in zip(groups, names, strict=True):
        titles.setdefault(gid, []).append(title)
    return titles


def assemble(
    resolutions: Mapping[str, Resolution],
    titles_by_group: Mapping[str, Sequence[str]],
    s2_by_lookup: Mapping[str, S2Paper | None],
    arxiv_by_id: Mapping[str, ArxivEntry],
) -> tuple[list[Paper], dict[str, str | None], int]:
    """Merge everything into papers (pure). Returns papers, group → paper_id, merged count.

    Groups that land on the same S2 paperId or arXiv id are one paper; its verdict is the
    most confident of theirs and its ``input_titles`` the union of their titles.
    """
    by_paper: dict[str, list[Resolution]] = {}
    sources: dict[str, tuple[S2Paper | None, str | None]] = {}
    links: dict[str, str | None] = {}
    arxiv_to_pid: dict[str, str] = {}
    for gid in sorted(resolutions):
        res = resolutions[gid]
        if res.status == "not_a_paper":
            links[gid] = None
            continue
        s2 = None
        lookup = s2_lookup_id(res) if res.status == "resolved" else None
        if lookup:
            s2 = s2_by_lookup.get(lookup)
        arxiv_id = (s2.arxiv_id if s2 and s2.arxiv_id else None) or res.arxiv_id
        pid = paper_id_for(s2, arxiv_id, gid) if res.status == "resolved" else f"list:{gid}"
        if s2 is None and arxiv_id and arxiv_id in arxiv_to_pid:
            pid = arxiv_to_pid[arxiv_id]
        if arxiv_id and res.status == "resolved":
            arxiv_to_pid.setdefault(arxiv_id, pid)
        by_paper.setdefault(pid, []).append(res)
        if pid not in sources or (sources[pid][0] is None and s2 is not None):
            sources[pid] = (s2, arxiv_id)
        links[gid] = pid

    papers = []
    merged = 0
    for pid, group_res in by_paper.items():
        merged += len(group_res) - 1
        best = max(group_res, key=lambda r: (r.status == "resolved", r.confidence or 0.0))
        titles: list[str] = []
        for r in group_res:
            titles.extend(titles_by_group.get(r.group_id, [r.title]))
        s2, arxiv_id = sources[pid]
        ax = arxiv_by_id.get(arxiv_id) if arxiv_id else None
        papers.append(merge_paper(pid, s2, ax, best, titles))
    papers.sort(key=lambda p: p.paper_id)
    return papers, links, merged


_PLAIN_PAPER_COLUMNS = tuple(
    name for name in PAPERS.names if name not in ("publication_date", "authors", "provenance")
)


def papers_table(papers: Sequence[Paper]) -> pa.Table:
    """The ``papers`` table, built column by column (85k papers in well under a second).

    The struct columns are built as Arrow arrays, not as a dict per author and per provenance
    item: authors from flat name/id columns and offsets; provenance, which takes a handful of
    shapes (which fields S2 filled, which arXiv), by taking each paper's shape from the list
    of distinct shapes.
    """
    columns: dict[str, Any] = {
        name: list(map(attrgetter(name), papers)) for name in _PLAIN_PAPER_COLUMNS
    }
    columns["publication_date"] = [
        _date(d) if d else None for d in map(attrgetter("publication_date"), papers)
    ]
    columns["authors"] = _authors_array(papers)
    columns["provenance"] = _provenance_array(papers)
    return from_columns(columns, PAPERS)


def _authors_array(papers: Sequence[Paper]) -> pa.Array:
    offsets = [0]
    names: list[str] = []
    ids: list[str | None] = []
    for p in papers:
        for a in p.authors:
            names.append(a.name)
            ids.append(a.author_id)
        offsets.append(len(names))
    authors = pa.StructArray.from_arrays(
        [pa.array(names, pa.string()), pa.array(ids, pa.string())], fields=list(AUTHOR_STRUCT)
    )
    return pa.ListArray.from_arrays(
        pa.array(offsets, pa.int32()), authors, type=PAPERS.field("authors").type
    )


def _provenance_array(papers: Sequence[Paper]) -> pa.Array:
    shape_ids: dict[tuple[tuple[str, str], ...], int] = {}
    which = []
    for p in papers:
        shape = tuple(p.provenance.items())
        i = shape_ids.get(shape)
        if i is None:
            i = shape_ids[shape] = len(shape_ids)
        which.append(i)
    shapes = pa.array(
        [[{"field": k, "source": v} for k, v in sorted(shape)] for shape in shape_ids],
        PAPERS.field("provenance").type,
    )
    return shapes.take(pa.array(which, pa.int32()))


def references_table(papers: Sequence[Paper]) -> pa.Table:
    """Citation edges from S2 ``references``; ``cited_paper_id`` set when the cited is listed.

    A paper cites 30-50 others, so 85k papers make millions of edges: only the cited ids pass
    through Python objects; the citing columns are taken from one row per paper and the
    listed cited papers are looked up in Arrow.
    """
    citing = [p for p in papers if p.s2_paper_id]
    cited = [list(dict.fromkeys(p.references)) for p in citing]
    paper_ids = pa.array([p.paper_id for p in citing], pa.string())
    s2_ids = pa.array([p.s2_paper_id for p in citing], pa.string())
    rows = pa.array(np.repeat(np.arange(len(citing)), [len(c) for c in cited]), pa.int64())
    cited_s2 = pa.array(list(itertools.chain.from_iterable(cited)), pa.string())
    columns = {
        "citing_paper_id": paper_ids.take(rows),
        "citing_s2_paper_id": s2_ids.take(rows),
        "cited_s2_paper_id": cited_s2,
        "cited_paper_id": paper_ids.take(pc.index_in(cited_s2, value_set=s2_ids)),
    }
    return from_columns(columns, REFERENCES)


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def run_fetch(
    settings: Settings,
    *,
    refresh: bool = False,
    progress: bool = False,
    s2: S2Batch,
    arxiv: ArxivIds,
    written: dict[str, pa.Table] | None = None,
) -> FetchSummary:
    """Fetch and merge metadata for the resolutions in ``OUT/stage/resolutions.parquet``.

    ``written``, when given, receives the tables as written to the stage files (and the
    mentions read), so a snapshot in the same run need not read them back.

    ``progress``: a bar per upstream (S2 batches, arXiv id_list) on a terminal. Both hosts
    are asked at once (:mod:`enrich.stages.fetch_ask`).
    """
    started = time.monotonic()
    resolutions = read_resolutions(settings)
    mentions = read_stage(settings, "mentions", MENTIONS_STAGE)
    titles = titles_per_group(mentions)

    session = getattr(s2, "session", None)  # the run's one session (stand-ins have none)
    before = http_counters(session)

    resolved = [r for r in resolutions.values() if r.status == "resolved"]
    s2_by_lookup, arxiv_by_id = fetch_records(
        settings, resolved, s2, arxiv, refresh=refresh, progress=progress
    )
    _check_pins(settings, resolved, s2_by_lookup, arxiv_by_id)

    with paused_gc():  # pure work on every paper at once
        papers, links, merged = assemble(resolutions, titles, s2_by_lookup, arxiv_by_id)
        name_s2_source(papers, getattr(s2, "provenance_source", "s2"))
        refs = references_table(papers)
        table = papers_table(papers)
    link_rows = sorted(links.items())
    links_table = from_columns(
        {"group_id": [g for g, _ in link_rows], "paper_id": [p for _, p in link_rows]},
        LINKS_STAGE,
    )
    stage = {"papers": table, "references": refs, "links": links_table}
    for name, written_table in stage.items():
        write_stage(settings, name, written_table)
    if written is not None:
        written.update(stage, mentions=mentions)

    summary = FetchSummary(
        papers=len(papers),
        resolved=sum(p.match_status == "resolved" for p in papers),
        s2_records=sum(p.s2_paper_id is not None for p in papers),
        arxiv_records=sum(a in arxiv_by_id for a in {p.arxiv_id for p in papers if p.arxiv_id}),
        merged_groups=merged,
        references=refs.num_rows,
        internal_references=refs.num_rows - refs["cited_paper_id"].null_count,
        s2_missing=[lid for lid, rec in s2_by_lookup.items() if rec is None],
    )
    for key, value in http_delta(before, http_counters(session)).items():
        setattr(summary, key, value)
    summary.seconds = time.monotonic() - started
    write_stats(settings, "fetch", asdict(summary))
    log.info("fetch: %d papers", summary.papers)
    return summary


PINNED = {"override_s2": "s2", "override_arxiv": "arxiv"}
"""Resolution methods of a pin in overrides.csv, and the pin's kind."""


def _check_pins(
    settings: Settings,
    resolved: list[Resolution],
    s2_by_lookup: Mapping[str, S2Paper | None],
    arxiv_by_id: Mapping[str, ArxivEntry],
) -> None:
    """A pin in overrides.csv to a paper neither S2 nor arXiv has is an error naming its line
    (exit 2), before anything is written: published, the title would be "resolved" with no
    year, venue or authors."""
    from enrich.overrides import FILENAME, load_overrides, pins_not_found

    unknown = {
        (PINNED[r.method], r.s2_paper_id if r.method == "override_s2" else r.arxiv_id)
        for r in resolved
        if r.method in PINNED
        and s2_by_lookup.get(s2_lookup_id(r) or "") is None
        and not (r.arxiv_id and r.arxiv_id in arxiv_by_id)
    }
    if not unknown:
        return
    pins = load_overrides(settings.raw_dir).values()
    error = pins_not_found(
        [ov for ov in pins if (ov.kind, ov.value) in unknown], str(settings.raw_dir / FILENAME)
    )
    if error is not None:
        raise error
