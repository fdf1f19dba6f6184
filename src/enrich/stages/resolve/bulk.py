"""Strategy ``s2_bulk``: many titles per request through S2's ``/paper/search/bulk``.

The rate limit counts requests, not titles. A bulk query of quoted titles joined by ``|`` finds
dozens of a list's papers at once (up to 1,000 records a page, matched over titles *and*
abstracts, with no score): each returned record is matched back to the batch's titles by its
title key (or a near-identical one) and verified like any candidate. What is not found here, or
not accepted, goes on to the title match.

* **Which titles.** Short or generic titles (fewer than :data:`MIN_WORDS` words) match thousands
  of abstracts: they go to ``/paper/search/match``.
* **Stable batches.** Titles are placed in a binary trie on the SHA-1 of their title key, and a
  node is split (by the next bit) only while its query URL is over the budget. A batch's
  composition depends only on the titles that share its hash prefix, so adding a title to a list
  changes one batch and a warm rerun asks for that batch alone.
* **Size.** Batches are sized by encoded URL length (:data:`URL_BUDGET`, under the 8,192
  characters of S2's edge). A batch refused with 400, 413 or 414 is halved, and the budget
  becomes half the URL that failed for the rest of the run.
* **Floods.** A batch whose ``total`` needs more than :data:`MAX_PAGES` pages is split (one
  title quoted in many abstracts ends alone, and then goes to the title match); otherwise its
  pages are read with ``token`` until the token is null.
* **Several records with one title** (a preprint and its venue version, unmerged duplicates):
  the one with the list's year, then its venue, then a DOI, then any venue, then the most
  citations; the reason says how many there were.
* **Only records of another year.** A record accepted only because its exact, distinctive title
  outweighs the lists' contradicting year is not taken here: the search index misses some
  records, and the one with the lists' year may be another paper of the same title that arXiv or
  the title match finds. The title match may still accept it.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from typing import Any
from urllib.parse import urlencode

from rapidfuzz import fuzz, process

from enrich.defaults import DEFAULT_S2_URL
from enrich.errors import TransientUpstreamError, UpstreamError
from enrich.http import may_succeed_smaller
from enrich.match import MAX_YEAR_GAP, STRONG, title_key, venue_agrees, verify
from enrich.records import Resolution, S2Paper
from enrich.sources.s2 import BULK_FIELDS, BULK_PAGE_ROWS, bulk_phrase, bulk_query
from enrich.stages.resolve.batches import Batch, plan, split
from enrich.stages.resolve.groups import Group
from enrich.stages.resolve.state import Attempts, stops_the_stage
from enrich.stages.resolve.stream import Done, Inbox

log = logging.getLogger(__name__)

METHOD = "s2_bulk"

URL_BUDGET = 7900
"""Encoded URL characters a batch's first request may take: S2's edge (API Gateway behind
CloudFront) refuses URLs past 8,192, and a next-page ``&token=`` adds about 135 (S2's tokens
are 125-131 characters): this leaves room for a token twice that long. Each character kept
here is a title fewer asked elsewhere: bulk batches are most of a big list's S2 requests
besides the title matches."""

MIN_URL_BUDGET = 300
"""The budget never shrinks below this (one long title): past it the title goes to /match."""

MIN_WORDS = 4
"""Titles of fewer words ("Security", "Orca", "Pathways") flood a bulk answer with abstract
matches: they go to the title match."""

MAX_PAGES = 2
"""A batch whose ``total`` needs more pages than this is split instead: two halves cost two
requests, which beats three or more pages."""

NEAR = STRONG * 100
"""A returned title this similar (rapidfuzz ratio of title keys) to a batch title is checked
too, when no record carries the title's exact key."""

_SPLIT = object()


def suitable(group: Group) -> bool:
    """Whether a title is distinctive enough for a bulk batch (see :data:`MIN_WORDS`)."""
    return len(group.title_key.split()) >= MIN_WORDS and bool(bulk_phrase(group.title))


