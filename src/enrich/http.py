"""One cached, retried, rate-limited HTTP session for Semantic Scholar and arXiv.

Build it once with :func:`make_session` and hand it to the source clients; they never build one.

Layers, outermost first::

    EnrichSession.send      retries (tenacity): 429/5xx, connection errors, timeouts, bad bodies
      CachedSession.send    requests-cache: SQLite, per-endpoint expiry, body in the POST key
        _NetworkAdapter     only on a cache miss: offline guard, rate limiter, API key, timeout,
                            request counting

Why this order:

* The rate limiter sits *below* the cache, in the transport adapter, so a cache hit costs no rate
  budget (requests-cache only calls the adapter on a miss).
* Retries sit *above* the cache, so each attempt first asks the cache and every retry is sent with
  ``force_refresh``: a failed or bad answer is never served from the cache on the next attempt.
* Bad bodies never enter the cache: ``filter_fn`` (:meth:`EnrichSession._cacheable`) rejects a 200
  whose JSON/Atom does not parse, an arXiv error feed and every 404 but S2's clean
  ``{"error": "Title match not found"}``; requests-cache also deletes an already cached entry that
  the filter rejects when it is read.
* The S2 API key is added by the adapter to a *copy* of the outgoing request, only for the S2
  host, and the response is re-attached to the key-less original, so the key never reaches the
  cache layer; ``ignored_parameters`` redacts it as a second line of defence.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import random
import re
import socket
import sqlite3
import threading
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter
from requests_cache import CachedSession
from requests_cache.policy import DEFAULT_IGNORED_PARAMS, ExpirationPatterns
from tenacity import RetryCallState, Retrying, retry_if_exception_type

from enrich import __version__
from enrich.errors import ConfigError, OfflineCacheMiss, TransientUpstreamError, UpstreamError
from enrich.ratelimit import Clock, RateLimiter, Sleep
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

API_KEY_HEADER = "x-api-key"
"""S2 reads the key from this header (https://www.semanticscholar.org/product/api)."""

IGNORED_PARAMETERS = (*DEFAULT_IGNORED_PARAMS, API_KEY_HEADER, "X-Api-Key")
"""Redacted from cache keys and stored requests. requests-cache compares names case-sensitively,
so the spelling we send (``x-api-key``) is listed next to its defaults."""

TITLE_NOT_FOUND = "Title match not found"
"""S2's body for a clean 404 on /paper/search/match: an answer (no match), cached like a 200."""

CACHEABLE_STATUSES = (200, 404)
"""404 is narrowed further by :meth:`EnrichSession._cacheable` to the title-match not-found."""

ATOM_NS = "http://www.w3.org/2005/Atom"
_ATOM_FEED = f"{{{ATOM_NS}}}feed"
_ATOM_ENTRY_ID = f"{{{ATOM_NS}}}entry/{{{ATOM_NS}}}id"


@dataclass
class HttpStats:
    """What the session did; the manifest reports these."""

    requests_by_host: Counter[str] = field(default_factory=Counter)  #: real network requests
    cache_hits: int = 0
    retries: int = 0
    responses_by_status: Counter[int] = field(default_factory=Counter)  #: network responses
    rate_limited: int = 0  #: 429s seen
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def count_request(self, host: str) -> None:
        with self._lock:
            self.requests_by_host[host] += 1

    def count_response(self, status: int) -> None:
        with self._lock:
            self.responses_by_status[status] += 1
            if status == 429:
                self.rate_limited += 1

    def count_cache_hit(self) -> None:
        with self._lock:
            self.cache_hits += 1

    def count_retry(self) -> None:
        with self._lock:
            self.retries += 1

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values (status codes as strings)."""
        with self._lock:
            return {
                "requests_by_host": dict(self.requests_by_host),
                "cache_hits": self.cache_hits,
                "retries": self.retries,
                "responses_by_status": {str(k): v for k, v in self.responses_by_status.items()},
                "rate_limited": self.rate_limited,
            }


def redact_url(url: str | None) -> str:
    """``url`` with credential-like query parameters replaced, safe to log or put in a message."""
    if not url:
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:  # not parseable (an unclosed IPv6 bracket): hide the whole query
        base, sep, _ = url.partition("?")
        return f"{base}?REDACTED" if sep else url
    if not parts.query:
        return url
    secret = {p.lower() for p in IGNORED_PARAMETERS}
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    if not any(k.lower() in secret for k, _ in pairs):
        return url
    query = [(k, "REDACTED" if k.lower() in secret else v) for k, v in pairs]
    return urlunsplit(parts._replace(query=urlencode(query, safe=':,"/')))


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


def _host(url: str | None) -> str:
    return urlsplit(url or "").netloc.lower()


def _expiry_patterns(settings: Settings) -> ExpirationPatterns:
    """Per-endpoint expiry for requests-cache ``urls_expire_after`` (first match wins)."""
    s2 = re.escape(settings.s2_url.rstrip("/"))
    arxiv = re.escape(settings.arxiv_url.rstrip("/"))
    flags = re.IGNORECASE
    return {
        re.compile(rf"^{s2}/paper/search(/match)?/?(\?|$)", flags): settings.search_ttl,
        re.compile(rf"^{s2}/paper/batch/?(\?|$)", flags): settings.metadata_ttl,
        re.compile(rf"^{arxiv}/?\?(.*&)?id_list=[^&]", flags): settings.metadata_ttl,
        re.compile(rf"^{arxiv}/?\?(.*&)?search_query=[^&]", flags): settings.search_ttl,
    }


class _Retryable(Exception):
    """One failed attempt that deserves another (internal to :meth:`EnrichSession.send`)."""

    def __init__(
        self, reason: str, *, url: str, host: str, response: requests.Response | None = None
    ):
        super().__init__(reason)
        self.reason = reason
        self.url = url
        self.host = host
        self.response = response

    @property
    def status(self) -> int | None:
        return self.response.status_code if self.response is not None else None


class _NetworkAdapter(HTTPAdapter):
    """The transport: reached only on a cache miss, so everything here is about real requests."""

    def __init__(self, session: EnrichSession):
        super().__init__()
        self._session = session

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):  # type: ignore[override]
        session = self._session
        config = session.config
        url = redact_url(request.url)
        if config.offline:
            # belt and braces: only_if_cached already answers 504 before reaching here
            raise OfflineCacheMiss(url)
        host = _host(request.url)
        waited = session.limiter.wait(host)
        if waited:
            logger.debug("rate limit: waited %.2fs for %s", waited, host)
        if timeout is None:
            timeout = (config.connect_timeout, config.timeout)
        outgoing = request
        if config.s2_api_key and session.service(request.url) == "s2":
            outgoing = request.copy()
            outgoing.headers[API_KEY_HEADER] = config.s2_api_key
        session.stats.count_request(host)
        logger.debug("%s %s", request.method, url)
        response = super().send(
            outgoing, stream=stream, timeout=timeout, verify=verify, cert=cert, proxies=proxies
        )
        # Hand the key-less request to the cache layer, which stores response.request.
        response.request = request
        session.stats.count_response(response.status_code)
        logger.debug("%s %s -> %s", request.method, url, response.status_code)
        return response


class EnrichSession(CachedSession):
    """A requests-cache ``CachedSession`` with retries, rate limiting and the S2 API key.

    ``session.config`` is the :class:`~enrich.settings.Settings` it was built from
    (``session.settings`` is requests-cache's own cache settings); ``session.stats`` counts what
    happened; ``session.limiter`` is the per-host :class:`~enrich.ratelimit.RateLimiter`.

    Per request, ``force_refresh=True`` (requests-cache) skips the cache read and still stores the
    fresh answer. In offline mode (``settings.offline``) nothing touches the network: a cached
    answer is served even when expired, and a miss raises :class:`OfflineCacheMiss`.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        sleep: Sleep = time.sleep,
        clock: Clock = time.monotonic,
        rng: random.Random | None = None,
    ):
        self.config = settings
        self.stats = HttpStats()
        self._failure_attempts: int | None = None  # see attempts_on_failure
        self._sleep = sleep
        self._rng = rng or random.Random()
        intervals = {settings.s2_host: 1.0 / settings.s2_rps}
        # one host serving both APIs (a local replica) gets the stricter of the two intervals
        intervals[settings.arxiv_host] = max(
            settings.arxiv_delay, intervals.get(settings.arxiv_host, 0.0)
        )
        self.limiter = RateLimiter(intervals, clock=clock, sleep=sleep)
        settings.cache_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            super().__init__(
                cache_name=str(settings.cache_path),
                backend="sqlite",
                expire_after=settings.metadata_ttl,
                urls_expire_after=_expiry_patterns(settings),
                allowable_codes=CACHEABLE_STATUSES,
                allowable_methods=("GET", "POST"),
                ignored_parameters=IGNORED_PARAMETERS,
                match_headers=False,
                filter_fn=self._cacheable,
                only_if_cached=settings.offline,
                # offline: an expired entry is still better than nothing
                stale_if_error=settings.offline,
            )
        except sqlite3.DatabaseError as exc:  # "file is not a database": damaged or not ours
            raise ConfigError(
                f"the HTTP cache {settings.cache_path} cannot be opened as SQLite ({exc}); it "
                "holds only answers already fetched: move it away (or pass another --cache) "
                "and rerun, at the cost of asking again"
            ) from None
        self.headers["User-Agent"] = f"enrich/{__version__}"
        adapter = _NetworkAdapter(self)
        self.mount("https://", adapter)
        self.mount("http://", adapter)

    # -- the retry loop ---------------------------------------------------------------------

    def send(self, request: requests.PreparedRequest, **kwargs: Any):  # type: ignore[override]
        """Send with caching (requests-cache) inside a bounded retry loop (tenacity)."""
        retrying = Retrying(
            sleep=self._sleep,
            stop=self._stop,
            wait=self._wait,
            retry=retry_if_exception_type(_Retryable),
            before_sleep=self._before_sleep,
            reraise=True,
        )
        response = None
        try:
            for attempt in retrying:
                with attempt:
                    kw = dict(kwargs)
                    if attempt.retry_state.attempt_number > 1:
                        kw["force_refresh"] = True  # never serve a failed answer from the cache
                    response = self._send_once(request, **kw)
        except _Retryable as exc:
            state = retrying.statistics
            asked = None
            if exc.response is not None:
                asked = parse_retry_after(exc.response.headers.get("Retry-After"))
            last = exc.reason + (f" (Retry-After: {asked:.0f}s)" if asked is not None else "")
            raise TransientUpstreamError(
                f"{request.method} {redact_url(request.url)} failed after "
                f"{state.get('attempt_number', 1)} attempt(s) "
                f"({state.get('idle_for', 0.0):.0f}s of backoff); last: {last}. "
                f"{_what_failed(exc)}; completed work is cached.",
                url=redact_url(request.url),
                status=exc.status,
                reason=exc.reason,
            ) from exc
        return response

    @contextlib.contextmanager
    def attempts_on_failure(self, attempts: int) -> Iterator[None]:
        """At most ``attempts`` tries per request inside the block when the server fails, times
        out or sends a bad body; a 429 keeps the full budget.

        For a caller with a better remedy than waiting: :meth:`S2Client.get_batch` asks for
        fewer ids when a batch keeps failing. The pipeline is sequential, so the setting is the
        session's own for the duration of the block.
        """
        before, self._failure_attempts = self._failure_attempts, attempts
        try:
            yield
        finally:
            self._failure_attempts = before

    def _send_once(self, request: requests.PreparedRequest, **kwargs: Any):
        url = redact_url(request.url)
        host = _host(request.url)
        try:
            response = super().send(request, **kwargs)
        except RETRY_EXCEPTIONS as exc:
            if isinstance(exc, requests.exceptions.SSLError):
                raise
            raise _Retryable(describe_network_error(exc), url=url, host=host) from exc
        if getattr(response, "from_cache", False):
            if response.status_code == 504:  # requests-cache's only_if_cached miss
                raise OfflineCacheMiss(url)
            self.stats.count_cache_hit()
        status = response.status_code
        if status in RETRY_STATUSES:
            raise _Retryable(
                f"HTTP {status} {response.reason or ''}".strip(),
                url=url,
                host=host,
                response=response,
            )
        if status == 200:
            problem = self._body_problem(response)
            if problem:
                raise _Retryable(problem, url=url, host=host, response=response)
        if status in (401, 403):
            raise UpstreamError(self._auth_message(response, url, host), url=url, status=status)
        return response

    def _wait(self, state: RetryCallState) -> float:
        """Full-jitter exponential backoff, or exactly what ``Retry-After`` asks for.

        After a 429 without ``Retry-After`` the wait is at least the host's rate-limit interval.
        """
        cfg = self.config
        cap = min(cfg.backoff_max, cfg.backoff_base * 2 ** (state.attempt_number - 1))
        delay = self._rng.uniform(0.0, cap)
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _Retryable) and exc.response is not None:
            asked = parse_retry_after(exc.response.headers.get("Retry-After"))
            if asked is not None:
                return asked
            if exc.response.status_code == 429:
                delay = max(delay, self.limiter.interval(exc.host))
        return delay

    def _attempts(self, state: RetryCallState) -> int:
        """``max_attempts``, or fewer inside :meth:`attempts_on_failure` unless it was a 429."""
        limit = self.config.max_attempts
        if self._failure_attempts is not None:
            exc = state.outcome.exception() if state.outcome else None
            if not (isinstance(exc, _Retryable) and exc.status == 429):
                limit = min(limit, self._failure_attempts)
        return limit

    def _stop(self, state: RetryCallState) -> bool:
        """Give up after :meth:`_attempts` or when the next sleep would exceed ``max_wait``."""
        if state.attempt_number >= self._attempts(state):
            return True
        return state.idle_for + state.upcoming_sleep > self.config.max_wait

    def _before_sleep(self, state: RetryCallState) -> None:
        self.stats.count_retry()
        exc = state.outcome.exception() if state.outcome else None
        reason = f"{exc.url}: {exc.reason}" if isinstance(exc, _Retryable) else repr(exc)
        logger.warning(
            "%s; retry %d/%d in %.1fs",
            reason,
            state.attempt_number,
            self._attempts(state) - 1,
            state.upcoming_sleep,
        )

    # -- what may be cached -----------------------------------------------------------------

    def service(self, url: str | None) -> str | None:
        """``"s2"``, ``"arxiv"`` or ``None`` for a URL: by configured base URL, else by host.

        Base URLs first, so one host serving both APIs (a local replica) is told apart.
        """
        low = (url or "").lower()
        for name, base in (("arxiv", self.config.arxiv_url), ("s2", self.config.s2_url)):
            if low.startswith(base.lower().rstrip("/")):
                return name
        host = _host(url)
        s2_host, arxiv_host = self.config.s2_host.lower(), self.config.arxiv_host.lower()
        if s2_host != arxiv_host:
            if host == s2_host:
                return "s2"
            if host == arxiv_host:
                return "arxiv"
        return None

    def _body_kind(self, response: requests.Response) -> str | None:
        service = self.service(response.url or (response.request.url if response.request else None))
        if service == "arxiv":
            return "atom"
        if service == "s2" or "json" in response.headers.get("Content-Type", ""):
            return "json"
        return None

    def _body_problem(self, response: requests.Response) -> str | None:
        """Why a body that should be JSON or Atom is unusable (truncated, HTML, empty), or None."""
        kind = self._body_kind(response)
        content = response.content or b""
        if kind == "json":
            try:
                json.loads(content)
            except ValueError as exc:
                return f"invalid JSON body ({len(content)} bytes: {exc})"
        elif kind == "atom":
            try:
                root = ET.fromstring(content)
            except ET.ParseError as exc:
                return f"invalid XML body ({len(content)} bytes: {exc})"
            if root.tag != _ATOM_FEED:
                return f"not an Atom feed (root element {root.tag!r})"
        return None

    def _cacheable(self, response: requests.Response) -> bool:
        """requests-cache ``filter_fn``: keep bad bodies and error answers out of the cache.

        Statuses other than 200/404 are already excluded by ``allowable_codes``; returning True
        for them keeps requests-cache from deleting a good cached entry after a transient error.
        """
        status = response.status_code
        if status == 404:
            return self._is_title_not_found(response)
        if status != 200:
            return True
        if self._body_problem(response):
            return False
        if self._body_kind(response) == "atom":
            root = ET.fromstring(response.content)
            if any("/api/errors" in (el.text or "") for el in root.iterfind(_ATOM_ENTRY_ID)):
                return False
        return True

    def _is_title_not_found(self, response: requests.Response) -> bool:
        url = response.url or ""
        prefix = self.config.s2_url.rstrip("/") + "/paper/search/match"
        if not url.lower().startswith(prefix.lower()):
            return False
        try:
            body = json.loads(response.content or b"")
        except ValueError:
            return False
        return isinstance(body, dict) and body.get("error") == TITLE_NOT_FOUND

    def _auth_message(self, response: requests.Response, url: str, host: str) -> str:
        status = status_text(response)
        if self.service(response.url) == "s2":
            if self.config.s2_api_key:
                hint = (
                    "the API key in S2_API_KEY was refused: check that it is correct and active, "
                    "or unset S2_API_KEY to use the shared keyless pool"
                )
            else:
                hint = (
                    "no S2_API_KEY is set; request a key at "
                    "https://www.semanticscholar.org/product/api#api-key-form and set S2_API_KEY"
                )
            return f"Semantic Scholar refused {url} ({status}): {hint}"
        return f"{host} refused {url} ({status})"


