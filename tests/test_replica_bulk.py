"""The replica's ``/paper/search/bulk`` answers like S2's (``tests/replica/bulk.py``): the
operators, stemming, title and abstract, pages in paperId order with a null last token, no
matchScore, 400 for nested fields, 414 past 8,192 URL characters, papers missing from the index,
abstracts quoting famous titles. Shapes compared with the recorded bodies."""

from __future__ import annotations

import json
import time

import pytest
import requests

from tests.conftest import sample_bytes
from tests.replica import load_seeds_world, start_replica
from tests.replica.bulk import FAMOUS, QUOTERS, UNINDEXED_SHARE, index_of, indexed

TIMEOUT = 10
ORCA = "Orca: A Distributed Serving System for Transformer-Based Generative Models"
GANDIVA = "Gandiva: Introspective Cluster Scheduling for Deep Learning"


@pytest.fixture(scope="module")
def world():
    return load_seeds_world()


@pytest.fixture(scope="module")
def replica(world):
    with start_replica(world) as r:
        yield r


def bulk(replica, query, **params):
    r = requests.get(f"{replica.s2_url}/paper/search/bulk", timeout=TIMEOUT,
                     params={"query": query, **params})  # fmt: skip
    return r


def titles(body):
    return {p["title"] for p in body["data"]}


def test_bulk_body_has_the_recorded_keys_in_order_and_no_match_score(replica):
    recorded = json.loads(sample_bytes("s2_bulk_search_kubernetes_last_page_token_null.json"))
    body = bulk(replica, f'"{ORCA}"', fields="title").json()
    assert list(body) == list(recorded) == ["total", "token", "data"]
    assert body["token"] is None and "token" in body  # present and null on the last page
    assert list(body["data"][0]) == ["paperId", "title"]
    assert all("matchScore" not in p for p in body["data"])


def test_or_of_phrases_finds_each_title(replica):
    body = bulk(replica, f'"{ORCA}"|"{GANDIVA}"', fields="title").json()
    assert {ORCA, GANDIVA} <= titles(body)


def test_phrases_are_stemmed_and_case_and_punctuation_free(replica):
    body = bulk(replica, '"orca a distributed serving system for transformer based generative '
                         'model"', fields="title").json()  # fmt: skip
    assert ORCA in titles(body)  # "model" finds "Models"


def test_juxtaposed_words_are_anded_and_minus_negates(replica):
    both = titles(bulk(replica, "orca serving", fields="title").json())
    assert ORCA in both
    assert ORCA not in titles(bulk(replica, "orca -serving", fields="title").json())
    assert ORCA in titles(bulk(replica, "(orca | nothingmatches) + serv*", fields="title").json())


def test_an_unclosed_quote_silently_makes_bare_anded_words(replica):
    body = bulk(replica, '"Orca distributed', fields="title").json()
    assert ORCA in titles(body)  # no error: the meaning changed
    assert bulk(replica, '"Orca distributed serving" | "unclosed phrase', fields="title").ok


def test_the_query_matches_abstracts_too(world, replica):
    paper = next(
        p
        for p in world.papers.values()
        if p.get("abstract") and len(p["abstract"].split()) > 8 and indexed(p["paperId"])
    )
    words = " ".join(paper["abstract"].split()[2:7])
    body = bulk(replica, f'"{words}"', fields="title").json()
    assert paper["title"] in titles(body)


def test_pages_of_1000_in_paper_id_order_then_a_null_token(world, replica):
    famous = index_of(world).docs and sorted(
        world.papers.values(), key=lambda p: (-(p.get("citationCount") or 0), p["paperId"])
    )[0]
    first = bulk(replica, f'"{famous["title"]}"', fields="title").json()
    assert first["total"] > 1000 and len(first["data"]) == 1000 and first["token"]
    recorded = json.loads(sample_bytes("s2_bulk_search_kubernetes_page1_token.json"))["token"]
    assert abs(len(first["token"]) - len(recorded)) <= 8  # a next page's URL grows as S2's does
    ids = [p["paperId"] for p in first["data"]]
    assert ids == sorted(ids)
    last = bulk(replica, f'"{famous["title"]}"', fields="title", token=first["token"]).json()
    assert last["token"] is None and len(last["data"]) == first["total"] - 1000
    assert last["data"][0]["paperId"] > ids[-1]


def test_famous_titles_are_quoted_in_more_than_a_page_of_abstracts(world):
    index = index_of(world)
    quoting = [d for d in index.docs if "revisit" in d.abstract]
    assert len(quoting) == FAMOUS * QUOTERS > 2 * 1000


def test_some_papers_are_missing_from_the_search_index_but_match_finds_them(world, replica):
    missing = [p for p in world.papers.values() if not indexed(p["paperId"])]
    assert 0 < len(missing) < 3 * UNINDEXED_SHARE * len(world.papers)
    paper = missing[0]
    assert paper["title"] not in titles(bulk(replica, f'"{paper["title"]}"', fields="title").json())
    r = requests.get(f"{replica.s2_url}/paper/search/match", timeout=TIMEOUT,
                     params={"query": paper["title"]})  # fmt: skip
    assert r.json()["data"][0]["paperId"] == paper["paperId"]


def test_nested_and_unsupported_fields_are_400(replica):
    r = bulk(replica, '"x"', fields="title,authors.name")
    assert r.status_code == 400 and "authors.name" in r.json()["error"]
    assert bulk(replica, '"x"', fields="title,references").status_code == 400


def test_urls_past_8192_characters_are_414(replica):
    long = "|".join(f'"{ORCA} {i}"' for i in range(120))
    r = bulk(replica, long, fields="title")
    assert r.status_code == 414 and "Request-URI Too Large" in r.text


def test_a_token_of_another_query_is_400(replica):
    assert bulk(replica, '"a b"', token="NOTATOKEN").status_code == 400


def test_latency_delays_every_answer(world):
    with start_replica(world, latency=0.05) as slow:
        started = time.perf_counter()
        assert bulk(slow, f'"{ORCA}"', fields="title").ok
        assert time.perf_counter() - started >= 0.05
