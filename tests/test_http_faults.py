"""The session under hostile networks and full disks (issue 25: rows 1, 2, 7, 10, 15).

HTTP is mocked with ``responses`` (below the cache) or served by small servers on 127.0.0.1;
sleep and clock are injected where the retry loop would wait.
"""

from __future__ import annotations

import pytest

from enrich.errors import UntrustedAnswer
from enrich.http import EnrichSession, make_session
from enrich.http.origin import origin, under
from enrich.settings import Settings
from tests.test_http import KEY, MATCH

PAPER = {"paperId": "abc", "title": "A"}


@pytest.fixture
def new_session(tmp_path, fake):
    """Build sessions on a per-test cache; ``new_session(**settings_overrides)``."""
    made: list[EnrichSession] = []

    def build(**overrides) -> EnrichSession:
        overrides.setdefault("cache_path", tmp_path / "http.sqlite")
        session = make_session(Settings(**overrides), sleep=fake.sleep, clock=fake.clock)
        made.append(session)
        return session

    yield build
    for session in made:
        session.close()


# -- row 2: the key goes to the exact origin of the S2 URL -------------------------------------


@pytest.mark.parametrize(
    ("s2_url", "url", "keyed"),
    [
        ("http://127.0.0.1:3000", "http://127.0.0.1:3000/paper/abc", True),
        ("http://127.0.0.1:3000", "http://127.0.0.1:30001/paper/abc", False),
        ("http://127.0.0.1:3000", "https://127.0.0.1:3000/paper/abc", False),
        ("https://api.semanticscholar.org/graph/v1", "https://api.semanticscholar.org/x", True),
        (
            "https://api.semanticscholar.org/graph/v1",
            "https://api.semanticscholar.org.example.net/graph/v1/paper/abc",
            False,
        ),
        (
            "https://api.semanticscholar.org/graph/v1",
            "https://api.semanticscholar.org:8443/graph/v1/paper/abc",
            False,
        ),
        (
            "https://api.semanticscholar.org/graph/v1",
            "http://api.semanticscholar.org/graph/v1/paper/abc",
            False,
        ),
    ],
)
def test_the_key_goes_only_to_the_exact_origin_of_the_s2_url(new_session, rm, s2_url, url, keyed):
    """issue 25 row 2: the origin test was a string prefix, so `http://127.0.0.1:3000` sent the
    key to port 30001 (and `api.semanticscholar.org` to `api.semanticscholar.org.example.net`)."""
    session = new_session(s2_url=s2_url, s2_api_key=KEY)
    rm.get(url, json=PAPER)
    session.get(url)
    (call,) = rm.calls
    assert (call.request.headers.get("x-api-key") == KEY) is keyed


def test_origins_compare_scheme_host_and_port_exactly():
    assert origin("https://API.semanticscholar.org/graph") == (
        "https",
        "api.semanticscholar.org",
        443,
    )
    assert origin("http://h:80/") == origin("http://h/")
    assert origin("https://api.semanticscholar.org@evil.example/") == ("https", "evil.example", 443)
    assert origin("http://h:port/") is None
    assert under("http://h/graph/v1/paper", "http://h/graph/v1")
    assert not under("http://h/graph/v10/paper", "http://h/graph/v1")
    assert not under("http://h:81/graph/v1/paper", "http://h/graph/v1")


# -- row 1: a redirect to another origin is refused, never cached ------------------------------


def test_a_redirect_to_another_origin_is_refused_and_nothing_is_cached(new_session, rm):
    """issue 25 row 1: S2 answering 302 to another host had that host's answer used and cached
    under S2's key (a wrong-shaped batch too), so later runs failed from the cache."""
    session = new_session(s2_api_key=KEY, max_attempts=2, backoff_base=0.0)
    elsewhere = "https://mirror.example.net/graph/v1/paper/search/match"
    rm.get(MATCH, status=302, headers={"Location": f"{elsewhere}?query=a"})
    rm.get(elsewhere, json={"data": []})
    with pytest.raises(UntrustedAnswer) as info:
        session.get(MATCH, params={"query": "a"})
    assert (
        "redirected from https://api.semanticscholar.org to another origin "
        "(https://mirror.example.net), refused" in str(info.value)
    )
    assert "set ENRICH_S2_URL to its new URL" in str(info.value)
    assert [c.request.url.split("?")[0] for c in rm.calls] == [MATCH, MATCH]  # asked twice
    assert len(session.cache.responses) == 0 and len(session.cache.redirects) == 0


def test_a_redirect_within_the_origin_is_followed_with_the_key(new_session, rm):
    session = new_session(s2_api_key=KEY)
    moved = MATCH.replace("/graph/v1/", "/graph/v1/moved/")
    rm.get(MATCH, status=301, headers={"Location": "/graph/v1/moved/paper/search/match?query=a"})
    rm.get(moved, json={"data": [PAPER]})
    assert session.get(MATCH, params={"query": "a"}).json() == {"data": [PAPER]}
    assert [c.request.headers.get("x-api-key") for c in rm.calls] == [KEY, KEY]
