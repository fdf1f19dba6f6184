"""The streaming chain (issue 24): the same resolutions as the steps in turn, both hosts at work
at once, batches certain before the whole set is, and no 429 at the server's own rate."""

from __future__ import annotations

import random
import threading
from pathlib import Path

import pytest

from enrich.http import make_session
from enrich.settings import Settings
from enrich.sources.arxiv import ArxivClient
from enrich.sources.s2 import S2Client
from enrich.stages.ingest import run_ingest
from enrich.stages.resolve import arxiv_batch, bulk
from enrich.stages.resolve.batches import hash_of, plan, ready
from enrich.stages.resolve.chain import run_chain
from enrich.stages.resolve.groups import Group, groups_from_table
from enrich.stages.resolve.state import Attempts
from enrich.stages.resolve.stream import Inbox
from tests.chain_ref import run_in_turn
from tests.pipeline_fakes import FakeArxiv, s2
from tests.replica import World, start_replica
from tests.replica.gen import generate
from tests.test_resolve_bulk import BatchArxiv, BulkS2, grp


def _generated(tmp_path: Path, n: int, seed: int = 3) -> tuple[World, list[Group]]:
    """A generated world and the groups its list makes (ingested for real)."""
    import pyarrow.parquet as pq

    world, text = generate(n, seed)
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "generated.md").write_text(text, encoding="utf-8")
    settings = Settings(raw_dir=raw, out_dir=tmp_path / "out")
    run_ingest(settings)
    table = pq.read_table(tmp_path / "out" / "stage" / "mentions.parquet")
    return World(world), groups_from_table(table)


def _attempts(replica, cache: Path, **limits: float) -> Attempts:
    settings = Settings(
        s2_url=replica.s2_url,
        arxiv_url=replica.arxiv_url,
        cache_path=cache,
        s2_rps=limits.get("s2_rps", 1000.0),
        arxiv_delay=limits.get("arxiv_delay", 0.0),
        backoff_base=0.01,
    )
    session = make_session(settings)
    return Attempts(S2Client(session, settings), ArxivClient(session, settings), in_flight=3)


def test_streaming_resolves_exactly_as_the_steps_in_turn(tmp_path):
    world, groups = _generated(tmp_path, 400)
    with start_replica(world) as replica:
        in_turn = run_in_turn(groups, _attempts(replica, tmp_path / "a.sqlite"))
        asked_in_turn = replica.counts()
        replica.reset_log()
        streamed = run_chain(groups, _attempts(replica, tmp_path / "b.sqlite"))
        asked_streaming = replica.counts()
    assert streamed == in_turn
    assert {r.method for r in streamed.values()} >= {"s2_bulk", "arxiv_batch", "s2_match"}
    assert asked_streaming == asked_in_turn  # the same batches: the same requests


def test_a_refused_arxiv_batch_is_halved_and_its_titles_resolve_as_before(tmp_path):
    world, groups = _generated(tmp_path, 400)
    with start_replica(world) as replica:
        free = run_chain(groups, _attempts(replica, tmp_path / "a.sqlite"))
        free_searches = replica.records(endpoint="arxiv.search")
    with start_replica(world, arxiv_max_phrases=12) as replica:
        refused = run_chain(groups, _attempts(replica, tmp_path / "b.sqlite"))
        searches = replica.records(endpoint="arxiv.search")
    assert max(r.query["search_query"].count('ti:"') for r in free_searches) > 12
    assert any(r.status == 400 for r in searches)  # the engine refused the big batches
    assert refused == free  # their halves found the same papers

    def singles(records):
        return sum(r.query["search_query"].count('ti:"') == 1 for r in records)

    assert singles(searches) == singles(free_searches)  # no title was asked alone instead


