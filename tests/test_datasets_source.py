"""``enrich run --source datasets`` end to end: the seed lists against a store of the replica
world's S2 papers give the same papers as the API path, and S2 is never asked."""

from __future__ import annotations

from collections import Counter

import pyarrow.parquet as pq
import pytest

from tests.datasets_store import RELEASE, seeds_world, world_store
from tests.replica import SEEDS_WORLD, load_seeds_world, start_replica
from tests.replica.scoring import score
from tests.test_e2e import cli, enrich_env, outcome

pytestmark = pytest.mark.e2e

WORLD = load_seeds_world()


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """One run from the store and one against the replica's API, from the same world."""
    base = tmp_path_factory.mktemp("source")
    store = world_store(base / "s2", SEEDS_WORLD)
    with start_replica(WORLD, s2_rps=50, arxiv_interval=0.02) as replica:
        env = enrich_env(replica, base / "cache.sqlite", ENRICH_DATASETS=str(store))
        from_store = cli("run", "--source", "datasets", "--out", str(base / "ds"), env=env)
        store_log = list(replica.log)
        replica.reset_log()
        from_api = cli("run", "--out", str(base / "api"), env=env)
    assert from_store.returncode == 0, from_store.stderr
    assert from_api.returncode == 0, from_api.stderr
    return {"base": base, "env": env, "log": store_log, "stdout": from_store.stdout}


def test_no_request_reaches_s2_from_the_store(runs):
    assert [r for r in runs["log"] if r.host == "s2"] == []
    # what the store lacks (arXiv-only papers) still goes to arXiv
    assert set(Counter(r.endpoint for r in runs["log"])) <= {"arxiv.search", "arxiv.id_list"}
    assert "titles found by s2_datasets" in runs["stdout"]


def test_the_store_gives_the_api_paths_papers_and_none_wrong(runs):
    base = runs["base"]
    assert outcome(base / "ds") == outcome(base / "api")
    s = score(WORLD.truth, base / "ds" / "latest")
    assert s.wrong == [] and s.missed == [], s.summary()


def test_the_release_is_named_in_provenance_and_the_method(runs):
    papers = pq.read_table(runs["base"] / "ds" / "latest" / "papers.parquet").to_pylist()
    methods = Counter(p["match_method"] for p in papers)
    assert methods["s2_datasets"] > 150 and "s2_bulk" not in methods
    sources = {item["source"] for p in papers for item in p["provenance"]}
    assert f"s2_datasets:{RELEASE}" in sources and "s2" not in sources


def test_offline_the_store_alone_answers(runs, tmp_path):
    with start_replica(WORLD) as replica:
        env = {**enrich_env(replica, tmp_path / "empty.sqlite"), **_store_env(runs)}
        result = cli("run", "--source", "datasets", "--offline", "--out", str(tmp_path), env=env)
        assert list(replica.log) == []
    assert result.returncode == 0, result.stderr
    assert "resolve: network requests: none" in result.stdout


def _store_env(runs) -> dict[str, str]:
    return {"ENRICH_DATASETS": runs["env"]["ENRICH_DATASETS"]}


def test_no_store_is_exit_2_naming_the_setting_and_the_import(runs, tmp_path):
    env = {**runs["env"], "ENRICH_DATASETS": str(tmp_path / "nowhere")}
    result = cli("run", "--source", "datasets", "--out", str(tmp_path / "out"), env=env)
    assert result.returncode == 2
    assert "ENRICH_DATASETS" in result.stderr and "`enrich datasets import DIR`" in result.stderr
    assert result.stderr.startswith("Error: ")


def test_refresh_rereads_the_store_after_a_new_release(runs, tmp_path):
    import shutil

    out = tmp_path / "out"
    shutil.copytree(runs["base"] / "ds", out, symlinks=True)
    listed = pq.read_table(out / "latest" / "papers.parquet").column("s2_paper_id").to_pylist()
    world = seeds_world()
    papers = world["s2"]["papers"]
    i = next(i for i, p in enumerate(papers) if p["paperId"] in listed)
    papers[i] = {**papers[i], "citationCount": 12345}
    store = world_store(tmp_path / "s2-next", world, release="2025-01-21")
    with start_replica(WORLD) as replica:
        env = {**runs["env"], "ENRICH_DATASETS": str(store), "ENRICH_OFFLINE": "1"}
        env.update(ENRICH_S2_URL=replica.s2_url, ENRICH_ARXIV_URL=replica.arxiv_url)
        result = cli("refresh", "--source", "datasets", "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    rows = pq.read_table(out / "latest" / "papers.parquet").to_pylist()
    first = next(r for r in rows if r["s2_paper_id"] == papers[i]["paperId"])
    assert first["citation_count"] == 12345
    assert {"field": "citation_count", "source": "s2_datasets:2025-01-21"} in first["provenance"]


def test_the_resolve_benchmark_runs_to_its_figures():
    import subprocess
    import sys
    from pathlib import Path

    bench = Path(__file__).resolve().parents[1] / "bench" / "datasets_resolve.py"
    r = subprocess.run(
        [sys.executable, str(bench), "--papers", "3000", "--titles", "300"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr
    resolved, seeds = r.stdout.strip().splitlines()[-2:]
    assert resolved.startswith("resolve: 300 listed titles") and "wrong 0" in resolved
    assert "the same as the API path (0 differ), 0 wrong; requests to S2: 0" in seeds
