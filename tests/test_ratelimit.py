"""The per-host rate limiter, alone and under the cached session (cache hits are free)."""

from __future__ import annotations

import threading

import pytest

from enrich.http import make_session
from enrich.http.ratelimit import RateLimiter
from enrich.settings import Settings

S2 = "https://api.semanticscholar.org/graph/v1"
ARXIV = "https://export.arxiv.org/api/query"


def test_spaces_requests_to_one_host(fake):
    limiter = RateLimiter({"a.example": 1.0}, clock=fake.clock, sleep=fake.sleep)
    for _ in range(3):
        limiter.wait("a.example")
    assert fake.sleeps == [1.0, 1.0]


def test_time_already_elapsed_counts(fake):
    limiter = RateLimiter({"a.example": 3.0}, clock=fake.clock, sleep=fake.sleep)
    limiter.wait("a.example")
    fake.now += 2.0
    assert limiter.wait("a.example") == pytest.approx(1.0)
    fake.now += 10.0
    assert limiter.wait("a.example") == 0.0
    assert fake.sleeps == [pytest.approx(1.0)]


def test_separate_hosts_do_not_block_each_other(fake):
    limiter = RateLimiter({"a.example": 1.0, "b.example": 3.0}, clock=fake.clock, sleep=fake.sleep)
    limiter.wait("a.example")
    limiter.wait("b.example")
    limiter.wait("other.example")  # unknown host: default interval 0
    limiter.wait("other.example")
    assert fake.sleeps == []


def test_host_names_are_case_insensitive(fake):
    limiter = RateLimiter({"A.example": 2.0}, clock=fake.clock, sleep=fake.sleep)
    assert limiter.interval("a.EXAMPLE") == 2.0


def test_negative_interval_is_rejected():
    with pytest.raises(ValueError, match="must be >= 0"):
        RateLimiter({"a.example": -1.0})


def test_concurrent_callers_get_distinct_slots():
    """Slots are reserved under a lock: N threads at the same instant wait 0, 1, 2, ... s."""
    limiter = RateLimiter({"a.example": 1.0}, clock=lambda: 50.0, sleep=lambda s: None)
    delays: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(8)

    def worker() -> None:
        start.wait()
        delay = limiter.reserve("a.example")
        with lock:
            delays.append(delay)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(delays) == [float(i) for i in range(8)]


# -- under the session -----------------------------------------------------------------------


def test_session_spaces_real_requests_and_lets_cache_hits_through(tmp_path, fake, rm):
    settings = Settings(cache_path=tmp_path / "http.sqlite", s2_rps=0.5)  # one per 2 s
    session = make_session(settings, sleep=fake.sleep, clock=fake.clock)
    rm.get(f"{S2}/paper/search", json={"total": 0, "offset": 0})

    session.get(f"{S2}/paper/search", params={"query": "a"})
    assert fake.sleeps == []
    for _ in range(5):  # cache hits: no budget spent, no waiting
        session.get(f"{S2}/paper/search", params={"query": "a"})
    assert fake.sleeps == []
    assert session.stats.cache_hits == 5

    session.get(f"{S2}/paper/search", params={"query": "b"})  # a real request: waits its turn
    assert fake.sleeps == [2.0]
    assert len(rm.calls) == 2
    assert session.stats.requests_by_host == {"api.semanticscholar.org": 2}


def test_session_hosts_have_separate_budgets(tmp_path, fake, rm):
    settings = Settings(cache_path=tmp_path / "http.sqlite", s2_rps=1.0, arxiv_delay=3.0)
    session = make_session(settings, sleep=fake.sleep, clock=fake.clock)
    assert session.limiter.interval("api.semanticscholar.org") == 1.0
    assert session.limiter.interval("export.arxiv.org") == 3.0
    rm.get(f"{S2}/paper/search", json={"total": 0, "offset": 0})
    rm.get(ARXIV, body=b"<feed xmlns='http://www.w3.org/2005/Atom'/>")

    session.get(f"{S2}/paper/search", params={"query": "a"})
    session.get(ARXIV, params={"id_list": "1605.08386"})  # arXiv's first request: no wait
    assert fake.sleeps == []
    session.get(ARXIV, params={"id_list": "1707.08567"})
    assert fake.sleeps == [3.0]


def test_a_late_start_pushes_the_next_slot():
    now = [0.0]

    def oversleep(seconds):  # the timer fires half an interval late
        now[0] += seconds + 0.5

    limiter = RateLimiter({"h": 1.0}, clock=lambda: now[0], sleep=oversleep)
    limiter.wait("h")  # t=0, no wait
    limiter.wait("h")  # planned t=1, actually starts at t=1.5
    assert now[0] == 1.5
    assert limiter.reserve("h") == 1.0  # a full interval after the real start, not 0.5


