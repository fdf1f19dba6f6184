"""Strategy ``s2_match``: S2's ``/paper/search/match``, one title a request."""

from __future__ import annotations

from functools import partial

from enrich.records import Resolution
from enrich.stages.progress import progress
from enrich.stages.resolve.groups import Group
from enrich.stages.resolve.state import Attempts, s2_verdict

METHOD = "s2_match"


def resolve(groups: list[Group], attempts: Attempts) -> None:
    """S2's single best title match for each open group, verified; a rejected candidate is
    kept (arXiv may find the paper, and S2's record of it under another title)."""
    for group in progress(groups, total=len(groups), desc="resolve", enabled=attempts.progress_bar):
        attempts.one_by_one(group, partial(_match, group, attempts))


def _match(group: Group, attempts: Attempts) -> Resolution | None:
    candidate = attempts.s2.match_title(group.title)
    if candidate is None:
        attempts.reject(group, "S2 has no title match")
        return None
    found = s2_verdict(group, candidate, METHOD)
    if isinstance(found, Resolution):
        return found
    attempts.s2_candidate[group.group_id] = candidate
    attempts.reject(group, f"S2 match rejected: {found}")
    return None
