"""The local replica of S2 and arXiv answers with the upstream shapes and quirks.

Plain ``requests`` against 127.0.0.1; each test starts its own pair of servers (cheap). Shapes are
compared with the recorded bodies in ``tests/fixtures/api-samples``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import requests

from enrich.sources.arxiv import parse_feed
from tests.conftest import SEEDS, sample_bytes
from tests.replica import SEEDS_WORLD, World, load_seeds_world, start_replica
from tests.replica.build import check_world, paper_id
from tests.replica.build_seeds_world import build, seed_entries
from tests.replica.gen import generate
from tests.replica.server import MAX_FAULTS_PER_REQUEST, S2_429_BODY, RateGate
from tests.replica.world import normalize_title

ATOM = "{http://www.w3.org/2005/Atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
ARXIV = "{http://arxiv.org/schemas/atom}"
TIMEOUT = 5


@pytest.fixture(scope="module")
def world() -> World:
    return load_seeds_world()


@pytest.fixture
def replica(world):
    with start_replica(world) as r:
        yield r


@pytest.fixture
def http():
    with requests.Session() as s:
        yield s


def by_title(world: World, title: str) -> dict:
    return world.papers[paper_id(title)]


# ---- S2: /paper/search/match -----------------------------------------------------------------


def test_match_returns_requested_fields_with_match_score_last(replica, http):
    r = http.get(f"{replica.s2_url}/paper/search/match", timeout=TIMEOUT, params={
        "query": "Gandiva: Introspective cluster scheduling for deep learning",
        "fields": "year,title,externalIds,authors,venue"})
    assert r.status_code == 200
    (hit,) = r.json()["data"]
    assert list(hit) == ["paperId", "externalIds", "title", "venue", "year", "authors",
                         "matchScore"]
    assert hit["title"] == "Gandiva: Introspective Cluster Scheduling for Deep Learning"
    assert isinstance(hit["matchScore"], float) and hit["matchScore"] > 100
    assert isinstance(hit["externalIds"]["CorpusId"], int)
    assert set(hit["authors"][0]) == {"authorId", "name"}


def test_match_404_title_not_found(replica, http):
    r = http.get(f"{replica.s2_url}/paper/search/match", params={"query": "askldjrq3rjaw938h"},
                 timeout=TIMEOUT)
    assert r.status_code == 404
    assert r.content == sample_bytes("s2_match_404_title_not_found.json").strip()


def test_match_can_return_a_look_alike(replica, http):
    """S2's match answers the Gemini (SOSP'23) title with Google's Gemini report."""
    r = http.get(f"{replica.s2_url}/paper/search/match", timeout=TIMEOUT, params={
        "query": "GEMINI: Fast Failure Recovery in Distributed Training with In-Memory "
                 "Checkpoints", "fields": "title"})
    assert r.json()["data"][0]["title"] == "Gemini: A Family of Highly Capable Multimodal Models"


def test_match_variant_titles_land_on_one_paper(world):
    ids = {world.match(t)[0]["paperId"] for t in (
        "ORCA: A Distributed Serving System for Transformer-Based Generative Models",
        "Orca: A Distributed Serving System for Transformer-Based Language Generation Tasks",
        "Orca: A Distributed Serving System for Transformer-Based Generative Models")}
    assert ids == {paper_id("Orca: A Distributed Serving System for Transformer-Based "
                            "Generative Models")}
    assert world.match("Orca")[0]["title"].startswith("Orca: Progressive Learning")


# ---- S2: /paper/search -----------------------------------------------------------------------


def test_search_without_data_key(replica, http):
    r = http.get(f"{replica.s2_url}/paper/search", timeout=TIMEOUT,
                 params={"query": "n0 r3sult s3arch t3rm", "fields": "title"})
    assert r.json() == json.loads(sample_bytes("s2_search_empty_no_results.json"))
    assert "data" not in r.json()


