"""The resolve strategies that ask many titles a request: S2 bulk batches and arXiv OR-ed
batches, with in-memory clients. One test per behaviour of issue 13."""

from __future__ import annotations

import re

from enrich.errors import UpstreamError
from enrich.normalize import title_key
from enrich.records import S2Paper
from enrich.sources.s2 import BULK_PAGE_ROWS, BulkPage
from enrich.stages.resolve.arxiv_batch import resolve as arxiv_batch
from enrich.stages.resolve.batches import Batch, plan
from enrich.stages.resolve.chain import run_chain, strategies
from enrich.stages.resolve.groups import Group
from enrich.stages.resolve.state import Attempts
from tests.pipeline_fakes import FakeArxiv, FakeS2, ax, s2

VLLM = "Efficient Memory Management for Large Language Model Serving with PagedAttention"
ORCA = "Orca: A Distributed Serving System for Transformer-Based Generative Models"
ALPA = "Alpa: Automating Inter- and Intra-Operator Parallelism for Distributed Deep Learning"


def grp(title, gid=None, year=None, venue=None, years=()):
    key = title_key(title)
    return Group(gid or "g-" + key[:20], key, title, (title,), year, venue, None, (key,),
                 years=tuple(years))  # fmt: skip


def filler(i):
    return S2Paper(paper_id=f"{i:040d}", title=f"Unrelated quoting paper {i}", year=2024)


class BulkS2(FakeS2):
    """FakeS2 with ``/paper/search/bulk``: every phrase of the query matched against titles
    (or a fixed answer), pages of ``page_rows``; ``refuse_over`` URL characters answer 414."""

    def __init__(self, papers=(), *, extra=(), page_rows=BULK_PAGE_ROWS, refuse_over=None,
                 **kw):  # fmt: skip
        super().__init__(papers, **kw)
        self.extra = list(extra)  # papers any query returns (abstracts quoting titles)
        self.page_rows = page_rows
        self.refuse_over = refuse_over
        self.base_url = "https://api.semanticscholar.org/graph/v1"

    def search_bulk(self, query, *, token=None):
        self.calls.append(("bulk", (query, token)))
        if self.refuse_over and len(query) * 1.4 > self.refuse_over:
            raise UpstreamError("414 Request-URI Too Large", status=414)
        phrases = [title_key(p) for p in re.findall(r'"([^"]*)"', query)]
        hits = [p for p in self.papers.values() if p.title and title_key(p.title) in phrases]
        hits = sorted(hits + self.extra, key=lambda p: p.paper_id)
        start = int(token or 0)
        rows = hits[start : start + self.page_rows]
        more = start + self.page_rows < len(hits)
        return BulkPage(len(hits), str(start + self.page_rows) if more else None, tuple(rows))


def bulk_calls(client):
    return [c[1] for c in client.calls if c[0] == "bulk"]


def run(groups, client, arxiv=None, s2_bulk=True):
    attempts = Attempts(client, arxiv or FakeArxiv())
    return run_chain(groups, attempts, s2_bulk=s2_bulk), attempts


def test_many_titles_resolve_in_one_bulk_request():
    groups = [grp(VLLM, year=2023), grp(ORCA, year=2022), grp(ALPA, year=2022)]
    client = BulkS2([s2("a", VLLM, year=2023), s2("b", ORCA, year=2022), s2("c", ALPA, year=2022)])
    found, _ = run(groups, client)
    assert len(bulk_calls(client)) == 1
    assert [c for c in client.calls if c[0] == "match"] == []
    assert {r.method for r in found.values()} == {"s2_bulk"}
    assert {r.s2_paper_id for r in found.values()} == {"a" * 40, "b" * 40, "c" * 40}


def test_short_titles_go_to_the_title_match_not_to_a_bulk_batch():
    groups = [grp("Pathways", year=2022), grp(VLLM, year=2023)]
    client = BulkS2([s2("a", VLLM, year=2023), s2("p", "Pathways", year=2022)])
    found, _ = run(groups, client)
    (query, _), = bulk_calls(client)
    assert "Pathways" not in query
    assert [c for c in client.calls if c[0] == "match"] == [("match", "Pathways")]
    assert found[groups[0].group_id].method == "s2_match"


