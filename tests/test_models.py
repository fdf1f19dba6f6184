"""The declared shapes of upstream answers (:mod:`enrich.sources.models`)."""

from __future__ import annotations

import json

import pytest

from enrich.sources.models import (
    S2Record,
    arxiv_entry_problem,
    belongs,
    s2_endpoint,
    s2_problem,
)
from tests.conftest import API_SAMPLES

URL = "https://api.semanticscholar.org/graph/v1/paper/x"


@pytest.mark.parametrize("path", sorted(API_SAMPLES.glob("s2_*.json")), ids=lambda p: p.name)
def test_every_recorded_200_body_has_its_declared_shape(path):
    name = path.name
    if "error" in name or "404" in name:
        return
    endpoint = next(e for e in ("match", "bulk", "search", "batch", "paper") if e in name)
    content = path.read_bytes()
    ids = None
    if endpoint == "batch":  # the ids of the recorded requests (INDEX.md)
        sha = "0f40b1f08821e22e859c6050916cec3667778613"
        asked = ["CorpusId:470667", "10.2139/ssrn.2250500", sha]
        if "null" in name:
            asked = ["CorpusId:211530585", *asked]
        ids = json.dumps({"ids": asked})
    url = "https://x/graph/v1/paper/10.1093/mind/lix.236.433"
    if "paperqa" in name:
        url = "https://x/graph/v1/paper/DOI:10.48550/arxiv.2312.07559"
    assert s2_problem(endpoint, content, ids.encode() if ids else None, url) is None


@pytest.mark.parametrize(
    ("endpoint", "body", "says"),
    [
        ("match", b'{"data": [{"paperId": 12345, "title": "A"}]}', "data.0.paperId"),
        ("match", b"[]", "the body: Input should be an object"),
        ("match", b'{"data": "oops"}', "data: Input should be a valid array"),
        ("search", b'{"data": []}', "total: Field required"),
        ("match", b'{"data": []}', "data: List should have at least 1 item"),
        ("bulk", b'{"total": 1, "token": 5, "data": []}', "token"),
        ("paper", b'{"paperId": "x", "year": "2020"}', "year: Input should be a valid integer"),
    ],
)
def test_wrong_shapes_are_named(endpoint, body, says):
    problem = s2_problem(endpoint, body, None, URL)
    assert problem is not None and says in problem, problem


def test_search_without_data_key_is_zero_hits_not_a_wrong_shape():
    assert s2_problem("search", b'{"total": 0, "offset": 0}', None, URL) is None


def test_batch_must_answer_one_item_per_id_and_the_ids_asked():
    asked = json.dumps({"ids": ["a", "b", "c"]}).encode()
    one = {"paperId": "a", "externalIds": {}}
    assert "3 ids asked" in s2_problem("batch", json.dumps([one]).encode(), asked, URL)
    same = json.dumps([one, one, one]).encode()
    assert "2 of 3 items answer another id" in s2_problem("batch", same, asked, URL)
    strings = s2_problem("batch", b'["oops", "oops", "oops"]', asked, URL)
    assert strings.startswith("wrong shape for S2 batch: 0:")


def test_a_merged_record_alone_is_not_a_wrong_batch():
    asked = json.dumps({"ids": [f"p{i}" for i in range(20)]}).encode()
    items = [{"paperId": f"p{i}"} for i in range(19)] + [{"paperId": "merged"}]
    assert s2_problem("batch", json.dumps(items).encode(), asked, URL) is None


def test_belongs_by_paper_id_or_external_id():
    rec = S2Record.model_validate(
        {"paperId": "abc", "externalIds": {"ArXiv": "2309.06180", "DOI": "10.1/X", "CorpusId": 7}}
    )
    assert belongs("ABC", rec)
    assert belongs("ARXIV:2309.06180v2", rec)
    assert belongs("DOI:10.1/x", rec) and belongs("10.1/x", rec)
    assert belongs("CorpusId:7", rec)
    assert not belongs("ARXIV:2309.99999", rec)
    assert not belongs("other", rec)
    # ids cannot be checked when the answer was not asked for them
    assert belongs("ARXIV:1", S2Record.model_validate({"paperId": "abc", "title": "t"}))


def test_paper_by_id_must_be_the_paper_asked():
    body = b'{"paperId": "zzz", "externalIds": {"DOI": "10.1/a"}}'
    assert "asked for DOI:10.1/b" in s2_problem("paper", body, None, f"{URL[:-1]}DOI:10.1/b")
    assert s2_problem("paper", body, None, f"{URL[:-1]}DOI:10.1/a") is None


def test_endpoints_by_path():
    assert s2_endpoint("/paper/search/match") == "match"
    assert s2_endpoint("/paper/search/bulk") == "bulk"
    assert s2_endpoint("/paper/search") == "search"
    assert s2_endpoint("/paper/batch") == "batch"
    assert s2_endpoint("/paper/DOI:10.1093/mind/lix.236.433") == "paper"
    assert s2_endpoint("/author/1") is None


def test_arxiv_junk_entries_are_named():
    assert arxiv_entry_problem("2309.06180", "A title", "2023-09-11") is None
    assert arxiv_entry_problem("2309.06180", "0", "2023-09-11") is None  # a title "0" is one
    assert "title" in arxiv_entry_problem("2309.06180", "", "2023-09-11")
    assert "published" in arxiv_entry_problem("2309.06180", "A", "yesterday")
    assert "arxiv_id" in arxiv_entry_problem("nope", "A", "2023-09-11")
