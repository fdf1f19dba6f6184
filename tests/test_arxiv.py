"""arXiv client and Atom parser, against recorded feeds (exact bytes), old and new formats.

Each test name says which upstream quirk it pins down.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from enrich.chunks import stable_chunks
from enrich.errors import TransientUpstreamError, UpstreamError
from enrich.http import make_session
from enrich.settings import Settings
from enrich.sources.arxiv import (
    EMPTY_SEARCH_TTL,
    MAX_RESULTS,
    ArxivClient,
    id_chunks,
    normalize_arxiv_id,
    parse_feed,
    split_arxiv_version,
    title_phrase,
)
from tests.conftest import sample_bytes

ARXIV = "https://export.arxiv.org/api/query"


@pytest.fixture
def client(tmp_path, fake):
    settings = Settings(cache_path=tmp_path / "http.sqlite", s2_api_key="s2-key-not-for-arxiv")
    session = make_session(settings, sleep=fake.sleep, clock=fake.clock)
    yield ArxivClient(session, settings)
    session.close()


def query(call) -> dict[str, list[str]]:
    """An arXiv call's parameters: a form POST's body, nothing in the URL."""
    request = call.request
    assert request.method == "POST" and not urlsplit(request.url).query
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    return parse_qs(request.body)


# -- parse_feed --------------------------------------------------------------------------------


def test_title_zero():
    feed = parse_feed(sample_bytes("arxiv_idlist_versioned_2104.12255v1.xml"))
    (entry,) = feed.entries
    assert entry.title == "0"
    assert (entry.arxiv_id, entry.version) == ("2104.12255", 1)
    assert entry.authors == ("Quan Thoi Minh Nguyen",)
    assert entry.published == "2021-04-20" and entry.year == 2021
    assert entry.pdf_url == "https://arxiv.org/pdf/2104.12255v1"
    assert entry.doi is None and entry.journal_ref is None


def test_arxiv_error_feed_is_not_a_paper():
    feed = parse_feed(sample_bytes("arxiv_error_400_bad_id_abc.xml"))
    assert feed.entries == ()
    assert feed.error == "incorrect id format for abc"
    assert feed.total_results == 1  # arXiv counts the error entry as a result


def test_old_format_error_feed_is_not_a_paper():
    feed = parse_feed(sample_bytes("arxiv_old_error_400_invalid_id.xml"))
    assert feed.entries == ()
    assert feed.error == "incorrect id format for INVALIDID"


def test_old_format_feed_with_doi():
    feed = parse_feed(sample_bytes("arxiv_old_idlist_1710.08557_with_doi.xml"))
    (entry,) = feed.entries
    # hard-wrapped title and summary, collapsed
    assert entry.title == (
        "On Neuromechanical Approaches for the Study of Biological Grasp and Manipulation"
    )
    assert entry.abstract is not None
    assert entry.abstract.startswith("Biological and robotic grasp and manipulation are undeniably")
    assert "\n" not in entry.abstract and "  " not in entry.abstract
    assert entry.doi == "10.1186/s12984-017-0305-3"
    assert entry.journal_ref == "Journal of NeuroEngineering and Rehabilitation, 2017"
    assert entry.primary_category == "cs.RO"
    assert entry.pdf_url == "http://arxiv.org/pdf/1710.08557v1"
    assert entry.published == "2017-10-24"
    assert feed.total_results == 1


def test_old_format_old_style_id_with_affiliations():
    (entry,) = parse_feed(
        sample_bytes("arxiv_old_idlist_astro-ph_9812133_affiliations.xml")
    ).entries
    assert (entry.arxiv_id, entry.version) == ("astro-ph/9812133", 1)
    assert len(entry.authors) == 32
    assert entry.authors[0] == "S. Perlmutter"
    assert entry.doi == "10.1086/307221"
    assert entry.categories == ("astro-ph", "hep-ex", "hep-ph")


def test_new_format_old_style_id_and_escaped_summary():
    (entry,) = parse_feed(sample_bytes("arxiv_idlist_oldstyle_astro-ph_0601001.xml")).entries
    assert (entry.arxiv_id, entry.version) == ("astro-ph/0601001", 1)
    assert entry.journal_ref == "ActaAstron.56:1-50,2006"
    assert entry.abstract is not None
    assert entry.abstract.startswith("We derive the frequencies")  # leading spaces dropped
    assert "Gould & Morgan" in entry.abstract and "V_max<17.5" in entry.abstract  # unescaped


def test_new_format_phrase_search_feed():
    feed = parse_feed(sample_bytes("arxiv_title_phrase_search_reach_2307.00099.xml"))
    (entry,) = feed.entries
    assert (entry.arxiv_id, entry.version) == ("2307.00099", 3)
    assert entry.title == "Receiver design for the REACH global 21-cm signal experiment"
    assert entry.published == "2023-06-30" and entry.updated == "2025-01-19"
    assert entry.doi == "10.1007/s10686-024-09975-3"
    assert entry.journal_ref == "Exp Astron 59, 7 (2025)"
    assert entry.primary_category == "astro-ph.IM"
    assert len(entry.authors) == 38


def test_keyword_search_feed_total_results():
    feed = parse_feed(sample_bytes("arxiv_search_all_testing_m10.xml"))
    assert feed.total_results == 214881
    assert len(feed.entries) == 10
    assert feed.error is None
    assert all(e.version is not None and e.title for e in feed.entries)
    assert any(e.doi for e in feed.entries) and any(e.journal_ref for e in feed.entries)


def test_empty_feed():
    feed = parse_feed(sample_bytes("arxiv_empty_idlist_0000.0000.xml"))
    assert (feed.entries, feed.total_results, feed.error) == ((), 0, None)


def test_rate_exceeded_text_is_reported_not_raised():
    feed = parse_feed(sample_bytes("arxiv_error_429_rate_exceeded.txt"))
    assert feed.entries == () and feed.error is not None and "Rate exceeded" in feed.error


def test_non_feed_xml_is_reported():
    assert "not an Atom feed" in (parse_feed(b"<html><body>oops</body></html>").error or "")


def test_dates_whose_utc_day_is_out_of_range_keep_their_own_day():
    """Found by fuzzing: converting ``9999-12-31T23:59:59-01:00`` to UTC overflows datetime;
    parse_feed, which must not raise on any document, raised OverflowError."""
    sample = sample_bytes("arxiv_idlist_versioned_2104.12255v1.xml")
    published = b"<published>2021-04-20T"
    assert published in sample
    start = sample.index(published) + len(b"<published>")
    end = sample.index(b"</published>", start)
    feed = parse_feed(sample[:start] + b"9999-12-31T23:59:59-01:00" + sample[end:])
    (entry,) = feed.entries
    assert entry.published == "9999-12-31"


def test_split_and_normalize_ids():
    assert split_arxiv_version("2309.06180v2") == ("2309.06180", 2)
    assert split_arxiv_version("astro-ph/0601001v1") == ("astro-ph/0601001", 1)
    assert split_arxiv_version("2309.06180") == ("2309.06180", None)
    assert normalize_arxiv_id("arXiv:2309.06180v2") == "2309.06180"
    assert normalize_arxiv_id("https://arxiv.org/abs/2309.06180v1") == "2309.06180"
    assert normalize_arxiv_id("https://arxiv.org/pdf/2309.06180v1.pdf") == "2309.06180"
    assert normalize_arxiv_id("math.GT/0309136") == "math.GT/0309136"
    assert normalize_arxiv_id("abc") is None
    assert normalize_arxiv_id("") is None


def test_title_phrase_removes_query_breakers():
    assert (
        title_phrase('Attention: "All" you (Need) [v2] {x} - a/b')
        == "Attention All you Need v2 x a b"
    )
    assert title_phrase("Receiver design for the REACH global 21-cm signal experiment") == (
        "Receiver design for the REACH global 21 cm signal experiment"
    )
    assert title_phrase("Sense AND Sensibility OR ANDNOT") == "Sense and Sensibility or andnot"
    assert title_phrase("Wübben’s café") == "Wübben s café"
    assert title_phrase(" :: ") == ""


# -- search_title ------------------------------------------------------------------------------


def test_search_title_sends_a_clean_phrase(client, rm):
    rm.post(ARXIV, body=sample_bytes("arxiv_title_phrase_search_reach_2307.00099.xml"))
    entries = client.search_title("Receiver design for the REACH global 21-cm signal experiment")
    assert [e.arxiv_id for e in entries] == ["2307.00099"]
    assert query(rm.calls[0]) == {
        "search_query": ['ti:"Receiver design for the REACH global 21 cm signal experiment"'],
        "start": ["0"],
        "max_results": ["5"],
    }
    assert "x-api-key" not in {k.lower() for k in rm.calls[0].request.headers}


def test_search_titles_ors_the_phrases_in_one_query_with_max_results(client, rm):
    rm.post(ARXIV, body=sample_bytes("arxiv_title_phrase_search_reach_2307.00099.xml"))
    feed = client.search_titles(
        ["Receiver design for the REACH global 21-cm signal experiment", 'A "quoted" (title)',
         "Receiver design for the REACH global 21-cm signal experiment"],
        max_results=15,
    )  # fmt: skip
    assert [e.arxiv_id for e in feed.entries] == ["2307.00099"]
    assert feed.total_results == 1  # arXiv had no more: the answer is complete
    assert query(rm.calls[0]) == {
        "search_query": [
            'ti:"Receiver design for the REACH global 21 cm signal experiment" OR '
            'ti:"A quoted title"'  # each phrase once, quotes and parentheses gone
        ],
        "start": ["0"],
        "max_results": ["15"],
    }


def test_search_title_is_cached(client, rm):
    rm.post(ARXIV, body=sample_bytes("arxiv_title_phrase_search_reach_2307.00099.xml"))
    title = "Receiver design for the REACH global 21-cm signal experiment"
    assert client.search_title(title) == client.search_title(title)
    assert len(rm.calls) == 1


def test_empty_first_page_is_believed_for_a_day_only(client, rm):
    # An empty first page can be an arXiv glitch: one request now (no immediate second ask,
    # which would cost every title arXiv lacks a second request), and a short cache life so
    # the next run asks again.
    rm.post(ARXIV, body=sample_bytes("arxiv_empty_idlist_0000.0000.xml"))
    title = "Receiver design for the REACH global 21-cm signal experiment"
    assert client.search_title(title) == []
    assert len(rm.calls) == 1
    assert client.search_title(title) == []  # within the day: from the cache
    assert len(rm.calls) == 1
    key = client.session.cache.create_key(rm.calls[0].request)
    expires = client.session.cache.get_response(key).expires
    left = expires - datetime.now(UTC)
    assert timedelta(hours=23) < left <= EMPTY_SEARCH_TTL


def test_empty_search_heals_on_the_next_run_after_expiry(client, rm):
    rm.post(ARXIV, body=sample_bytes("arxiv_empty_idlist_0000.0000.xml"))
    rm.post(ARXIV, body=sample_bytes("arxiv_title_phrase_search_reach_2307.00099.xml"))
    title = "Receiver design for the REACH global 21-cm signal experiment"
    assert client.search_title(title) == []
    key = client.session.cache.create_key(rm.calls[0].request)
    cached = client.session.cache.get_response(key)
    client.session.cache.save_response(cached, key, expires=datetime.now(UTC) - timedelta(1))
    assert [e.arxiv_id for e in client.search_title(title)] == ["2307.00099"]
    assert len(rm.calls) == 2


def test_a_hit_is_cached_for_the_search_ttl(client, rm):
    rm.post(ARXIV, body=sample_bytes("arxiv_title_phrase_search_reach_2307.00099.xml"))
    client.search_title("Receiver design for the REACH global 21-cm signal experiment")
    key = client.session.cache.create_key(rm.calls[0].request)
    left = client.session.cache.get_response(key).expires - datetime.now(UTC)
    assert left > timedelta(days=29)


def test_an_id_list_answer_is_cached_for_the_metadata_ttl_only(client, rm):
    rm.post(ARXIV, body=sample_bytes("arxiv_idlist_1605.08386.xml"))
    client.get_by_ids(["1605.08386"])
    key = client.session.cache.create_key(rm.calls[0].request)
    left = client.session.cache.get_response(key).expires - datetime.now(UTC)
    assert timedelta(hours=23) < left <= timedelta(days=1)


def test_arxiv_is_asked_by_form_post_without_the_s2_key(client, rm):
    rm.post(ARXIV, body=sample_bytes("arxiv_title_phrase_search_reach_2307.00099.xml"))
    client.search_titles(["Receiver design for the REACH global 21-cm signal experiment"], 5)
    request = rm.calls[0].request  # query() checks the method, the form and the bare URL
    assert "s2-key-not-for-arxiv" not in f"{request.url} {request.body} {request.headers}"


def test_offline_a_cached_post_is_served_and_a_miss_says_so(tmp_path, fake, rm):
    from enrich.errors import OfflineCacheMiss

    rm.post(ARXIV, body=sample_bytes("arxiv_idlist_1605.08386.xml"))
    for offline in (False, True):
        settings = Settings(cache_path=tmp_path / "http.sqlite", offline=offline)
        session = make_session(settings, sleep=fake.sleep, clock=fake.clock)
        client = ArxivClient(session, settings)
        assert [e.arxiv_id for e in client.get_by_ids(["1605.08386"])] == ["1605.08386"]
        if offline:
            with pytest.raises(OfflineCacheMiss):
                client.get_by_ids(["1707.08567"])
        session.close()
    assert len(rm.calls) == 1


def test_search_title_without_words_makes_no_request(client, rm):
    assert client.search_title('":()"') == []
    assert len(rm.calls) == 0


def test_429_rate_exceeded_plain_text_is_retried_not_parsed(client, rm, fake):
    rm.post(ARXIV, status=429, body=sample_bytes("arxiv_error_429_rate_exceeded.txt"))
    rm.post(ARXIV, body=sample_bytes("arxiv_title_phrase_search_reach_2307.00099.xml"))
    entries = client.search_title("Receiver design for the REACH global 21-cm signal experiment")
    assert [e.arxiv_id for e in entries] == ["2307.00099"]
    assert fake.sleeps == [6.0]  # arXiv's 3 s, doubled by the 429


def test_429_forever_is_a_transient_error(client, rm):
    rm.post(ARXIV, status=429, body=sample_bytes("arxiv_error_429_rate_exceeded.txt"))
    with pytest.raises(TransientUpstreamError, match="rerun later"):
        client.search_title("anything")


# -- get_by_ids --------------------------------------------------------------------------------


def test_get_by_ids_requests_without_version(client, rm):
    rm.post(ARXIV, body=sample_bytes("arxiv_idlist_1605.08386.xml"))
    (entry,) = client.get_by_ids(["1605.08386v1"])
    assert entry.arxiv_id == "1605.08386"
    assert entry.title == "Heat-bath random walks with Markov bases"
    assert query(rm.calls[0]) == {"id_list": ["1605.08386"], "start": ["0"], "max_results": ["1"]}


def test_multi_id_list_silently_drops_unknown_ids(client, rm):
    rm.post(ARXIV, body=sample_bytes("arxiv_idlist_multi_0808.05394_1707.08567.xml"))
    entries = client.get_by_ids(["0808.05394", "1707.08567"])
    assert [e.arxiv_id for e in entries] == ["1707.08567"]
    assert "Dirk Wübben" in entries[0].authors
    assert len(entries[0].authors) == 34
    assert query(rm.calls[0])["max_results"] == ["2"]


def test_unknown_id_gives_empty_list(client, rm):
    rm.post(ARXIV, body=sample_bytes("arxiv_empty_idlist_0000.0000.xml"))
    assert client.get_by_ids(["0000.0000"]) == []
    assert len(rm.calls) == 1  # no second ask for id lists


def asked_ids(call) -> list[str]:
    return query(call)["id_list"][0].split(",")


def test_get_by_ids_posts_1500_ids_in_two_chunks_with_max_results(client, rm):
    rm.post(ARXIV, body=sample_bytes("arxiv_empty_idlist_0000.0000.xml"))
    ids = [f"2301.{n:05d}" for n in range(1500)]
    done: list[tuple[int, int]] = []  # (ids answered, requests made) at each callback
    # a duplicate once its version is stripped
    client.get_by_ids(ids + ["2301.00000v3"], done=lambda n: done.append((n, len(rm.calls))))
    assert len(rm.calls) == 2  # not 15 GETs of 100
    sizes = [len(asked_ids(c)) for c in rm.calls]
    assert sum(sizes) == 1500 and max(sizes) <= MAX_RESULTS
    assert sorted(i for c in rm.calls for i in asked_ids(c)) == ids  # each id once
    assert done == [(sizes[0], 1), (sizes[1], 2)]
    assert [query(c)["max_results"] for c in rm.calls] == [[str(n)] for n in sizes]


def test_adding_one_id_to_a_big_list_re_asks_one_chunk(client, rm):
    rm.post(ARXIV, body=sample_bytes("arxiv_empty_idlist_0000.0000.xml"))
    ids = [f"2301.{n:05d}" for n in range(1500)]
    client.get_by_ids(ids)
    first = [asked_ids(c) for c in rm.calls]
    client.get_by_ids([*ids, "2412.99999"])  # appended: cut in order, it would shift nothing,
    client.get_by_ids(["2101.00001", *ids])  # but prepended it would shift every chunk
    later = [asked_ids(c) for c in rm.calls[2:]]
    assert len(later) == 2  # one chunk each time; the other chunk is a cache hit
    for chunk in later:
        assert any(set(chunk) - {"2412.99999", "2101.00001"} == set(f) for f in first)


def test_id_chunks_are_stable_and_never_pass_arxivs_page():
    ids = [f"2301.{n:05d}" for n in range(2500)]
    chunks = id_chunks(ids)
    assert len(chunks) == 3 and sorted(sum(chunks, [])) == ids
    assert id_chunks(list(reversed(ids))) == chunks  # by hash, not by order
    assert max(len(c) for c in stable_chunks(ids, 1000)) <= MAX_RESULTS
    # a bucket the hash made too large for one page is cut in halves, the same way each time
    small = id_chunks(ids[:300], size=100, cap=40)
    assert all(len(c) <= 40 for c in small) and sorted(sum(small, [])) == ids[:300]
    assert len(small) > len(stable_chunks(ids[:300], 100))
    assert small == id_chunks(list(reversed(ids[:300])), size=100, cap=40)


def test_get_by_ids_skips_malformed_ids(client, rm, caplog):
    rm.post(ARXIV, body=sample_bytes("arxiv_idlist_1605.08386.xml"))
    assert len(client.get_by_ids(["abc", "1605.08386"])) == 1
    assert query(rm.calls[0])["id_list"] == ["1605.08386"]
    assert "'abc'" in caplog.text
    assert client.get_by_ids(["abc"]) == []
    assert len(rm.calls) == 1


def test_arxiv_error_feed_raises_naming_the_message(client, rm):
    rm.post(ARXIV, status=400, body=sample_bytes("arxiv_error_400_bad_id_abc.xml"))
    with pytest.raises(UpstreamError, match="incorrect id format for abc") as info:
        client.get_by_ids(["2301.00001"])
    assert info.value.status == 400
    assert f"for POST {ARXIV} (id_list=2301.00001, start=0, max_results=1)" in str(info.value)
    assert not isinstance(info.value, TransientUpstreamError)
    with pytest.raises(UpstreamError):  # not cached: asked again
        client.get_by_ids(["2301.00001"])
    assert len(rm.calls) == 2


def test_old_format_error_feed_raises(client, rm):
    rm.post(ARXIV, status=400, body=sample_bytes("arxiv_old_error_400_invalid_id.xml"))
    with pytest.raises(UpstreamError, match="incorrect id format for INVALIDID"):
        client.search_title("anything")


def test_get_by_ids_refresh_goes_to_the_network(client, rm):
    rm.post(ARXIV, body=sample_bytes("arxiv_idlist_versioned_2104.12255v1.xml"))
    client.get_by_ids(["2104.12255"])
    client.get_by_ids(["2104.12255"])
    assert len(rm.calls) == 1
    (entry,) = client.get_by_ids(["2104.12255"], refresh=True)
    assert entry.title == "0"
    assert len(rm.calls) == 2


def test_unexpected_status_is_an_upstream_error(client, rm):
    rm.post(ARXIV, status=404, body=b"Not Found")
    with pytest.raises(UpstreamError, match="HTTP 404"):
        client.get_by_ids(["2104.12255"])
