"""Stage 2, *resolve*: find each mention group's paper and verify it ourselves.

For every group of mentions (one normalized title):

1. an override pins it (S2 id, arXiv id, or "not a paper"): no API call;
2. if the list links or cites an arXiv id or a DOI, S2's record for it (all such groups in a few
   ``/paper/batch`` calls, before the per-title loop), checked by :func:`enrich.match.verify`
   like any candidate: a link may point at a related paper;
3. S2 ``/paper/search/match`` gives one candidate, checked the same way;
4. otherwise arXiv title search; an accepted arXiv paper is linked to S2 later through
   ``ARXIV:<id>`` in the batch call (S2 may hold it under another title);
5. otherwise the group stays ``unresolved``, with the reason the best candidate was rejected.

Transient upstream failures mark the group ``error`` (a rerun retries them; answered requests
come from the HTTP cache). After :data:`MAX_CONSECUTIVE_ERRORS` in a row the stage stops
asking, so a dead upstream costs minutes, not hours. A host that cannot be reached at all
(:class:`~enrich.errors.UpstreamUnreachable`: no DNS answer, refused, no route) stops the stage
at the first title, writing nothing: every other title would fail the same way.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

import pyarrow as pa

from enrich.errors import (
    OfflineCacheMiss,
    SchemaError,
    StageFileError,
    TransientUpstreamError,
    UpstreamError,
    UpstreamUnreachable,
)
from enrich.http.stats import http_counters, http_delta
from enrich.match import ListEvidence, verify
from enrich.memory import frozen_gc, paused_gc
from enrich.overrides import Override, load_overrides
from enrich.records import ArxivEntry, Resolution, S2Paper
from enrich.schema import ARXIV_STAGE, MENTIONS_STAGE, RESOLUTIONS_STAGE, from_records
from enrich.settings import Settings
from enrich.stages import progress as bars
from enrich.stages.files import read_stage, stage_path, write_stage, write_stats
from enrich.stages.progress import progress

log = logging.getLogger(__name__)

MAX_CONSECUTIVE_ERRORS = 3
"""Give up on the upstream after this many groups in a row failed transiently."""

FINAL_STATUSES = frozenset({"resolved", "not_a_paper"})
"""Statuses a refresh keeps without asking again."""


class S2Like(Protocol):
    def match_title(self, title: str) -> S2Paper | None: ...

    def get_batch(
        self,
        ids: Iterable[str],
        *,
        refresh: bool = False,
        done: Callable[[int], object] | None = None,
        fields: str = ...,
    ) -> list[S2Paper | None]: ...


class ArxivLike(Protocol):
    def search_title(self, title: str, max_results: int = 5) -> list[ArxivEntry]: ...


@dataclass(slots=True, unsafe_hash=True)
class Group:
    """All mentions of one normalized title, as evidence for matching."""

    group_id: str
    title_key: str
    title: str  #: representative title (the most frequent spelling, then the longest)
    titles: tuple[str, ...]
    year: int | None
    venue: str | None
    alias: str | None
    title_keys: tuple[str, ...] = ()  #: ``title_key`` of each title (empty: not known)
    arxiv_id: str | None = None  #: the arXiv id the lists link or cite (the most common)
    doi: str | None = None  #: the DOI the lists link or cite (the most common)

    @property
    def link_id(self) -> str | None:
        """The S2 id of the paper the lists link (``ARXIV:<id>``, else ``DOI:<doi>``)."""
        if self.arxiv_id:
            return f"ARXIV:{self.arxiv_id}"
        return f"DOI:{self.doi}" if self.doi else None

    @property
    def evidence(self) -> ListEvidence:
        return ListEvidence(self.titles, self.year, self.venue, self.alias, self.title_keys)


_GROUP_COLUMNS = (
    "group_id",
    "title_key",
    "title",
    "year",
    "venue",
    "alias",
    "arxiv_id",
    "doi",
)


@paused_gc()  # 85k groups are long-lived and acyclic: no collector passes while they are made
def groups_from_table(mentions: pa.Table) -> list[Group]:
    """The mentions table's rows collapsed into groups, sorted by group id (pure).

    Read column by column (no dict per row). Most groups have one mention: those are built
    straight from the columns; the others go through :func:`_voted_group`, their rows in table
    order.
    """
    gids, keys, titles, years, venues, aliases, arxiv_ids, dois = (
        mentions.column(name).to_pylist() for name in _GROUP_COLUMNS
    )
    first: dict[str, int] = {}
    more: dict[str, list[int]] = {}
    for i, gid in enumerate(gids):
        j = first.setdefault(gid, i)
        if j != i:
            if gid in more:
                more[gid].append(i)
            else:
                more[gid] = [j, i]
    groups = []
    for gid in sorted(first):
        rows = more.get(gid)
        if rows is None:
            i = first[gid]
            title, key = titles[i], keys[i]
            groups.append(
                Group(
                    gid,
                    key,
                    title,
                    (title,),
                    years[i] or None,
                    venues[i] or None,
                    aliases[i] or None,
                    (key,),
                    arxiv_ids[i] or None,
                    dois[i] or None,
                )
            )
        else:
            groups.append(
                _voted_group(
                    gid,
                    [keys[i] for i in rows],
                    [titles[i] for i in rows],
                    [years[i] for i in rows],
                    [venues[i] for i in rows],
                    [aliases[i] for i in rows],
                    [arxiv_ids[i] for i in rows],
                    [dois[i] for i in rows],
                )
            )
    return groups


def _voted_group(
    gid: str,
    keys: list[str],
    titles: list[str],
    years: list[int | None],
    venues: list[str | None],
    aliases: list[str | None],
    arxiv_ids: list[str | None],
    dois: list[str | None],
) -> Group:
    """A group of several mentions (in row order): the most common spelling, then the longest;
    the most common given year, venue, alias, arXiv id and DOI."""
    counts: dict[str, int] = {}
    key_of: dict[str, str] = {}
    for t, k in zip(titles, keys, strict=True):
        counts[t] = counts.get(t, 0) + 1
        key_of.setdefault(t, k)
    ordered = sorted(counts, key=lambda t: (-counts[t], -len(t), t))
    return Group(
        group_id=gid,
        title_key=keys[0],
        title=ordered[0],
        titles=tuple(ordered),
        year=_most_common(years),
        venue=_most_common(venues),
        alias=_most_common(aliases),
        title_keys=tuple(key_of[t] for t in ordered),
        arxiv_id=_most_common(arxiv_ids),
        doi=_most_common(dois),
    )


def _most_common(values: list[Any]) -> Any:
    """The most common truthy value, the first given among equals (as ``Counter.most_common``,
    without its cost: a Counter per column per group was most of the grouping time)."""
    if len(values) == 2:  # most groups with a vote: the first given value wins either way
        return values[0] or values[1] or None
    counts: dict[Any, int] = {}
    for v in values:
        if v:
            counts[v] = counts.get(v, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None


def resolve_group(
    group: Group, s2: S2Like, arxiv: ArxivLike, linked: S2Paper | None = None
) -> Resolution:
    """Find and verify the paper for one group (network through the given clients).

    ``linked``: S2's record for the arXiv id or DOI the lists link (:func:`linked_records`),
    tried first; a rejected one leaves its reason and the title lookups go on.
    """
    link_reason: list[str] = []
    if linked is not None:
        # found by ARXIV:<id>, it is that arXiv paper even if S2 does not list the id
        found = _s2_verdict(group, linked, "list_link", arxiv_id=group.arxiv_id)
        if isinstance(found, Resolution):
            return found
        link_reason.append(f"S2's record of the linked {group.link_id} rejected: {found}")
    rejected: list[str] = []
    s2_candidate = s2.match_title(group.title)
    if s2_candidate is not None:
        found = _s2_verdict(group, s2_candidate, "s2_match")
        if isinstance(found, Resolution):
            return found
        rejected.append(f"S2 match rejected: {found}")
    else:
        rejected.append("S2 has no title match")

    best: tuple[ArxivEntry, Any] | None = None
    for entry in arxiv.search_title(group.title):
        verdict = verify(group.evidence, entry.title, entry.year, None, preprint=True)
        if verdict.accepted and (best is None or verdict.confidence > best[1].confidence):
            best = (entry, verdict)
        elif not verdict.accepted and len(rejected) < 3:
            rejected.append(f"arXiv {entry.arxiv_id} rejected: {verdict.reason}")
    if best is not None:
        entry, verdict = best
        # S2's rejected candidate may still be this paper under another title.
        s2_id = (
            s2_candidate.paper_id
            if s2_candidate and s2_candidate.arxiv_id == entry.arxiv_id
            else None
        )
        return Resolution(
            group.group_id,
            group.title,
            "resolved",
            "arxiv_search",
            verdict.confidence,
            verdict.reason,
            s2_id,
            entry.arxiv_id,
            entry.title,
        )
    if len(rejected) == 1:
        rejected.append("arXiv has no title match")
    return Resolution(
        group.group_id,
        group.title,
        "unresolved",
        None,
        None,
        "; ".join(link_reason + rejected),
        None,
        None,
        s2_candidate.title if s2_candidate else None,
    )


def _s2_verdict(
    group: Group, candidate: S2Paper, method: str, *, arxiv_id: str | None = None
) -> Resolution | str:
    """``group`` resolved to S2's ``candidate`` by ``method``, or why the candidate is not it.
    ``arxiv_id``: the paper's arXiv id when S2's record does not give one."""
    verdict = verify(group.evidence, candidate.title, candidate.year, candidate.venue)
    if not verdict.accepted:
        return verdict.reason
    return Resolution(
        group.group_id,
        group.title,
        "resolved",
        method,
        verdict.confidence,
        verdict.reason,
        candidate.paper_id,
        candidate.arxiv_id or arxiv_id,
        candidate.title,
    )


def _error(group: Group, reason: str) -> Resolution:
    return Resolution(group.group_id, group.title, "error", None, None, reason)


def apply_override(group: Group, ov: Override) -> Resolution:
    reason = f"pinned in overrides.csv line {ov.line}" + (f": {ov.note}" if ov.note else "")
    if ov.kind == "not_a_paper":
        return Resolution(group.group_id, group.title, "not_a_paper", "override", 1.0, reason)
    if ov.kind == "s2":
        return Resolution(
            group.group_id,
            group.title,
            "resolved",
            "override_s2",
            1.0,
            reason,
            s2_paper_id=ov.value,
        )
    return Resolution(
        group.group_id, group.title, "resolved", "override_arxiv", 1.0, reason, arxiv_id=ov.value
    )


@dataclass
class ResolveSummary:
    groups: int = 0
    by_status: Counter = field(default_factory=Counter)
    by_method: Counter = field(default_factory=Counter)
    reused: int = 0
    fallbacks: int = 0  #: titles that hit an upstream error and kept the previous resolution
    first_error: str | None = None  #: the first upstream error, to tell the user what happened
    requests_by_host: dict[str, int] = field(default_factory=dict)
    cache_hits: int = 0
    retries: int = 0
    rate_limited: int = 0
    seconds: float = 0.0
    stopped_early: str | None = None

    @property
    def errors(self) -> int:
        """Titles that hit upstream errors (a rerun should retry them)."""
        return self.by_status.get("error", 0) + self.fallbacks

    @property
    def decided(self) -> int:
        """Titles with a usable answer (anything but a fresh error)."""
        return self.groups - self.by_status.get("error", 0)

    def lines(self) -> list[str]:
        status = ", ".join(f"{k} {v}" for k, v in sorted(self.by_status.items()))
        out = [
            f"resolve: {self.groups} titles: {status}"
            + (f" ({self.reused} kept from the previous run)" if self.reused else "")
        ]
        if self.by_method:
            methods = ", ".join(f"{k} {v}" for k, v in self.by_method.most_common())
            # titles, not papers: two titles of one paper count twice (status counts papers)
            out.append(f"resolve: titles found by {methods}")
        reqs = ", ".join(f"{h} {n}" for h, n in sorted(self.requests_by_host.items())) or "none"
        out.append(
            f"resolve: network requests: {reqs}; cache hits {self.cache_hits}; {self.seconds:.1f}s"
        )
        if self.fallbacks:
            out.append(
                f"resolve: {self.fallbacks} titles hit upstream errors and kept their "
                "previous resolution"
            )
        if self.first_error:
            out.append(f"resolve: first upstream error: {self.first_error}")
        if self.stopped_early:
            out.append(f"resolve: stopped asking upstream: {self.stopped_early}")
        return out


class _SearchedArxiv:
    """The arXiv client, keeping the entries its title searches returned (for fetch)."""

    def __init__(self, arxiv: ArxivLike):
        self.arxiv = arxiv
        self.entries: dict[str, ArxivEntry] = {}

    def search_title(self, title: str, max_results: int = 5) -> list[ArxivEntry]:
        found = self.arxiv.search_title(title, max_results)
        for entry in found:
            self.entries.setdefault(entry.arxiv_id, entry)
        return found


def read_arxiv_entries(settings: Settings) -> dict[str, ArxivEntry]:
    """The arXiv entries resolve accepted, by id; empty when no run has written any."""
    if not stage_path(settings, "arxiv").exists():
        return {}
    rows = read_stage(settings, "arxiv", ARXIV_STAGE).to_pylist()
    return {
        row["arxiv_id"]: ArxivEntry(
            **{**row, "authors": tuple(row["authors"]), "categories": tuple(row["categories"])}
        )
        for row in rows
    }


def read_earlier(
    settings: Settings, name: str, reader: Callable[[Settings], dict[str, Any]]
) -> dict[str, Any]:
    """A stage file that only carries an earlier run's results (``resolutions``, ``arxiv``),
    or nothing: one that is missing, damaged or outdated is ignored with a warning, since
    this run writes it anew (reading it strictly made it a dead end: the command that
    rebuilds it read it first)."""
    if not stage_path(settings, name).exists():
        return {}
    try:
        return reader(settings)
    except (StageFileError, SchemaError) as exc:
        log.warning("ignored (this run writes it anew): %s", exc)
        return {}


def read_resolutions(settings: Settings) -> dict[str, Resolution]:
    table = read_stage(settings, "resolutions", RESOLUTIONS_STAGE)
    return {row["group_id"]: Resolution(**row) for row in table.to_pylist()}


def run_resolve(
    settings: Settings,
    *,
    session: Any = None,
    only_new: bool = False,
    progress_bar: bool = False,
    s2: S2Like,
    arxiv: ArxivLike,
) -> ResolveSummary:
    """Resolve every mention group of ``OUT/stage/mentions.parquet``.

    ``only_new`` (scheduled refresh): keep the previous run's resolved and not-a-paper
    groups without asking again; look up only new, unresolved and errored titles.
    """
    started = time.monotonic()
    mentions: pa.Table = read_stage(settings, "mentions", MENTIONS_STAGE)
    groups = groups_from_table(mentions)
    overrides = load_overrides(settings.raw_dir)
    previous: dict[str, Resolution] = read_earlier(settings, "resolutions", read_resolutions)

    session = session if session is not None else getattr(s2, "session", None)
    before = http_counters(session)

    summary = ResolveSummary(groups=len(groups))
    searched = _SearchedArxiv(arxiv)
    # groups and the previous resolutions live through the loop: no collector pass walks them
    with frozen_gc():
        results = _resolve_groups(
            groups, overrides, previous, s2, searched, summary, only_new, progress_bar
        )

    # The accepted arXiv entries, this run's and those of resolutions kept from the last one:
    # fetch takes them from here instead of asking arXiv id_list for them again.
    entries_by_id = {**read_earlier(settings, "arxiv", read_arxiv_entries), **searched.entries}
    accepted = [
        entries_by_id[r.arxiv_id] for r in results if r.arxiv_id and r.arxiv_id in entries_by_id
    ]
    entries = list({e.arxiv_id: e for e in accepted}.values())
    write_stage(settings, "arxiv", from_records(entries, ARXIV_STAGE))
    write_stage(settings, "resolutions", from_records(results, RESOLUTIONS_STAGE))
    for key, value in http_delta(before, http_counters(session)).items():
        setattr(summary, key, value)
    summary.seconds = time.monotonic() - started
    write_stats(settings, "resolve", _summary_dict(summary))
    return summary


def _resolve_groups(
    groups: list[Group],
    overrides: dict[str, Override],
    previous: dict[str, Resolution],
    s2: S2Like,
    arxiv: ArxivLike,
    summary: ResolveSummary,
    only_new: bool,
    progress_bar: bool,
) -> list[Resolution]:
    """Each group's resolution, in order; counts what happened in ``summary``."""

    def kept_of(group: Group) -> Resolution | None:
        prev = previous.get(group.group_id)
        return prev if prev is not None and prev.status in FINAL_STATUSES else None

    asking = [
        g
        for g in groups
        if g.link_id and g.title_key not in overrides and not (only_new and kept_of(g) is not None)
    ]
    linked = linked_records(asking, s2, summary, progress_bar)
    results: list[Resolution] = []
    consecutive_errors = 0
    for group in progress(groups, total=len(groups), desc="resolve", enabled=progress_bar):
        ov = overrides.get(group.title_key)
        kept = kept_of(group)
        if ov is not None:
            res = apply_override(group, ov)
        elif only_new and kept is not None:
            res = kept
            summary.reused += 1
        elif summary.stopped_early:
            res = _error(group, f"not attempted: {summary.stopped_early}")
        else:
            try:
                res = resolve_group(
                    group, s2, arxiv, linked.get(group.link_id) if group.link_id else None
                )
                consecutive_errors = 0
            except OfflineCacheMiss as exc:
                res = _error(group, str(exc))
            except UpstreamUnreachable:
                raise
            except TransientUpstreamError as exc:
                consecutive_errors += 1
                log.warning("resolve %r: %s", group.title, exc)
                res = _error(group, str(exc))
                if consecutive_errors >= MAX_CONSECUTIVE_ERRORS:
                    summary.stopped_early = (
                        f"{consecutive_errors} transient failures in a row ({exc})"
                    )
            except UpstreamError as exc:
                if exc.status in (401, 403):
                    raise  # a bad API key fails every request: stop and say so
                # The upstream refused this one query (e.g. a title arXiv cannot parse).
                res = Resolution(
                    group.group_id,
                    group.title,
                    "unresolved",
                    None,
                    None,
                    f"upstream refused the query: {exc}",
                )
        if res.status == "error" and summary.first_error is None:
            summary.first_error = res.reason
        if res.status == "error" and kept is not None:
            # An outage must not undo what an earlier run established: keep it, say so.
            log.warning("resolve %r: upstream error, keeping the previous resolution", group.title)
            summary.fallbacks += 1
            res = kept
        results.append(res)
        summary.by_status[res.status] += 1
        if res.method:
            summary.by_method[res.method] += 1
        log.debug("resolve %s %r -> %s (%s)", group.group_id, group.title, res.status, res.reason)
    return results


