"""fetch asks S2 and arXiv at once (issue 24): the tables and requests of asking in turn, arXiv
at work while S2's batches go, and a failure on either host stops both, nothing written."""

from __future__ import annotations

import threading
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from enrich.errors import TransientUpstreamError, UpstreamError
from enrich.http import make_session
from enrich.records import Resolution, S2Author
from enrich.schema import RESOLUTIONS_STAGE, from_records
from enrich.settings import Settings
from enrich.sources.arxiv import ArxivClient
from enrich.sources.s2 import S2Client
from enrich.stages import fetch, fetch_ask
from enrich.stages.fetch_ask import arxiv_wanted, fetch_records, fetch_s2, s2_lookup_id
from enrich.stages.files import write_stage
from enrich.stages.ingest import run_ingest
from enrich.stages.resolve import read_arxiv_entries, read_earlier, run_resolve
from tests.pipeline_fakes import FakeArxiv, FakeS2, ax, mention_row, s2, write_mentions
from tests.replica import World, start_replica
from tests.replica.gen import generate

TABLES = ("papers", "references", "links")


def fetch_in_turn(settings, resolved, s2c, arxiv, *, refresh, progress):
    """What fetch asked before issue 24: S2's batches, then arXiv for what S2's records lack."""
    searched = {} if refresh else read_earlier(settings, "arxiv", read_arxiv_entries)
    lookups = sorted({lid for r in resolved if (lid := s2_lookup_id(r))})
    s2_by_lookup = fetch_s2(lookups, s2c, refresh=refresh, done=lambda n: None)
    want = arxiv_wanted(resolved, s2_by_lookup)
    ask = sorted(want - searched.keys())
    entries = arxiv.get_by_ids(ask, refresh=refresh) if ask else []
    found = {i: searched[i] for i in want if i in searched}
    return s2_by_lookup, {**found, **{e.arxiv_id: e for e in entries}}


def _settings(tmp_path: Path, replica, cache: str) -> Settings:
    return Settings(
        raw_dir=tmp_path / "raw",
        out_dir=tmp_path / "out",
        cache_path=tmp_path / cache,
        s2_url=replica.s2_url,
        arxiv_url=replica.arxiv_url,
        s2_rps=1000,
        arxiv_delay=0,
        backoff_base=0.01,
    )


def _fetched(settings: Settings, refresh: bool = False) -> dict:
    session = make_session(settings)
    try:
        s2c, arxiv = S2Client(session, settings), ArxivClient(session, settings)
        fetch.run_fetch(settings, s2=s2c, arxiv=arxiv, refresh=refresh)
    finally:
        session.close()
    return {name: pq.read_table(settings.stage_dir / f"{name}.parquet") for name in TABLES}


@pytest.mark.parametrize("refresh", [False, True], ids=["run", "refresh"])
def test_both_hosts_at_once_write_the_tables_and_ask_the_requests_in_turn_did(
    tmp_path, monkeypatch, refresh
):
    world, text = generate(700, 5)
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "generated.md").write_text(text, encoding="utf-8")
    with start_replica(World(world)) as replica:
        settings = _settings(tmp_path, replica, "resolve.sqlite")
        run_ingest(settings)
        session = make_session(settings)
        run_resolve(
            settings, s2=S2Client(session, settings), arxiv=ArxivClient(session, settings)
        )
        session.close()
        replica.reset_log()
        at_once = _fetched(_settings(tmp_path, replica, "a.sqlite"), refresh)
        asked_at_once = replica.counts()
        replica.reset_log()
        monkeypatch.setattr(fetch, "fetch_records", fetch_in_turn)
        in_turn = _fetched(_settings(tmp_path, replica, "b.sqlite"), refresh)
        asked_in_turn = replica.counts()
    for name in TABLES:
        assert at_once[name].equals(in_turn[name]), name
    assert asked_at_once == asked_in_turn
    # two S2 batches; arXiv's id_list in one request or several, as the client chunks them
    assert asked_at_once["s2.batch"] >= 2 and asked_at_once["arxiv.id_list"] >= 1


def _resolution(gid, s2_id=None, arxiv_id=None):
    return Resolution(gid, "t", "resolved", "s2_bulk", 1.0, "", s2_id, arxiv_id)


