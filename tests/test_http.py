"""The session factory: cache, retries, API key hygiene, offline mode, stats.

HTTP is mocked with ``responses``, which patches *below* requests-cache, so cache hits are real.
Sleep and clock are injected: nothing here really sleeps.
"""

from __future__ import annotations

import errno
import logging
import random
import socket
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
import requests
import requests_cache
import responses

from enrich import __version__
from enrich.errors import (
    ConfigError,
    OfflineCacheMiss,
    TransientUpstreamError,
    UpstreamError,
    UpstreamUnreachable,
)
from enrich.http import (
    EnrichSession,
    describe_request,
    make_session,
    parse_retry_after,
    redact_url,
)
from enrich.settings import Settings
from tests.conftest import sample_bytes

S2 = "https://api.semanticscholar.org/graph/v1"
MATCH = f"{S2}/paper/search/match"
SEARCH = f"{S2}/paper/search"
BATCH = f"{S2}/paper/batch"
ARXIV = "https://export.arxiv.org/api/query"
KEY = "sk-test-0123456789abcdef-SECRET"
GOOD = b'{"total": 1, "offset": 0, "data": [{"paperId": "abc", "title": "A"}]}'


class TopOfRange(random.Random):
    """Jitter pinned to its upper bound, so backoff steps are predictable."""

    def uniform(self, a: float, b: float) -> float:
        return b


# -- session basics --------------------------------------------------------------------------


def test_user_agent_and_default_timeouts(new_session, rm):
    session = new_session(connect_timeout=4.0, timeout=30.0)
    rm.get(SEARCH, body=GOOD)
    session.get(SEARCH, params={"query": "a"})
    sent = rm.calls[0].request
    assert sent.headers["User-Agent"] == f"enrich/{__version__}"
    assert sent.req_kwargs["timeout"] == (4.0, 30.0)


def test_cache_parent_directory_is_created(tmp_path, new_session, rm):
    session = new_session(cache_path=tmp_path / "deep" / "er" / "http.sqlite")
    rm.get(SEARCH, body=GOOD)
    session.get(SEARCH, params={"query": "a"})
    assert (tmp_path / "deep" / "er" / "http.sqlite").is_file()


# -- retries ---------------------------------------------------------------------------------


def test_429_without_retry_after_backs_off_at_least_the_host_interval(new_session, rm, fake):
    session = new_session(s2_rps=0.5)  # host interval 2 s > first jitter cap (backoff_base 1 s)
    rm.get(SEARCH, status=429, body=sample_bytes("s2_error_429_too_many_requests.json"))
    rm.get(SEARCH, body=GOOD)
    response = session.get(SEARCH, params={"query": "a"})
    assert response.status_code == 200
    assert len(rm.calls) == 2
    assert fake.sleeps == [4.0]  # the host's interval, doubled by the 429 (ratelimit.observe)
    assert session.stats.rate_limited == 1
    assert session.stats.retries == 1


def test_arxiv_429_backs_off_at_least_three_seconds(new_session, rm, fake):
    session = new_session()
    rm.get(ARXIV, status=429, body=sample_bytes("arxiv_error_429_rate_exceeded.txt"))
    rm.get(ARXIV, body=sample_bytes("arxiv_empty_idlist_0000.0000.xml"))
    session.get(ARXIV, params={"id_list": "0000.0000"})
    assert fake.sleeps == [6.0]  # arXiv's 3 s, doubled by the 429


def test_retry_after_seconds_is_honoured(new_session, rm, fake):
    session = new_session()
    rm.get(SEARCH, status=429, headers={"Retry-After": "2"}, json={"message": "Too Many"})
    rm.get(SEARCH, body=GOOD)
    assert session.get(SEARCH, params={"query": "a"}).status_code == 200
    assert fake.sleeps == [2.0]


def test_retry_after_http_date_is_honoured(new_session, rm, fake):
    session = new_session()
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    rm.get(SEARCH, status=503, headers={"Retry-After": when})
    rm.get(SEARCH, body=GOOD)
    session.get(SEARCH, params={"query": "a"})
    assert len(fake.sleeps) == 1
    assert 25 <= fake.sleeps[0] <= 30


