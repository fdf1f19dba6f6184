"""Semantic Scholar client and parser, against recorded responses (exact bytes).

Each test name says which upstream quirk it pins down.
"""

from __future__ import annotations

import json
import logging
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses

from enrich.errors import TransientUpstreamError, UntrustedAnswer, UpstreamError
from enrich.http import make_session
from enrich.records import S2Author, S2Paper
from enrich.settings import Settings
from enrich.sources.models import S2SearchAnswer
from enrich.sources.s2 import (
    BATCH_ATTEMPTS,
    BATCH_LIMIT,
    MATCH_FIELDS,
    PAPER_FIELDS,
    SEARCH_LIMIT_MAX,
    S2Client,
    _validated,
    parse_paper,
)
from tests.conftest import sample_bytes


def search(client: S2Client, title: str, limit: int = 10) -> list[S2Paper]:
    """S2's relevance search (``/paper/search``) through the client's session: the pipeline
    does not use the endpoint, but its answers' shapes are declared and validated, and these
    tests keep the recorded bodies passing.

    Hyphens are replaced by spaces: S2 documents that hyphenated query terms yield no
    matches on this endpoint.
    """
    query = " ".join(title.replace("-", " ").split())
    if not query:
        return []
    limit = max(1, min(int(limit), SEARCH_LIMIT_MAX))
    response = client.session.get(
        f"{client.base_url}/paper/search",
        params={"query": query, "limit": limit, "fields": MATCH_FIELDS},
    )
    # zero hits: {"total": 0, "offset": 0} -- no "data" key at all (the model's default [])
    answer = _validated(response, "search", S2SearchAnswer)
    return [parse_paper(item) for item in answer.data]

S2 = "https://api.semanticscholar.org/graph/v1"
MATCH = f"{S2}/paper/search/match"
SEARCH = f"{S2}/paper/search"
BATCH = f"{S2}/paper/batch"


def sample_json(name: str):
    return json.loads(sample_bytes(name))


@pytest.fixture
def client(tmp_path, fake):
    settings = Settings(cache_path=tmp_path / "http.sqlite", s2_url=S2)
    session = make_session(settings, sleep=fake.sleep, clock=fake.clock)
    yield S2Client(session, settings)
    session.close()


def query(call) -> dict[str, list[str]]:
    return parse_qs(urlsplit(call.request.url).query)


# -- match_title -------------------------------------------------------------------------------


def test_match_attention_is_all_you_need(client, rm):
    rm.get(MATCH, body=sample_bytes("s2_match_attention_is_all_you_need.json"))
    paper = client.match_title("Attention is All you Need")
    assert paper is not None
    assert paper.paper_id == "204e3073870fae3d05bcbc2f6a8e263d9b72e776"
    assert paper.title == "Attention is All you Need"
    assert paper.arxiv_id == "1706.03762"
    assert paper.doi is None  # S2 has no DOI for it
    assert paper.year == 2017
    assert paper.venue == "Neural Information Processing Systems"
    assert paper.authors[0] == S2Author("Ashish Vaswani", "40348417")
    assert len(paper.authors) == 8
    assert paper.match_score == pytest.approx(133.32033)
    assert query(rm.calls[0]) == {"query": ["Attention is All you Need"], "fields": [MATCH_FIELDS]}


def test_open_access_pdf_empty_url_is_none(client, rm):
    rm.get(MATCH, body=sample_bytes("s2_match_attention_is_all_you_need.json"))
    paper = client.match_title("Attention is All you Need")
    assert paper is not None and paper.open_access_pdf is None


def test_match_404_title_not_found_is_none_and_cached(client, rm):
    rm.get(MATCH, status=404, body=sample_bytes("s2_match_404_title_not_found.json"))
    assert client.match_title("askldjrq3rjaw938h") is None
    assert client.match_title("askldjrq3rjaw938h") is None
    assert len(rm.calls) == 1