def describe_network_error(exc: BaseException) -> str:
    """A short reason for a failed connection: urllib3's own message repeats the whole URL.

    ``ConnectionError: [Errno 111] Connection refused`` rather than ``HTTPConnectionPool(...):
    Max retries exceeded with url: <the url again> (Caused by NewConnectionError(...))``.
    """
    cause = _os_error(exc)
    if cause is not None:
        return f"{type(exc).__name__}: [Errno {cause.errno}] {cause.strerror}"
    return f"{type(exc).__name__}: {str(exc)[:300]}"


def _os_error(exc: BaseException) -> OSError | None:
    """The operating system's error under a network exception, if there is one."""
    cause: object = exc
    for _ in range(8):  # requests' error -> urllib3's MaxRetryError -> ... -> the OSError
        if isinstance(cause, OSError) and cause.errno:
            return cause
        if not isinstance(cause, BaseException):
            break
        args = cause.args
        cause = (
            cause.__cause__
            or getattr(cause, "reason", None)
            or (args[0] if args and isinstance(args[0], BaseException) else None)
        )
    return None


def _what_failed(exc: _Retryable) -> str:
    """What the last failed attempt says about the upstream, and what to do, for the message
    that gives up on a request."""
    if exc.status == 429:
        return "The service is rate limiting: rerun later"
    if exc.status is not None:
        return "The service is unavailable or answering badly: rerun later"
    cause = _os_error(exc.__cause__) if exc.__cause__ is not None else None
    urls = "the base URL (ENRICH_S2_URL, ENRICH_ARXIV_URL)"
    if isinstance(cause, socket.gaierror):
        return (
            f"The host {exc.host} could not be looked up: check the network and {urls}, then rerun"
        )
    if isinstance(cause, ConnectionRefusedError):
        return f"Nothing accepts connections at {exc.host}: check {urls}, then rerun"
    return "The service is unreachable or too slow: rerun later"


