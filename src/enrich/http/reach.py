"""Hosts that cannot be reached at all: a name that does not resolve, a refused connection, no
route. Waiting does not mend these (the machine is offline, or a base URL is wrong), so the
retry policy gives them one quick retry instead of minutes of backoff, and the run stops with a
line per upstream saying what to check.
"""

from __future__ import annotations

import errno
import socket
from urllib.parse import urlsplit

from enrich.http.messages import os_error

UNREACHABLE_ATTEMPTS = 2
"""One quick retry: a DNS answer or a connection lost for a moment gets a second chance."""

QUICK_RETRY_WAIT = 1.0
"""Longest sleep before that retry, seconds."""

PROBE_TIMEOUT = 3.0
"""How long :func:`probe` waits for a TCP connection, seconds."""

PROXIED = "not tried: requests to it go through a proxy (HTTP_PROXY/HTTPS_PROXY)"
"""What :func:`probe` says of a host it does not try."""

_NO_ROUTE = {errno.ENETUNREACH: "the network is unreachable", errno.EHOSTUNREACH: "no route"}


def unreachable_reason(exc: BaseException | None) -> str | None:
    """Why the host could not be reached at all, in a few words, or ``None`` when the failure
    is something else (a timeout, a reset, an answer). Pure: reads the exception chain only."""
    cause = os_error(exc) if exc is not None else None
    if isinstance(cause, socket.gaierror):
        return "its name does not resolve"
    if isinstance(cause, ConnectionRefusedError):
        return "the connection was refused"
    if cause is not None and cause.errno in _NO_ROUTE:
        return _NO_ROUTE[cause.errno]
    return None


def setting_for(service: str | None) -> str:
    """The setting that points at a service's host."""
    return {"s2": "ENRICH_S2_URL", "arxiv": "ENRICH_ARXIV_URL"}.get(
        service or "", "ENRICH_S2_URL or ENRICH_ARXIV_URL"
    )


def unreachable_line(host: str, setting: str, reason: str) -> str:
    """The one line that says a host cannot be reached and what to do."""
    return (
        f"cannot reach {host} ({setting}): {reason}. Check the network, or set {setting} "
        "to the right URL; `enrich demo` runs against a local replica without a network"
    )


def probe(url: str, timeout: float = PROBE_TIMEOUT) -> str | None:
    """Whether ``url``'s host accepts a TCP connection: ``None`` if it does, else why not.

    Used only after another host failed, to tell the user about every upstream at once. A
    direct connection says nothing about a host reached through a proxy (``HTTPS_PROXY``):
    then it is not tried.
    """
    import requests.utils

    if requests.utils.get_environ_proxies(url):
        return PROXIED
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname or "", port), timeout=timeout):
            return None
    except OSError as exc:
        return unreachable_reason(exc) or f"no connection ({exc.strerror or exc})"