def test_match_404_with_another_error_is_none_but_logged_and_not_cached(client, rm, caplog):
    rm.get(MATCH, status=404, body=sample_bytes("s2_error_404_paper_doi_not_found.json"))
    with caplog.at_level(logging.WARNING, logger="enrich.sources.s2"):
        assert client.match_title("some title") is None
    assert "Paper with id DOI:10.1101/2024.04.01.587366 not found" in caplog.text
    client.match_title("some title")
    assert len(rm.calls) == 2


def test_corpus_id_is_int(client, rm):
    rm.get(MATCH, body=sample_bytes("s2_match_chemcrow_full_fields.json"))
    paper = client.match_title("Augmenting large language models with chemistry tools")
    assert paper is not None
    assert paper.corpus_id == 258059792 and isinstance(paper.corpus_id, int)
    assert paper.doi == "10.1038/s42256-024-00832-8"
    assert paper.arxiv_id == "2304.05376"
    assert paper.open_access_pdf == "https://www.nature.com/articles/s42256-024-00832-8.pdf"
    assert paper.authors[0].name == "Andrés M Bran"


def test_match_minimal_fields_leaves_the_rest_empty(client, rm):
    rm.get(MATCH, body=sample_bytes("s2_match_chemcrow_minimal_fields.json"))
    paper = client.match_title("Augmenting large language models with chemistry tools")
    assert paper is not None
    assert paper.title == "Augmenting large language models with chemistry tools"
    assert paper.corpus_id == 258059792
    assert (paper.year, paper.venue, paper.authors, paper.references) == (None, None, (), None)


def test_match_score_is_unbounded_not_a_probability(client, rm):
    rm.get(MATCH, body=sample_bytes("s2_match_mining_association_rules.json"))
    paper = client.match_title("mining association rules between")
    assert paper is not None and paper.match_score == pytest.approx(109.55098)


def test_match_blank_title_makes_no_request(client, rm):
    assert client.match_title("   ") is None
    assert len(rm.calls) == 0


def test_429_legacy_message_only_body_is_retried(client, rm, fake):
    rm.get(MATCH, status=429, body=sample_bytes("s2_error_429_legacy_2023_message_only.json"))
    rm.get(MATCH, body=sample_bytes("s2_match_mining_association_rules.json"))
    assert client.match_title("mining association rules between") is not None
    assert len(rm.calls) == 2
    assert fake.sleeps and fake.sleeps[0] >= 1.0  # at least the S2 interval after a 429


def test_429_with_string_code_is_retried_never_reported_as_not_found(client, rm):
    body = sample_bytes("s2_error_429_too_many_requests.json")
    rm.get(MATCH, status=429, body=body, headers={"x-amzn-ErrorType": "TooManyRequestsException"})
    with pytest.raises(TransientUpstreamError, match="429"):
        client.match_title("turing")
    assert len(rm.calls) == Settings().max_attempts


# -- search ------------------------------------------------------------------------------------


def test_search_without_data_key(client, rm):
    rm.get(SEARCH, body=sample_bytes("s2_search_empty_no_results.json"))
    assert search(client, "n0 r3sult s3arch t3rm") == []


def test_search_last_page_without_next_key(client, rm):
    rm.get(SEARCH, body=sample_bytes("s2_search_litstudy_single_hit.json"))
    papers = search(client, "litstudy")
    assert [p.title for p in papers] == ["litstudy: A Python package for literature reviews"]


def test_search_default_fields_only_id_and_title(client, rm):
    rm.get(SEARCH, body=sample_bytes("s2_search_exascale_default_fields.json"))
    papers = search(client, "exascale", limit=100)
    assert len(papers) == 100
    assert papers[0].title == "Kokkos 3: Programming Model Extensions for the Exascale Era"
    assert papers[0].year is None and papers[0].authors == ()
    assert query(rm.calls[0])["limit"] == ["100"]


def test_search_replaces_hyphens_and_sets_limit(client, rm):
    rm.get(SEARCH, body=sample_bytes("s2_search_turing_fields_title.json"))
    papers = search(client, "Megatron-Turing  NLG", limit=500)
    assert query(rm.calls[0]) == {
        "query": ["Megatron Turing NLG"],
        "limit": ["100"],
        "fields": [MATCH_FIELDS],
    }
    assert (
        papers[1].title
        == "Quantum theory, the Church\u2013Turing principle and the universal quantum computer"
    )


