"""Strategy ``s2_match``: S2's ``/paper/search/match``, one title a request, a few in flight
(:mod:`.in_flight`)."""

from __future__ import annotations

from concurrent.futures import Future
from functools import partial

from enrich.records import Resolution, S2Paper
from enrich.stages.progress import progress
from enrich.stages.resolve.groups import Group
from enrich.stages.resolve.in_flight import in_flight
from enrich.stages.resolve.state import Attempts, s2_verdict

METHOD = "s2_match"


def resolve(groups: list[Group], attempts: Attempts) -> None:
    """S2's single best title match for each open group, verified; a rejected candidate is
    kept (arXiv may find the paper, and S2's record of it under another title)."""
    flights = in_flight(
        groups,
        lambda g: attempts.s2.match_title(g.title),
        window=attempts.in_flight,
        healthy=lambda: attempts.consecutive_errors == 0,
        stopped=lambda: attempts.stopped_early is not None,
    )
    for group, answer in progress(
        flights, total=len(groups), desc="resolve", enabled=attempts.progress_bar
    ):
        attempts.one_by_one(group, partial(_answered, group, answer, attempts))


def _answered(group: Group, answer: Future[S2Paper | None] | None, attempts: Attempts):
    if answer is None:  # not asked: the stage stopped asking (one_by_one says so first)
        return None
    return _judge(group, answer.result(), attempts)


def _match(group: Group, attempts: Attempts) -> Resolution | None:
    return _judge(group, attempts.s2.match_title(group.title), attempts)


def _judge(group: Group, candidate: S2Paper | None, attempts: Attempts) -> Resolution | None:
    if candidate is None:
        attempts.reject(group, "S2 has no title match")
        return None
    found = s2_verdict(group, candidate, METHOD)
    if isinstance(found, Resolution):
        return found
    attempts.s2_candidate[group.group_id] = candidate
    attempts.reject(group, f"S2 match rejected: {found}")
    return None