def phrases(batch: Batch) -> list[str]:
    return list(dict.fromkeys(bulk_phrase(g.title) for g in batch.groups))


class BulkResolver:
    """One run's bulk step: plans the batches, asks, halves, pages, matches records back."""

    def __init__(self, attempts: Attempts):
        self.attempts = attempts
        self.s2: Any = attempts.s2
        self.base = (getattr(self.s2, "base_url", None) or DEFAULT_S2_URL).rstrip("/")
        self.budget = URL_BUDGET

    def url_length(self, batch: Batch) -> int:
        params = urlencode({"query": bulk_query(phrases(batch)), "fields": BULK_FIELDS})
        return len(f"{self.base}/paper/search/bulk?{params}")

    def fits(self, batch: Batch) -> bool:
        return self.url_length(batch) <= self.budget

    def run(self, groups: list[Group], decided: Done = lambda group: None) -> None:
        """Ask every batch that holds one of ``groups``; the batches are planned with the
        kept groups too (:attr:`Attempts.planned_with`), for the cache's sake. ``decided``
        is called for each of ``groups`` once bulk is done with it, batch after batch."""
        wanted = {g.group_id for g in groups}
        kept = self.attempts.planned_with.get(METHOD, [])
        universe = [*groups, *(g for g in kept if g.group_id not in wanted)]
        queue = plan([g for g in universe if suitable(g)], self.fits)
        while queue:
            batch = queue.pop(0)
            if not any(g.group_id in wanted for g in batch.groups):
                continue
            if len(batch.groups) > 1 and not self.fits(batch):  # the budget shrank
                queue[:0] = split(batch)
                continue
            if len(batch.groups) == 1 and self.url_length(batch) > max(self.budget, URL_BUDGET):
                records = None  # one title longer than any URL we send: /match takes it
            else:
                records = self.ask(batch)
            if records is _SPLIT:
                queue[:0] = split(batch)
                continue
            if records is not None:
                self.assign(batch, records, wanted)
            for group in batch.groups:
                if group.group_id in wanted:
                    decided(group)

    def ask(self, batch: Batch) -> Any:
        """The records a batch's query returns, :data:`_SPLIT` when it must be asked in
        halves, ``None`` when bulk cannot answer it (its titles stay open)."""
        query = bulk_query(phrases(batch))
        n = len(batch.groups)
        try:
            with self.attempts.lanes["s2"]:
                page = self.s2.search_bulk(query)
            records = list(page.papers)
            if page.token:
                if math.ceil(page.total / BULK_PAGE_ROWS) > MAX_PAGES:
                    log.debug("bulk: %d titles match %d papers; splitting", n, page.total)
                    return _SPLIT if n > 1 else None
                token = page.token
                while token:
                    with self.attempts.lanes["s2"]:
                        page = self.s2.search_bulk(query, token=token)
                    records.extend(page.papers)
                    token = page.token
            return records
        except TransientUpstreamError as exc:
            if stops_the_stage(exc):
                raise
            if n > 1 and may_succeed_smaller(exc):
                log.warning("bulk: a batch of %d titles failed (%s); in halves", n, exc.reason)
                return _SPLIT
            self._failed(n, exc)
        except UpstreamError as exc:
            if stops_the_stage(exc):
                raise
            if exc.status in (400, 413, 414) and n > 1:
                self.budget = max(MIN_URL_BUDGET, self.url_length(batch) // 2)
                log.warning(
                    "bulk: S2 refused a batch of %d titles (HTTP %s); batches of at most %d "
                    "URL characters from now on",
                    n,
                    exc.status,
                    self.budget,
                )
                return _SPLIT
            self._failed(n, exc)
        return None

    def _failed(self, n: int, exc: UpstreamError) -> None:
        log.warning("bulk: a batch of %d titles: %s; they go to the title match", n, exc)

    def assign(self, batch: Batch, records: list[S2Paper], wanted: set[str]) -> None:
        """Match the records back to the batch's titles and close the ``wanted`` groups they
        verify."""
        candidates = candidates_by_group(batch.groups, records)
        for group in batch.groups:
            if group.group_id not in wanted:
                continue
            found = choose(group, candidates.get(group.group_id, []))
            if isinstance(found, Resolution):
                self.attempts.close(found)
            elif found:
                log.debug("bulk: %r: %s", group.title, found)


def candidates_by_group(groups: tuple[Group, ...], records: list[S2Paper]) -> dict[str, list]:
    """Each group's records: those carrying one of its title keys, else near-identical ones."""
    by_key: dict[str, list[Group]] = defaultdict(list)
    for group in groups:
        for key in dict.fromkeys(group.title_keys or (group.title_key,)):
            by_key[key].append(group)
    keys = [title_key(r.title) if r.title else "" for r in records]
    out: dict[str, list[S2Paper]] = defaultdict(list)
    for record, key in zip(records, keys, strict=True):
        for group in by_key.get(key, ()):
            out[group.group_id].append(record)
    for group in groups:
        if group.group_id in out:
            continue
        near = process.extract(
            group.title_key, keys, scorer=fuzz.ratio, score_cutoff=NEAR, limit=5
        )
        out[group.group_id] = [records[i] for _, _, i in near]
    return out


def choose(group: Group, records: list[S2Paper]) -> Resolution | str:
    """The verified record for ``group`` among ``records`` (see the module docstring), or
    why none is accepted (empty: there was none)."""
    verdicts = [(r, verify(group.evidence, r.title, r.year, r.venue)) for r in records]
    accepted = [(r, v) for r, v in verdicts if v.accepted]
    if not accepted:
        return "; ".join(f"{r.paper_id}: {v.reason}" for r, v in verdicts[:2])
    years = group.evidence.all_years
    if all(year_contradicts(years, r.year) for r, _ in accepted):
        return (
            f"{len(accepted)} S2 record(s) with this title, none of the lists' year: left to "
            "arXiv and the title match (bulk search misses some records)"
        )

    def rank(item: tuple[S2Paper, Any]) -> tuple:
        r, v = item
        return (
            bool(years) and r.year in years,
            venue_agrees(group.venue, r.venue) is True,
            r.doi is not None,
            r.venue is not None,
            r.citation_count or 0,
            v.confidence,
            r.paper_id,
        )

    record, verdict = max(accepted, key=rank)
    note = ""
    if len(accepted) > 1:
        note = (
            f"{len(accepted)} S2 records carry this title; chosen by the list's year and "
            "venue, then DOI and venue, then citations; "
        )
    return Resolution(
        group.group_id,
        group.title,
        "resolved",
        METHOD,
        verdict.confidence,
        note + verdict.reason,
        record.paper_id,
        record.arxiv_id,
        record.title,
    )


def year_contradicts(years: tuple[int, ...], year: int | None) -> bool:
    """Whether ``year`` is more than :data:`MAX_YEAR_GAP` from every year the lists give."""
    return bool(years) and year is not None and min(abs(y - year) for y in years) > MAX_YEAR_GAP


def resolve(groups: list[Group], attempts: Attempts) -> None:
    step(Inbox(groups), attempts, lambda group: None)


def step(inbox: Inbox, attempts: Attempts, done: Done) -> None:
    """The batches over every group left open by the links (planned over the whole set);
    each group goes on once its batch is answered, and the short ones at once. The batches
    are asked in hash order, so the arXiv batches' hash ranges become certain in turn."""
    groups = inbox.everything()
    if getattr(attempts.s2, "search_bulk", None) is None:
        return  # a client without the endpoint (a stand-in): the title match does it all
    for group in groups:
        if not suitable(group):
            done(group)
    BulkResolver(attempts).run(groups, done)
