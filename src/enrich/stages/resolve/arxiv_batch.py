"""Strategy ``arxiv_batch``: several titles in one arXiv query (``ti:"a" OR ti:"b" ...``).

arXiv allows one request every three seconds, so the titles S2's bulk search did not place go
to it :data:`BATCH_TITLES` at a time, in one form POST each. A phrase behaves like an AND of
its stemmed words in any order, so each hit is verified against the titles whose words it
holds. Batches are stable (:mod:`.batches`), planned with the groups a refresh keeps that were
resolved here. A group the answer covered completely (arXiv had no more hits than it sent) is
not asked again alone. A batch arXiv refuses as too large (400, 413, 414, or a server error
that retries did not mend) or whose answer was cut off (a title with many hits) is asked again
in halves while its titles still open are more than a descent to one title would cost; the
rest go on to :mod:`~enrich.stages.resolve.arxiv_single`, as do those of a query that failed
otherwise (rate limited, offline). A hundred single searches would take five minutes at
arXiv's pace.
"""

from __future__ import annotations

import heapq
import logging
from functools import partial
from typing import Any

from enrich.errors import OfflineCacheMiss, TransientUpstreamError, UpstreamError
from enrich.http import may_succeed_smaller
from enrich.normalize import title_key
from enrich.records import ArxivEntry
from enrich.stages.resolve.arxiv_single import best_entry
from enrich.stages.resolve.batches import Batch, hash_of, ready
from enrich.stages.resolve.groups import Group
from enrich.stages.resolve.state import Attempts, arxiv_resolution, stops_the_stage
from enrich.stages.resolve.stream import Done, Inbox

log = logging.getLogger(__name__)

METHOD = "arxiv_batch"

BATCH_TITLES = 100
"""Titles per query at most. The query travels in a POST body, which no URL limit bounds, and
``max_results`` (:data:`RESULTS_PER_TITLE` a title) stays within arXiv's 2,000 a page. Batches
are the leaves of the stable trie (:mod:`.batches`), so 50-100 titles each. A query arXiv's
engine refuses as too large is halved (:func:`_ask`)."""

REFUSED_AS_TOO_LARGE = (400, 413, 414)
"""Statuses that a smaller query may pass: arXiv's 400 for a query its engine cannot take (a
boolean query of too many clauses), 413/414 from an edge that limits a body or URL."""

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
                    _ask(leaf, wanted, search, attempts, done)
        if not coming:
            return


def _ask(batch: Batch, wanted: dict[str, Group], search: Any, attempts: Attempts,
         done: Done) -> None:
    """One batch's query; each wanted group in it is closed by a verified hit, or marked as
    covered when the answer was complete, and goes on. A batch refused as too large, or whose
    answer was cut off, is asked in halves for the groups still open (:func:`_in_halves`)."""
    mine = [g for g in batch.groups if g.group_id in wanted and g.group_id not in attempts.closed]
    if not mine:
        return
    titles = [g.title for g in batch.groups]
    try:
        with attempts.lanes["arxiv"]:
            feed = search(titles, RESULTS_PER_TITLE * len(titles))
    except UpstreamError as exc:
        if stops_the_stage(exc):
            raise
        if _halving_pays(len(mine), len(titles)) and _smaller_may_pass(exc):
            log.warning("resolve: arXiv refused a batch of %d titles (%s); asking it in halves",
                        len(titles), exc)
            _in_halves(batch, wanted, search, attempts, done)
            return
        log.warning("resolve: arXiv batch of %d titles: %s; one by one", len(titles), exc)
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
    still_open = [g for g in mine if g.group_id not in attempts.closed]
    if not complete and _halving_pays(len(still_open), len(titles)):
        # a title with many hits crowded the others out: halves isolate it in a few requests
        # where the single search would ask every title still open, one each
        log.info("resolve: arXiv had %s hits for a batch of %d titles, more than it sent; "
                 "asking it in halves", feed.total_results, len(titles))
        for group in mine:
            if group.group_id in attempts.closed:
                done(group)
        _in_halves(batch, wanted, search, attempts, done)
        return
    for group in mine:
        done(group)


def _in_halves(batch: Batch, wanted: dict[str, Group], search: Any, attempts: Attempts,
               done: Done) -> None:
    """Ask each half of ``batch`` (:func:`_halves`) that holds two titles still open or more;
    one open title goes to the single search (one request either way, and the single search's
    answer is never crowded out by other titles' hits)."""
    for half in _halves(batch):
        still_open = [
            g for g in half.groups if g.group_id in wanted and g.group_id not in attempts.closed
        ]
        if len(still_open) > 1:
            _ask(half, wanted, search, attempts, done)
        else:
            for group in still_open:
                done(group)


def _halving_pays(still_open: int, titles: int) -> bool:
    """Whether asking a batch of ``titles`` again in halves costs fewer requests than the single
    search for its ``still_open`` titles: a descent to one title is about ``log2(titles)``
    levels."""
    return titles > 1 and still_open > titles.bit_length()


def _halves(batch: Batch) -> tuple[Batch, Batch]:
    """The batch's first and second half by count, in hash order: the same halves on every run
    (a rerun finds them cached), and never a lopsided one as the trie's next bit can give."""
    half = len(batch.groups) // 2
    return Batch(batch.groups[:half], batch.depth), Batch(batch.groups[half:], batch.depth)


def _smaller_may_pass(exc: UpstreamError) -> bool:
    """Whether asking fewer titles might succeed where this batch failed: a query refused as
    too large, or a server that failed or timed out on it; not a rate limit, an unusable
    answer, a host out of reach or an offline cache miss."""
    if isinstance(exc, OfflineCacheMiss):
        return False
    if isinstance(exc, TransientUpstreamError):
        return may_succeed_smaller(exc)
    return exc.status in REFUSED_AS_TOO_LARGE


def _words(text: str) -> set[str]:
    return {w[:-1] if len(w) > 3 and w.endswith("s") else w for w in title_key(text).split()}


def _holds_words(entry: ArxivEntry, group: Group) -> bool:
    """Whether arXiv matched ``entry`` for this group's phrase (all its words, any order)."""
    return _words(group.title) <= _words(entry.title)