def test_a_title_bulk_does_not_find_goes_to_the_title_match():
    # some papers are missing from S2's search index: only /match finds them
    groups = [grp(VLLM, year=2023), grp(ORCA, year=2022)]
    client = BulkS2([s2("a", VLLM, year=2023), s2("b", ORCA, year=2022)])
    client.search_bulk_hides = {"b" * 40}
    original = client.search_bulk

    def hiding(query, *, token=None):
        page = original(query, token=token)
        kept = tuple(p for p in page.papers if p.paper_id not in client.search_bulk_hides)
        return BulkPage(page.total, page.token, kept)

    client.search_bulk = hiding
    found, _ = run(groups, client)
    assert found[groups[0].group_id].method == "s2_bulk"
    assert found[groups[1].group_id].method == "s2_match"


def test_a_look_alike_in_a_bulk_answer_is_rejected():
    listed = "Gemini: Fast Failure Recovery in Distributed Training with In-Memory Checkpoints"
    lookalike = "Gemini: A Family of Highly Capable Multimodal Models"
    client = BulkS2([s2("z", lookalike, year=2023)], extra=[s2("z", lookalike, year=2023)])
    found, attempts = run([grp(listed, year=2023)], client)
    res = found[grp(listed).group_id]
    assert res.status == "unresolved" and res.method is None


def test_several_records_of_one_title_choose_the_lists_year_and_say_how_many():
    preprint = s2("p", VLLM, year=2020, venue="arXiv.org", citation_count=900)
    venue = s2("v", VLLM, year=2023, venue="SOSP", doi="10.1145/3600006.3613165",
               citation_count=100)  # fmt: skip
    dup = s2("d", VLLM, year=2023, citation_count=5)  # an unmerged duplicate without a venue
    client = BulkS2([preprint, venue, dup])
    found, _ = run([grp(VLLM, year=2023, venue="SOSP")], client)
    (res,) = found.values()
    assert res.s2_paper_id == "v" * 40
    assert res.reason.startswith("3 S2 records carry this title")


def test_several_records_without_year_or_venue_choose_by_doi_then_citations():
    a = s2("a", VLLM, year=2023, citation_count=10)
    b = s2("b", VLLM, year=2023, citation_count=500)
    c = s2("c", VLLM, year=2023, doi="10.1/x", citation_count=1)
    found, _ = run([grp(VLLM)], BulkS2([a, b, c]))
    assert next(iter(found.values())).s2_paper_id == "c" * 40
    found, _ = run([grp(VLLM)], BulkS2([a, b]))
    assert next(iter(found.values())).s2_paper_id == "b" * 40


def test_a_refused_url_halves_the_batch_and_the_budget_is_remembered():
    titles = [f"System{i}: Efficient Scalable Serving of Large Models No {i}" for i in range(60)]
    papers = [s2(f"{i:040d}", t, year=2023) for i, t in enumerate(titles)]
    client = BulkS2(papers, refuse_over=2000)
    found, _ = run([grp(t, year=2023) for t in titles], client)
    assert all(r.method == "s2_bulk" for r in found.values())
    calls = bulk_calls(client)
    refused = [q for q, _ in calls if len(q) * 1.4 > 2000]
    answered = [q for q, _ in calls if len(q) * 1.4 <= 2000]
    assert refused and answered
    # after the first refusal no batch is sent that is larger than half the refused URL
    first = next(i for i, (q, _) in enumerate(calls) if len(q) * 1.4 > 2000)
    assert len(refused) <= 2 and all(len(q) * 1.4 <= 2000 for q, _ in calls[first + 1 :][-3:])