def test_search_results_without_title(client, rm):
    rm.get(SEARCH, body=sample_bytes("s2_search_turing_year1936_no_next.json"))
    papers = search(client, "turing")
    assert len(papers) == 21
    assert all(p.title is None and p.year == 1936 for p in papers)


def test_rich_search_tolerates_nulls_everywhere(client, rm):
    rm.get(SEARCH, body=sample_bytes("s2_search_turing_rich_fields_incl_megatron_turing_nlg.json"))
    papers = search(client, "turing", limit=100)
    assert len(papers) == 100
    by_id = {p.paper_id: p for p in papers}
    megatron = by_id["7cbc2a7843411a1768ab762930707af0a3c33a19"]
    assert megatron.arxiv_id == "2201.11990"
    assert megatron.open_access_pdf is None  # {"url": "", ..., "disclaimer": "..."}
    assert megatron.publication_date == "2022-01-28"
    attention_tc = by_id["c4cb90a67f45e7cbacb5286e934b309e89843922"]
    assert attention_tc.publication_date is None and attention_tc.year == 2021
    assert all(p.venue != "" for p in papers)
    assert all(isinstance(p.corpus_id, int) for p in papers)


def test_venue_empty_falls_back_to_journal_name_or_none():
    rows = sample_json("s2_search_turing_rich_fields_incl_megatron_turing_nlg.json")["data"]
    empty_venue = [r for r in rows if r["venue"] == ""]
    expected = [(r.get("journal") or {}).get("name") or None for r in empty_venue]
    assert None in expected and any(expected)  # the sample has both cases
    assert [parse_paper(r).venue for r in empty_venue] == expected


def test_journal_without_name():
    row = sample_json("s2_match_attention_is_all_you_need.json")["data"][0]
    assert row["journal"] == {"pages": "5998-6008"}
    assert parse_paper({**row, "venue": ""}).venue is None
    assert parse_paper({**row, "venue": "", "journal": None}).venue is None


# -- batch -------------------------------------------------------------------------------------


def test_batch_keeps_null_entries(client, rm):
    rm.post(BATCH, body=sample_bytes("s2_batch_with_null_rich_fields.json"))
    ids = [
        "CorpusId:211530585",
        "CorpusId:470667",
        "DOI:10.2139/ssrn.2250500",
        "0f40b1f08821e22e859c6050916cec3667778613",
    ]
    papers = client.get_batch(ids)
    assert papers[0] is None
    assert [p.paper_id for p in papers[1:]] == [
        "c31c87c591a25c64fbaa82e8ac6a81831b6ac7ce",
        "cb1ebd913c3724c599f6b276b14b5c6253da68f3",
        "0f40b1f08821e22e859c6050916cec3667778613",
    ]
    first = papers[1]
    assert first.doi == "10.2139/ssrn.288970" and first.corpus_id == 470667
    assert first.venue == "Experimental & Empirical Studies eJournal"  # venue "" → journal name
    assert first.open_access_pdf == "http://papers.nber.org/papers/w8841.pdf"
    assert papers[3].open_access_pdf is None  # openAccessPdf: null
    sent = rm.calls[0].request
    assert json.loads(sent.body) == {"ids": ids}
    assert query(rm.calls[0]) == {"fields": [",".join(PAPER_FIELDS)]}


def test_batch_authors_only_response(client, rm):
    rm.post(BATCH, body=sample_bytes("s2_batch_authors_only.json"))
    papers = client.get_batch(
        ["CorpusId:470667", "10.2139/ssrn.2250500", "0f40b1f08821e22e859c6050916cec3667778613"]
    )
    assert [len(p.authors) for p in papers if p] == [3, 4, 3]
    assert papers[0] is not None and papers[0].authors[1] == S2Author("E. Duflo", "2259683")
    assert papers[0].references is None and papers[0].title is None


