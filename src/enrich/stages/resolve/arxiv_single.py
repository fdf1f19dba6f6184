"""Strategy ``arxiv_search``: arXiv title search, one title a request (``ti:"..."``).

Only for the groups no complete :mod:`~enrich.stages.resolve.arxiv_batch` answer covered."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from enrich.match import verify
from enrich.records import ArxivEntry, Resolution
from enrich.stages.resolve.groups import Group
from enrich.stages.resolve.state import Attempts, arxiv_resolution
from enrich.stages.resolve.stream import Done, Inbox

METHOD = "arxiv_search"

MAX_REJECTIONS = 3
"""Reasons kept per group: S2's and up to two arXiv rejections."""


def resolve(groups: list[Group], attempts: Attempts) -> None:
    step(Inbox(groups), attempts, lambda group: None)


def step(inbox: Inbox, attempts: Attempts, done: Done) -> None:
    for group in inbox:
        if group.group_id not in attempts.arxiv_asked:
            attempts.one_by_one(group, partial(search_one, group, attempts))
        done(group)


def search_one(group: Group, attempts: Attempts) -> Resolution | None:
    with attempts.lanes["arxiv"]:
        entries = attempts.searched(attempts.arxiv.search_title(group.title))
    best = best_entry(group, entries, attempts)
    if best is None:
        return None
    entry, verdict = best
    return arxiv_resolution(
        group, entry, verdict, METHOD, attempts.s2_candidate.get(group.group_id)
    )


def best_entry(
    group: Group,
    entries: list[ArxivEntry],
    attempts: Attempts,
    noted: Callable[[ArxivEntry], bool] | None = None,
) -> tuple[ArxivEntry, Any] | None:
    """The accepted entry with the highest confidence; rejections are noted (a few, and only
    of the entries ``noted`` says were found for this group)."""
    best: tuple[ArxivEntry, Any] | None = None
    for entry in entries:
        verdict = verify(group.evidence, entry.title, entry.year, None, preprint=True)
        if verdict.accepted and (best is None or verdict.confidence > best[1].confidence):
            best = (entry, verdict)
        elif (
            not verdict.accepted
            and (noted is None or noted(entry))
            and _title_reasons(attempts, group) < MAX_REJECTIONS
        ):
            attempts.reject(group, f"arXiv {entry.arxiv_id} rejected: {verdict.reason}")
    return best


def _title_reasons(attempts: Attempts, group: Group) -> int:
    """Reasons from title lookups so far (a linked record's rejection is not one of them)."""
    return sum(not r.startswith("S2's record") for r in attempts.reasons.get(group.group_id, []))