def test_a_batch_past_two_pages_is_split_and_a_flooding_title_goes_to_match():
    famous = "Attention Is All You Need For Sequence Transduction Models"
    quoting = [filler(i) for i in range(2500)]  # abstracts quoting the famous title
    papers = [s2("f", famous, year=2017), s2("a", VLLM, year=2023), s2("b", ORCA, year=2022)]

    class Flood(BulkS2):
        def search_bulk(self, query, *, token=None):
            self.extra = quoting if title_key(famous) in title_key(query) else []
            return super().search_bulk(query, token=token)

    client = Flood(papers)
    groups = [grp(famous, year=2017), grp(VLLM, year=2023), grp(ORCA, year=2022)]
    found, _ = run(groups, client)
    assert all(token is None for _, token in bulk_calls(client))  # split, never paged
    assert found[groups[0].group_id].method == "s2_match"
    assert {found[g.group_id].method for g in groups[1:]} == {"s2_bulk"}


def test_a_batch_of_two_pages_is_paged_with_the_token_until_it_is_null():
    quoting = [filler(i) for i in range(1500)]
    client = BulkS2([s2("f", "z" * 0 + VLLM, year=2023)], extra=quoting)
    found, _ = run([grp(VLLM, year=2023)], client)
    assert [token for _, token in bulk_calls(client)] == [None, "1000"]
    assert next(iter(found.values())).method == "s2_bulk"


def test_batches_are_stable_one_added_title_changes_one_batch():
    titles = [f"Sys{i}: Adaptive Elastic Training for Deep Learning {i}" for i in range(300)]
    groups = [grp(t) for t in titles]

    def fits(b: Batch) -> bool:
        return sum(len(g.title) for g in b.groups) <= 1500

    before = {tuple(g.group_id for g in b.groups) for b in plan(groups, fits)}
    added = grp("Newsys: A Brand New Title for the Stability of Batches")
    after = {tuple(g.group_id for g in b.groups) for b in plan([*groups, added], fits)}
    assert len(before) >= 5
    assert len(after - before) <= 2 and len(before - after) == 1  # its batch (split at most)


def test_a_refresh_plans_bulk_batches_with_the_kept_groups():
    groups = [grp(VLLM, year=2023), grp(ORCA, year=2022)]
    client = BulkS2([s2("a", VLLM, year=2023), s2("b", ORCA, year=2022)])
    first, _ = run(groups, client)
    (query, _), = bulk_calls(client)
    client.calls.clear()
    attempts = Attempts(client, FakeArxiv())
    attempts.kept = {groups[0]: first[groups[0].group_id]}
    run_chain(groups[1:], attempts)
    assert bulk_calls(client) == [(query, None)]  # the first run's query: a cache hit


def test_without_bulk_the_chain_is_the_one_title_a_request_path():
    assert [s.method for s in strategies(s2_bulk=False)] == [
        "list_link", "s2_match", "arxiv_search",
    ]  # fmt: skip
    assert [s.method for s in strategies()] == [
        "list_link", "s2_bulk", "arxiv_batch", "s2_match", "arxiv_search",
    ]  # fmt: skip
    client = BulkS2([s2("a", VLLM, year=2023)])
    found, _ = run([grp(VLLM, year=2023)], client, s2_bulk=False)
    assert bulk_calls(client) == [] and next(iter(found.values())).method == "s2_match"


# -- arXiv batches ------------------------------------------------------------------------------

HIFT = "HiFT: A Hierarchical Full Parameter Fine-Tuning Strategy"
AMSP = "AMSP: Super-Scaling LLM Training via Advanced Model States Partitioning"
NOWHERE = "A Title That No Service Holds Under Any Spelling"


class BatchArxiv(FakeArxiv):
    def __init__(self, entries=(), total=None):
        super().__init__(entries)
        self.total = total

    def search_titles(self, titles, max_results):
        from enrich.sources.arxiv import FeedResult

        self.calls.append(("batch", tuple(titles)))
        found = {e.arxiv_id: e for t in titles for e in self.search_title(t, max_results)}
        self.calls = [c for c in self.calls if c[0] != "search"]
        hits = list(found.values())[:max_results]
        return FeedResult(tuple(hits), self.total if self.total is not None else len(hits))