def test_batch_is_cached_and_refresh_goes_to_the_network(client, rm):
    rm.post(BATCH, body=sample_bytes("s2_batch_with_null_rich_fields.json"))
    ids = [
        "CorpusId:211530585",
        "CorpusId:470667",
        "10.2139/ssrn.2250500",
        "0f40b1f08821e22e859c6050916cec3667778613",
    ]
    client.get_batch(ids)
    client.get_batch(ids)
    assert len(rm.calls) == 1
    client.get_batch(ids, refresh=True)
    assert len(rm.calls) == 2


def test_batch_chunks_at_500_and_keeps_order(client, rm):
    def answer(request):
        ids = json.loads(request.body)["ids"]
        return 200, {}, json.dumps([None if i.endswith("x") else {"paperId": i} for i in ids])

    rm.add_callback(responses.POST, BATCH, callback=answer)
    ids = [f"{n:040d}" for n in range(BATCH_LIMIT + 1)] + ["unknownx"]
    done: list[tuple[int, int]] = []  # (ids answered, requests made) at each callback
    papers = client.get_batch(ids, done=lambda n: done.append((n, len(rm.calls))))
    assert [len(json.loads(c.request.body)["ids"]) for c in rm.calls] == [500, 2]
    assert [p.paper_id if p else None for p in papers] == ids[:-1] + [None]
    assert done == [(500, 1), (2, 2)]


def _batch_answer(request, *, fails):
    """S2's batch endpoint: a record per id, or ``fails(ids)``'s error for the whole call."""
    ids = json.loads(request.body)["ids"]
    error = fails(ids)
    if error:
        return error
    return 200, {}, json.dumps([{"paperId": i, "title": f"Paper {i}"} for i in ids])


def _sizes(rm) -> list[int]:
    return [len(json.loads(c.request.body)["ids"]) for c in rm.calls if c.request.method == "POST"]


POISON = f"{300:040d}"


def test_batch_holding_an_id_s2_cannot_serve_is_split_and_that_id_asked_alone(client, rm, caplog):
    # s2-folks #103: every batch holding one particular id answered 500, the id alone by GET
    # /paper/{id} answered fine
    def fails(ids):
        return (500, {}, '{"message": "Internal server error"}') if POISON in ids else None

    rm.add_callback(responses.POST, BATCH, callback=lambda r: _batch_answer(r, fails=fails))
    rm.get(f"{S2}/paper/{POISON}", json={"paperId": POISON, "title": "The poison pill"})
    ids = [f"{n:040d}" for n in range(600)]
    answered: list[int] = []
    with caplog.at_level(logging.WARNING, logger="enrich.sources.s2"):
        papers = client.get_batch(ids, done=answered.append)
    assert [p.paper_id if p else None for p in papers] == ids
    assert papers[300] is not None and papers[300].title == "The poison pill"
    assert sum(answered) == 600
    gets = [c.request for c in rm.calls if c.request.method == "GET"]
    assert len(gets) == 1
    assert parse_qs(urlsplit(gets[0].url).query) == {"fields": [",".join(PAPER_FIELDS)]}
    # each failing batch is tried twice, then halved; batches grow back after the bad id
    failing = [
        len(json.loads(c.request.body)["ids"])
        for c in rm.calls
        if c.response is not None and c.response.status_code == 500
    ]
    assert failing == [n for n in (500, 250, 125, 63, 32, 16, 8, 4, 2, 1) for _ in range(2)]
    assert _sizes(rm)[-8:] == [2, 4, 8, 16, 32, 64, 128, 45]  # doubling up to what is left
    assert "S2 paper batch of 500 ids failed (HTTP 500 Internal Server Error); asking 250" in (
        caplog.text
    )
    assert f"S2 paper batch fails on {POISON} even alone" in caplog.text


def test_batch_too_large_for_the_gateway_is_asked_in_halves_from_then_on(client, rm):
    # s2-folks #58/#59: big batches with references answer 504 "Endpoint request timed out"
    def fails(ids):
        if len(ids) > 200:
            return 504, {}, '{"message": "Endpoint request timed out"}'
        return None

    rm.add_callback(responses.POST, BATCH, callback=lambda r: _batch_answer(r, fails=fails))
    ids = [f"{n:040d}" for n in range(1000)]
    papers = client.get_batch(ids)
    assert [p.paper_id if p else None for p in papers] == ids
    assert _sizes(rm) == [500, 500, 250, 250, 125, 125, 125, 125, 125, 125, 125, 125]
    assert not [c for c in rm.calls if c.request.method == "GET"]


