"""fetch's requests: S2's batches and arXiv's ``id_list`` at once, each host at its own pace.

arXiv is asked for what S2's record of a paper lacks (:func:`~enrich.merge.needs_arxiv`), which
is known only once S2 has answered; asked after S2's batches, arXiv idled while they went (and
S2 while arXiv's chunks went: 0.7 s and 1.6 s on 3,000 titles). So, while S2's batches go,
arXiv is asked in another thread for the ids the resolutions already give (less those resolve's
title searches returned whole); after S2, for any id its records add (rarely one). What arXiv
answered for a paper whose S2 record turned out to lack nothing is dropped, so the result is the
one asking after S2 gives. Those ids ride in the same chunks: on the generated 3,000-title list,
33 of 1,163 ids asked, and the same number of requests.

S2's batches go one at a time: two on the wire at once (one answer parsed while the next is
built) drew a 429 on 3,000 titles, the GIL held by a 500-record answer's parsing delaying one
request into the next one's slot. A failure on either host stops the other after its current
request (the ``done`` callbacks check a shared flag) and is raised as asking in turn would:
S2's first.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from enrich.chunks import stable_chunks
from enrich.merge import needs_arxiv
from enrich.records import ArxivEntry, Resolution, S2Paper
from enrich.settings import Settings
from enrich.stages.progress import progress_bar
from enrich.stages.resolve import read_arxiv_entries, read_earlier


class S2Batch(Protocol):
    def get_batch(
        self, ids: Sequence[str], *, refresh: bool = ..., done: Callable[[int], object] | None = ...
    ) -> list[S2Paper | None]: ...


class ArxivIds(Protocol):
    def get_by_ids(
        self, ids: Sequence[str], *, refresh: bool = ..., done: Callable[[int], object] | None = ...
    ) -> list[ArxivEntry]: ...


def s2_lookup_id(res: Resolution) -> str | None:
    """The id to ask S2's batch endpoint for: its paperId, else the arXiv id."""
    if res.s2_paper_id:
        return res.s2_paper_id
    if res.arxiv_id:
        return f"ARXIV:{res.arxiv_id}"
    return None


STABLE_BATCH = 500
"""S2's ``/paper/batch`` limit: ids are shared out over ``ceil(n / 500)`` batches."""


class _Stopped(Exception):
    """Raised in one host's thread after the other host failed: its error is the one shown."""


def fetch_records(
    settings: Settings,
    resolved: list[Resolution],
    s2: S2Batch,
    arxiv: ArxivIds,
    *,
    refresh: bool,
    progress: bool,
) -> tuple[dict[str, S2Paper | None], dict[str, ArxivEntry]]:
    """S2's record of each resolved paper (by its lookup id) and arXiv's entry of each paper
    whose S2 record lacks something arXiv has, both hosts asked at once."""
    # Entries resolve's title searches returned are complete (latest version): asking id_list
    # for them again would repeat a request. A refresh asks for all, to see new versions.
    searched = {} if refresh else read_earlier(settings, "arxiv", read_arxiv_entries)
    ahead = sorted({r.arxiv_id for r in resolved if r.arxiv_id} - searched.keys())
    lookups = sorted({lid for r in resolved if (lid := s2_lookup_id(r))})
    stop = threading.Event()
    with (
        progress_bar(len(lookups), "fetch S2", "paper", progress and bool(lookups)) as s2_bar,
        progress_bar(len(ahead), "fetch arXiv", "paper", progress and bool(ahead)) as ax_bar,
        ThreadPoolExecutor(1, thread_name_prefix="fetch-arxiv") as pool,
    ):
        asked = pool.submit(_ask, arxiv, ahead, refresh, _until(stop, ax_bar.update), stop)
        try:
            s2_by_lookup = fetch_s2(lookups, s2, refresh=refresh, done=_until(stop, s2_bar.update))
            entries = asked.result()
        except BaseException as exc:
            stop.set()
            failed = asked.exception()  # waits: arXiv's thread ends before an error is raised
            if isinstance(exc, _Stopped) and failed is not None:
                raise failed from None  # arXiv failed first: its error, as asked one by one
            raise
    want = arxiv_wanted(resolved, s2_by_lookup)
    ask = sorted(want - searched.keys())
    late = sorted(set(ask) - set(ahead))
    if late:  # ids S2's records added: asked now
        with progress_bar(len(late), "fetch arXiv", "paper", progress) as bar:
            entries += arxiv.get_by_ids(late, refresh=refresh, done=bar.update)
    return s2_by_lookup, {**{i: searched[i] for i in want if i in searched}, **_only(entries, ask)}


def _ask(
    arxiv: ArxivIds,
    ids: list[str],
    refresh: bool,
    done: Callable[[int], Any],
    stop: threading.Event,
) -> list[ArxivEntry]:
    """arXiv's entries for ``ids`` (in the worker thread); an error stops S2's thread too."""
    if not ids:
        return []
    try:
        return arxiv.get_by_ids(ids, refresh=refresh, done=done)
    except BaseException:
        stop.set()
        raise


def _until(stop: threading.Event, update: Callable[[int], Any]) -> Callable[[int], None]:
    """A ``done`` callback that counts on a bar, and stops its host's next request once the
    other host has failed."""

    def done(n: int) -> None:
        update(n)
        if stop.is_set():
            raise _Stopped

    return done


def fetch_s2(
    lookups: Sequence[str], s2: S2Batch, *, refresh: bool, done: Callable[[int], Any]
) -> dict[str, S2Paper | None]:
    """S2's record for each lookup id, in stable batches (``None`` where S2 has none)."""
    s2_by_lookup: dict[str, S2Paper | None] = {}
    for chunk in stable_chunks(lookups, getattr(s2, "batch_size", STABLE_BATCH)):
        found = s2.get_batch(chunk, refresh=refresh, done=done)
        s2_by_lookup.update(zip(chunk, found, strict=True))
    return s2_by_lookup


def arxiv_wanted(
    resolved: list[Resolution], s2_by_lookup: Mapping[str, S2Paper | None]
) -> set[str]:
    """The arXiv ids of the papers whose S2 record lacks something arXiv could add (pure)."""
    want: set[str] = set()
    for r in resolved:
        rec = s2_by_lookup.get(s2_lookup_id(r) or "")
        arxiv_id = (rec.arxiv_id if rec else None) or r.arxiv_id
        if arxiv_id and needs_arxiv(rec):
            want.add(arxiv_id)
    return want


def _only(entries: list[ArxivEntry], ids: list[str]) -> dict[str, ArxivEntry]:
    """The entries arXiv answered for ``ids`` (as asking for ``ids`` alone gives: versions
    stripped, unknown ids absent), by id."""
    from enrich.sources.arxiv import normalize_arxiv_id

    keep = {normalize_arxiv_id(i) for i in ids}
    return {e.arxiv_id: e for e in entries if e.arxiv_id in keep}