def test_arxiv_titles_go_in_one_or_query_and_each_hit_is_verified():
    other = "HiFT: Another Strategy Entirely"
    arxiv = BatchArxiv([ax("2401.00001", HIFT, published="2024-01-01"),
                        ax("2311.00257", AMSP, published="2023-11-01"),
                        ax("2402.00002", other, published="2024-02-01")])  # fmt: skip
    groups = [grp(HIFT, year=2024), grp(AMSP, year=2023), grp(NOWHERE)]
    found, _ = run(groups, BulkS2(), arxiv)
    assert [c[0] for c in arxiv.calls] == ["batch"]  # one request, no single search after it
    assert found[groups[0].group_id].arxiv_id == "2401.00001"
    assert found[groups[0].group_id].method == "arxiv_batch"
    assert found[groups[1].group_id].arxiv_id == "2311.00257"
    assert found[groups[2].group_id].status == "unresolved"
    assert "arXiv has no title match" in found[groups[2].group_id].reason


def test_a_cut_off_arxiv_batch_leaves_its_unfound_titles_to_the_single_search():
    arxiv = BatchArxiv([ax("2401.00001", HIFT, published="2024-01-01")], total=99)
    groups = [grp(HIFT, year=2024), grp(NOWHERE)]
    attempts = Attempts(BulkS2(), arxiv)
    arxiv_batch(groups, attempts)
    assert groups[0].group_id in attempts.closed
    assert groups[1].group_id not in attempts.arxiv_asked  # arXiv had more: ask it alone


SYSTEMS = ["Zephyr", "Quokka", "Marlin", "Osprey", "Tamarin", "Ibex", "Wombat", "Narwhal"]


def arxiv_only(n):
    """``n`` arXiv papers (titles S2 does not hold) and their groups."""
    titles = [f"{name}: Elastic Pipelines for Sparse Mixture Training" for name in SYSTEMS[:n]]
    entries = [ax(f"2401.{i:05d}", t, published="2024-01-01") for i, t in enumerate(titles)]
    return entries, [grp(t, year=2024) for t in titles]


class RefusingArxiv(BatchArxiv):
    """arXiv's engine refusing a query of more than ``max_titles`` phrases (a 400 error feed),
    or every batch with ``error``."""

    def __init__(self, entries=(), *, max_titles=None, error=None):
        super().__init__(entries)
        self.max_titles, self.error = max_titles, error

    def search_titles(self, titles, max_results):
        if self.error is not None or len(titles) > self.max_titles:
            self.calls.append(("refused", tuple(titles)))
            raise self.error or UpstreamError(
                "arXiv API error (HTTP 400): too many boolean clauses", status=400
            )
        return super().search_titles(titles, max_results)


def test_a_refused_arxiv_batch_is_asked_in_halves_not_one_title_at_a_time():
    entries, groups = arxiv_only(8)
    arxiv = RefusingArxiv(entries, max_titles=3)
    found, _ = run(groups, BulkS2(), arxiv)
    kinds = [c[0] for c in arxiv.calls]
    assert kinds[0] == "refused" and len(arxiv.calls[0][1]) == 8  # the whole batch first
    assert "search" not in kinds  # no single search: every half of <= 3 titles answered
    assert kinds.count("batch") >= 3 and len(kinds) < 8
    for parent, child in zip(arxiv.calls, arxiv.calls[1:], strict=False):
        assert parent[0] == "batch" or len(child[1]) < len(parent[1])
    assert {r.method for r in found.values()} == {"arxiv_batch"}
    assert {r.arxiv_id for r in found.values()} == {e.arxiv_id for e in entries}


def test_a_refused_pair_of_titles_goes_to_the_single_search():
    entries, groups = arxiv_only(2)
    arxiv = RefusingArxiv(entries, max_titles=1)
    found, _ = run(groups, BulkS2(), arxiv)
    assert [c[0] for c in arxiv.calls] == ["refused", "search", "search"]
    assert {r.method for r in found.values()} == {"arxiv_search"}