def test_parse_retry_after():
    now = datetime(2026, 3, 23, 15, 34, 14, tzinfo=UTC)
    assert parse_retry_after("2") == 2.0
    assert parse_retry_after(" 0 ") == 0.0
    assert parse_retry_after("Mon, 23 Mar 2026 15:34:44 GMT", now=now) == 30.0
    assert parse_retry_after("Mon, 23 Mar 2026 15:00:00 GMT", now=now) == 0.0  # in the past
    assert parse_retry_after(None) is None
    assert parse_retry_after("") is None
    assert parse_retry_after("soon") is None


def test_503_then_200(new_session, rm, fake):
    session = new_session()
    rm.get(SEARCH, status=503, body=b"<html>Service Unavailable</html>")
    rm.get(SEARCH, body=GOOD)
    response = session.get(SEARCH, params={"query": "a"})
    assert response.json()["data"][0]["paperId"] == "abc"
    assert session.stats.responses_by_status == {503: 1, 200: 1}
    assert fake.sleeps and fake.sleeps[0] <= 1.0  # full jitter within backoff_base


def test_connection_reset_is_retried(new_session, rm):
    session = new_session()
    rm.get(SEARCH, body=requests.ConnectionError("Connection reset by peer"))
    rm.get(SEARCH, body=GOOD)
    assert session.get(SEARCH, params={"query": "a"}).status_code == 200
    assert len(rm.calls) == 2


def test_read_timeout_is_retried(new_session, rm):
    session = new_session()
    rm.get(SEARCH, body=requests.exceptions.ReadTimeout("read timed out"))
    rm.get(SEARCH, body=GOOD)
    assert session.get(SEARCH, params={"query": "a"}).status_code == 200


def test_truncated_json_body_is_retried_and_not_cached(new_session, rm):
    session = new_session()
    rm.get(SEARCH, body=GOOD[:25])
    rm.get(SEARCH, body=GOOD)
    assert session.get(SEARCH, params={"query": "a"}).content == GOOD
    assert len(rm.calls) == 2
    again = session.get(SEARCH, params={"query": "a"})
    assert again.from_cache and again.content == GOOD
    assert len(rm.calls) == 2


def test_a_fresh_answer_is_shape_checked_once_though_cache_and_session_both_ask(new_session, rm):
    """The cache's filter judges a fresh answer before the session does; the declared shape
    check (pydantic over a whole batch: the costliest step of reading it) runs once for both.
    An answer read back from the cache is judged again, as it is read."""
    session = new_session()
    checked: list[str] = []
    session.cache_policy.declare_s2_shapes(lambda path, *_: checked.append(path) or None)
    rm.get(SEARCH, body=GOOD)
    assert session.get(SEARCH, params={"query": "a"}).content == GOOD
    assert len(checked) == 1
    assert session.get(SEARCH, params={"query": "a"}).from_cache
    assert len(checked) == 2


def test_truncated_body_is_never_cached_even_when_retries_run_out(new_session, rm):
    session = new_session(max_attempts=2)
    rm.get(SEARCH, body=GOOD[:25])
    with pytest.raises(TransientUpstreamError, match="invalid JSON body"):
        session.get(SEARCH, params={"query": "a"})
    assert len(session.cache.responses) == 0