def test_search_pages_with_next_only_when_more(replica, http):
    url = f"{replica.s2_url}/paper/search"
    first = http.get(url, params={"query": "pipeline parallelism", "limit": 2},
                     timeout=TIMEOUT).json()
    assert first["offset"] == 0 and first["next"] == 2 and len(first["data"]) == 2
    assert set(first["data"][0]) == {"paperId", "title"}  # no fields: paperId + title
    last_offset = first["total"] - 2
    last = http.get(url, params={"query": "pipeline parallelism", "limit": 2,
                                 "offset": last_offset}, timeout=TIMEOUT).json()
    assert "next" not in last and len(last["data"]) == 2


# ---- S2: /paper/batch and /paper/{id} --------------------------------------------------------


def test_batch_null_entries_in_request_order(replica, http, world):
    vllm = by_title(world, "Efficient Memory Management for Large Language Model Serving with "
                           "PagedAttention")
    corpus = vllm["externalIds"]["CorpusId"]
    ids = ["ARXIV:2309.06180v2", "CorpusId:1", f"CorpusId:{corpus}", "DOI:10.1145/3600006.3613165",
           "10.1145/3600006.3613165", vllm["paperId"], "0" * 40]
    r = http.post(f"{replica.s2_url}/paper/batch", params={"fields": "title"}, json={"ids": ids},
                  timeout=TIMEOUT)
    got = r.json()
    assert r.status_code == 200 and len(got) == len(ids)
    assert got[1] is None and got[6] is None
    assert {g["paperId"] for g in got if g} == {vllm["paperId"]}


def test_batch_resolves_arxiv_id_to_a_differently_titled_record(replica, http):
    r = http.post(f"{replica.s2_url}/paper/batch", params={"fields": "title,externalIds"},
                  json={"ids": ["ARXIV:2308.16369"]}, timeout=TIMEOUT)
    (paper,) = r.json()
    assert paper["externalIds"]["ArXiv"] == "2308.16369"
    assert paper["title"] != "SARATHI: Efficient LLM Inference by Piggybacking Decodes with " \
                             "Chunked Prefills"


def test_batch_over_500_ids_is_400(replica, http):
    r = http.post(f"{replica.s2_url}/paper/batch", params={"fields": "title"},
                  json={"ids": [f"CorpusId:{i}" for i in range(501)]}, timeout=TIMEOUT)
    assert r.status_code == 400 and "error" in r.json()


def test_batch_citations_is_empty_list(replica, http, world):
    cited = by_title(world, "Attention is All you Need")
    assert world.citations_of(cited["paperId"])  # the world has citing papers...
    r = http.post(f"{replica.s2_url}/paper/batch", params={"fields": "citations,title"},
                  json={"ids": [cited["paperId"]]}, timeout=TIMEOUT)
    assert r.json()[0]["citations"] == []  # ...but batch answers [] (real S2 quirk)


def test_references_paper_ids_include_nulls(replica, http, world):
    ids = list(world.papers)[:300]
    r = http.post(f"{replica.s2_url}/paper/batch", params={"fields": "references.paperId"},
                  json={"ids": ids}, timeout=TIMEOUT)
    refs = [ref for paper in r.json() for ref in paper["references"]]
    assert all(list(ref) == ["paperId"] for ref in refs)
    assert any(ref["paperId"] is None for ref in refs)
    assert any(ref["paperId"] in world.papers for ref in refs)  # internal citation edges


def test_paper_by_id_and_404(replica, http):
    ok = http.get(f"{replica.s2_url}/paper/DOI:10.1145/3600006.3613165",
                  params={"fields": "title,year"}, timeout=TIMEOUT)
    assert ok.status_code == 200 and ok.json()["year"] == 2023
    missing = http.get(f"{replica.s2_url}/paper/0", params={"fields": "title"}, timeout=TIMEOUT)
    assert missing.status_code == 404
    assert missing.content == sample_bytes("s2_error_404_paper_not_found.json").strip()


