"""Never publish wrong data (issue #16), through the CLI against the replica.

Each hostile case starts from a published clean snapshot: the replica answers one endpoint with
200s of the wrong shape or content (:mod:`tests.replica.hostile`); the run must exit non-zero
and leave ``latest`` where it was; then a healthy replica on the same ports, with the same
cache, must give the clean result (nothing bad was cached).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.conftest import SEEDS
from tests.replica import SEEDS_WORLD, load_seeds_world, start_replica
from tests.replica.world import World, normalize_title
from tests.test_e2e import cli, enrich_env, outcome

pytestmark = pytest.mark.e2e

WORLD = load_seeds_world()
QUICK = {"ENRICH_S2_RPS": "500", "ENRICH_ARXIV_DELAY": "0", "ENRICH_MAX_ATTEMPTS": "3"}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A clean run's output directory (copied per test) and its outcome."""
    base = tmp_path_factory.mktemp("published")
    with start_replica(WORLD) as replica:
        env = enrich_env(replica, base / "cache.sqlite", **QUICK)
        result = cli("run", "--out", str(base / "out"), env=env)
    assert result.returncode == 0, result.stderr
    return {"out": base / "out", "outcome": outcome(base / "out")}


def _hostile_then_healthy(published, tmp_path, hostile, after_first=None, **extra):
    out = tmp_path / "out"
    shutil.copytree(published["out"], out, symlinks=True)
    latest = os.readlink(out / "latest")
    cache = tmp_path / "cache.sqlite"
    with start_replica(WORLD, hostile=hostile) as bad:
        env = enrich_env(bad, cache, **QUICK, **extra)
        first = cli("run", "--out", str(out), env=env)
        if after_first is not None:
            after_first()
        ports = [urlparse(u).port for u in (bad.s2_url, bad.arxiv_url)]
    assert os.readlink(out / "latest") == latest, "latest switched on a hostile answer"
    with start_replica(WORLD, s2_port=ports[0], arxiv_port=ports[1]):
        again = cli("run", "--out", str(out), env=env)
    assert again.returncode == 0, again.stderr
    assert outcome(out) == published["outcome"]
    return first


@pytest.mark.parametrize(
    ("endpoint", "kind", "says"),
    [
        ("s2.match", "int_paper_id", "wrong shape for S2 match: data.0.paperId"),
        ("s2.match", "bare_list", "wrong shape for S2 match: the body"),
        ("s2.match", "data_string", "wrong shape for S2 match: data"),
        ("s2.batch", "strings", "wrong shape for S2 batch: 0"),
        ("s2.batch", "int_paper_id", "wrong shape for S2 batch: 0.paperId"),
        ("s2.batch", "one_paper", "answer another id than asked"),
    ],
)
def test_wrong_answers_publish_nothing_and_heal_from_the_same_cache(
    published, tmp_path, endpoint, kind, says
):
    first = _hostile_then_healthy(published, tmp_path, {endpoint: kind})
    assert first.returncode == 3, first.stderr
    assert says in first.stderr
    assert "no snapshot written (the previous one stays latest)" in first.stderr


def test_a_huge_answer_is_cut_off_and_publishes_nothing(published, tmp_path):
    def nothing_huge_cached():
        assert sum(p.stat().st_size for p in tmp_path.glob("cache.sqlite*")) < 1_000_000

    first = _hostile_then_healthy(
        published,
        tmp_path,
        {"s2.match": "huge"},
        after_first=nothing_huge_cached,
        ENRICH_MAX_RESPONSE_MB="1",
    )
    assert first.returncode == 3, first.stderr
    assert "answer larger than ENRICH_MAX_RESPONSE_MB (1 MB), read ended" in first.stderr


