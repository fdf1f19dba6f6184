"""A per-host minimum-interval rate limiter.

S2 grants an API key one request per second and arXiv asks for one request every three seconds;
both limits are per host, so each host keeps its own schedule and a slow arXiv never holds up S2.

The limiter sits below the HTTP cache (see :mod:`enrich.http`): only requests that really go to
the network call :meth:`RateLimiter.wait`, so cache hits cost no budget.

Under a 429 the host's pace drops (:meth:`RateLimiter.observe`): its interval doubles, up to
:data:`MAX_SLOWDOWN` times the configured one, and comes back step by step
(:data:`RECOVER_STEP` after every :data:`RECOVER_AFTER` answers without one). Retrying only the
failed request kept the rest of the run at a pace the server had just refused: hundreds of 429s
in a storm instead of a few.

Thread-safe: a caller *reserves* the next free slot for its host under a lock, then sleeps
outside the lock, so concurrent callers on one host are spaced one interval apart and callers on
other hosts are never blocked. Clock and sleep are injectable so tests never really sleep.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Mapping

SLOWDOWN = 2.0
"""A 429 multiplies the host's interval by this (halves its pace)."""

MAX_SLOWDOWN = 32.0
"""The interval never grows past this many times the configured one."""

RECOVER_AFTER = 20
"""Answers without a 429 before the pace steps back up: slower than it dropped, so a client
set faster than the server settles just under the server's pace instead of probing it."""

RECOVER_STEP = 0.9
"""Each step back up multiplies the slowdown by this (never below the configured pace)."""

Clock = Callable[[], float]
Sleep = Callable[[float], None]


class RateLimiter:
    """Space requests to each host at least ``interval(host)`` seconds apart.

    ``intervals`` maps a host (``netloc``, e.g. ``api.semanticscholar.org``) to its minimum
    interval in seconds; hosts not listed use ``default_interval`` (0: no limit).
    """

    def __init__(
        self,
        intervals: Mapping[str, float],
        *,
        default_interval: float = 0.0,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
    ):
        for host, seconds in intervals.items():
            if seconds < 0:
                raise ValueError(f"rate-limit interval for {host} must be >= 0, got {seconds}")
        self._intervals = {host.lower(): float(s) for host, s in intervals.items()}
        self._default = float(default_interval)
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next_slot: dict[str, float] = {}
        self._left: dict[str, float] = {}  # when the last request to each host left
        self._waited = threading.local()  # what the calling thread's last requests waited
        self._slowdown: dict[str, float] = {}
        self._calm: dict[str, int] = {}  # answers without a 429 since the last step

    def interval(self, host: str) -> float:
        """The minimum spacing for ``host`` now, in seconds (slowed down after a 429)."""
        host = host.lower()
        return self._intervals.get(host, self._default) * self._slowdown.get(host, 1.0)

    def slowdown(self, host: str) -> float:
        """How many times the configured interval ``host`` is spaced now (1.0: not slowed)."""
        return self._slowdown.get(host.lower(), 1.0)

    def observe(self, host: str, rate_limited: bool) -> None:
        """Record an answer from ``host``: a 429 halves its pace, calm answers bring it back
        step by step."""
        host = host.lower()
        with self._lock:
            factor = self._slowdown.get(host, 1.0)
            if rate_limited:
                self._slowdown[host] = min(MAX_SLOWDOWN, factor * SLOWDOWN)
                self._calm[host] = 0
                return
            if factor == 1.0:
                return
            self._calm[host] = self._calm.get(host, 0) + 1
            if self._calm[host] >= RECOVER_AFTER:
                self._calm[host] = 0
                self._slowdown[host] = max(1.0, factor * RECOVER_STEP)

    def reserve(self, host: str) -> float:
        """Claim the next free slot for ``host``; return how long the caller must wait first."""
        host = host.lower()
        interval = self.interval(host)
        with self._lock:
            now = self._clock()
            slot = max(now, self._next_slot.get(host, now))
            self._next_slot[host] = slot + interval
        return slot - now

    def wait(self, host: str) -> float:
        """Block until ``host`` may be called again; return the seconds slept (0 if none).

        The server measures the gap between arrivals, not between our plans: a late start (an
        overslept timer, a busy CPU) pushes the next slot, and a caller whose slot comes less
        than one interval after the last request really left (one reserved earlier that
        started late, with several requests in flight) waits the difference again.
        """
        host = host.lower()
        delay = self.reserve(host)
        slept = 0.0
        while True:
            if delay > 0:
                self._sleep(delay)
                slept += delay
            with self._lock:
                now = self._clock()
                interval = self.interval(host)
                delay = self._left.get(host, -math.inf) + interval - now
                if delay <= 0:
                    self._left[host] = now
                    self._next_slot[host] = max(self._next_slot[host], now + interval)
                    self._waited.seconds = getattr(self._waited, "seconds", 0.0) + slept
                    return slept

    def departed(self, host: str) -> None:
        """Mark that a request to ``host`` is leaving now, just before its bytes are written.

        :meth:`wait` records the departure when the slot is granted; a thread held up between
        that and the socket (another thread parsing a large answer keeps the GIL for tens of
        milliseconds) would otherwise leave later than recorded, and the next request, paced
        from the record, would reach the server less than an interval after it."""
        host = host.lower()
        with self._lock:
            now = self._clock()
            if now > self._left.get(host, -math.inf):
                self._left[host] = now
                later = now + self.interval(host)
                self._next_slot[host] = max(self._next_slot.get(host, later), later)

    def take_waited(self) -> float:
        """Seconds the calling thread waited for slots since it last asked (then zero): what
        a caller timing its own request takes off to time the answer alone."""
        seconds = getattr(self._waited, "seconds", 0.0)
        self._waited.seconds = 0.0
        return float(seconds)