def test_unknown_field_is_400(replica, http):
    r = http.get(f"{replica.s2_url}/paper/search/match", timeout=TIMEOUT,
                 params={"query": "Ray", "fields": "unknown"})
    assert r.status_code == 400
    assert r.content == sample_bytes("s2_error_400_unrecognized_field.json").strip()


def test_world_has_the_real_nulls_and_gaps(world):
    papers = list(world.papers.values())
    assert 0.2 < sum(p["abstract"] is None for p in papers) / len(papers) < 0.4
    assert any(p["venue"] == "" for p in papers)
    assert any(p["journal"] is None for p in papers)
    assert any(p["journal"] and "name" not in p["journal"] for p in papers)
    assert any(p["publicationDate"] is None for p in papers)
    assert any("DOI" not in p["externalIds"] for p in papers)
    non_oa = [p["openAccessPdf"] for p in papers if not p["isOpenAccess"]]
    assert non_oa and all(set(o) == {"url", "status", "license", "disclaimer"} and o["url"] == ""
                          and o["status"] is None for o in non_oa)


# ---- arXiv ------------------------------------------------------------------------------------


def test_arxiv_feed_shape_matches_the_new_format(replica, http):
    r = http.get(replica.arxiv_url, timeout=TIMEOUT, params={
        "search_query": 'ti:"Efficient Memory Management for Large Language Model Serving with '
                        'PagedAttention"'})
    assert r.status_code == 200
    assert r.content.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<feed xmlns:opensearch")
    feed = ET.fromstring(r.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{OPENSEARCH}totalResults").text == "1"
    assert feed.find(f"{OPENSEARCH}startIndex").text == "0"
    assert feed.find(f"{OPENSEARCH}itemsPerPage").text == "10"
    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}id").text.startswith("http://arxiv.org/abs/2309.06180v")
    real = ET.fromstring(sample_bytes("arxiv_title_phrase_search_reach_2307.00099.xml"))
    real_order = list(dict.fromkeys(child.tag for child in real.find(f"{ATOM}entry")))
    our_order = list(dict.fromkeys(child.tag for child in entry))
    assert _subsequence(our_order, real_order), our_order
    pdf = [link for link in entry.findall(f"{ATOM}link") if link.get("title") == "pdf"]
    assert pdf and pdf[0].get("href").startswith("https://arxiv.org/pdf/2309.06180v")
    assert entry.find(f"{ARXIV}primary_category") is not None


def _subsequence(small: list[str], big: list[str]) -> bool:
    it = iter(big)
    return all(tag in it for tag in small)


def test_arxiv_word_and_all_queries(replica, http):
    for q in ("ti:sarathi AND ti:piggybacking", "all:piggybacking", "sarathi piggybacking"):
        feed = ET.fromstring(http.get(replica.arxiv_url, params={"search_query": q},
                                      timeout=TIMEOUT).content)
        ids = [e.find(f"{ATOM}id").text for e in feed.findall(f"{ATOM}entry")]
        assert any("2308.16369" in i for i in ids), q


def test_arxiv_id_list_drops_unknown_ids(replica, http):
    r = http.get(replica.arxiv_url, params={"id_list": "0808.05394,2309.06180v1,1909.08053",
                                            "max_results": 100}, timeout=TIMEOUT)
    feed = ET.fromstring(r.content)
    ids = [e.find(f"{ATOM}id").text for e in feed.findall(f"{ATOM}entry")]
    assert len(ids) == 2 and "2309.06180" in ids[0] and "1909.08053" in ids[1]
    assert feed.find(f"{OPENSEARCH}totalResults").text == "2"