def test_truncated_atom_body_is_retried(new_session, rm):
    session = new_session()
    feed = sample_bytes("arxiv_idlist_1605.08386.xml")
    rm.get(ARXIV, body=feed[: len(feed) // 2])
    rm.get(ARXIV, body=feed)
    assert session.get(ARXIV, params={"id_list": "1605.08386"}).content == feed
    assert len(rm.calls) == 2


def test_bad_body_already_in_cache_is_never_served(tmp_path, new_session, rm):
    # A cache written by something without our filter holds a truncated answer ...
    plain = requests_cache.CachedSession(str(tmp_path / "http.sqlite"), backend="sqlite")
    rm.get(SEARCH, body=GOOD[:25])
    plain.get(SEARCH, params={"query": "a"})
    plain.close()
    rm.replace(responses.GET, SEARCH, body=GOOD)
    # ... our session drops it and asks the network instead.
    session = new_session()
    assert session.get(SEARCH, params={"query": "a"}).content == GOOD
    assert len(rm.calls) == 2
    assert session.get(SEARCH, params={"query": "a"}).from_cache


def test_exhausted_retries_raise_transient_error(new_session, rm, fake):
    session = new_session(max_attempts=3, s2_api_key=KEY)
    rm.get(SEARCH, status=503)
    with pytest.raises(TransientUpstreamError) as info:
        session.get(SEARCH, params={"query": "a"})
    message = str(info.value)
    assert f"{SEARCH}?query=a" in message
    assert "503" in message
    assert "rerun later; completed work is cached" in message
    assert KEY not in message
    assert info.value.status == 503
    assert len(rm.calls) == 3
    assert session.stats.retries == 2
    assert len(fake.sleeps) >= 2


def test_backoff_doubles_and_is_capped(tmp_path, rm, fake):
    settings = Settings(
        cache_path=tmp_path / "http.sqlite",
        s2_rps=1000.0,
        max_attempts=6,
        backoff_base=1.0,
        backoff_max=5.0,
    )
    session = EnrichSession(settings, sleep=fake.sleep, clock=fake.clock, rng=TopOfRange())
    rm.get(SEARCH, status=500)
    with pytest.raises(TransientUpstreamError):
        session.get(SEARCH, params={"query": "a"})
    assert fake.sleeps == [1.0, 2.0, 4.0, 5.0, 5.0]


def test_total_wait_is_bounded(new_session, rm, fake):
    session = new_session(max_wait=10.0)
    rm.get(SEARCH, status=429, headers={"Retry-After": "120"})
    with pytest.raises(TransientUpstreamError, match=r"Retry-After: 120s"):
        session.get(SEARCH, params={"query": "a"})
    assert fake.sleeps == []  # waiting 120 s would break the 10 s budget: give up at once
    assert len(rm.calls) == 1


@pytest.mark.parametrize("status", [400, 404])
def test_client_errors_are_not_retried(new_session, rm, status):
    session = new_session()
    rm.get(f"{S2}/paper/0", status=status, body=sample_bytes("s2_error_404_paper_not_found.json"))
    assert session.get(f"{S2}/paper/0").status_code == status
    assert len(rm.calls) == 1


def test_403_raises_with_api_key_hint(new_session, rm):
    session = new_session(s2_api_key=KEY)
    rm.post(BATCH, status=403, body=sample_bytes("s2_error_403_forbidden_batch.json"))
    with pytest.raises(UpstreamError, match="S2_API_KEY") as info:
        session.post(BATCH, json={"ids": ["abc"]})
    assert not isinstance(info.value, TransientUpstreamError)
    assert info.value.status == 403
    assert "Forbidden" in str(info.value)
    assert KEY not in str(info.value)
    assert len(rm.calls) == 1


def test_retries_are_logged_without_the_key(new_session, rm, caplog):
    session = new_session(s2_api_key=KEY)
    rm.get(SEARCH, status=502)
    rm.get(SEARCH, body=GOOD)
    with caplog.at_level(logging.DEBUG, logger="enrich.http"):
        session.get(SEARCH, params={"query": "a"})
    assert "retry 1/" in caplog.text
    assert "502" in caplog.text
    assert KEY not in caplog.text


def test_giving_up_on_a_form_post_names_what_its_body_asked(new_session, rm):
    session = new_session(max_attempts=2)
    rm.post(ARXIV, status=503)
    with pytest.raises(TransientUpstreamError) as info:
        session.post(ARXIV, data={"id_list": ",".join(["2301.00001"] * 50), "max_results": 50})
    message = str(info.value)
    assert f"POST {ARXIV} (id_list=2301.00001,2301.00001," in message  # not the bare URL
    assert "(+" in message and "max_results=50)" in message  # long values shortened
    assert info.value.url == ARXIV


def test_describe_request_redacts_a_form_body_and_leaves_json_alone():
    form = requests.Request(
        "POST", ARXIV, data={"search_query": 'ti:"x"', "x-api-key": KEY}
    ).prepare()
    assert describe_request(form) == (
        f'POST {ARXIV} (search_query=ti:"x", x-api-key=REDACTED)'
    )
    batch = requests.Request("POST", f"{BATCH}?fields=title", json={"ids": ["a"]}).prepare()
    assert describe_request(batch) == f"POST {BATCH}?fields=title"
    get = requests.Request("GET", SEARCH, params={"query": "a", "api_key": KEY}).prepare()
    assert describe_request(get) == f"GET {SEARCH}?query=a&api_key=REDACTED"


def test_redact_url():
    assert redact_url("https://h/x?api_key=s3cret&q=1") == "https://h/x?api_key=REDACTED&q=1"
    assert redact_url(f"{SEARCH}?query=a+b") == f"{SEARCH}?query=a+b"
    # a URL urllib cannot split (found by fuzzing): the whole query is hidden, nothing raised
    assert redact_url("http://[::1/x?api_key=s3cret") == "http://[::1/x?REDACTED"


# -- cache -----------------------------------------------------------------------------------


def test_a_damaged_cache_file_is_a_config_error_saying_what_to_do(tmp_path):
    cache = tmp_path / "http.sqlite"
    cache.write_bytes(b"not a database, perhaps a half-copied backup")
    with pytest.raises(ConfigError) as info:
        make_session(Settings(cache_path=cache))
    message = str(info.value)
    assert message.startswith(f"the HTTP cache {cache} cannot be opened as SQLite")
    assert "move it away (or pass another --cache) and rerun" in message
    assert cache.read_bytes().startswith(b"not a database")  # left for the user to look at


def test_second_identical_call_makes_no_request(new_session, rm):
    session = new_session()
    rm.get(SEARCH, body=GOOD)
    first = session.get(SEARCH, params={"query": "a"})
    second = session.get(SEARCH, params={"query": "a"})
    assert not first.from_cache and second.from_cache
    assert second.content == GOOD
    assert len(rm.calls) == 1
    assert session.stats.cache_hits == 1
    assert session.stats.requests_by_host == {"api.semanticscholar.org": 1}


def test_cache_survives_a_new_session(new_session, rm):
    rm.get(SEARCH, body=GOOD)
    new_session().get(SEARCH, params={"query": "a"})
    assert new_session().get(SEARCH, params={"query": "a"}).from_cache
    assert len(rm.calls) == 1


def test_batch_post_is_cached_with_its_body_in_the_key(new_session, rm):
    session = new_session()
    rm.post(BATCH, body=b"[null]")
    session.post(BATCH, params={"fields": "title"}, json={"ids": ["a"]})
    assert session.post(BATCH, params={"fields": "title"}, json={"ids": ["a"]}).from_cache
    assert len(rm.calls) == 1
    other = session.post(BATCH, params={"fields": "title"}, json={"ids": ["b"]})
    assert not other.from_cache
    assert len(rm.calls) == 2
    rm.replace(responses.POST, BATCH, body=b"[null, null]")  # one item per id asked
    reordered = session.post(BATCH, params={"fields": "title"}, json={"ids": ["b", "a"]})
    assert not reordered.from_cache  # order matters: answers come back in request order


def test_force_refresh_goes_to_the_network_and_updates_the_cache(new_session, rm):
    session = new_session()
    rm.get(SEARCH, body=GOOD)
    session.get(SEARCH, params={"query": "a"})
    newer = GOOD.replace(b'"A"', b'"A, revised"')
    rm.replace(responses.GET, SEARCH, body=newer)
    refreshed = session.get(SEARCH, params={"query": "a"}, force_refresh=True)
    assert not refreshed.from_cache and refreshed.content == newer
    cached = session.get(SEARCH, params={"query": "a"})
    assert cached.from_cache and cached.content == newer
    assert len(rm.calls) == 2


def test_503_is_not_cached(new_session, rm):
    session = new_session(max_attempts=1)
    rm.get(SEARCH, status=503)
    with pytest.raises(TransientUpstreamError):
        session.get(SEARCH, params={"query": "a"})
    rm.replace(responses.GET, SEARCH, body=GOOD)
    assert not session.get(SEARCH, params={"query": "a"}).from_cache
    assert len(rm.calls) == 2


def test_title_not_found_404_is_cached(new_session, rm):
    session = new_session()
    rm.get(MATCH, status=404, body=sample_bytes("s2_match_404_title_not_found.json"))
    session.get(MATCH, params={"query": "askldjrq3rjaw938h"})
    again = session.get(MATCH, params={"query": "askldjrq3rjaw938h"})
    assert again.from_cache and again.status_code == 404
    assert len(rm.calls) == 1


def test_other_404s_are_not_cached(new_session, rm):
    session = new_session()
    body = sample_bytes("s2_error_404_paper_not_found.json")
    rm.get(f"{S2}/paper/0", status=404, body=body)
    rm.get(MATCH, status=404, body=sample_bytes("s2_error_404_paper_doi_not_found.json"))
    for _ in range(2):
        session.get(f"{S2}/paper/0")
        session.get(MATCH, params={"query": "x"})
    assert len(rm.calls) == 4


def test_arxiv_error_feed_is_never_cached(new_session, rm):
    session = new_session()
    rm.get(ARXIV, status=400, body=sample_bytes("arxiv_error_400_bad_id_abc.xml"))
    for _ in range(2):
        assert session.get(ARXIV, params={"id_list": "abc"}).status_code == 400
    assert len(rm.calls) == 2
    assert len(session.cache.responses) == 0


def test_arxiv_error_feed_with_status_200_is_never_cached(new_session, rm):
    session = new_session()
    rm.get(ARXIV, body=sample_bytes("arxiv_old_error_400_invalid_id.xml"))
    session.get(ARXIV, params={"id_list": "INVALIDID"})
    assert len(session.cache.responses) == 0


def test_per_endpoint_expiry(new_session, rm):
    session = new_session(search_ttl=30 * 86400, metadata_ttl=86400)
    rm.get(MATCH, status=404, body=sample_bytes("s2_match_404_title_not_found.json"))
    rm.get(SEARCH, body=GOOD)
    rm.post(BATCH, body=b"[null]")
    rm.get(ARXIV, body=sample_bytes("arxiv_empty_idlist_0000.0000.xml"))
    session.get(MATCH, params={"query": "x"})
    session.get(SEARCH, params={"query": "x"})
    session.post(BATCH, json={"ids": ["x"]})
    session.get(ARXIV, params={"id_list": "0000.0000", "max_results": 1})
    session.get(ARXIV, params={"search_query": 'ti:"x"', "max_results": 5})
    days = {
        cached.url: round((cached.expires - cached.created_at).total_seconds() / 86400)
        for cached in session.cache.responses.values()
    }
    assert days == {
        f"{MATCH}?query=x": 30,
        f"{SEARCH}?query=x": 30,
        BATCH: 1,
        f"{ARXIV}?id_list=0000.0000&max_results=1": 1,
        f"{ARXIV}?max_results=5&search_query=ti%3A%22x%22": 30,  # stored sorted
    }


def test_arxiv_form_posts_expire_by_what_their_body_asks(new_session, rm):
    # requests-cache's URL patterns see no body: a POSTed search must still live 30 days
    session = new_session(search_ttl=30 * 86400, metadata_ttl=86400)
    rm.post(ARXIV, body=sample_bytes("arxiv_empty_idlist_0000.0000.xml"))
    session.post(ARXIV, data={"id_list": "0000.0000", "max_results": 1})
    session.post(ARXIV, data={"search_query": 'ti:"x"', "max_results": 5})
    days = {
        cached.request.body: round((cached.expires - cached.created_at).total_seconds() / 86400)
        for cached in session.cache.responses.values()
    }
    assert days == {
        b"id_list=0000.0000&max_results=1": 1,
        b"max_results=5&search_query=ti%3A%22x%22": 30,  # stored sorted
    }
    session.post(ARXIV, data={"max_results": 5, "search_query": 'ti:"x"'})  # other order
    assert len(rm.calls) == 2  # the same key: requests-cache sorts a form body


# -- API key hygiene ---------------------------------------------------------------------------


def test_api_key_never_reaches_the_cache_file(tmp_path, new_session, rm):
    session = new_session(s2_api_key=KEY)
    rm.get(MATCH, body=sample_bytes("s2_match_attention_is_all_you_need.json"))
    rm.get(SEARCH, body=GOOD)
    rm.post(BATCH, body=sample_bytes("s2_batch_authors_only.json"))
    session.get(MATCH, params={"query": "Attention is All you Need"})
    session.get(SEARCH, params={"query": "a"})
    session.post(BATCH, json={"ids": ["CorpusId:470667", "10.2139/ssrn.2250500", "0f40b1f"]})
    ids = {"ids": ["CorpusId:470667", "10.2139/ssrn.2250500", "0f40b1f"]}
    session.post(BATCH, json=ids, force_refresh=True)
    session.close()
    assert all(call.request.headers.get("x-api-key") == KEY for call in rm.calls)
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("http.sqlite*"))
    assert b"204e3073870fae3d05bcbc2f6a8e263d9b72e776" in stored  # the answers are in there
    assert KEY.encode() not in stored


def test_arxiv_never_gets_the_api_key(new_session, rm):
    session = new_session(s2_api_key=KEY)
    rm.get(ARXIV, body=sample_bytes("arxiv_idlist_1605.08386.xml"))
    rm.get(SEARCH, body=GOOD)
    session.get(ARXIV, params={"id_list": "1605.08386"})
    session.get(SEARCH, params={"query": "a"})
    arxiv_call, s2_call = rm.calls
    assert "x-api-key" not in {k.lower() for k in arxiv_call.request.headers}
    assert s2_call.request.headers["x-api-key"] == KEY


def test_no_key_header_without_a_key(new_session, rm):
    session = new_session()
    rm.get(SEARCH, body=GOOD)
    session.get(SEARCH, params={"query": "a"})
    assert "x-api-key" not in {k.lower() for k in rm.calls[0].request.headers}


def test_one_host_serving_both_apis_is_told_apart_by_base_url(tmp_path, fake, rm):
    """A local replica serves S2 and arXiv from one host: bodies, key and budget still fit."""
    base = "http://127.0.0.1:8765"
    settings = Settings(
        cache_path=tmp_path / "http.sqlite",
        s2_url=f"{base}/graph/v1",
        arxiv_url=f"{base}/api/query",
        s2_api_key=KEY,
    )
    session = make_session(settings, sleep=fake.sleep, clock=fake.clock)
    assert session.service(f"{base}/api/query?id_list=1") == "arxiv"
    assert session.service(f"{base}/graph/v1/paper/batch") == "s2"
    assert session.limiter.interval("127.0.0.1:8765") == 3.0  # the stricter of 1 s and 3 s
    rm.get(f"{base}/api/query", body=sample_bytes("arxiv_idlist_1605.08386.xml"))
    rm.get(f"{base}/graph/v1/paper/search", body=GOOD)
    assert session.get(f"{base}/api/query", params={"id_list": "1605.08386"}).status_code == 200
    session.get(f"{base}/graph/v1/paper/search", params={"query": "a"})
    arxiv_call, s2_call = rm.calls
    assert "x-api-key" not in {k.lower() for k in arxiv_call.request.headers}
    assert s2_call.request.headers["x-api-key"] == KEY
    assert session.get(f"{base}/api/query", params={"id_list": "1605.08386"}).from_cache


# -- offline -----------------------------------------------------------------------------------


def test_offline_with_empty_cache_fails_clearly(new_session, rm):
    session = new_session(offline=True)
    with pytest.raises(OfflineCacheMiss) as info:
        session.get(SEARCH, params={"query": "a"})
    assert "offline" in str(info.value) and f"{SEARCH}?query=a" in str(info.value)
    assert len(rm.calls) == 0
    assert session.stats.requests_by_host == {}


def test_offline_serves_what_is_cached(new_session, rm):
    rm.get(SEARCH, body=GOOD)
    new_session().get(SEARCH, params={"query": "a"})
    offline = new_session(offline=True)
    assert offline.get(SEARCH, params={"query": "a"}).content == GOOD
    with pytest.raises(OfflineCacheMiss):  # refresh cannot reach the network either
        offline.get(SEARCH, params={"query": "a"}, force_refresh=True)
    assert len(rm.calls) == 1


def test_stats_as_dict(new_session, rm):
    session = new_session()
    rm.get(SEARCH, status=429)
    rm.get(SEARCH, body=GOOD)
    session.get(SEARCH, params={"query": "a"})
    session.get(SEARCH, params={"query": "a"})
    assert session.stats.as_dict() == {
        "requests_by_host": {"api.semanticscholar.org": 2},
        "cache_hits": 1,
        "retries": 1,
        "responses_by_status": {"429": 1, "200": 1},
        "rate_limited": 1,
    }


def test_giving_up_on_a_slow_connection_says_rerun_later(new_session, rm):
    session = new_session(max_attempts=2)
    failure = TimeoutError(110, "Connection timed out")
    rm.get(SEARCH, body=requests.exceptions.ConnectionError(failure))
    with pytest.raises(TransientUpstreamError) as info:
        session.get(SEARCH, params={"query": "a"})
    assert not isinstance(info.value, UpstreamUnreachable)
    assert str(info.value).endswith(
        "[Errno 110] Connection timed out. The service is unreachable or too slow: rerun later; "
        "completed work is cached."
    )


@pytest.mark.parametrize(
    ("failure", "reason"),
    [
        (socket.gaierror(-2, "Name or service not known"), "its name does not resolve"),
        (ConnectionRefusedError(111, "Connection refused"), "the connection was refused"),
        (OSError(errno.EHOSTUNREACH, "No route to host"), "no route"),
        (OSError(errno.ENETUNREACH, "Network is unreachable"), "the network is unreachable"),
    ],
)
def test_an_unreachable_host_gets_one_quick_retry_and_one_line_naming_the_setting(
    new_session, rm, fake, caplog, failure, reason
):
    session = new_session(max_attempts=8, backoff_base=30, backoff_max=60, s2_rps=1000)
    rm.get(SEARCH, body=requests.exceptions.ConnectionError(failure))
    with pytest.raises(UpstreamUnreachable) as info:
        session.get(SEARCH, params={"query": "a"})
    assert len(rm.calls) == 2  # one quick retry, not eight with minutes of backoff
    assert sum(fake.sleeps) <= 1.0
    assert str(info.value) == (
        f"cannot reach api.semanticscholar.org (ENRICH_S2_URL): {reason}. Check the network, "
        "or set ENRICH_S2_URL to the right URL; `enrich demo` runs against a local replica "
        "without a network"
    )
    assert info.value.host == "api.semanticscholar.org"
    assert not [r for r in caplog.records if r.levelname == "WARNING"]  # told once, by the error


def test_an_unreachable_arxiv_host_names_its_own_setting(new_session, rm):
    session = new_session()
    url = "https://export.arxiv.org/api/query"
    rm.get(url, body=requests.exceptions.ConnectionError(socket.gaierror(-3, "Temporary")))
    with pytest.raises(UpstreamUnreachable, match=r"export\.arxiv\.org \(ENRICH_ARXIV_URL\)"):
        session.get(url, params={"search_query": "ti:x"})


def test_giving_up_after_429s_says_the_service_is_rate_limiting(new_session, rm):
    session = new_session(max_attempts=2)
    rm.get(SEARCH, status=429, json={"message": "Too Many Requests.", "code": "429"})
    with pytest.raises(TransientUpstreamError, match=r"The service is rate limiting: rerun later"):
        session.get(SEARCH, params={"query": "a"})


def test_attempts_on_failure_caps_server_errors_but_not_429s(new_session, rm, caplog):
    session = new_session(max_attempts=6)
    rm.get(SEARCH, status=504, json={"message": "Endpoint request timed out"})
    with session.attempts_on_failure(2), pytest.raises(TransientUpstreamError) as info:
        session.get(SEARCH, params={"query": "a"})
    assert len(rm.calls) == 2
    assert "HTTP 504 Gateway Timeout; retry 1/1 in" in caplog.text
    assert info.value.status == 504 and info.value.reason == "HTTP 504 Gateway Timeout"
    rm.replace(responses.GET, SEARCH, status=429, json={"message": "Too Many Requests."})
    with session.attempts_on_failure(2), pytest.raises(TransientUpstreamError):
        session.get(SEARCH, params={"query": "b"})
    assert len(rm.calls) == 2 + 6  # rate limiting is waited out with the full budget
    rm.replace(responses.GET, SEARCH, status=500, json={"message": "Internal server error"})
    with pytest.raises(TransientUpstreamError):  # outside the block: the full budget again
        session.get(SEARCH, params={"query": "c"})
    assert len(rm.calls) == 2 + 6 + 6


@pytest.mark.parametrize(
    ("failure", "smaller_may_help"),
    [
        ({"status": 500, "json": {"message": "Internal server error"}}, True),
        ({"status": 504, "json": {"message": "Endpoint request timed out"}}, True),
        ({"body": requests.exceptions.ReadTimeout("read timed out")}, True),
        ({"body": requests.exceptions.ChunkedEncodingError("connection broken")}, True),
        ({"status": 200, "body": b'{"data": [{"paperId": '}, True),  # a body cut off
        ({"status": 429, "json": {"message": "Too Many Requests.", "code": "429"}}, False),
        ({"body": requests.exceptions.ConnectTimeout("connect timed out")}, False),
        (
            {"body": requests.exceptions.ConnectionError(ConnectionRefusedError(111, "refused"))},
            False,
        ),
        (
            {"body": requests.exceptions.ConnectionError(socket.gaierror(-2, "Name unknown"))},
            False,
        ),
    ],
)
def test_may_succeed_smaller_only_for_failures_a_smaller_request_can_mend(
    new_session, rm, failure, smaller_may_help
):
    from enrich.http import may_succeed_smaller

    session = new_session(max_attempts=2)
    rm.get(SEARCH, **failure)
    with pytest.raises(TransientUpstreamError) as info:
        session.get(SEARCH, params={"query": "a"})
    assert may_succeed_smaller(info.value) is smaller_may_help


def test_connection_refused_is_described_without_repeating_the_url():
    import socket

    from enrich.http import describe_network_error

    with socket.socket() as s:  # a port that was free a moment ago: nothing listens on it
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    try:
        requests.get(f"http://127.0.0.1:{port}/graph/v1/paper/search/match?query=x", timeout=5)
    except requests.exceptions.ConnectionError as exc:
        text = describe_network_error(exc)
    assert text == "ConnectionError: [Errno 111] Connection refused"
    assert "query=x" not in text


def test_status_text_quotes_the_upstream_message_when_there_is_one():
    import requests

    from enrich.http import status_text

    def response(status: int, body: bytes) -> requests.Response:
        r = requests.Response()
        r.status_code, r._content = status, body
        return r

    assert status_text(response(400, b'{"error":"Unrecognized field"}')) == (
        "HTTP 400 'Unrecognized field'"
    )
    assert status_text(response(429, b'{"message":"Too Many Requests"}')) == (
        "HTTP 429 'Too Many Requests'"
    )
    assert status_text(response(502, b"")) == "HTTP 502"


def test_a_read_only_cache_is_refused_not_silently_bypassed(tmp_path, monkeypatch):
    # requests-cache swallows failed writes: a read-only cache repeated every request, every run
    from pathlib import Path

    from enrich.errors import ConfigError
    from enrich.http import session as session_mod

    cache = tmp_path / "http.sqlite"
    make_session(Settings(cache_path=cache)).close()
    monkeypatch.setattr(session_mod.os, "access", lambda path, mode: Path(path) != cache)
    with pytest.raises(ConfigError, match=r"http.sqlite cannot be written \(a read-only"):
        make_session(Settings(cache_path=cache))
    make_session(Settings(cache_path=cache, offline=True)).close()  # reading it is fine
