"""HTTP: one cached, retried, rate-limited session for Semantic Scholar and arXiv.

* :mod:`~enrich.http.session`: the session and its transport (build it with :func:`make_session`)
* :mod:`~enrich.http.retry`: what is retried, how often, how long
* :mod:`~enrich.http.cache_policy`: what the cache keeps and for how long
* :mod:`~enrich.http.ratelimit`: the per-host pace
* :mod:`~enrich.http.messages`, :mod:`~enrich.http.stats`: messages and counters
"""

from enrich.http.messages import (
    describe_network_error,
    describe_request,
    error_detail,
    redact_url,
    status_text,
)
from enrich.http.retry import may_succeed_smaller, parse_retry_after
from enrich.http.session import EnrichSession, make_session
from enrich.http.stats import HttpStats

__all__ = [
    "EnrichSession",
    "HttpStats",
    "describe_network_error",
    "describe_request",
    "error_detail",
    "make_session",
    "may_succeed_smaller",
    "parse_retry_after",
    "redact_url",
    "status_text",
]