def test_arxiv_is_asked_while_s2s_batches_go(tmp_path):
    # S2 answers only once arXiv has been asked: asked in turn, fetch would wait forever
    arxiv_asked = threading.Event()

    class WaitingS2(FakeS2):
        def get_batch(self, ids, **kw):
            assert arxiv_asked.wait(10), "arXiv was not asked while S2's batch went"
            return super().get_batch(ids, **kw)

    class NotingArxiv(FakeArxiv):
        def get_by_ids(self, ids, **kw):
            arxiv_asked.set()
            return super().get_by_ids(ids, **kw)

    s2c = WaitingS2([s2("a", "A", arxiv_id="2301.00001")])  # no abstract: arXiv adds it
    arxiv = NotingArxiv([ax("2301.00001", "A", abstract="from arXiv")])
    resolved = [_resolution("g1", "a" * 40, "2301.00001")]
    s2_by, arxiv_by = fetch_records(
        Settings(out_dir=tmp_path), resolved, s2c, arxiv, refresh=False, progress=False
    )
    assert s2_by["a" * 40].paper_id == "a" * 40
    assert list(arxiv_by) == ["2301.00001"]


def test_ids_asked_ahead_that_s2_completes_are_dropped_and_ids_s2_adds_asked_after(tmp_path):
    complete = dict(abstract="S2 abstract", doi="10.1/x", authors=(S2Author("X", "1"),))
    s2c = FakeS2(
        [
            s2("a", "A", arxiv_id="2301.00001", **complete),  # lacks nothing: arXiv not wanted
            s2("b", "B", arxiv_id="2301.00002"),  # an arXiv id resolve did not know
            s2("c", "C", arxiv_id="2301.00003"),
        ]
    )
    arxiv = FakeArxiv([ax(f"2301.0000{i}", "X", abstract="arXiv") for i in (1, 2, 3)])
    resolved = [
        _resolution("g1", "a" * 40, "2301.00001"),
        _resolution("g2", "b" * 40),
        _resolution("g3", "c" * 40, "2301.00003"),
    ]
    settings = Settings(out_dir=tmp_path)
    got = fetch_records(settings, resolved, s2c, arxiv, refresh=False, progress=False)
    expected = fetch_in_turn(settings, resolved, s2c, FakeArxiv(arxiv.entries.values()),
                             refresh=False, progress=False)  # fmt: skip
    assert got == expected
    assert sorted(got[1]) == ["2301.00002", "2301.00003"]
    assert arxiv.calls == [("ids", ("2301.00001", "2301.00003")), ("ids", ("2301.00002",))]


class _FailingArxiv(FakeArxiv):
    def get_by_ids(self, ids, **kw):
        self.calls.append(("ids", tuple(ids)))
        raise TransientUpstreamError("arXiv is down", status=503)


class _FailingS2(FakeS2):
    def get_batch(self, ids, **kw):
        self.calls.append(("batch", tuple(ids)))
        raise UpstreamError("S2 answered 500 after retries")


def _two_batches():
    papers = [s2(f"{i:040x}", f"T{i}", arxiv_id=f"2301.{i:05d}") for i in range(600)]
    resolved = [_resolution(f"g{i}", p.paper_id, p.arxiv_id) for i, p in enumerate(papers)]
    return papers, resolved


@pytest.mark.parametrize("failing", ["s2", "arxiv"])
def test_a_failure_on_either_host_is_raised_as_in_turn_and_nothing_is_written(
    tmp_path, monkeypatch, failing
):
    papers, resolved = _two_batches()
    s2c = _FailingS2(papers) if failing == "s2" else FakeS2(papers)
    arxiv = _FailingArxiv() if failing == "arxiv" else FakeArxiv()
    settings = Settings(out_dir=tmp_path / "out", raw_dir=tmp_path / "raw")
    write_stage(settings, "resolutions", from_records(resolved, RESOLUTIONS_STAGE))
    write_mentions(settings, [mention_row(f"T{i}", group_id=f"g{i}") for i in range(600)])
    with pytest.raises(UpstreamError) as err:
        fetch.run_fetch(settings, s2=s2c, arxiv=arxiv)
    assert ("S2 answered 500" if failing == "s2" else "arXiv is down") in str(err.value)
    assert not (settings.stage_dir / "papers.parquet").exists()


def test_once_the_other_host_failed_a_hosts_next_answer_stops_it():
    # the done callback both hosts' clients call after each request
    stop = threading.Event()
    counted: list[int] = []
    done = fetch_ask._until(stop, counted.append)
    done(500)
    stop.set()
    with pytest.raises(fetch_ask._Stopped):
        done(100)
    assert counted == [500, 100]
