"""The session under hostile networks and full disks (issue 25: rows 1, 2, 7, 10, 15).

HTTP is mocked with ``responses`` (below the cache) or served by small servers on 127.0.0.1;
sleep and clock are injected where the retry loop would wait.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from enrich.errors import CacheNotWritten, TransientUpstreamError, UntrustedAnswer
from enrich.http import make_session
from enrich.http.cache_file import WriteFailures
from enrich.http.origin import origin, under
from enrich.settings import Settings
from tests.conftest import SEEDS
from tests.test_http import KEY, MATCH

PAPER = {"paperId": "abc", "title": "A"}


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


# -- row 7: a whole-attempt deadline ends a host that trickles ----------------------------------

GIVE_UP_AFTER = 30.0
"""The trickle server hangs up after this long, so that without a deadline the test fails (with
another error) instead of hanging."""


@contextlib.contextmanager
def trickle_server(part: str) -> Iterator[str]:
    """A host on 127.0.0.1 that sends an answer a byte at a time, 0.1 s apart: its ``headers``
    (the status line and headers trickle), or its ``body`` (headers at once, then the body)."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n"
    body = b'{"data": []}'.ljust(400)
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()
    answering: list[threading.Thread] = []

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            answering.append(threading.Thread(target=answer, args=(conn,), daemon=True))
            answering[-1].start()

    def answer(conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):
            conn.recv(65536)
            slow = head + body if part == "headers" else body
            if part == "body":
                conn.sendall(head)
            started = time.monotonic()
            for byte in slow:
                if stop.is_set() or time.monotonic() - started > GIVE_UP_AFTER:
                    return
                conn.sendall(bytes([byte]))
                stop.wait(0.1)

    server = threading.Thread(target=serve, daemon=True)
    server.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        with contextlib.suppress(OSError):
            listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() (close alone does not)
        listener.close()
        server.join(5)
        for thread in answering:
            thread.join(5)


@pytest.mark.parametrize("part", ["headers", "body"])
def test_a_host_that_trickles_is_ended_by_the_request_deadline(new_session, part):
    """issue 25 row 7: a host sending a byte a second kept one request running forever (the
    timeout bounds each socket read). The deadline ends the attempt; retries give up."""
    with trickle_server(part) as base:
        session = new_session(
            s2_url=f"{base}/graph/v1", request_deadline=0.5, max_attempts=2, backoff_base=0.0
        )
        with pytest.raises(TransientUpstreamError) as info:
            session.get(f"{base}/graph/v1/paper/search/match", params={"query": "a"})
    message = str(info.value)
    assert "failed after 2 attempt(s)" in message
    assert "ReadTimeout: no whole answer within ENRICH_REQUEST_DEADLINE (0.5s)" in message
    assert "rerun later" in message
    assert len(session.cache.responses) == 0


def test_a_run_against_a_host_that_trickles_ends_with_exit_3(tmp_path):
    """The probe of row 7 through the CLI: both upstreams trickle; the run ends, exit 3."""
    from tests.test_e2e import cli

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "l.md").write_text(
        "- Orca: A Distributed Serving System for Transformer-Based Generative Models\n"
        "- Efficient Memory Management for Large Language Model Serving with PagedAttention\n"
        "- FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness\n"
    )
    with trickle_server("body") as base:
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("ENRICH_", "S2_API_KEY"))
        }
        env.update(
            ENRICH_S2_URL=f"{base}/graph/v1",
            ENRICH_ARXIV_URL=f"{base}/api/query",
            ENRICH_CACHE=str(tmp_path / "cache.sqlite"),
            ENRICH_REQUEST_DEADLINE="0.5",
            ENRICH_MAX_ATTEMPTS="2",
            ENRICH_BACKOFF_BASE="0",
            ENRICH_ARXIV_DELAY="0",
            ENRICH_S2_RPS="100",
        )
        result = cli("run", "--out", str(tmp_path / "out"), env=env, raw=raw, timeout=120)
    assert result.returncode == 3, result.stderr
    assert "no whole answer within ENRICH_REQUEST_DEADLINE (0.5s)" in result.stderr


# -- row 15: ENRICH_CACHE must name a file ------------------------------------------------------


