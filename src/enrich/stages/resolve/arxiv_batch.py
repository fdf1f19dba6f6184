"""Strategy ``arxiv_batch``: several titles in one arXiv query (``ti:"a" OR ti:"b" ...``).

arXiv allows one request every three seconds, so the titles S2's bulk search did not place go
to it :data:`BATCH_TITLES` at a time. A phrase behaves like an AND of its stemmed words in any
order, so each hit is verified against the titles whose words it holds. Batches are stable
(:mod:`.batches`), planned with the groups a refresh keeps that were resolved here. A group the
answer covered completely (arXiv had no more hits than it sent) is not asked again alone; the
others (a cut-off answer, a failed or refused query) go on to
:mod:`~enrich.stages.resolve.arxiv_single`.
"""

from __future__ import annotations

import logging
from functools import partial

from enrich.errors import UpstreamError
from enrich.normalize import title_key
from enrich.records import ArxivEntry
from enrich.stages.resolve.arxiv_single import best_entry
from enrich.stages.resolve.batches import plan
from enrich.stages.resolve.groups import Group
from enrich.stages.resolve.state import Attempts, arxiv_resolution, stops_the_stage

log = logging.getLogger(__name__)

METHOD = "arxiv_batch"

BATCH_TITLES = 20
"""Titles per query at most: twenty phrases keep the GET near 2 KB, well under the URL limits
(arXiv answers 414). Batches are the leaves of the stable trie (:mod:`.batches`), so 10-20
titles each."""

RESULTS_PER_TITLE = 5
"""``max_results`` per title in the batch, as the single search asks (default would be 10)."""


def resolve(groups: list[Group], attempts: Attempts) -> None:
    search = getattr(attempts.arxiv, "search_titles", None)
    wanted = {g.group_id for g in groups}
    universe = [*groups, *(g for g in attempts.planned_with if g.group_id not in wanted)]
    if search is None or len(universe) < 2:
        return  # one title: the single search is the same one request
    for leaf in plan(universe, lambda b: len(b.groups) <= BATCH_TITLES):
        batch = list(leaf.groups)
        if not any(g.group_id in wanted for g in batch):
            continue
        try:
            feed = search([g.title for g in batch], RESULTS_PER_TITLE * len(batch))
        except UpstreamError as exc:
            if stops_the_stage(exc):
                raise
            log.warning("resolve: arXiv batch of %d titles: %s; one by one", len(batch), exc)
            continue
        entries = attempts.searched(feed.entries)
        complete = feed.total_results is not None and feed.total_results <= len(entries)
        for group in batch:
            if group.group_id not in wanted:
                continue
            best = best_entry(group, entries, attempts, partial(_holds_words, group=group))
            if best is not None:
                entry, verdict = best
                attempts.close(
                    arxiv_resolution(
                        group, entry, verdict, METHOD, attempts.s2_candidate.get(group.group_id)
                    )
                )
            elif complete:
                attempts.arxiv_asked.add(group.group_id)


def _words(text: str) -> set[str]:
    return {w[:-1] if len(w) > 3 and w.endswith("s") else w for w in title_key(text).split()}


def _holds_words(entry: ArxivEntry, group: Group) -> bool:
    """Whether arXiv matched ``entry`` for this group's phrase (all its words, any order)."""
    return _words(group.title) <= _words(entry.title)
