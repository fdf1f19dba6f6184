"""Strategy ``s2_match``: S2's ``/paper/search/match``, one title a request, a few in flight
(:mod:`.in_flight`)."""

from __future__ import annotations

import time
from concurrent.futures import Future
from contextlib import nullcontext
from functools import partial
from typing import Any

from enrich.records import Resolution, S2Paper
from enrich.stages.progress import progress
from enrich.stages.resolve.groups import Group
from enrich.stages.resolve.in_flight import in_flight
from enrich.stages.resolve.state import Attempts, s2_verdict
from enrich.stages.resolve.stream import Done, Inbox

METHOD = "s2_match"

SLOW = 1.5
"""An answer that took this many rate-limit intervals (its wait for a slot left out: another
step on the host may have taken the slot before) means the latency exceeds the interval: then,
and only then, requests go ahead in flight. When answers come back within the interval a
sequential loop loses nothing, and sending ahead would only bunch arrivals (a strict server
counts a few milliseconds of thread jitter as a burst)."""

SMOOTHING = 0.25
"""Weight of the newest answer in the time compared with :data:`SLOW` (a moving average): one
answer slowed by a busy CPU must not send requests ahead, a host that has become slow does
after a few answers."""


def _limiter(s2: Any) -> Any:
    return getattr(getattr(s2, "session", None), "limiter", None)


def s2_interval(s2: Any) -> float:
    """The S2 host's rate-limit interval in seconds, 0 when the client has no limiter (a
    stand-in)."""
    session = getattr(s2, "session", None)
    limiter = getattr(session, "limiter", None)
    base = getattr(s2, "base_url", "")
    if limiter is None or not base:
        return 0.0
    from urllib.parse import urlsplit

    return float(limiter.interval(urlsplit(base).netloc))


def resolve(groups: list[Group], attempts: Attempts) -> None:
    step(Inbox(groups), attempts, lambda group: None)


def step(inbox: Inbox, attempts: Attempts, done: Done) -> None:
    """S2's single best title match for each group as it arrives, verified; a rejected
    candidate is kept (arXiv may find the paper, and S2's record of it under another title)."""
    interval = s2_interval(attempts.s2)
    took: list[float | None] = [None]  # how long answers take (averaged); None before the first

    def ahead() -> bool:
        # ahead only once an answer came back, while answers take longer than the slots (else
        # waiting costs nothing: the next slot has not come yet) and nothing failed: a host
        # that cannot be reached is then asked once, not once per request sent ahead
        return (
            attempts.consecutive_errors == 0
            and (last := took[0]) is not None
            and (not interval or last > SLOW * interval)
        )

    waited = getattr(_limiter(attempts.s2), "take_waited", lambda: 0.0)

    def ask(group: Group) -> S2Paper | None:
        # in turn with the other S2 steps (one request at a time) unless sending ahead
        with nullcontext() if ahead() else attempts.lanes["s2"]:
            waited()
            started = time.monotonic()
            try:
                return attempts.s2.match_title(group.title)
            finally:
                took[0] = smoothed(took[0], time.monotonic() - started - waited())

    flights = in_flight(
        inbox,
        ask,
        window=attempts.in_flight,
        healthy=ahead,
        stopped=lambda: attempts.stopped_early is not None,
    )
    for group, answer in progress(
        flights, total=inbox.total, desc="resolve", enabled=attempts.progress_bar
    ):
        attempts.one_by_one(group, partial(_answered, group, answer, attempts))
        done(group)


def smoothed(average: float | None, answer: float) -> float:
    """The answers' moving average after one more took ``answer`` seconds (pure)."""
    return answer if average is None else average + SMOOTHING * (answer - average)


def _answered(group: Group, answer: Future[S2Paper | None] | None, attempts: Attempts):
    if answer is None:  # not asked: the stage stopped asking (one_by_one says so first)
        return None
    return _judge(group, answer.result(), attempts)


def match_one(group: Group, attempts: Attempts) -> Resolution | None:
    return _judge(group, attempts.s2.match_title(group.title), attempts)


def _judge(group: Group, candidate: S2Paper | None, attempts: Attempts) -> Resolution | None:
    if candidate is None:
        attempts.reject(group, "S2 has no title match")
        return None
    found = s2_verdict(group, candidate, METHOD)
    if isinstance(found, Resolution):
        return found
    attempts.s2_candidate[group.group_id] = candidate
    attempts.reject(group, f"S2 match rejected: {found}")
    return None