def may_succeed_smaller(exc: TransientUpstreamError) -> bool:
    """Whether a request that was given up on might succeed asking for less: the server failed
    (5xx), timed out, cut the body off or sent one that does not parse. Not when it was rate
    limiting (429) and not when the host could not be reached at all."""
    if exc.status == 429:
        return False
    if exc.status is not None:
        return True
    failed = exc.__cause__.__cause__ if exc.__cause__ is not None else None
    if isinstance(failed, requests.exceptions.ConnectTimeout):
        return False
    cause = _os_error(failed) if failed is not None else None
    return not isinstance(cause, socket.gaierror | ConnectionRefusedError)


def status_text(response: requests.Response) -> str:
    """``HTTP 403 'Forbidden'``: the status and, when the body has one, the upstream's message."""
    detail = error_detail(response)
    return f"HTTP {response.status_code}" + (f" {detail!r}" if detail else "")


def error_detail(response: requests.Response) -> str | None:
    """The message of an upstream error body: S2 uses ``error`` (app) or ``message`` (gateway)."""
    try:
        body = json.loads(response.content or b"")
    except ValueError:
        text = (response.text or "").strip()
        return text[:200] or None
    if isinstance(body, dict):
        for key in ("error", "message"):
            if isinstance(body.get(key), str):
                return body[key]
    return None


def make_session(
    settings: Settings, *, sleep: Sleep = time.sleep, clock: Clock = time.monotonic
) -> EnrichSession:
    """The one HTTP session for a run: cached, retried, rate limited, keyed for S2."""
    return EnrichSession(settings, sleep=sleep, clock=clock)


__all__ = [
    "EnrichSession",
    "HttpStats",
    "make_session",
    "parse_retry_after",
    "redact_url",
    "error_detail",
    "status_text",
]