def test_arxiv_malformed_id_is_an_error_feed(replica, http):
    r = http.get(replica.arxiv_url, params={"id_list": "abc"}, timeout=TIMEOUT)
    assert r.status_code == 400
    ours = ET.fromstring(r.content)
    real = ET.fromstring(sample_bytes("arxiv_error_400_bad_id_abc.xml"))
    for feed in (ours, real):
        (entry,) = feed.findall(f"{ATOM}entry")
        assert entry.find(f"{ATOM}title").text == "Error"
        assert feed.find(f"{OPENSEARCH}totalResults").text == "1"
    assert ours.find(f"{ATOM}entry/{ATOM}id").text == real.find(f"{ATOM}entry/{ATOM}id").text


def test_arxiv_a_long_get_is_414_but_the_same_form_post_is_answered(replica, http):
    # arXiv's quirk is the URL's length, not the id count: 1,000 ids fit a POST body
    ids = ",".join(["2309.06180", *(f"2301.{i:05d}" for i in range(999))])
    params = {"id_list": ids, "max_results": 1000}
    assert http.get(replica.arxiv_url, params=params, timeout=TIMEOUT).status_code == 414
    r = http.post(replica.arxiv_url, data=params, timeout=TIMEOUT)
    assert r.status_code == 200
    assert [e.arxiv_id for e in parse_feed(r.content).entries] == ["2309.06180"]
    assert [(rec.method, rec.status) for rec in replica.records(endpoint="arxiv.id_list")] == [
        ("GET", 414), ("POST", 200),
    ]  # fmt: skip


def test_arxiv_max_results_is_capped_at_2000(replica, http):
    q = {"search_query": "all:a", "max_results": 5000}
    r = http.post(replica.arxiv_url, data=q, timeout=TIMEOUT)
    feed = ET.fromstring(r.content)
    assert feed.find(f"{OPENSEARCH}itemsPerPage").text == "2000"


# ---- rate limits -----------------------------------------------------------------------------


def test_s2_rate_limit_is_json_429_without_retry_after(world, http):
    with start_replica(world, s2_rps=1) as replica:
        url = f"{replica.s2_url}/paper/0"
        first, second = http.get(url, timeout=TIMEOUT), http.get(url, timeout=TIMEOUT)
    assert first.status_code == 404 and second.status_code == 429
    assert second.content == S2_429_BODY
    assert json.loads(second.content) == json.loads(
        sample_bytes("s2_error_429_too_many_requests.json"))
    assert second.headers["x-amzn-ErrorType"] == "TooManyRequestsException"
    assert "Retry-After" not in second.headers


def test_arxiv_rate_limit_is_plain_text(world, http):
    with start_replica(world, arxiv_interval=1.0) as replica:
        http.get(replica.arxiv_url, params={"id_list": "2309.06180"}, timeout=TIMEOUT)
        r = http.get(replica.arxiv_url, params={"id_list": "2309.06180"}, timeout=TIMEOUT)
    assert r.status_code == 429 and r.text == "Rate exceeded."
    assert r.headers["Content-Type"].startswith("text/plain")


def test_rate_gate_forgives_jitter_but_not_speed():
    now = [0.0]
    gate = RateGate(0.1, clock=lambda: now[0])
    on_time = []
    for i in range(20):  # a client at exactly the rate, arriving up to 10 ms late or early
        now[0] = i * 0.1 + (0.01 if i % 2 else -0.01)
        on_time.append(gate.admit())
    assert all(on_time)
    fast = []
    for i in range(20):  # 10% too fast
        now[0] = 3.0 + i * 0.09
        fast.append(gate.admit())
    assert not all(fast)
    burst = RateGate(0.1, burst=3, clock=lambda: now[0])
    now[0] = 10.0
    assert [burst.admit() for _ in range(4)] == [True, True, True, False]


# ---- faults ----------------------------------------------------------------------------------


