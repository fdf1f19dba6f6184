"""End to end through the real CLI against the local replica of S2 and arXiv (127.0.0.1 only).

The seed lists in data/raw run against ``tests/replica/worlds/seeds.json``, a world with the
upstream quirks the pipeline must survive: look-alikes, renamed titles, arXiv-only papers,
null abstracts, titles that exist nowhere. Limits are scaled down (S2 20-50 req/s, arXiv 20 ms)
so the whole module runs in about a minute.

``ENRICH_S2_BULK=0 pytest -m e2e`` runs every test on the path without title batches (one
request a title); the request budget is then the naive path's.
"""

from __future__ import annotations

import json
import math
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from enrich.sources.arxiv import ID_LIST_LIMIT
from enrich.sources.s2 import MATCH_FIELDS
from tests.conftest import SEEDS
from tests.replica import load_seeds_world, start_replica
from tests.replica.scoring import score

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[1]
SECRET = "sk-e2e-secret-0123456789"
FAST = {
    "ENRICH_S2_RPS": "50",
    "ENRICH_ARXIV_DELAY": "0.02",
    "ENRICH_BACKOFF_BASE": "0.02",
    "ENRICH_BACKOFF_MAX": "0.5",
    "ENRICH_MAX_ATTEMPTS": "12",
    "ENRICH_MAX_WAIT": "60",
    "ENRICH_TIMEOUT": "5",
}
WORLD = load_seeds_world()
BULK = os.environ.get("ENRICH_S2_BULK", "1").strip() != "0"
"""Title batches on (the default), or the one-request-a-title path for the whole module."""
BUDGET = 0.25 if BULK else 1.15
"""Requests per paper a first run may make (issue 13 with batches, issue 5 without)."""


def enrich_env(replica, cache: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "S2_API_KEY" and not k.startswith("ENRICH_")}
    env.update(FAST)
    env["ENRICH_S2_BULK"] = "1" if BULK else "0"
    env.update(
        ENRICH_S2_URL=replica.s2_url, ENRICH_ARXIV_URL=replica.arxiv_url, ENRICH_CACHE=str(cache)
    )
    env.update(extra)
    return env


def cli(
    *args: str, env: dict[str, str], timeout: float = 300, raw: Path = SEEDS
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "enrich.cli", *args, "--raw", str(raw)],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )


def outcome(out: Path) -> dict[str, tuple]:
    """What a run decided, comparable across runs: paper → (status, S2 id, arXiv id, titles)."""
    rows = pq.read_table(out / "latest" / "papers.parquet").to_pylist()
    return {
        r["paper_id"]: (
            r["match_status"],
            r["s2_paper_id"],
            r["arxiv_id"],
            tuple(sorted(r["input_titles"])),
        )
        for r in rows
    }


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """One clean first run of the seed lists; later tests compare against it."""
    base = tmp_path_factory.mktemp("clean")
    # Client and server limits match: 20 req/s for S2 (jitter of a loaded CI machine is small
    # next to 50 ms), 20 ms for arXiv.
    with start_replica(WORLD, s2_rps=20, arxiv_interval=0.02) as replica:
        env = enrich_env(replica, base / "cache.sqlite", ENRICH_S2_RPS="20")
        result = cli("run", "--out", str(base / "out"), env=env)
        log = list(replica.log)
    assert result.returncode == 0, result.stderr
    return {"base": base, "env": env, "result": result, "log": log, "out": base / "out"}


def test_seed_lists_resolve_with_no_wrong_paper_and_none_missed(clean):
    s = score(WORLD.truth, clean["out"] / "latest")
    assert s.wrong == [], s.summary()
    assert s.missed == [], s.summary()
    assert s.absent == []
    mentions = pq.read_table(clean["out"] / "latest" / "mentions.parquet")
    assert mentions.num_rows == 237
    assert "total: 237 entries in 4 files" in clean["result"].stdout