def test_arxiv_is_asked_while_the_bulk_step_still_works(monkeypatch):
    # small bulk batches; the later ones are answered only once arXiv has been asked about a
    # title of the first ones: in turn, arXiv would wait for every bulk batch (and time out)
    monkeypatch.setattr(bulk, "URL_BUDGET", 700)
    monkeypatch.setattr(arxiv_batch, "BATCH_TITLES", 20)  # leaves of 120 titles, not 2
    titles = [f"Zorblax Efficient Scheduling Number {i} of Systems" for i in range(120)]
    groups = [grp(t, gid=f"g{i}", year=2020) for i, t in enumerate(titles)]
    arxiv_asked = threading.Event()

    class Waiting(BulkS2):
        def search_bulk(self, query, *, token=None):
            if len([c for c in self.calls if c[0] == "bulk"]) >= 8:
                assert arxiv_asked.wait(5), "arXiv was not asked while bulk worked"
            return super().search_bulk(query, token=token)

    class Telling(BatchArxiv):
        def search_titles(self, titles, max_results):
            arxiv_asked.set()
            return super().search_titles(titles, max_results)

    client = Waiting([s2(f"{i:040d}", t, year=2020) for i, t in enumerate(titles[:3])])
    found = run_chain(groups, Attempts(client, Telling()))
    assert len([c for c in client.calls if c[0] == "bulk"]) > 8
    assert {found[g.group_id].method for g in groups[:3]} == {"s2_bulk"}


def test_a_failing_step_stops_the_chain_with_its_error():
    from enrich.errors import UpstreamRefused

    class Refusing(FakeArxiv):
        def search_title(self, title, max_results=5):
            raise UpstreamRefused("arXiv refused", status=403)

    groups = [grp(f"Short {i}", gid=f"g{i}") for i in range(5)]
    with pytest.raises(UpstreamRefused):
        run_chain(groups, Attempts(BulkS2(), Refusing()))


def test_ready_batches_are_the_final_plans_leaves():
    rng = random.Random(5)
    groups = [grp(f"Title number {i} about systems", gid=f"g{i}") for i in range(300)]

    def fits(batch):
        return len(batch.groups) <= 12

    final = [g for g in groups if rng.random() < 0.6]
    leaves = {tuple(g.group_id for g in b.groups) for b in plan(final, fits)}
    assert {tuple(g.group_id for g in b.groups) for b in ready(final, None, fits)} == leaves
    by_hash = sorted(final, key=hash_of)
    for cut in (0, 10, 50, 120, len(by_hash) - 1):
        edge = hash_of(by_hash[cut])
        known = by_hash[:cut] + [g for g in by_hash[cut:] if rng.random() < 0.3]
        early = {tuple(g.group_id for g in b.groups) for b in ready(known, edge, fits)}
        assert early <= leaves  # never a batch the whole set would not have
        if cut >= 50:
            assert early  # and some before the whole set is known


def test_an_inbox_hands_each_group_on_in_the_order_it_arrives():
    a, b, c = (grp(f"Title {x} of a paper", gid=x) for x in "abc")
    inbox = Inbox(coming=[a, b, c])
    inbox.put(b)
    inbox.drop(a)
    inbox.put(c)
    assert list(inbox) == [b, c]


def test_equal_rates_provoke_no_429_with_both_hosts_and_requests_in_flight(tmp_path):
    # answers slower than 1.5 intervals open the title match's window (three in flight) while
    # the bulk and arXiv steps ask too: every request keeps to the pace the server enforces
    world, groups = _generated(tmp_path, 300)
    with start_replica(world, s2_rps=20, arxiv_interval=0.06, latency=0.1) as replica:
        attempts = _attempts(replica, tmp_path / "c.sqlite", s2_rps=20, arxiv_delay=0.06)
        run_chain(groups, attempts)
        statuses = replica.counts("status")
        matches = replica.counts().get("s2.match", 0)
    assert matches >= 10 and statuses.get(429, 0) == 0


def test_one_slow_answer_does_not_send_title_matches_ahead_a_slow_host_does():
    from enrich.stages.resolve.title_match import SLOW, smoothed

    interval, average = 0.05, None
    for answer in (0.02, 0.02, 0.2, 0.02):  # a busy CPU delays one answer
        average = smoothed(average, answer)
        assert average <= SLOW * interval
    for _ in range(4):  # the host became slow
        average = smoothed(average, 0.2)
    assert average > SLOW * interval