def _seed_list(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    first = sorted(SEEDS.iterdir())[0]
    (raw / first.name).write_bytes(first.read_bytes())
    return raw


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("/", "names /, a directory: it must name the cache's file, e.g. /http.sqlite"),
        ("DIR", "a directory: it must name the cache's file, e.g. {tmp}/DIR/http.sqlite"),
        ("/dev/null", "names /dev/null, not a regular file (a device, pipe or socket)"),
        ("DIR/cache", "a name without a suffix (requests-cache would write it with `.sqlite`"),
    ],
)
def test_a_cache_path_that_is_no_file_is_exit_2_naming_the_setting(
    name, says, tmp_path, monkeypatch, capsys
):
    """issue 25 row 15: `ENRICH_CACHE=/` wrote `/.sqlite`, a directory DIR wrote `DIR.sqlite`."""
    from enrich.cli import main

    (tmp_path / "DIR").mkdir()
    path = name if name.startswith("/") else str(tmp_path / name)
    monkeypatch.setenv("ENRICH_CACHE", path)
    before = {p.name for p in tmp_path.iterdir()}
    code = main(["resolve", "--raw", str(_seed_list(tmp_path)), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Error: ENRICH_CACHE (or --cache) names " in err
    assert says.format(tmp=tmp_path) in err
    assert not [p for p in tmp_path.rglob("*.sqlite")]
    assert {p.name for p in tmp_path.iterdir()} - before <= {"raw", "o"}


# -- row 10: a cache that cannot be written is told, and is exit 2 ------------------------------


def _pin_cache_size(monkeypatch) -> None:
    """Every cache connection may not grow the file: SQLite's own SQLITE_FULL ("database or disk
    is full"), what a full disk gives, without filling a disk."""
    made = WriteFailures.connection_class

    def pinned(self):
        base = made(self)

        class Pinned(base):  # type: ignore[misc, valid-type]
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                pages = sqlite3.Connection.execute(self, "PRAGMA page_count").fetchone()[0]
                sqlite3.Connection.execute(self, f"PRAGMA max_page_count = {max(pages, 1)}")

        return Pinned

    monkeypatch.setattr(WriteFailures, "connection_class", pinned)


def test_a_full_cache_warns_naming_it_and_the_free_space_and_the_answer_is_used(
    tmp_path, new_session, rm, monkeypatch, caplog
):
    """issue 25 row 10: requests-cache drops failed writes; a full disk was silent."""
    make_session(Settings(cache_path=tmp_path / "http.sqlite")).close()  # the tables exist
    _pin_cache_size(monkeypatch)
    session = new_session()
    rm.get(MATCH, json={"data": [{**PAPER, "title": "x" * 20_000}]})
    with caplog.at_level(logging.WARNING):
        answer = session.get(MATCH, params={"query": "a"})
        session.get(MATCH, params={"query": "a"})  # not kept: asked again
    assert answer.json()["data"][0]["paperId"] == "abc"
    assert len(rm.calls) == 2 and len(session.cache.responses) == 0
    (warning,) = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert f"the HTTP cache {tmp_path / 'http.sqlite'} could not be written" in warning
    assert re.search(r"\(database or disk is full; [\d.]+ MB free on its file system\)", warning)
    with pytest.raises(CacheNotWritten, match=r"^2 write\(s\) to the HTTP cache failed") as info:
        session.cache_writes.check()
    assert info.value.exit_code == 2


def test_a_run_whose_cache_is_full_publishes_and_exits_2(tmp_path, monkeypatch, capsys):
    from enrich.cli import main
    from tests.replica import load_seeds_world, start_replica

    cache = tmp_path / "cache.sqlite"
    make_session(Settings(cache_path=cache)).close()
    _pin_cache_size(monkeypatch)
    for var in [v for v in os.environ if v.startswith("ENRICH_") or v == "S2_API_KEY"]:
        monkeypatch.delenv(var)
    out = tmp_path / "out"
    with start_replica(load_seeds_world()) as replica:
        for var, value in {
            "ENRICH_S2_URL": replica.s2_url,
            "ENRICH_ARXIV_URL": replica.arxiv_url,
            "ENRICH_CACHE": str(cache),
            "ENRICH_S2_RPS": "500",
            "ENRICH_ARXIV_DELAY": "0",
        }.items():
            monkeypatch.setenv(var, value)
        code = main(["run", "--raw", str(_seed_list(tmp_path)), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Error: " in err and f"write(s) to the HTTP cache failed: the HTTP cache {cache}" in err
    assert (out / "latest" / "papers.parquet").exists()  # the answers were used
    assert (out / "latest" / "report.html").exists()


def test_connections_through_an_http_proxy_are_watched_by_the_deadline_too(new_session):
    from enrich.http.deadline import POOLS

    adapter = new_session().get_adapter("https://api.semanticscholar.org/graph/v1")
    assert adapter.poolmanager.pool_classes_by_scheme is POOLS
    assert adapter.proxy_manager_for("http://127.0.0.1:3128").pool_classes_by_scheme is POOLS


def test_no_thread_is_left_behind():
    """Later tests fork (ingest's parser): the servers and deadline timers above must be gone."""
    assert [t.name for t in threading.enumerate() if t is not threading.main_thread()] == []
