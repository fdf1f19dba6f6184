"""What the strategies of one resolve run share: the clients, the groups still open, what each
strategy found or rejected, and the stage's error budget."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from enrich.errors import (
    OfflineCacheMiss,
    TransientUpstreamError,
    UpstreamError,
    UpstreamUnreachable,
)
from enrich.match import verify
from enrich.records import ArxivEntry, Resolution, S2Paper
from enrich.stages.resolve.groups import Group

log = logging.getLogger(__name__)

MAX_CONSECUTIVE_ERRORS = 3
"""Give up on the upstream after this many groups in a row failed transiently."""


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


@dataclass
class Attempts:
    """The groups being resolved and what the strategies learnt about them so far.

    A strategy *closes* a group with a resolution (resolved, error, or refused) or leaves it
    open with the reason its candidate was rejected; the next strategy takes the open ones.
    """

    s2: S2Like
    arxiv: ArxivLike
    progress_bar: bool = False
    in_flight: int = 1  #: S2 title matches asked ahead of the answer (see :mod:`.in_flight`)
    closed: dict[str, Resolution] = field(default_factory=dict)
    reasons: dict[str, list[str]] = field(default_factory=dict)
    #: S2's /match candidate per group, rejected: arXiv may find that paper under another title
    s2_candidate: dict[str, S2Paper] = field(default_factory=dict)
    #: groups a complete arXiv answer covered: the single search would ask for nothing new
    arxiv_asked: set[str] = field(default_factory=set)
    #: the arXiv entries title searches returned, by id (fetch takes the accepted ones)
    entries: dict[str, ArxivEntry] = field(default_factory=dict)
    #: groups a refresh keeps (resolved by an earlier run), with their resolution: a batching
    #: strategy plans its batches over them too, so that it asks the batches it asked then
    kept: dict[Group, Resolution] = field(default_factory=dict)
    #: the kept groups each batching strategy plans with, by method (set by the chain)
    planned_with: dict[str, list[Group]] = field(default_factory=dict)
    first_error: str | None = None
    stopped_early: str | None = None
    consecutive_errors: int = 0
    #: the steps run on threads of their own (:mod:`.stream`): the error budget is shared
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    #: each host's lane, held over each request to it: the steps that ask one host take
    #: turns (one connection at a time, by arXiv's terms; for S2 too while its answers come
    #: back within the interval: see :mod:`.title_match`)
    lanes: dict[str, threading.Lock] = field(
        default_factory=lambda: {"s2": threading.Lock(), "arxiv": threading.Lock()}, repr=False
    )

    def open(self, groups: Iterable[Group]) -> list[Group]:
        return [g for g in groups if g.group_id not in self.closed]

    def close(self, res: Resolution) -> None:
        self.closed[res.group_id] = res

    def reject(self, group: Group, reason: str) -> None:
        self.reasons.setdefault(group.group_id, []).append(reason)

    def note_error(self, message: str) -> None:
        self.first_error = self.first_error or message

    def searched(self, entries: Iterable[ArxivEntry]) -> list[ArxivEntry]:
        found = list(entries)
        for entry in found:
            self.entries.setdefault(entry.arxiv_id, entry)
        return found

    def one_by_one(self, group: Group, ask: Callable[[], Resolution | None]) -> None:
        """Run one group's per-title lookup, turning upstream failures into its resolution:
        transient ones close it as ``error`` (a rerun retries; after
        :data:`MAX_CONSECUTIVE_ERRORS` in a row the stage stops asking), a refused query as
        ``unresolved``, a refused API key stops the stage."""
        if self.stopped_early:
            self.close(error(group, f"not attempted: {self.stopped_early}"))
            return
        try:
            res = ask()
            with self._lock:
                self.consecutive_errors = 0
        except OfflineCacheMiss as exc:
            res = error(group, str(exc))
        except UpstreamUnreachable:
            raise  # every other title would fail the same way: the stage stops, writing nothing
        except TransientUpstreamError as exc:
            log.warning("resolve %r: %s", group.title, exc)
            res = error(group, str(exc))
            with self._lock:
                self.consecutive_errors += 1
                if self.consecutive_errors >= MAX_CONSECUTIVE_ERRORS:
                    self.stopped_early = (
                        f"{self.consecutive_errors} transient failures in a row ({exc})"
                    )
        except UpstreamError as exc:
            if stops_the_stage(exc):
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
        if res is not None:
            self.close(res)

    def unresolved(self, group: Group) -> Resolution:
        """The resolution of a group no strategy closed, with every rejection's reason."""
        reasons = list(self.reasons.get(group.group_id, []))
        if not any(r.startswith("arXiv") for r in reasons):
            reasons.append("arXiv has no title match")
        candidate = self.s2_candidate.get(group.group_id)
        return Resolution(
            group.group_id,
            group.title,
            "unresolved",
            None,
            None,
            "; ".join(reasons),
            None,
            None,
            candidate.title if candidate else None,
        )


def s2_verdict(
    group: Group, candidate: S2Paper, method: str, *, arxiv_id: str | None = None, note: str = ""
) -> Resolution | str:
    """``group`` resolved to S2's ``candidate`` by ``method``, or why the candidate is not it.
    ``arxiv_id``: the paper's arXiv id when S2's record does not give one; ``note`` goes before
    the verdict's reason."""
    verdict = verify(group.evidence, candidate.title, candidate.year, candidate.venue)
    if not verdict.accepted:
        return verdict.reason
    return Resolution(
        group.group_id,
        group.title,
        "resolved",
        method,
        verdict.confidence,
        note + verdict.reason,
        candidate.paper_id,
        candidate.arxiv_id or arxiv_id,
        candidate.title,
    )


def arxiv_resolution(
    group: Group, entry: ArxivEntry, verdict: Any, method: str, s2_candidate: S2Paper | None
) -> Resolution:
    """``group`` resolved to an arXiv entry; S2's rejected /match candidate may be this paper
    under another title (then its id is kept)."""
    s2_id = (
        s2_candidate.paper_id
        if s2_candidate and s2_candidate.arxiv_id == entry.arxiv_id
        else None
    )
    return Resolution(
        group.group_id,
        group.title,
        "resolved",
        method,
        verdict.confidence,
        verdict.reason,
        s2_id,
        entry.arxiv_id,
        entry.title,
    )


def error(group: Group, reason: str) -> Resolution:
    return Resolution(group.group_id, group.title, "error", None, None, reason)


def stops_the_stage(exc: UpstreamError) -> bool:
    """Whether an upstream error fails every later request too, so the stage must stop rather
    than fall back: a refused API key (401/403) or a host that cannot be reached at all."""
    return exc.status in (401, 403) or isinstance(exc, UpstreamUnreachable)