def _run(world, seed: int, faults) -> list[tuple[int | None, str | None]]:
    with start_replica(world, faults=faults, seed=seed, slow=0.01) as replica, \
            requests.Session() as s:
        for title in ("Ray", "Alpa", "Tabi", "Sia", "Lucid", "Hydro", "Pollux", "Hare"):
            for _ in range(MAX_FAULTS_PER_REQUEST + 1):
                try:
                    r = s.get(f"{replica.s2_url}/paper/search/match", params={"query": title},
                              timeout=TIMEOUT)
                    if r.status_code < 500:
                        break
                except requests.RequestException:
                    continue
            else:
                pytest.fail(f"{title}: no answer after {MAX_FAULTS_PER_REQUEST + 1} attempts")
        return [(rec.status, rec.fault) for rec in replica.log]


def test_seeded_faults_are_deterministic_and_bounded(world):
    first = _run(world, seed=7, faults=0.5)
    assert first == _run(world, seed=7, faults=0.5)
    assert any(f for _, f in first) and any(f is None for _, f in first)
    assert first != _run(world, seed=8, faults=0.5)


def test_reset_and_truncated_bodies_fail_the_client(world, http):
    with start_replica(world, faults={"reset": 1.0}) as replica, \
            pytest.raises(requests.ConnectionError):
        http.get(f"{replica.s2_url}/paper/0", timeout=TIMEOUT)
    with start_replica(world, faults={"truncate": 1.0}) as replica, \
            pytest.raises(requests.exceptions.ChunkedEncodingError):
        requests.get(f"{replica.s2_url}/paper/0", timeout=TIMEOUT)


def test_arxiv_empty_first_page_glitch(world, http):
    q = {"search_query": 'ti:"Learning Memory Access Patterns"'}
    with start_replica(world, faults={"arxiv_empty": 1.0}) as replica:
        totals = [ET.fromstring(http.get(replica.arxiv_url, params=q, timeout=TIMEOUT).content)
                  .find(f"{OPENSEARCH}totalResults").text for _ in range(3)]
    assert totals == ["0", "0", "1"]


# ---- request log and API key -----------------------------------------------------------------


def test_log_records_api_key_presence(world, http):
    with start_replica(world, api_key="sekrit") as replica:
        url = f"{replica.s2_url}/paper/batch"
        ok = http.post(url, params={"fields": "title"}, json={"ids": ["CorpusId:1"]},
                       headers={"x-api-key": "sekrit"}, timeout=TIMEOUT)
        bad = http.post(url, json={"ids": []}, headers={"x-api-key": "nope"}, timeout=TIMEOUT)
        anon = http.get(replica.arxiv_url, params={"id_list": "2309.06180"}, timeout=TIMEOUT)
        log = list(replica.log)
        assert replica.counts() == {"s2.batch": 2, "arxiv.id_list": 1}
        assert replica.counts("status") == {200: 2, 403: 1}
        replica.reset_log()
        assert replica.log == []
    assert ok.status_code == 200 and anon.status_code == 200
    assert bad.status_code == 403 and bad.content == sample_bytes(
        "s2_error_403_forbidden_batch.json").strip()
    assert [(r.api_key_present, r.api_key) for r in log] == [
        (True, "sekrit"), (True, "nope"), (False, None)]
    assert log[0].body == {"ids": ["CorpusId:1"]} and log[0].query == {"fields": "title"}
    assert log[0].method == "POST" and log[0].host == "s2" and log[2].host == "arxiv"


def test_cli_serves_until_killed(tmp_path):
    log = tmp_path / "log.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.replica", "--world", str(SEEDS_WORLD), "--log", str(log)],
        cwd=Path(__file__).resolve().parents[1], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    try:
        lines = dict(proc.stdout.readline().strip().split("=", 1) for _ in range(2))
        r = requests.get(f"{lines['ENRICH_S2_URL']}/paper/ARXIV:1909.08053",
                         params={"fields": "year"}, timeout=TIMEOUT)
        assert r.json()["year"] == 2019
        assert lines["ENRICH_ARXIV_URL"].endswith("/api/query")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert json.loads(log.read_text().splitlines()[0])["endpoint"] == "s2.paper"


# ---- the seed world --------------------------------------------------------------------------


