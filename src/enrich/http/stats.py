"""What the session did: real requests per host, cache hits, retries, statuses. The manifest
reports these, per stage and for the whole run."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass
class HttpStats:
    """Counters the session updates; safe to update from several threads."""

    requests_by_host: Counter[str] = field(default_factory=Counter)  #: real network requests
    cache_hits: int = 0
    retries: int = 0
    responses_by_status: Counter[int] = field(default_factory=Counter)  #: network responses
    rate_limited: int = 0  #: 429s seen
    untrusted: int = 0  #: requests given up on answers of the wrong shape, content or size
    first_untrusted: str | None = None  #: what the first of them was
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def count_request(self, host: str) -> None:
        with self._lock:
            self.requests_by_host[host] += 1

    def count_response(self, status: int) -> None:
        with self._lock:
            self.responses_by_status[status] += 1
            if status == 429:
                self.rate_limited += 1

    def count_untrusted(self, message: str) -> None:
        with self._lock:
            self.untrusted += 1
            if self.first_untrusted is None:
                self.first_untrusted = message

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


def http_counters(session: Any) -> dict[str, Any]:
    """The session's request counters now (zeros for a session without stats, e.g. a fake)."""
    stats = getattr(session, "stats", None)
    if stats is None:
        return {"requests_by_host": {}, "cache_hits": 0, "retries": 0, "rate_limited": 0}
    return {
        "requests_by_host": dict(stats.requests_by_host),
        "cache_hits": int(stats.cache_hits),
        "retries": int(stats.retries),
        "rate_limited": int(stats.rate_limited),
    }


def http_delta(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """What a stage spent between two :func:`http_counters` readings."""
    hosts = {
        host: n - before["requests_by_host"].get(host, 0)
        for host, n in after["requests_by_host"].items()
        if n - before["requests_by_host"].get(host, 0)
    }
    out = {k: after[k] - before[k] for k in ("cache_hits", "retries", "rate_limited")}
    return {"requests_by_host": hosts, **out}
