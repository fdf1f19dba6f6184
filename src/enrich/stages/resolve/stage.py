"""Stage 2, *resolve*: the stage job around the strategy chain (:mod:`.chain`).

Overrides pin a group (S2 id, arXiv id, or "not a paper") with no API call; a scheduled refresh
keeps the previous run's resolved groups; the chain resolves the rest. Transient upstream
failures mark a group ``error`` (a rerun retries them; answered requests come from the HTTP
cache), and an outage never undoes what an earlier run established. A host that cannot be
reached at all (:class:`~enrich.errors.UpstreamUnreachable`: no DNS answer, refused, no route)
stops the stage at the first title, writing nothing: every other title would fail the same
way.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import pyarrow as pa

from enrich.errors import SchemaError, StageFileError
from enrich.http.stats import http_counters, http_delta
from enrich.memory import frozen_gc
from enrich.overrides import Override, load_overrides, pins_by_group
from enrich.records import ArxivEntry, Resolution, S2Paper
from enrich.schema import ARXIV_STAGE, MENTIONS_STAGE, RESOLUTIONS_STAGE, from_records
from enrich.settings import Settings
from enrich.stages.files import read_stage, stage_path, write_stage, write_stats
from enrich.stages.resolve import arxiv_single, title_match
from enrich.stages.resolve.chain import run_chain
from enrich.stages.resolve.groups import Group, groups_from_table
from enrich.stages.resolve.in_flight import IN_FLIGHT
from enrich.stages.resolve.state import ArxivLike, Attempts, S2Like, s2_verdict

log = logging.getLogger(__name__)

FINAL_STATUSES = frozenset({"resolved", "not_a_paper"})
"""Statuses a refresh keeps without asking again."""


def resolve_group(
    group: Group, s2: S2Like, arxiv: ArxivLike, linked: S2Paper | None = None
) -> Resolution:
    """One group through the per-title path (linked record, title match, arXiv single search),
    errors raised as they come. ``linked``: S2's record for the arXiv id or DOI the lists link."""
    attempts = Attempts(s2, arxiv)
    if linked is not None:
        found = s2_verdict(group, linked, "list_link", arxiv_id=group.arxiv_id)
        if isinstance(found, Resolution):
            return found
        attempts.reject(group, f"S2's record of the linked {group.link_id} rejected: {found}")
    for strategy in (title_match.match_one, arxiv_single.search_one):
        res = strategy(group, attempts)
        if res is not None:
            return res
    return attempts.unresolved(group)


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
    overrides = pins_by_group(load_overrides(settings.raw_dir), (g.title_key for g in groups))
    previous: dict[str, Resolution] = read_earlier(settings, "resolutions", read_resolutions)
    session = getattr(s2, "session", None)  # the run's one session (stand-ins have none)
    before = http_counters(session)

    summary = ResolveSummary(groups=len(groups))
    attempts = Attempts(s2, arxiv, progress_bar=progress_bar, in_flight=IN_FLIGHT)
    # groups and the previous resolutions live through the loop: no collector pass walks them
    with frozen_gc():
        results = _resolve_groups(
            groups, overrides, previous, attempts, summary, only_new, settings.s2_bulk
        )

    # The accepted arXiv entries, this run's and those of resolutions kept from the last one:
    # fetch takes them from here instead of asking arXiv id_list for them again.
    entries_by_id = {**read_earlier(settings, "arxiv", read_arxiv_entries), **attempts.entries}
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
    attempts: Attempts,
    summary: ResolveSummary,
    only_new: bool,
    s2_bulk: bool,
) -> list[Resolution]:
    """Each group's resolution, in order; counts what happened in ``summary``."""

    def kept_of(group: Group) -> Resolution | None:
        prev = previous.get(group.group_id)
        return prev if prev is not None and prev.status in FINAL_STATUSES else None

    asking = [
        g
        for g in groups
        if g.title_key not in overrides and not (only_new and kept_of(g) is not None)
    ]
    if only_new:
        attempts.kept = {
            g: res for g in groups if g.title_key not in overrides and (res := kept_of(g))
        }
    found = run_chain(asking, attempts, s2_bulk=s2_bulk)
    summary.first_error = attempts.first_error
    summary.stopped_early = attempts.stopped_early
    results: list[Resolution] = []
    for group in groups:
        ov = overrides.get(group.title_key)
        kept = kept_of(group)
        if ov is not None:
            res = apply_override(group, ov)
        elif only_new and kept is not None:
            res = kept
            summary.reused += 1
        else:
            res = found[group.group_id]
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


def _summary_dict(summary: ResolveSummary) -> dict[str, Any]:
    d = asdict(summary)
    d["by_status"] = dict(summary.by_status)
    d["by_method"] = dict(summary.by_method)
    return d
