"""Messages about requests: URLs safe to log, what an upstream's error body says, and a short
reason for a failed connection."""

from __future__ import annotations

import json
import logging
import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests

from enrich.http.cache_policy import IGNORED_PARAMETERS


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
    if any(_signs(k) for k, _ in pairs):  # a pre-signed link: its query is the credential
        return urlunsplit(parts._replace(query="REDACTED"))
    if not any(k.lower() in secret for k, _ in pairs):
        return url
    query = [(k, "REDACTED" if k.lower() in secret else v) for k, v in pairs]
    return urlunsplit(parts._replace(query=urlencode(query, safe=':,"/')))


FORM_VALUE_SHOWN = 100
"""Characters of each form field shown in a message (an arXiv query of a hundred titles is
10 KB; its start says what it was)."""


def describe_request(request: Any) -> str:
    """``METHOD url``, safe to log; a form POST's fields follow (arXiv's queries travel in the
    body, so its URL alone does not say what was asked), each value shortened, secrets
    redacted: ``POST .../api/query (id_list=2301.00001,2301.00002,... (+9,890 chars), ...)``."""
    method = getattr(request, "method", None) or "GET"
    line = f"{method} {redact_url(getattr(request, 'url', None))}"
    body = getattr(request, "body", None)
    headers = getattr(request, "headers", None) or {}
    if not body or "x-www-form-urlencoded" not in headers.get("Content-Type", ""):
        return line
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    secret = {p.lower() for p in IGNORED_PARAMETERS}
    fields = []
    for name, value in parse_qsl(text, keep_blank_values=True):
        if name.lower() in secret or _signs(name):
            value = "REDACTED"
        elif len(value) > FORM_VALUE_SHOWN:
            value = f"{value[:FORM_VALUE_SHOWN]}... (+{len(value) - FORM_VALUE_SHOWN:,} chars)"
        fields.append(f"{name}={value}")
    return f"{line} ({', '.join(fields)})"


SIGNED_PARAMETERS = ("signature", "key-pair-id", "policy", "sig", "se", "sv")
"""Query parameters of pre-signed links besides AWS's ``X-Amz-*`` (CloudFront, Azure)."""

_QUERY = re.compile(r"\?[^\s\"'<>]*")

LOGGERS_WITH_URLS = ("urllib3.connectionpool", "requests_cache.session", "requests_cache.backends")
"""Libraries that log a request's whole URL at DEBUG (``-vv``), query included."""


def _signs(name: str) -> bool:
    low = name.lower()
    return low.startswith("x-amz-") or low in SIGNED_PARAMETERS


def _redact_queries(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        pairs = parse_qsl(m.group(0)[1:], keep_blank_values=True)
        return "?REDACTED" if any(_signs(k) for k, _ in pairs) else m.group(0)

    return _QUERY.sub(one, text)


class SignedLinkFilter(logging.Filter):
    """A log filter that hides the query of pre-signed links in a record's message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _redact_queries(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def hide_signed_links() -> None:
    """Install :class:`SignedLinkFilter` on the loggers that print whole URLs (once)."""
    for name in LOGGERS_WITH_URLS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, SignedLinkFilter) for f in logger.filters):
            logger.addFilter(SignedLinkFilter())


def describe_network_error(exc: BaseException) -> str:
    """A short reason for a failed connection: urllib3's own message repeats the whole URL.

    ``ConnectionError: [Errno 111] Connection refused`` rather than ``HTTPConnectionPool(...):
    Max retries exceeded with url: <the url again> (Caused by NewConnectionError(...))``.
    """
    cause = os_error(exc)
    if cause is not None:
        return f"{type(exc).__name__}: [Errno {cause.errno}] {cause.strerror}"
    return f"{type(exc).__name__}: {str(exc)[:300]}"


def os_error(exc: BaseException) -> OSError | None:
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