def test_first_run_request_budget_and_no_429_at_matching_limits(clean):
    log = clean["log"]
    papers = len(outcome(clean["out"]))
    by = Counter(r.endpoint for r in log)
    assert len(log) / papers <= BUDGET, f"{len(log)} requests for {papers} papers: {by}"
    assert not [r for r in log if r.status == 429]
    assert set(by) <= {"s2.bulk", "s2.match", "s2.batch", "arxiv.search", "arxiv.id_list"}
    manifest = json.loads((clean["out"] / "latest" / "manifest.json").read_text())
    assert sum(manifest["requests_by_host"].values()) == len(log)


def test_cached_rerun_makes_zero_requests(clean, tmp_path):
    from urllib.parse import urlparse

    # the same upstream URLs (the cache is keyed on them): restart the replica on the same ports
    ports = {k: urlparse(clean["env"][k]).port for k in ("ENRICH_S2_URL", "ENRICH_ARXIV_URL")}
    with start_replica(
        WORLD, s2_port=ports["ENRICH_S2_URL"], arxiv_port=ports["ENRICH_ARXIV_URL"]
    ) as replica:
        result = cli("run", "--out", str(tmp_path / "out"), env=clean["env"])
        assert result.returncode == 0, result.stderr
        assert list(replica.log) == []
    assert outcome(tmp_path / "out") == outcome(clean["out"])
    manifest = json.loads((tmp_path / "out" / "latest" / "manifest.json").read_text())
    answered = [r for r in clean["log"] if r.status in (200, 404)]
    assert manifest["requests_by_host"] == {} and manifest["cache_hits"] >= len(answered) > 0


def _same_ports(clean) -> dict[str, int]:
    """The clean run's replica ports: the cache is keyed on the URLs, ports included."""
    from urllib.parse import urlparse

    return {
        "s2_port": urlparse(clean["env"]["ENRICH_S2_URL"]).port,
        "arxiv_port": urlparse(clean["env"]["ENRICH_ARXIV_URL"]).port,
    }


def test_one_title_added_to_a_list_costs_at_most_three_requests(clean, tmp_path):
    # issue 13: bulk batches are stable (a trie on the title key's hash), so a one-line edit
    # changes one batch; the rest of the run comes from the cache
    import shutil

    raw = tmp_path / "raw"
    shutil.copytree(SEEDS, raw)
    first = sorted(raw.iterdir())[0]
    added = "Large-scale cluster management at Google with Borg"
    first.write_text(first.read_text() + f"\n    • {added} (EuroSys15)\n")
    cache = tmp_path / "cache.sqlite"
    shutil.copy(clean["base"] / "cache.sqlite", cache)
    env = {**clean["env"], "ENRICH_CACHE": str(cache)}
    with start_replica(WORLD, s2_rps=20, arxiv_interval=0.02, **_same_ports(clean)) as replica:
        result = cli("run", "--out", str(tmp_path / "out"), env=env, raw=raw)
        log = list(replica.log)
    assert result.returncode == 0, result.stderr
    assert len(log) <= 3, Counter(r.endpoint for r in log)
    papers = pq.read_table(tmp_path / "out" / "latest" / "papers.parquet").to_pylist()
    borg = [p for p in papers if p["title"] == added]
    assert len(borg) == 1 and borg[0]["match_status"] == "resolved"
    assert len(papers) == len(outcome(clean["out"])) + 1