def test_a_429_halves_the_hosts_pace_and_calm_answers_bring_it_back(fake):
    from enrich.http.ratelimit import MAX_SLOWDOWN, RECOVER_AFTER

    limiter = RateLimiter({"a.example": 1.0, "b.example": 1.0}, clock=fake.clock, sleep=fake.sleep)
    limiter.observe("a.example", rate_limited=True)
    assert limiter.interval("a.example") == 2.0 and limiter.interval("b.example") == 1.0
    limiter.observe("a.example", rate_limited=True)
    assert limiter.interval("a.example") == 4.0
    for _ in range(RECOVER_AFTER - 1):
        limiter.observe("a.example", rate_limited=False)
    assert limiter.interval("a.example") == 4.0  # not yet
    limiter.observe("a.example", rate_limited=False)
    assert limiter.interval("a.example") == pytest.approx(3.6)
    for _ in range(RECOVER_AFTER * 100):
        limiter.observe("a.example", rate_limited=False)
    assert limiter.interval("a.example") == 1.0  # never faster than configured
    for _ in range(20):
        limiter.observe("a.example", rate_limited=True)
    assert limiter.slowdown("a.example") == MAX_SLOWDOWN


def test_the_slowed_pace_spaces_the_next_requests(fake):
    limiter = RateLimiter({"a.example": 1.0}, clock=fake.clock, sleep=fake.sleep)
    left = []
    for i in range(3):
        limiter.wait("a.example")
        left.append(fake.now)
        if i == 0:
            limiter.observe("a.example", rate_limited=True)
    # the slowed interval counts from the last request that left, the one answered by a 429
    assert [b - a for a, b in zip(left, left[1:], strict=False)] == [2.0, 2.0]


def test_in_flight_callers_leave_one_interval_after_the_last_one_really_left():
    """A reserves the slot at 1 s and B the one at 2 s; A's timer fires 0.6 s late: B still
    leaves a full interval after A (the server counts arrivals, not plans), not at 2 s."""
    now = [0.0]
    a_reserved, go_a, a_done = threading.Event(), threading.Event(), threading.Event()
    left: dict[str, float] = {}

    def sleep(seconds: float) -> None:
        if threading.current_thread().name == "A":
            a_reserved.set()
            go_a.wait(5)
            now[0] = 1.6  # its slot was 1.0
        elif not go_a.is_set():
            go_a.set()
            a_done.wait(5)
            now[0] = max(now[0], 2.0)  # B's own slot, on time
        else:
            now[0] += seconds

    limiter = RateLimiter({"h": 1.0}, clock=lambda: now[0], sleep=sleep)
    limiter.wait("h")  # t=0: the request before them

    def a() -> None:
        limiter.wait("h")
        left["A"] = now[0]
        a_done.set()

    thread = threading.Thread(target=a, name="A")
    thread.start()
    assert a_reserved.wait(5)
    limiter.wait("h")
    left["B"] = now[0]
    thread.join(5)
    assert left["A"] == pytest.approx(1.6)
    assert left["B"] - left["A"] == pytest.approx(1.0)


def test_a_thread_learns_what_its_requests_waited_for_their_slots(fake):
    limiter = RateLimiter({"h": 1.0}, clock=fake.clock, sleep=fake.sleep)
    limiter.wait("h")
    limiter.wait("h")
    assert limiter.take_waited() == 1.0  # the title match times its answers without it
    assert limiter.take_waited() == 0.0


def test_a_request_held_up_before_it_leaves_paces_the_next_from_its_real_departure(fake):
    limiter = RateLimiter({"h": 1.0}, clock=fake.clock, sleep=fake.sleep)
    limiter.wait("h")  # slot granted at t=0
    fake.now += 0.3  # the thread is held up (another thread keeps the GIL) before it sends
    limiter.departed("h")
    assert limiter.reserve("h") == pytest.approx(1.0)  # t=1.3: an interval after it left
    on_time = RateLimiter({"h": 1.0}, clock=fake.clock, sleep=fake.sleep)
    on_time.wait("h")
    on_time.departed("h")  # no hold-up: the pace is the one the slot gave
    assert on_time.reserve("h") == pytest.approx(1.0)


def test_the_session_marks_the_departure_when_the_request_leaves(tmp_path, fake, rm):
    rm.get(ARXIV, body="<feed xmlns='http://www.w3.org/2005/Atom'></feed>")
    session = make_session(
        Settings(cache_path=tmp_path / "http.sqlite", arxiv_delay=3.0),
        sleep=fake.sleep, clock=fake.clock,
    )
    left = []
    departed = session.limiter.departed
    session.limiter.departed = lambda host: (left.append((host, fake.now)), departed(host))[1]
    session.get(ARXIV, params={"id_list": "1707.08567"})
    assert left == [("export.arxiv.org", fake.now)]
