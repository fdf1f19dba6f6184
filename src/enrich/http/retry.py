"""The retry policy: what is retried, how often and for how long.

* Retried: 429 and 5xx answers (:data:`RETRY_STATUSES`), connection errors, timeouts, cut
  bodies (:data:`RETRY_EXCEPTIONS`), and 200s whose body does not parse. Not retried: other 4xx
  (a 401/403 is a refused key, a 404 an answer) and SSL errors (they will not heal).
* How often: ``settings.max_attempts`` per request, or fewer for a caller with a better remedy
  than waiting (:func:`fewer_attempts`; a 429 keeps the full budget); a host that cannot be
  reached at all gets one quick retry (:mod:`.reach`).
* How long: full-jitter exponential backoff from ``backoff_base`` doubling up to
  ``backoff_max``, or exactly what ``Retry-After`` asks; after a 429 without one, at least the
  host's rate-limit interval; never more than ``max_wait`` of sleeping per request.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import math
import random
import socket
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import requests
from tenacity import RetryCallState

from enrich.errors import TransientUpstreamError, UntrustedAnswer, UpstreamUnreachable
from enrich.http.messages import os_error
from enrich.http.reach import QUICK_RETRY_WAIT, UNREACHABLE_ATTEMPTS, unreachable_reason
from enrich.settings import Settings

logger = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
"""Transient answers: rate limited, or the server (or its gateway) failed. 4xx others are final."""

RETRY_EXCEPTIONS: tuple[type[BaseException], ...] = (
    requests.exceptions.ConnectionError,  # includes ConnectTimeout and connection resets
    requests.exceptions.Timeout,
    requests.exceptions.ChunkedEncodingError,  # body cut off mid-transfer
    requests.exceptions.ContentDecodingError,
)
"""Network failures worth another attempt (an SSL error is excluded: it will not heal)."""

_FAILURE_ATTEMPTS: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "enrich_failure_attempts", default=None
)


class Retryable(Exception):
    """One failed attempt that deserves another (raised inside the session's retry loop)."""

    def __init__(
        self,
        reason: str,
        *,
        url: str,
        host: str,
        response: requests.Response | None = None,
        untrusted: bool = False,
    ):
        super().__init__(reason)
        self.reason = reason
        self.url = url
        self.host = host
        self.response = response
        #: a 200 we must not use (wrong shape or content, over the size cap), not a failure
        self.untrusted = untrusted

    @property
    def status(self) -> int | None:
        return self.response.status_code if self.response is not None else None

    @property
    def unreachable(self) -> str | None:
        """Why the host could not be reached at all (:func:`.reach.unreachable_reason`)."""
        return unreachable_reason(self.__cause__) if self.response is None else None


@contextlib.contextmanager
def fewer_attempts(attempts: int) -> Iterator[None]:
    """At most ``attempts`` tries per request made inside the block (in this thread or task)
    when the server fails, times out or sends a bad body; a 429 keeps the full budget.

    For a caller with a better remedy than waiting: the S2 batch client asks for fewer ids
    when a batch keeps failing. A context variable, so concurrent requests never share it.
    """
    token = _FAILURE_ATTEMPTS.set(attempts)
    try:
        yield
    finally:
        _FAILURE_ATTEMPTS.reset(token)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delay-seconds or HTTP-date), else ``None``."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if math.isfinite(seconds) else None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _failure(state: RetryCallState) -> BaseException | None:
    return state.outcome.exception() if state.outcome else None


