"""S2's ``/paper/search/bulk`` in the client: the quirks of its recorded bodies (exact bytes) and
the safe phrases a bulk query is built from. Each test name says which quirk it pins down."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from enrich.errors import UpstreamError
from enrich.http import make_session
from enrich.http.cache_policy import expiry_patterns
from enrich.settings import Settings
from enrich.sources.s2 import BULK_FIELDS, S2Client, bulk_phrase, bulk_query
from tests.conftest import sample_bytes

S2 = "https://api.semanticscholar.org/graph/v1"
BULK = f"{S2}/paper/search/bulk"


@pytest.fixture
def client(tmp_path, fake):
    settings = Settings(cache_path=tmp_path / "http.sqlite", s2_url=S2)
    session = make_session(settings, sleep=fake.sleep, clock=fake.clock)
    yield S2Client(session, settings)
    session.close()


def test_bulk_first_page_has_a_token_and_1000_rows_in_paper_id_order(client, rm):
    rm.get(BULK, body=sample_bytes("s2_bulk_search_kubernetes_page1_token.json"))
    page = client.search_bulk('"kubernetes"')
    assert page.total == 2674  # an estimate, larger than the page
    assert page.token and len(page.token) > 100
    assert len(page.papers) == 1000
    ids = [p.paper_id for p in page.papers]
    assert ids == sorted(ids)
    # the query matches abstracts too: a paper titled "Security" comes back for "kubernetes"
    assert any(p.title == "Security" for p in page.papers)
    assert all(p.match_score is None for p in page.papers)  # no matchScore in bulk answers


def test_bulk_last_page_token_is_present_and_null(client, rm):
    body = sample_bytes("s2_bulk_search_kubernetes_last_page_token_null.json")
    assert b'"token": null' in body  # present, not absent as the spec says
    rm.get(BULK, body=body)
    page = client.search_bulk('"kubernetes"', token="PCOA3")
    assert page.token is None and len(page.papers) == 674
    (call,) = rm.calls
    assert parse_qs(urlsplit(call.request.url).query)["token"] == ["PCOA3"]


def test_bulk_rows_with_only_the_asked_fields_parse(client, rm):
    rm.get(BULK, body=sample_bytes("s2_bulk_search_sorted_citationcount_last_page.json"))
    page = client.search_bulk("kubernetes")
    assert page.token is None and page.total == 3027 and len(page.papers) == 27
    assert all(p.title is None and p.citation_count is not None for p in page.papers)


def test_bulk_asks_for_plain_fields_without_abstract(client, rm):
    rm.get(BULK, body=sample_bytes("s2_bulk_search_kubernetes_last_page_token_null.json"))
    client.search_bulk('"a b"')
    q = parse_qs(urlsplit(rm.calls[0].request.url).query)
    assert q["fields"] == [BULK_FIELDS] and q["query"] == ['"a b"']
    fields = BULK_FIELDS.split(",")
    assert "abstract" not in fields  # 1,000 abstracts can pass the 10 MB answer cap
    assert not any("." in f for f in fields)  # nested fields are a 400 on this endpoint
    assert "citationCount" in fields  # chooses between records of one title


def test_bulk_refused_url_is_an_error_with_its_status(client, rm):
    rm.get(BULK, status=414, body=b"<html>414 Request-URI Too Large</html>")
    with pytest.raises(UpstreamError) as err:
        client.search_bulk('"x"')
    assert err.value.status == 414


def test_bulk_answers_are_cached_for_the_search_lifetime():
    settings = Settings(search_ttl=30 * 86400, metadata_ttl=86400)
    patterns = expiry_patterns(settings)
    ttl = next(v for k, v in patterns.items() if k.match(f"{BULK}?query=x"))
    assert ttl == 30 * 86400


def test_bulk_answer_is_served_from_the_cache_the_second_time(client, rm):
    rm.get(BULK, body=sample_bytes("s2_bulk_search_kubernetes_last_page_token_null.json"))
    client.search_bulk('"a"')
    client.search_bulk('"a"')
    assert len(rm.calls) == 1


# -- safe phrases -------------------------------------------------------------------------------


def test_bulk_phrase_drops_quotes_and_backslashes_of_every_kind():
    assert bulk_phrase('The "Right" Way\\ to \u201cShard\u201d') == "The Right Way to Shard"


def test_bulk_phrase_turns_operators_into_spaces_and_keeps_decimals():
    assert bulk_phrase("Orca: (A) x+y | z* w~2") == "Orca A x y z w 2"
    assert bulk_phrase("FlashAttention-2.0 vs. v1.5.") == "FlashAttention-2.0 vs v1.5"


def test_bulk_phrase_keeps_letters_of_every_script():
    assert bulk_phrase("面向大模型的推理 Ünïcödé") == "面向大模型的推理 Ünïcödé"


@given(st.lists(st.text(max_size=40), max_size=8))
def test_a_bulk_query_never_has_an_odd_number_of_quotes(titles):
    # an unclosed quote makes the rest of the query AND-ed bare words: silently wrong
    query = bulk_query(bulk_phrase(t) for t in titles)
    assert query.count('"') % 2 == 0
    for part in filter(None, query.split("|")):
        assert part.startswith('"') and part.endswith('"')