def linked_records(
    groups: list[Group], s2: S2Like, summary: ResolveSummary, progress_bar: bool = False
) -> dict[str, S2Paper]:
    """S2's records for the papers the groups link, by :attr:`Group.link_id` (``ARXIV:<id>``
    or ``DOI:<doi>``), in batch calls (500 ids a call where a title match is one call a
    title).

    The ids are sorted, so an unchanged list asks with the same bodies and a rerun is answered
    from the cache. If S2 fails (an outage, ``--offline`` without these answers), the groups
    are looked up by title as if they had no link; a refused API key or an unreachable host
    stops the stage.
    """
    from enrich.sources.s2 import MATCH_FIELDS

    ids = sorted({g.link_id for g in groups if g.link_id})
    if not ids:
        return {}
    try:
        with bars.progress_bar(len(ids), "resolve links", "paper", progress_bar) as shown:
            found = s2.get_batch(ids, done=shown.update, fields=MATCH_FIELDS)
    except UpstreamError as exc:
        if exc.status in (401, 403) or isinstance(exc, UpstreamUnreachable):
            raise
        log.warning("resolve: S2's records for the lists' links: %s; titles instead", exc)
        summary.first_error = summary.first_error or str(exc)
        return {}
    return {i: rec for i, rec in zip(ids, found, strict=True) if rec is not None}


def _summary_dict(summary: ResolveSummary) -> dict[str, Any]:
    d = asdict(summary)
    d["by_status"] = dict(summary.by_status)
    d["by_method"] = dict(summary.by_method)
    return d
