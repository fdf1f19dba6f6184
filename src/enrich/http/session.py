"""One cached, retried, rate-limited HTTP session for Semantic Scholar and arXiv.

Build it once with :func:`make_session` and hand it to the source clients; they never build one.

Layers, outermost first::

    EnrichSession.send      retries (tenacity): 429/5xx, connection errors, timeouts, bad bodies
      CachedSession.send    requests-cache: SQLite, per-endpoint expiry, body in the POST key
        _NetworkAdapter     only on a cache miss: offline guard, rate limiter, API key, timeout,
                            deadline per attempt (:mod:`.deadline`), request counting

Why this order:

* The rate limiter sits *below* the cache, in the transport adapter, so a cache hit costs no rate
  budget (requests-cache only calls the adapter on a miss).
* Retries sit *above* the cache, so each attempt first asks the cache and every retry is sent with
  ``force_refresh``: a failed or bad answer is never served from the cache on the next attempt.
* Bad bodies never enter the cache: ``filter_fn`` (:meth:`CachePolicy.cacheable`) rejects a 200
  whose JSON/Atom does not parse, an arXiv error feed and every 404 but S2's clean
  ``{"error": "Title match not found"}``; requests-cache also deletes an already cached entry that
  the filter rejects when it is read.
* The S2 API key is added by the adapter to a *copy* of the outgoing request, only for the S2
  origin (:mod:`.origin`; a redirect that leaves the origin is refused), and the response is
  re-attached to the key-less original, so the key never reaches the cache layer;
  ``ignored_parameters`` redacts it as a second line of defence.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
from requests_cache import CachedSession
from tenacity import Retrying, retry_if_exception_type

from enrich import __version__
from enrich.errors import (
    ConfigError,
    OfflineCacheMiss,
    TransientUpstreamError,
    UntrustedAnswer,
    UpstreamRefused,
    UpstreamUnreachable,
)
from enrich.http.cache_file import WriteFailures, cache_path_problem
from enrich.http.cache_policy import (
    API_KEY_HEADER,
    CACHEABLE_STATUSES,
    IGNORED_PARAMETERS,
    CachePolicy,
    expiry_patterns,
)
from enrich.http.deadline import DeadlineAdapter, deadline
from enrich.http.messages import (
    describe_network_error,
    describe_request,
    redact_url,
    status_text,
)
from enrich.http.origin import origin, refused_redirect, under
from enrich.http.ratelimit import Clock, RateLimiter, Sleep
from enrich.http.reach import setting_for, unreachable_line
from enrich.http.retry import (
    RETRY_EXCEPTIONS,
    RETRY_STATUSES,
    Retryable,
    RetryPolicy,
    fewer_attempts,
    given_up,
)
from enrich.http.stats import HttpStats
from enrich.settings import Settings

logger = logging.getLogger(__name__)


def _host(url: str | None) -> str:
    return urlsplit(url or "").netloc.lower()


class _NetworkAdapter(DeadlineAdapter):
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
        logger.debug("%s", describe_request(request))
        with deadline(config.request_deadline):  # the timeout bounds each read, not the answer
            session.limiter.departed(host)
            response = super().send(
                outgoing, stream=True, timeout=timeout, verify=verify, cert=cert, proxies=proxies
            )
            # Hand the key-less request to the cache layer, which stores response.request.
            response.request = request
            session.stats.count_response(response.status_code)
            session.limiter.observe(host, response.status_code == 429)
            logger.debug("%s %s -> %s", request.method, url, response.status_code)
            if stream:  # a shard the caller streams to disk (never cached): it reads the body
                return response
            _read_capped(response, int(config.max_response_mb * 1_000_000), url, host)
        return response


def _read_capped(response: requests.Response, cap: int, url: str, host: str) -> None:
    """Read the body into ``response.content``, ending the read once it passes ``cap`` bytes
    (declared or received): an answer that large is an upstream error, never stored."""
    declared = response.headers.get("Content-Length", "")
    size = 0
    chunks: list[bytes] = []
    if not (declared.isdigit() and int(declared) > cap):
        for chunk in response.iter_content(1 << 16):
            size += len(chunk)
            if size > cap:
                break
            chunks.append(chunk)
        else:
            response._content = b"".join(chunks)  # what requests' own .content does
            response._content_consumed = True  # type: ignore[attr-defined]
            return
    response.close()
    raise Retryable(
        f"answer larger than ENRICH_MAX_RESPONSE_MB ({cap / 1e6:g} MB), read ended",
        url=url,
        host=host,
        untrusted=True,
    )


class EnrichSession(CachedSession):
    """A requests-cache ``CachedSession`` with retries, rate limiting and the S2 API key.

    ``session.config`` is the :class:`~enrich.settings.Settings` it was built from
    (``session.settings`` is requests-cache's own cache settings); ``session.stats`` counts what
    happened; ``session.limiter`` is the per-host :class:`~enrich.http.ratelimit.RateLimiter`.

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
        self._sleep = sleep
        intervals = {settings.s2_host: 1.0 / settings.s2_rps}
        # one host serving both APIs (a local replica) gets the stricter of the two intervals
        intervals[settings.arxiv_host] = max(
            settings.arxiv_delay, intervals.get(settings.arxiv_host, 0.0)
        )
        self.limiter = RateLimiter(intervals, clock=clock, sleep=sleep)
        self.retry_policy = RetryPolicy(
            settings, interval=self.limiter.interval, on_retry=self.stats.count_retry, rng=rng
        )
        self.cache_policy = CachePolicy(settings, self.service)
        problem = cache_path_problem(settings.cache_path)
        if problem:
            raise ConfigError(problem)
        #: writes SQLite refused (requests-cache drops them): warned, then exit 2 (.cache_file)
        self.cache_writes = WriteFailures(settings.cache_path)
        settings.cache_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            super().__init__(
                cache_name=str(settings.cache_path),
                backend="sqlite",
                expire_after=settings.metadata_ttl,
                urls_expire_after=expiry_patterns(settings),
                allowable_codes=CACHEABLE_STATUSES,
                allowable_methods=("GET", "POST"),
                ignored_parameters=IGNORED_PARAMETERS,
                match_headers=False,
                filter_fn=self.cache_policy.cacheable,
                only_if_cached=settings.offline,
                # offline: an expired entry is still better than nothing
                stale_if_error=settings.offline,
                factory=self.cache_writes.connection_class(),  # sqlite3.connect's
            )
        except sqlite3.DatabaseError as exc:  # "file is not a database": damaged or not ours
            raise ConfigError(
                f"the HTTP cache {settings.cache_path} cannot be opened as SQLite ({exc}); it "
                "holds only answers already fetched: move it away (or pass another --cache) "
                "and rerun, at the cost of asking again"
            ) from None
        if not settings.offline and not _writable(settings.cache_path):
            raise ConfigError(
                f"the HTTP cache {settings.cache_path} cannot be written (a read-only file, "
                "folder or file system): every answer would be asked again on every run; make "
                "it writable or pass --cache with a path that is (--offline reads it as it is)"
            )
        self.headers["User-Agent"] = f"enrich/{__version__}"
        adapter = _NetworkAdapter(self)
        self.mount("https://", adapter)
        self.mount("http://", adapter)

    # -- the retry loop ---------------------------------------------------------------------

    def send(self, request: requests.PreparedRequest, **kwargs: Any):  # type: ignore[override]
        """Send with caching (requests-cache) inside a bounded retry loop (tenacity).

        An arXiv form POST is kept for its endpoint's lifetime (:meth:`CachePolicy.form_expiry`:
        requests-cache's URL patterns do not see the query in its body)."""
        expiry = self.cache_policy.form_expiry(request)
        if expiry is not None:
            kwargs.setdefault("expire_after", expiry)
        retrying = Retrying(
            sleep=self._sleep,
            stop=self.retry_policy.stop,
            wait=self.retry_policy.wait,
            retry=retry_if_exception_type(Retryable),
            before_sleep=self.retry_policy.before_sleep,
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
        except Retryable as exc:
            url = redact_url(request.url)
            if exc.unreachable:
                setting = setting_for(self.service(request.url))
                raise UpstreamUnreachable(
                    unreachable_line(exc.host, setting, exc.unreachable),
                    url=url,
                    host=exc.host,
                    setting=setting,
                    reason=exc.reason,
                ) from exc
            message = given_up(exc, describe_request(request), retrying.statistics)
            error = TransientUpstreamError
            if exc.untrusted:
                self.stats.count_untrusted(message)
                error = UntrustedAnswer
            raise error(
                message,
                url=url,
                status=exc.status,
                reason=exc.reason,
            ) from exc
        return response

    @contextlib.contextmanager
    def attempts_on_failure(self, attempts: int) -> Iterator[None]:
        """At most ``attempts`` tries per request inside the block when the server fails, times
        out or sends a bad body; a 429 keeps the full budget (see :func:`.retry.fewer_attempts`)."""
        with fewer_attempts(attempts):
            yield

    def _send_once(self, request: requests.PreparedRequest, **kwargs: Any):
        url = redact_url(request.url)
        host = _host(request.url)
        try:
            response = super().send(request, **kwargs)
        except RETRY_EXCEPTIONS as exc:
            if isinstance(exc, requests.exceptions.SSLError):
                raise
            raise Retryable(describe_network_error(exc), url=url, host=host) from exc
        if getattr(response, "from_cache", False):
            if response.status_code == 504:  # requests-cache's only_if_cached miss
                raise OfflineCacheMiss(url)
            self.stats.count_cache_hit()
        status = response.status_code
        if status in RETRY_STATUSES:
            raise Retryable(
                f"HTTP {status} {response.reason or ''}".strip(),
                url=url,
                host=host,
                response=response,
            )
        if status == 200 and not kwargs.get("stream"):
            problem = self.cache_policy.parse_problem(response)
            if problem:
                raise Retryable(problem, url=url, host=host, response=response)
            problem = self.cache_policy.shape_problem(response)
            if problem:
                raise Retryable(problem, url=url, host=host, response=response, untrusted=True)
        if status in (401, 403):
            raise UpstreamRefused(self._auth_message(response, url, host), url=url, status=status)
        return response

    # -- what may be cached -----------------------------------------------------------------

    def service(self, url: str | None) -> str | None:
        """``"s2"``, ``"arxiv"`` or ``None`` for a URL: by configured base URL, else by origin
        (scheme, host and port, compared exactly: :mod:`.origin`). The API key goes where this
        says ``"s2"``.

        Base URLs first, so one host serving both APIs (a local replica) is told apart.
        """
        config = self.config
        for name, base in (
            ("arxiv", config.arxiv_url),
            ("s2", config.s2_url),
            ("s2", config.datasets_url),  # the Datasets API takes the key; its file links do not
        ):
            if under(url, base):
                return name
        here = origin(url)
        s2, arxiv = origin(self.config.s2_url), origin(self.config.arxiv_url)
        if here is not None and s2 != arxiv:
            if here == s2:
                return "s2"
            if here == arxiv:
                return "arxiv"
        return None

    def get_redirect_target(self, resp: requests.Response) -> str | None:
        """requests follows redirects through this: one that leaves the origin is refused like
        an answer of the wrong shape (retried, never cached), so another host's answer is never
        used or stored under an S2 or arXiv key."""
        target = super().get_redirect_target(resp)
        if target is not None:
            setting = setting_for(self.service(resp.url))
            refused = refused_redirect(resp.url, target, setting)
            if refused:
                url = redact_url(resp.url)
                raise Retryable(
                    refused, url=url, host=_host(resp.url), response=resp, untrusted=True
                )
        return target

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


def _writable(path: Path) -> bool:
    """Whether SQLite can write the cache: the file and its folder (for the journal).
    requests-cache swallows failed writes, so without this a read-only cache costs every
    request on every run without a word."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def make_session(
    settings: Settings, *, sleep: Sleep = time.sleep, clock: Clock = time.monotonic
) -> EnrichSession:
    """The one HTTP session for a run: cached, retried, rate limited, keyed for S2."""
    return EnrichSession(settings, sleep=sleep, clock=clock)