def test_batch_a_paper_s2_does_not_know_when_asked_alone_is_none(client, rm):
    rm.post(BATCH, status=500, json={"message": "Internal server error"})
    rm.get(
        f"{S2}/paper/CorpusId:1", status=404, body=sample_bytes("s2_error_404_paper_not_found.json")
    )
    assert client.get_batch(["CorpusId:1"]) == [None]


def test_get_paper_answer_that_is_not_an_object_is_an_error(client, rm):
    rm.get(f"{S2}/paper/CorpusId:1", json=[{"paperId": "a"}])
    with pytest.raises(UpstreamError, match="wrong shape for S2 paper: the body: Input should"):
        client.get_paper("CorpusId:1")


def test_get_paper_keeps_a_doi_path_readable(client, rm):
    rm.get(
        f"{S2}/paper/DOI:10.48550/arxiv.2312.07559",
        body=sample_bytes("s2_paper_doi_arxiv_paperqa.json"),
    )
    paper = client.get_paper("DOI:10.48550/arxiv.2312.07559")
    assert paper is not None and paper.arxiv_id == "2312.07559"


def test_batch_outage_gives_up_after_asking_the_first_id_alone(client, rm):
    rm.post(BATCH, status=503, json={"message": "Service Unavailable"})
    rm.get(f"{S2}/paper/{POISON}", status=503, json={"message": "Service Unavailable"})
    with pytest.raises(TransientUpstreamError, match=r"GET .*/paper/0+300\?fields=.* failed"):
        client.get_batch([POISON] + [f"{n:040d}" for n in range(400)])
    assert _sizes(rm) == [n for n in (401, 201, 101, 51, 26, 13, 7, 4, 2, 1) for _ in range(2)]
    assert len([c for c in rm.calls if c.request.method == "GET"]) == 8  # the full budget


@pytest.mark.parametrize(
    "failure",
    [
        {"status": 429, "json": {"message": "Too Many Requests.", "code": "429"}},
        {"body": requests.exceptions.ConnectionError(ConnectionRefusedError(111, "refused"))},
    ],
    ids=["rate-limited", "refused"],
)
def test_batch_rate_limited_or_unreachable_is_not_split(client, rm, failure):
    rm.post(BATCH, **failure)
    with pytest.raises(TransientUpstreamError):
        client.get_batch([f"{n:040d}" for n in range(600)])
    assert set(_sizes(rm)) == {500}


def test_batch_split_answers_are_cached_for_the_rerun(client, rm):
    def fails(ids):
        return (500, {}, '{"message": "Internal server error"}') if POISON in ids else None

    rm.add_callback(responses.POST, BATCH, callback=lambda r: _batch_answer(r, fails=fails))
    rm.get(f"{S2}/paper/{POISON}", json={"paperId": POISON, "title": "The poison pill"})
    ids = [f"{n:040d}" for n in range(290, 310)]
    first = client.get_batch(ids)
    asked = len(rm.calls)
    assert client.get_batch(ids) == first
    answered_again = [
        c for c in rm.calls[asked:] if c.response is not None and c.response.status_code == 200
    ]
    assert answered_again == []  # only the failing batches are asked again


def test_batch_of_nothing_makes_no_request(client, rm):
    assert client.get_batch([]) == []
    assert len(rm.calls) == 0


def test_batch_answer_of_the_wrong_length_is_an_error(client, rm):
    rm.post(BATCH, body=sample_bytes("s2_batch_authors_only.json"))  # 3 answers
    with pytest.raises(UntrustedAnswer, match="wrong shape for S2 batch: 3 items for 2 ids"):
        client.get_batch(["a", "b"])
    assert len(rm.calls) == BATCH_ATTEMPTS  # never asked in halves: a smaller ask cannot mend it


