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

import heapq
import logging
from functools import partial
from typing import Any

from enrich.errors import UpstreamError
from enrich.normalize import title_key
from enrich.records import ArxivEntry
from enrich.stages.resolve.arxiv_single import best_entry
from enrich.stages.resolve.batches import hash_of, ready
from enrich.stages.resolve.groups import Group
from enrich.stages.resolve.state import Attempts, arxiv_resolution, stops_the_stage
from enrich.stages.resolve.stream import Done, Inbox

log = logging.getLogger(__name__)

METHOD = "arxiv_batch"

BATCH_TITLES = 20
"""Titles per query at most: twenty phrases keep the GET near 2 KB, well under the URL limits
(arXiv answers 414). Batches are the leaves of the stable trie (:mod:`.batches`), so 10-20
titles each."""

RESULTS_PER_TITLE = 5
"""``max_results`` per title in the batch, as the single search asks (default would be 10)."""


def resolve(groups: list[Group], attempts: Attempts) -> None:
    step(Inbox(groups), attempts, lambda group: None)


def step(inbox: Inbox, attempts: Attempts, done: Done) -> None:
    """Each batch as soon as its hash range is certain (the bulk step, asking its batches in
    hash order, is done with every group of a smaller hash: :func:`.batches.ready`), so arXiv
    works while S2 does; the batches are those of a plan over the whole set."""
    search = getattr(attempts.arxiv, "search_titles", None)
    kept = attempts.planned_with.get(METHOD, [])
    wanted: dict[str, Group] = {}
    asked: set[tuple[str, ...]] = set()
    heap = [(hash_of(g), g.group_id) for g in inbox.coming()]  # the smallest still coming
    heapq.heapify(heap)
    gone: set[str] = set()
    cursor, last_edge = 0, -1
    while True:
        arrived, settled, cursor, coming = inbox.settle(cursor)
        wanted.update((g.group_id, g) for g in arrived)
        gone.update(g.group_id for g in settled)
        while heap and heap[0][1] in gone:
            heapq.heappop(heap)
        edge = heap[0][0] if heap and coming else None
        if edge is not None and edge == last_edge:
            continue  # nothing became certain
        last_edge = edge if edge is not None else -1
        universe = [*wanted.values(), *(g for g in kept if g.group_id not in wanted)]
        if search is None or len(universe) + coming < 2:
            for group in wanted.values():
                done(group)  # one title: the single search is the same one request
        elif len(universe) >= 2 or not coming:
            for leaf in ready(universe, edge, lambda b: len(b.groups) <= BATCH_TITLES):
                ids = tuple(g.group_id for g in leaf.groups)
                if ids not in asked:
                    asked.add(ids)
                    _ask(list(leaf.groups), wanted, search, attempts, done)
        if not coming:
            return


def _ask(batch: list[Group], wanted: dict[str, Group], search: Any, attempts: Attempts,
         done: Done) -> None:
    """One batch's query; each wanted group in it is closed by a verified hit, or marked as
    covered when the answer was complete, and goes on."""
    mine = [g for g in batch if g.group_id in wanted]
    if not mine:
        return
    try:
        with attempts.lanes["arxiv"]:
            feed = search([g.title for g in batch], RESULTS_PER_TITLE * len(batch))
    except UpstreamError as exc:
        if stops_the_stage(exc):
            raise
        log.warning("resolve: arXiv batch of %d titles: %s; one by one", len(batch), exc)
        for group in mine:
            done(group)
        return
    entries = attempts.searched(feed.entries)
    complete = feed.total_results is not None and feed.total_results <= len(entries)
    for group in mine:
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
        done(group)


def _words(text: str) -> set[str]:
    return {w[:-1] if len(w) > 3 and w.endswith("s") else w for w in title_key(text).split()}


def _holds_words(entry: ArxivEntry, group: Group) -> bool:
    """Whether arXiv matched ``entry`` for this group's phrase (all its words, any order)."""
    return _words(group.title) <= _words(entry.title)