def test_without_bulk_batches_the_same_papers_one_request_a_title(clean, tmp_path):
    # ENRICH_S2_BULK=0: the path before issue 13 (S2 match, arXiv single search), same result
    with start_replica(WORLD, s2_rps=50, arxiv_interval=0.02) as replica:
        env = enrich_env(replica, tmp_path / "cache.sqlite", ENRICH_S2_BULK="0")
        result = cli("run", "--out", str(tmp_path / "out"), env=env)
        log = list(replica.log)
    assert result.returncode == 0, result.stderr
    by = Counter(r.endpoint for r in log)
    assert "s2.bulk" not in by and by["s2.match"] >= 190
    assert outcome(tmp_path / "out") == {
        pid: row for pid, row in outcome(clean["out"]).items()
    }
    s = score(WORLD.truth, tmp_path / "out" / "latest")
    assert s.wrong == [] and s.missed == []
    methods = {
        r["match_method"]
        for r in pq.read_table(tmp_path / "out" / "latest" / "papers.parquet").to_pylist()
    }
    assert not methods & {"s2_bulk", "arxiv_batch"}


def test_refresh_uses_batches_only_and_adds_a_snapshot(tmp_path):
    with start_replica(WORLD, s2_rps=50, arxiv_interval=0.02) as replica:
        env = enrich_env(replica, tmp_path / "cache.sqlite")
        out = str(tmp_path / "out")
        assert cli("run", "--out", out, env=env).returncode == 0
        replica.reset_log()
        listed = pq.read_table(tmp_path / "out" / "latest" / "papers.parquet")["s2_paper_id"]
        cited = replica.world.papers[next(i for i in listed.to_pylist() if i)]
        cited["citationCount"] += 1  # a day later: a count moved, so refresh has news
        try:
            result = cli("refresh", "--out", out, env=env)
        finally:
            cited["citationCount"] -= 1  # WORLD is shared by the module's tests
        assert result.returncode == 0, result.stderr
        log = list(replica.log)
    papers = pq.read_table(tmp_path / "out" / "latest" / "papers.parquet").to_pylist()
    n_s2 = sum(p["s2_paper_id"] is not None for p in papers)
    n_arxiv = sum(p["arxiv_id"] is not None for p in papers)
    by = {}
    for r in log:
        by[r.endpoint] = by.get(r.endpoint, 0) + 1
    assert set(by) <= {"s2.batch", "arxiv.id_list"}, by
    assert by.get("s2.batch", 0) <= math.ceil(n_s2 / 500)
    assert by.get("arxiv.id_list", 0) <= math.ceil(n_arxiv / ID_LIST_LIMIT)  # stable chunks
    import pandas as pd

    history = pd.read_parquet(tmp_path / "out" / "papers")
    assert history.snapshot.nunique() == 2


def test_429_storms_and_injected_faults_give_the_clean_result(clean, tmp_path):
    # The client asks for 100 req/s where the replica allows 25: a storm of 429s without
    # Retry-After; on top, 15% of requests get a 5xx, a reset, a truncated body or a slow answer.
    with start_replica(WORLD, s2_rps=25, arxiv_interval=0.01, faults=0.15, seed=7, slow=0.2) as rep:
        env = enrich_env(
            rep, tmp_path / "cache.sqlite", ENRICH_S2_RPS="100", ENRICH_ARXIV_DELAY="0.005"
        )
        result = cli("run", "--out", str(tmp_path / "out"), env=env)
        log = list(rep.log)
    assert result.returncode == 0, result.stderr
    assert [r for r in log if r.status == 429], "the storm did not happen"
    assert [r for r in log if r.fault], "no fault was injected"
    assert outcome(tmp_path / "out") == outcome(clean["out"])