def test_truth_covers_every_entry_of_every_seed_list(world):
    truth = {row["list_title"]: row for row in world.truth}
    counts = {}
    for path in sorted(SEEDS.glob("*.txt")):
        entries = seed_entries(path.read_text(encoding="utf-8"))
        counts[path.name[:3]] = len(entries)
        for title, _alias, _venue in entries:
            assert title in truth, f"{path.name}: no truth for {title!r}"
            assert path.name in truth[title]["files"]
    assert counts == {"000": 84, "001": 34, "002": 22, "004": 97}


def test_seed_world_is_consistent(world):
    assert check_world(world) == []
    for row in world.truth:
        expect = row["expect"]
        if expect and expect.startswith("s2:"):
            assert expect[3:] in world.papers
        elif expect:
            assert expect[6:] in world.entries and world.lookup(f"ARXIV:{expect[6:]}") is None


def test_seed_world_has_every_kind_of_trouble(world):
    paths = [row["path"] for row in world.truth]
    assert paths.count("arxiv-only") >= 4 and paths.count("nowhere") >= 3
    assert paths.count("arxiv") >= 3
    retitled = [r for r in world.truth if r["path"] == "arxiv" and world.match(r["list_title"])
                is None]
    assert len(retitled) >= 3  # S2 holds these under another title
    look_alikes = [r for r in world.truth if r["path"] in ("arxiv", "arxiv-only", "nowhere")
                   and world.match(r["list_title"]) is not None]
    assert len(look_alikes) >= 3
    for title in look_alikes:
        got = world.match(title["list_title"])[0]
        assert normalize_title(got["title"]) != normalize_title(title["list_title"])


def test_committed_seed_world_is_up_to_date(world):
    assert build() == world.data, "run: python -m tests.replica.build_seeds_world"


# ---- generated worlds ------------------------------------------------------------------------


def test_generated_world_is_deterministic_and_consistent():
    world, text = generate(150, seed=3)
    again, text_again = generate(150, seed=3)
    assert world == again and text == text_again
    assert len(seed_entries(text)) == 150
    assert check_world(World(world)) == []
    paths = {row["path"] for row in world["truth"]}
    assert paths == {"match", "arxiv", "arxiv-only", "nowhere"}
    assert any(p["abstract"] is None for p in world["s2"]["papers"])


def test_generated_world_has_every_hard_case():
    """``hard.py``'s cases: twins and duplicates are S2 records with the listed title, decoys
    carry another year, and bulk search misses the unindexed papers."""
    from tests.replica.bulk import BulkIndex
    from tests.replica.hard import KINDS

    world, _ = generate(400, seed=0)
    w = World(world)
    cases = {row["case"] for row in world["truth"]}
    assert {kind for kind, _ in KINDS} <= cases
    assert check_world(w) == []
    for row in world["truth"]:
        expect = w.papers.get((row["expect"] or "")[3:])
        for pid in row.get("also", ()):
            assert normalize_title(w.papers[pid]["title"]) == normalize_title(expect["title"])
        if row["case"] == "decoy-year":
            (decoy,) = row.get("decoys", ()) or row["also"]
            assert abs(w.papers[decoy]["year"] - expect["year"]) >= 3
    in_bulk = {doc.paper["paperId"] for doc in BulkIndex(w).docs}
    assert world["meta"]["unindexed"] and not in_bulk & set(world["meta"]["unindexed"])


def test_truth_uses_the_titles_the_real_ingest_produces(world):
    """Guards against drift between this world's truth and ``enrich.parse``."""
    parse = pytest.importorskip("enrich.parse")
    truth = {row["list_title"]: row for row in world.truth}
    for path in sorted(SEEDS.glob("*.txt")):
        for entry in parse.parse_list(path.read_text(encoding="utf-8"), path.name).entries:
            assert entry.title in truth, f"{path.name}:{entry.line}: {entry.title!r}"
            assert path.name in truth[entry.title]["files"]