def test_junk_arxiv_entries_are_dropped_with_a_warning_and_cost_no_good_entry(
    published, tmp_path
):
    out = tmp_path / "out"
    junk = {"arxiv.search": "junk_entries", "arxiv.id_list": "junk_entries"}
    with start_replica(WORLD, hostile=junk) as replica:
        env = enrich_env(replica, tmp_path / "cache.sqlite", **QUICK)
        result = cli("run", "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    assert "junk entry left out: entry 1 (no id)" in result.stderr
    assert "title: String should have at least 1 character" in result.stderr
    assert "published: Value error" in result.stderr
    assert outcome(out) == published["outcome"]


def test_the_replica_can_serve_every_hostile_kind_per_endpoint(tmp_path: Path):
    import requests

    with start_replica(
        WORLD, hostile={"s2.search": "int_paper_id", "s2.paper": "data_string"}
    ) as replica:
        search = requests.get(f"{replica.s2_url}/paper/search", params={"query": "memory"})
        pid = next(iter(WORLD.papers))
        paper = requests.get(f"{replica.s2_url}/paper/{pid}")
    assert all(isinstance(p["paperId"], int) for p in search.json()["data"])
    assert paper.json() == {"data": "oops"}


def _world_that_forgets_titles() -> World:
    """The seed world with S2's title match finding nothing for every title it answers."""
    data = json.loads(SEEDS_WORLD.read_text(encoding="utf-8"))
    for row in data["truth"]:
        if row["path"] == "match":
            data["match_overrides"][normalize_title(row["list_title"])] = None
    return World(data)


def test_the_publish_gate_holds_a_snapshot_that_loses_many_papers(published, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(published["out"], out, symlinks=True)
    latest = os.readlink(out / "latest")
    with start_replica(_world_that_forgets_titles()) as replica:
        # the world forgets the title match's answers: resolve titles one by one through it
        # (the bulk batches would find the papers another way)
        env = enrich_env(replica, tmp_path / "cache.sqlite", ENRICH_S2_BULK="0", **QUICK)
        held = cli("run", "--out", str(out), env=env)
        assert held.returncode == 3, held.stderr
        assert os.readlink(out / "latest") == latest
        assert "the new snapshot changes too much of the latest one" in held.stderr
        assert re.search(r"\d+ of \d+ titles the previous snapshot resolved lost", held.stderr)
        assert "-> not resolved" in held.stderr and "--accept-changes" in held.stderr
        (aside,) = (out / "held").iterdir()
        assert (aside / "papers.parquet").exists() and (aside / "changes.txt").exists()
        history = {p.name for p in (out / "papers").iterdir()}
        assert history == {p.name for p in (published["out"] / "papers").iterdir()}

        accepted = cli("run", "--accept-changes", "--out", str(out), env=env)
    assert accepted.returncode == 0, accepted.stderr
    assert os.readlink(out / "latest") != latest


def test_a_shortened_list_is_not_a_drop(published, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(published["out"], out, symlinks=True)
    raw = tmp_path / "raw"
    raw.mkdir()
    first = sorted(SEEDS.iterdir())[0]
    shutil.copy(first, raw / first.name)
    with start_replica(WORLD) as replica:
        env = enrich_env(replica, tmp_path / "cache.sqlite", **QUICK)
        result = cli("run", "--out", str(out), env=env, raw=raw)
    assert result.returncode == 0, result.stderr


def test_a_429_storm_at_half_the_clients_pace_provokes_a_few_429s_not_hundreds(tmp_path):
    # The client asks for 20 requests/s, the replica allows 10. Backing off only the failed
    # request gave ~195 429s over this run; slowing the host's pace down gives a handful.
    with start_replica(WORLD, s2_rps=10, arxiv_interval=0.02) as replica:
        env = enrich_env(replica, tmp_path / "cache.sqlite", ENRICH_S2_RPS="20")
        result = cli("run", "--out", str(tmp_path / "out"), env=env)
        log = list(replica.log)
    assert result.returncode == 0, result.stderr
    rate_limited = sum(r.status == 429 for r in log)
    assert 1 <= rate_limited <= 24, rate_limited


def test_an_html_page_for_an_arxiv_feed_is_a_wrong_shape(tmp_path):
    from enrich.errors import UntrustedAnswer
    from enrich.http import make_session
    from enrich.settings import Settings
    from enrich.sources.arxiv import ArxivClient

    settings = Settings(cache_path=tmp_path / "c.sqlite", max_attempts=2, backoff_base=0.0)
    session = make_session(settings, sleep=lambda s: None)
    import responses

    with responses.RequestsMock() as rm:
        rm.post(settings.arxiv_url, body=b"<html><body>Sign in to the Wi-Fi</body></html>")
        with pytest.raises(UntrustedAnswer, match="wrong shape for arXiv: not an Atom feed"):
            ArxivClient(session, settings).get_by_ids(["2309.06180"])
    assert len(session.cache.responses) == 0
    session.close()


@pytest.mark.parametrize("damage", ["emptied", "unreadable"])
def test_a_list_emptied_or_unreadable_loses_its_titles_to_the_publish_gate(
    published, tmp_path, damage
):
    # issue 25, row 9: a list cut to 0 bytes (a failed sync) took its papers out of latest
    out = tmp_path / "out"
    shutil.copytree(published["out"], out, symlinks=True)
    latest = os.readlink(out / "latest")
    raw = tmp_path / "raw"
    shutil.copytree(SEEDS, raw)
    victim = sorted(raw.iterdir())[0]
    if damage == "emptied":
        victim.write_bytes(b"")
    else:
        victim.unlink()
        victim.symlink_to(tmp_path / "nowhere.md")
    with start_replica(WORLD) as replica:
        env = enrich_env(replica, tmp_path / "cache.sqlite", **QUICK)
        held = cli("run", "--out", str(out), env=env, raw=raw)
        assert held.returncode == 3, held.stderr
        assert os.readlink(out / "latest") == latest
        assert f"left with lists now empty or unreadable: {victim.name} (" in held.stderr
        accepted = cli("run", "--accept-changes", "--out", str(out), env=env, raw=raw)
    assert accepted.returncode == 0, accepted.stderr
    assert os.readlink(out / "latest") != latest


def test_a_redirect_to_another_host_is_refused_and_a_healthy_rerun_recovers(published, tmp_path):
    """issue 25 row 1: S2 answering 302 to another host, which answers `{"data": []}` and
    batches of the wrong shape: its answers were used and cached under S2's keys (the key went
    along), and every later run failed from the cache. Now the redirect is refused like a wrong
    answer: the other host is never asked, nothing is published or cached, a rerun heals."""
    out = tmp_path / "out"
    shutil.copytree(published["out"], out, symlinks=True)
    latest = os.readlink(out / "latest")
    cache = tmp_path / "cache.sqlite"
    other_kinds = {"s2.match": "empty_data", "s2.batch": "strings", "s2.bulk": "empty_data"}
    with start_replica(WORLD, hostile=other_kinds) as other:
        elsewhere = other.s2_url.removesuffix("/graph/v1")
        with start_replica(WORLD, redirect_to=elsewhere, api_key="sk-r1") as bad:
            env = enrich_env(bad, cache, S2_API_KEY="sk-r1", **QUICK)
            first = cli("run", "--out", str(out), env=env)
            ports = [urlparse(u).port for u in (bad.s2_url, bad.arxiv_url)]
            redirected = bad.records(status=302) + bad.records(status=307)
        assert other.log == []  # never asked, so never given the key
    assert first.returncode == 3, first.stderr
    assert redirected
    assert f"to another origin ({elsewhere}), refused" in first.stderr
    assert "no snapshot written (the previous one stays latest)" in first.stderr
    assert os.readlink(out / "latest") == latest
    with start_replica(WORLD, s2_port=ports[0], arxiv_port=ports[1]):
        again = cli("run", "--out", str(out), env=env)
    assert again.returncode == 0, again.stderr
    assert outcome(out) == published["outcome"]