def test_batches_s2_cannot_answer_whole_give_the_clean_result(clean, tmp_path):
    # s2-folks #58/#59 (large batches time out) and #103 (one id fails every batch holding it)
    listed = pq.read_table(clean["out"] / "latest" / "papers.parquet", columns=["s2_paper_id"])
    s2_ids = sorted(i for i in listed.column(0).to_pylist() if i)
    poison = s2_ids[len(s2_ids) // 2]
    with start_replica(
        WORLD, s2_rps=50, arxiv_interval=0.02, batch_poison={poison}, batch_timeout_over=60
    ) as replica:
        env = enrich_env(replica, tmp_path / "cache.sqlite")
        result = cli("run", "--out", str(tmp_path / "out"), env=env)
        log = list(replica.log)
    assert result.returncode == 0, result.stderr
    papers = pq.read_table(tmp_path / "out" / "latest" / "papers.parquet").to_pylist()
    assert papers == pq.read_table(clean["out"] / "latest" / "papers.parquet").to_pylist()
    answered = [len(r.body["ids"]) for r in log if r.endpoint == "s2.batch" and r.status == 200]
    assert max(answered) <= 60
    assert [r.path for r in log if r.endpoint == "s2.paper"] == [f"/graph/v1/paper/{poison}"]
    assert "asking for that paper by itself" in result.stderr


def test_lists_that_link_papers_resolve_in_batches_to_the_same_papers(clean, tmp_path):
    # The seed lists with a link on each one-line entry: [[arXiv](...)] where the paper has an
    # arXiv id, else [[ACM](https://dl.acm.org/doi/...)] where it has a DOI. S2's records for
    # the links come in one batch; only titles without a link, or whose linked record is
    # another title, are matched one by one.
    latest = clean["out"] / "latest"
    papers = pq.read_table(latest / "papers.parquet", columns=["paper_id", "arxiv_id", "doi"])
    link_of = {
        r["paper_id"]: (
            (f"ARXIV:{r['arxiv_id']}", f"[[arXiv](https://arxiv.org/abs/{r['arxiv_id']}v1)]")
            if r["arxiv_id"]
            else (f"DOI:{r['doi']}", f"[[ACM](https://dl.acm.org/doi/{r['doi']})]")
        )
        for r in papers.to_pylist()
        if r["arxiv_id"] or r["doi"]
    }
    lines = {path.name: path.read_text(encoding="utf-8").split("\n") for path in SEEDS.iterdir()}
    linked: set[str] = set()
    for m in pq.read_table(latest / "mentions.parquet").to_pylist():
        text = lines[m["source_file"]][m["line"] - 1]
        if m["paper_id"] in link_of and text.strip().endswith(m["raw"]):  # not wrapped
            link_id, link = link_of[m["paper_id"]]
            lines[m["source_file"]][m["line"] - 1] = f"{text.rstrip()} {link}"
            linked.add(link_id)
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, text_lines in lines.items():
        (raw / name).write_text("\n".join(text_lines), encoding="utf-8")

    with start_replica(WORLD, s2_rps=50, arxiv_interval=0.02) as replica:
        env = enrich_env(replica, tmp_path / "cache.sqlite")
        result = cli("run", "--out", str(tmp_path / "out"), env=env, raw=raw)
        log = list(replica.log)
        again = cli("run", "--out", str(tmp_path / "again"), env=env, raw=raw)
        assert again.returncode == 0, again.stderr
        assert len(replica.log) == len(log)  # the link batch, like the rest, from the cache
    assert result.returncode == 0, result.stderr
    assert sum(i.startswith("ARXIV:") for i in linked) > 80
    assert sum(i.startswith("DOI:") for i in linked) > 10
    assert outcome(tmp_path / "out") == outcome(clean["out"])
    methods = [
        r["match_method"]
        for r in pq.read_table(tmp_path / "out" / "latest" / "papers.parquet").to_pylist()
    ]
    by_link = methods.count("list_link")
    assert by_link > 100
    clean_matches = sum(r.endpoint == "s2.match" for r in clean["log"])
    assert sum(r.endpoint == "s2.match" for r in log) <= clean_matches
    (resolves,) = [r for r in log if r.endpoint == "s2.batch" and r.query["fields"] == MATCH_FIELDS]
    assert sorted(resolves.body["ids"]) == sorted(linked)


def test_kill_9_mid_run_then_rerun_repeats_no_answered_request(clean, tmp_path):
    out = tmp_path / "out"
    with start_replica(WORLD, s2_rps=40, arxiv_interval=0.02) as replica:
        env = enrich_env(replica, tmp_path / "first.sqlite", ENRICH_S2_RPS="40")
        assert cli("run", "--out", str(out), env=env).returncode == 0
        before = outcome(out)

        # A reader polls the previous snapshot the whole time.
        stop, failures, reads = threading.Event(), [], [0]

        def reader():
            while not stop.is_set():
                try:
                    pq.read_table(out / "latest" / "papers.parquet")
                    reads[0] += 1
                except Exception as exc:  # noqa: BLE001 - any failure to read is the finding
                    failures.append(repr(exc))
                time.sleep(0.01)

        t = threading.Thread(target=reader)
        t.start()
        try:
            replica.reset_log()
            env = enrich_env(replica, tmp_path / "second.sqlite", ENRICH_S2_RPS="40")
            proc = subprocess.Popen(
                [sys.executable, "-m", "enrich.cli", "run", "--raw", str(SEEDS), "--out", str(out)],
                env=env,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            deadline = time.monotonic() + 60
            while len(replica.log) < 25 and time.monotonic() < deadline:
                time.sleep(0.02)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            answered = {
                (r.endpoint, json.dumps(r.query, sort_keys=True), json.dumps(r.body))
                for r in replica.log
                if r.status == 200 or r.status == 404
            }
            assert len(answered) >= 15
            replica.reset_log()
            result = cli("run", "--out", str(out), env=env)
            assert result.returncode == 0, result.stderr
            again = [
                (r.endpoint, json.dumps(r.query, sort_keys=True), json.dumps(r.body))
                for r in replica.log
            ]
        finally:
            stop.set()
            t.join()
    repeated = [r for r in again if r in answered]
    assert len(repeated) <= 3, repeated
    assert failures == [] and reads[0] > 10
    assert outcome(out) == before


def test_api_key_reaches_only_s2_and_is_stored_nowhere(tmp_path):
    with start_replica(WORLD, s2_rps=50, arxiv_interval=0.02, api_key=SECRET) as replica:
        env = enrich_env(replica, tmp_path / "cache.sqlite", S2_API_KEY=SECRET)
        result = cli("run", "-vv", "--out", str(tmp_path / "out"), env=env)
        log = list(replica.log)
    assert result.returncode == 0, result.stderr
    s2 = [r for r in log if r.host == "s2"]
    arxiv = [r for r in log if r.host == "arxiv"]
    assert s2 and all(r.api_key == SECRET for r in s2)
    assert arxiv and not any(r.api_key_present for r in arxiv)
    assert SECRET not in result.stdout + result.stderr
    for path in [tmp_path / "cache.sqlite", *(tmp_path / "out").rglob("*")]:
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


def test_readme_snippets_run_on_real_output(clean, tmp_path):
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"```python\n(.*?)```", readme, re.S).group(1)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "enriched").symlink_to(clean["out"], target_is_directory=True)
    code = block + (
        "\nassert len(papers) > 100 and 'snapshot' in history.columns"
        "\nassert 'arxiv_id' in every.columns and 'snapshot' in every.columns\nprint('ok')\n"
    )
    r = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().endswith("ok")


def test_status_lists_unresolved_titles_with_reasons(clean):
    r = subprocess.run(
        [sys.executable, "-m", "enrich.cli", "status", "--all", "--out", str(clean["out"])],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert r.returncode == 0
    papers = pq.read_table(clean["out"] / "latest" / "papers.parquet").to_pylist()
    open_ = [p for p in papers if p["match_status"] != "resolved"]
    assert open_ and f"{len(open_)} titles not resolved:" in r.stdout
    methods = Counter(p["match_method"] or "none" for p in papers)
    found = ", ".join(f"{k} {v}" for k, v in sorted(methods.items(), key=lambda kv: -kv[1]))
    assert f"\npapers found by: {found}\n" in r.stdout
    for p in open_:
        assert p["input_titles"][0] in r.stdout
        assert p["match_reason"] in r.stdout
