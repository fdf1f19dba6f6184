"""Keep the request slots full: the next title's request leaves when its rate-limit slot comes,
not when the previous answer is back.

At S2's 1 request/s a sequential loop loses each answer's latency (hundreds of milliseconds,
seconds under load) on top of the interval. A few requests in flight hide it; the rate limiter
(:mod:`enrich.http.ratelimit`, thread-safe: each caller reserves its own slot) still spaces
them one interval apart, and the HTTP cache (requests-cache's SQLite backend locks its writes)
is shared safely. Only the network call runs in a worker; every decision about a result is
taken in the caller's thread, in the groups' order.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

IN_FLIGHT = 3
"""S2 requests sent ahead of the answer being read: enough to hide a latency of two intervals,
few enough that a failing upstream costs no more than :data:`MAX_CONSECUTIVE_ERRORS` requests
(after an error the window shrinks to one until a request succeeds)."""

_END = object()


def in_flight(
    items: Iterable[T],
    ask: Callable[[T], R],
    *,
    window: int,
    healthy: Callable[[], bool],
    stopped: Callable[[], bool],
) -> Iterator[tuple[T, Future[R] | None]]:
    """Each item with the future of ``ask(item)``, in order, at most ``window`` asked ahead
    while ``healthy()`` (one at a time otherwise); ``None`` once ``stopped()``."""
    pending: deque[tuple[T, Future[R] | None]] = deque()
    source = iter(items)
    with ThreadPoolExecutor(max_workers=max(1, window), thread_name_prefix="resolve") as pool:
        while True:
            limit = max(1, window) if healthy() else 1
            while len(pending) < limit:
                item = next(source, _END)
                if item is _END:
                    break
                pending.append((item, None if stopped() else pool.submit(ask, item)))  # type: ignore[arg-type]
            if not pending:
                return
            yield pending.popleft()