def test_400_unrecognized_field_is_upstream_error_not_retried(client, rm):
    rm.post(BATCH, status=400, body=sample_bytes("s2_error_400_unrecognized_field.json"))
    with pytest.raises(
        UpstreamError, match=r"Unrecognized or unsupported fields: \[unknown\]"
    ) as info:
        client.get_batch(["abc"])
    assert info.value.status == 400
    assert not isinstance(info.value, TransientUpstreamError)
    assert len(rm.calls) == 1


def test_403_forbidden_batch_names_the_api_key(client, rm):
    rm.post(BATCH, status=403, body=sample_bytes("s2_error_403_forbidden_batch.json"))
    with pytest.raises(UpstreamError, match="S2_API_KEY") as info:
        client.get_batch(["CorpusId:470667"])
    assert info.value.status == 403


# -- parse_paper -------------------------------------------------------------------------------


def test_parse_paper_title_only():
    paper = parse_paper(sample_json("s2_paper_by_doi_title_only.json"))
    assert paper.paper_id == "2d5673caa9e6af3a7b82a43f19ee920992db07ad"
    assert paper.title == "Computing Machinery and Intelligence"
    assert paper.open_access_pdf is None and paper.references is None


def test_doi_is_lower_cased_and_arxiv_venue_kept():
    paper = parse_paper(sample_json("s2_paper_doi_arxiv_paperqa.json"))
    assert paper.doi == "10.48550/arxiv.2312.07559"
    assert paper.arxiv_id == "2312.07559"
    assert paper.venue == "arXiv.org"
    assert paper.open_access_pdf is None


def test_parse_paper_tolerates_nulls_and_null_references():
    paper = parse_paper(
        {
            "paperId": "p1",
            "corpusId": None,
            "externalIds": {"CorpusId": 42, "ArXiv": "2309.06180v2", "DOI": None},
            "title": None,
            "abstract": None,
            "year": None,
            "venue": None,
            "journal": None,
            "publicationDate": None,
            "authors": [
                {"authorId": None, "name": "A. Person"},
                {"authorId": "1", "name": None},
                None,
            ],
            "citationCount": None,
            "fieldsOfStudy": None,
            "openAccessPdf": None,
            "references": [{"paperId": None}, {"paperId": "r1"}, None, {"paperId": "r2"}],
        }
    )
    assert paper.corpus_id == 42
    assert paper.arxiv_id == "2309.06180"
    assert paper.authors == (S2Author("A. Person", None),)
    assert paper.references == ("r1", "r2")
    assert paper.fields_of_study == ()
    assert parse_paper({"paperId": "p2", "references": None}).references == ()


def test_parse_paper_without_paper_id_is_an_error():
    with pytest.raises(UpstreamError, match="wrong shape for S2 paper: paperId: Field required"):
        parse_paper({"title": "x"})


def test_batch_item_for_another_paper_is_not_found_with_a_warning(client, rm, caplog):
    # S2 merges records: an old paperId can come back as another; that cannot be told from a
    # wrong answer, so the item is dropped (the next title match finds the new id)
    rm.post(BATCH, json=[{"paperId": "a"}, {"paperId": "merged"}, None])
    with caplog.at_level(logging.WARNING):
        found = client.get_batch(["a", "b", "c"], fields="title")
    assert [p.paper_id if p else None for p in found] == ["a", None, None]
    assert "S2 batch answered paper merged for b" in caplog.text


def test_batch_answering_one_paper_for_every_id_is_untrusted_and_not_cached(client, rm):
    rm.post(BATCH, json=[{"paperId": "a"}] * 3)
    with pytest.raises(UntrustedAnswer, match="2 of 3 items answer another id than asked"):
        client.get_batch(["a", "b", "c"], fields="title")
    rm.replace(responses.POST, BATCH, json=[{"paperId": "a"}, {"paperId": "b"}, None])
    assert [p.paper_id if p else None for p in client.get_batch(["a", "b", "c"])] == [
        "a",
        "b",
        None,
    ]


def test_match_with_an_integer_paper_id_is_untrusted(client, rm):
    rm.get(MATCH, json={"data": [{"paperId": 12345, "title": "A"}]})
    with pytest.raises(UntrustedAnswer, match="data.0.paperId: Input should be a valid string"):
        client.match_title("A")
    assert client.session.stats.untrusted == 1