def test_a_cut_off_arxiv_batch_is_asked_in_halves_while_that_saves_requests():
    entries, groups = arxiv_only(8)
    nowhere = [grp(f"{name} Nowhere To Be Found", year=2024) for name in SYSTEMS]
    crowding = grp("Deep Learning", year=2015)  # thousands of hits: every answer holding it

    class Crowded(BatchArxiv):
        def search_titles(self, titles, max_results):
            feed = super().search_titles(titles, max_results)
            if crowding.title in titles:
                return type(feed)(feed.entries, 10_000)
            return feed

    arxiv = Crowded(entries)
    found, _ = run([*groups, *nowhere, crowding], BulkS2(), arxiv)
    # 17 titles cut off, then its halves: 8 complete, 9 cut off again with 3 titles still open,
    # which the single search asks (fewer than a descent): 6 requests where the nine open
    # titles went one by one (10)
    assert [len(c[1]) for c in arxiv.calls if c[0] == "batch"] == [17, 8, 9]
    singles = [c[1] for c in arxiv.calls if c[0] == "search"]
    assert crowding.title in singles and len(singles) == 3
    assert {found[g.group_id].method for g in groups} == {"arxiv_batch"}
    assert {found[g.group_id].status for g in nowhere} == {"unresolved"}


def test_a_rate_limited_arxiv_batch_is_not_halved():
    from enrich.errors import TransientUpstreamError

    entries, groups = arxiv_only(4)
    limited = TransientUpstreamError("arXiv: HTTP 429, rerun later", status=429)
    arxiv = RefusingArxiv(entries, error=limited)
    found, _ = run(groups, BulkS2(), arxiv)
    assert [c[0] for c in arxiv.calls] == ["refused"] + ["search"] * 4  # smaller will not help
    assert {r.method for r in found.values()} == {"arxiv_search"}


def test_a_failed_bulk_batch_leaves_its_titles_to_the_title_match():
    from enrich.errors import TransientUpstreamError

    class Down(BulkS2):
        def search_bulk(self, query, *, token=None):
            self.calls.append(("bulk", (query, token)))
            raise TransientUpstreamError("S2 is down", status=429)  # not mended by halving

    client = Down([s2("a", VLLM, year=2023), s2("b", ORCA, year=2022)])
    found, _ = run([grp(VLLM, year=2023), grp(ORCA, year=2022)], client)
    assert len(bulk_calls(client)) == 1
    assert {r.method for r in found.values()} == {"s2_match"}


def test_a_refused_api_key_on_a_bulk_batch_stops_the_stage():
    import pytest

    from enrich.errors import UpstreamRefused

    class Refused(BulkS2):
        def search_bulk(self, query, *, token=None):
            raise UpstreamRefused("Semantic Scholar refused", status=403)

    with pytest.raises(UpstreamRefused):
        run([grp(VLLM, year=2023), grp(ORCA, year=2022)], Refused())


# -- requests in flight -------------------------------------------------------------------------


def test_title_matches_keep_a_few_requests_in_flight_and_decide_in_order():
    import threading

    from enrich.stages.resolve import title_match
    from enrich.stages.resolve.in_flight import IN_FLIGHT

    titles = [f"Short {i}" for i in range(9)]  # short: title matches, not bulk
    lock, full = threading.Lock(), threading.Event()
    active, peak = [0], [0]

    class Slow(FakeS2):
        def match_title(self, title):
            with lock:
                active[0] += 1
                peak[0] = max(peak[0], active[0])
                if active[0] >= IN_FLIGHT:
                    full.set()
            full.wait(2)  # answered only once the window is full: sequential would stall
            try:
                return super().match_title(title)
            finally:
                with lock:
                    active[0] -= 1

    client = Slow([s2(f"{i:040d}", t, year=2020) for i, t in enumerate(titles)])
    groups = [grp(t, gid=f"g{i}", year=2020) for i, t in enumerate(titles)]
    attempts = Attempts(client, FakeArxiv(), in_flight=IN_FLIGHT)
    title_match.resolve(groups, attempts)
    assert peak[0] == IN_FLIGHT  # never more than the window
    assert [attempts.closed[g.group_id].s2_paper_id for g in groups] == [
        f"{i:040d}" for i in range(9)
    ]