class RetryPolicy:
    """tenacity's ``wait``, ``stop`` and ``before_sleep`` for one session.

    ``interval(host)`` is the host's rate-limit interval; ``on_retry`` counts a retry.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        interval: Callable[[str], float],
        on_retry: Callable[[], None],
        rng: random.Random | None = None,
    ):
        self._settings = settings
        self._interval = interval
        self._on_retry = on_retry
        self._rng = rng or random.Random()

    def wait(self, state: RetryCallState) -> float:
        """Full-jitter exponential backoff, or exactly what ``Retry-After`` asks for.

        After a 429 without ``Retry-After`` the wait is at least the host's rate-limit interval.
        """
        cfg = self._settings
        cap = min(cfg.backoff_max, cfg.backoff_base * 2 ** (state.attempt_number - 1))
        delay = self._rng.uniform(0.0, cap)
        exc = _failure(state)
        if isinstance(exc, Retryable) and exc.unreachable:
            return min(delay, QUICK_RETRY_WAIT)
        if isinstance(exc, Retryable) and exc.response is not None:
            asked = parse_retry_after(exc.response.headers.get("Retry-After"))
            if asked is not None:
                return asked
            if exc.response.status_code == 429:
                delay = max(delay, self._interval(exc.host))
        return delay

    def attempts(self, state: RetryCallState) -> int:
        """``max_attempts``, or fewer inside :func:`fewer_attempts` unless it was a 429; two
        for a host that cannot be reached at all."""
        limit = self._settings.max_attempts
        exc = _failure(state)
        if isinstance(exc, Retryable) and exc.unreachable:
            return min(limit, UNREACHABLE_ATTEMPTS)
        fewer = _FAILURE_ATTEMPTS.get()
        if fewer is not None and not (isinstance(exc, Retryable) and exc.status == 429):
            limit = min(limit, fewer)
        return limit

    def stop(self, state: RetryCallState) -> bool:
        """Give up after :meth:`attempts` or when the next sleep would exceed ``max_wait``."""
        if state.attempt_number >= self.attempts(state):
            return True
        return state.idle_for + state.upcoming_sleep > self._settings.max_wait

    def before_sleep(self, state: RetryCallState) -> None:
        self._on_retry()
        exc = _failure(state)
        reason = f"{exc.url}: {exc.reason}" if isinstance(exc, Retryable) else repr(exc)
        # an unreachable host is told once, by the error that stops the stage
        quiet = isinstance(exc, Retryable) and exc.unreachable
        logger.log(
            logging.INFO if quiet else logging.WARNING,
            "%s; retry %d/%d in %.1fs",
            reason,
            state.attempt_number,
            self.attempts(state) - 1,
            state.upcoming_sleep,
        )


def given_up(exc: Retryable, request: str, statistics: dict) -> str:
    """The message for a request the policy gave up on (``request``: its method and redacted
    URL, :func:`.messages.describe_request`): attempts, backoff, the last failure and what to
    do."""
    asked = None
    if exc.response is not None:
        asked = parse_retry_after(exc.response.headers.get("Retry-After"))
    last = exc.reason + (f" (Retry-After: {asked:.0f}s)" if asked is not None else "")
    return (
        f"{request} failed after {statistics.get('attempt_number', 1)} attempt(s) "
        f"({statistics.get('idle_for', 0.0):.0f}s of backoff); last: {last}. "
        f"{what_failed(exc)}; completed work is cached."
    )


def what_failed(exc: Retryable) -> str:
    """What the last failed attempt says about the upstream, and what to do, for the message
    that gives up on a request (a host that cannot be reached at all is told by
    :class:`~enrich.errors.UpstreamUnreachable` instead)."""
    if exc.status == 429:
        return "The service is rate limiting: rerun later"
    if exc.untrusted:
        return (
            "The service answered in a shape or size enrich must not use (nothing of it was "
            "used or cached): rerun later, and report it if it persists"
        )
    if exc.status is not None:
        return "The service is unavailable or answering badly: rerun later"
    return "The service is unreachable or too slow: rerun later"



def may_succeed_smaller(exc: TransientUpstreamError) -> bool:
    """Whether a request that was given up on might succeed asking for less: the server failed
    (5xx), timed out, cut the body off or sent one that does not parse. Not when it was rate
    limiting (429) and not when the host could not be reached at all."""
    if exc.status == 429 or isinstance(exc, UpstreamUnreachable | UntrustedAnswer):
        # a smaller ask of an answer we must not use only hides it: one-id batches pass the
        # id check that catches a batch answering one paper for every id
        return False
    if exc.status is not None:
        return True
    failed = exc.__cause__.__cause__ if exc.__cause__ is not None else None
    if isinstance(failed, requests.exceptions.ConnectTimeout):
        return False
    cause = os_error(failed) if failed is not None else None
    return not isinstance(cause, socket.gaierror | ConnectionRefusedError)