def test_after_an_error_the_window_shrinks_to_one_request():
    from enrich.stages.resolve import title_match

    groups = [grp(f"Short {i}", gid=f"g{i}") for i in range(6)]
    client = FakeS2(fail=100)
    attempts = Attempts(client, FakeArxiv(), in_flight=3)
    title_match.resolve(groups, attempts)
    assert len(client.calls) == 3  # the first window; nothing refilled after the failures
    assert attempts.stopped_early and all(r.status == "error" for r in attempts.closed.values())


def test_answers_within_the_rate_limit_interval_keep_one_request_at_a_time():
    # sending ahead gains nothing when the answer is back before the next slot, and would bunch
    # arrivals at a strict server: the window opens only for answers slower than the interval
    from types import SimpleNamespace

    from enrich.stages.resolve import title_match

    class Limited(FakeS2):
        base_url = "https://api.semanticscholar.org/graph/v1"
        session = SimpleNamespace(limiter=SimpleNamespace(interval=lambda host: 3600.0))
        active = peak = 0

        def match_title(self, title):
            Limited.active += 1
            Limited.peak = max(Limited.peak, Limited.active)
            try:
                return super().match_title(title)
            finally:
                Limited.active -= 1

    client = Limited([s2(f"{i:040d}", f"Short {i}") for i in range(6)])
    attempts = Attempts(client, FakeArxiv(), in_flight=3)
    title_match.resolve([grp(f"Short {i}", gid=f"g{i}") for i in range(6)], attempts)
    assert Limited.peak == 1 and len(attempts.closed) == 6


# ---- hard cases of a big list (tests/replica/hard.py) -----------------------------------------

XELWEN = "Memory-Efficient KV-Cache Management for Diffusion Models with Xelwen"


def test_decoy_year_same_title_alone_in_bulk_is_left_to_arxiv():
    """Bulk search misses the listed 2021 paper and answers with another paper of the same
    title from 2025 (of the same venue): an exact, distinctive title would outweigh the year, so
    bulk leaves it and arXiv finds the 2021 preprint."""
    client = BulkS2([s2("d", XELWEN, year=2025, venue="European Conference on Computer Systems")])
    arxiv = BatchArxiv([ax("2009.00651", XELWEN, published="2020-09-01")])
    group = grp(XELWEN, year=2021, venue="EuroSys")
    found, _ = run([group, grp(NOWHERE)], client, arxiv)  # two titles: an arXiv batch
    res = found[group.group_id]
    assert (res.method, res.arxiv_id, res.s2_paper_id) == ("arxiv_batch", "2009.00651", None)


def test_decoy_year_same_title_with_the_lists_year_in_bulk_wins():
    client = BulkS2([s2("d", XELWEN, year=2025), s2("t", XELWEN, year=2021)])
    group = grp(XELWEN, year=2021)
    found, _ = run([group], client)
    res = found[group.group_id]
    assert (res.method, res.s2_paper_id) == ("s2_bulk", "t" * 40)
    assert res.reason.startswith("2 S2 records carry this title")


def test_decoy_year_same_title_found_nowhere_else_is_still_accepted_by_the_title_match():
    client = BulkS2([s2("d", XELWEN, year=2025)])
    group = grp(XELWEN, year=2021)
    found, _ = run([group], client)
    res = found[group.group_id]
    assert (res.method, res.s2_paper_id) == ("s2_match", "d" * 40)
    assert "the list's year is weak evidence" in res.reason


def test_halving_pays_only_while_many_titles_are_still_open():
    from enrich.stages.resolve.arxiv_batch import _halving_pays

    assert _halving_pays(100, 100) and _halving_pays(8, 100)  # a descent: ~7 levels
    assert not _halving_pays(7, 100)  # seven single searches cost no more than a descent
    assert not _halving_pays(1, 100)  # the crowding title alone: one single search
    assert not _halving_pays(5, 1)
