"""What the HTTP cache keeps, and for how long.

* Lifetimes per endpoint (:func:`expiry_patterns`): title match, search and bulk search
  answers for ``search_ttl`` (30 days), batch metadata and arXiv ``id_list`` for
  ``metadata_ttl`` (a day). arXiv is asked by form POST, its query in the body, which
  requests-cache's URL patterns do not see: :meth:`CachePolicy.form_expiry` reads the body.
* What may be stored (:class:`CachePolicy`): 200s whose body parses as the endpoint's format
  and, for S2, has the endpoint's declared shape (the check the S2 client declares with
  :meth:`CachePolicy.declare_s2_shapes`: ``http`` knows no source's models), and S2's
  clean 404 ``{"error": "Title match not found"}`` (an answer: no match). Never an error, a
  truncated body, an HTML page, a wrong shape or an arXiv error feed.
* What is never part of a key or a stored request: the S2 API key (:data:`IGNORED_PARAMETERS`).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import requests
from requests_cache.policy import DEFAULT_IGNORED_PARAMS, ExpirationPatterns

from enrich.http.origin import under
from enrich.settings import Settings

ShapeCheck = Callable[[str, bytes, bytes | None, str], str | None]
"""``(path after the S2 base, body, request body, url) -> why the body is unusable or None``."""

API_KEY_HEADER = "x-api-key"
"""S2 reads the key from this header (https://www.semanticscholar.org/product/api)."""

IGNORED_PARAMETERS = (*DEFAULT_IGNORED_PARAMS, API_KEY_HEADER, "X-Api-Key")
"""Redacted from cache keys and stored requests. requests-cache compares names case-sensitively,
so the spelling we send (``x-api-key``) is listed next to its defaults."""

TITLE_NOT_FOUND = "Title match not found"
"""S2's body for a clean 404 on /paper/search/match: an answer (no match), cached like a 200."""

CACHEABLE_STATUSES = (200, 404)
"""404 is narrowed further by :meth:`CachePolicy.cacheable` to the title-match not-found."""

ATOM_NS = "http://www.w3.org/2005/Atom"
_ATOM_FEED = f"{{{ATOM_NS}}}feed"
_ATOM_ENTRY_ID = f"{{{ATOM_NS}}}entry/{{{ATOM_NS}}}id"


def expiry_patterns(settings: Settings) -> ExpirationPatterns:
    """Per-endpoint expiry for requests-cache ``urls_expire_after`` (first match wins)."""
    s2 = re.escape(settings.s2_url.rstrip("/"))
    arxiv = re.escape(settings.arxiv_url.rstrip("/"))
    flags = re.IGNORECASE
    return {
        re.compile(rf"^{s2}/paper/search(/match|/bulk)?/?(\?|$)", flags): settings.search_ttl,
        re.compile(rf"^{s2}/paper/batch/?(\?|$)", flags): settings.metadata_ttl,
        re.compile(rf"^{arxiv}/?\?(.*&)?id_list=[^&]", flags): settings.metadata_ttl,
        re.compile(rf"^{arxiv}/?\?(.*&)?search_query=[^&]", flags): settings.search_ttl,
    }


class CachePolicy:
    """Which answers are usable and storable, given which service a URL belongs to.

    ``service(url)`` says ``"s2"``, ``"arxiv"`` or ``None`` (the session knows the base URLs).
    """

    def __init__(self, settings: Settings, service: Callable[[str | None], str | None]):
        self._s2_url = settings.s2_url
        self._service = service
        self._form_ttl = {"id_list": settings.metadata_ttl, "search_query": settings.search_ttl}
        self._s2_shapes: ShapeCheck | None = None

    def declare_s2_shapes(self, check: ShapeCheck) -> None:
        """Check S2's 200s with ``check`` before they are used or stored (the sources layer
        declares its answers' shapes; until then only their parsing is checked)."""
        self._s2_shapes = check

    def form_expiry(self, request: Any) -> int | None:
        """Seconds to keep the answer to an arXiv form POST, by what its body asks (``id_list``:
        ``metadata_ttl``; ``search_query``: ``search_ttl``), as :func:`expiry_patterns` does for
        a GET by its URL; ``None`` for any other request (the URL patterns decide)."""
        if request.method != "POST" or self._service(request.url) != "arxiv":
            return None
        body = request.body
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body or "")
        fields = dict(parse_qsl(text, keep_blank_values=True))
        for name, ttl in self._form_ttl.items():  # id_list first, as the URL patterns
            if fields.get(name, "").strip():
                return ttl
        return None

    def body_kind(self, response: requests.Response) -> str | None:
        request_url = response.request.url if response.request else None
        service = self._service(response.url or request_url)
        if service == "arxiv":
            return "atom"
        if service == "s2" or "json" in response.headers.get("Content-Type", ""):
            return "json"
        return None

    def body_problem(self, response: requests.Response) -> str | None:
        """Why a body that should be JSON or Atom is unusable (truncated, HTML, empty, or an S2
        answer of the wrong shape or for other ids than asked), or None."""
        return self.parse_problem(response) or self.shape_problem(response)

    def parse_problem(self, response: requests.Response) -> str | None:
        """Why a body that should be JSON or Atom does not parse (truncated, HTML, empty)."""
        return _once(response, "parse", self._parse_problem)

    def shape_problem(self, response: requests.Response) -> str | None:
        """Why a 200 body that parses does not have its endpoint's declared shape (an S2
        schema, an Atom feed for arXiv), or None (also for endpoints without a declared shape)."""
        return _once(response, "shape", self._shape_problem)

    def _parse_problem(self, response: requests.Response) -> str | None:
        kind = self.body_kind(response)
        if kind is None:  # not read: a shard streamed to disk has no body here
            return None
        content = response.content or b""
        if kind == "json":
            try:
                json.loads(content)
            except ValueError as exc:
                return f"invalid JSON body ({len(content)} bytes: {exc})"
        elif kind == "atom":
            try:
                ET.fromstring(content)
            except ET.ParseError as exc:
                return f"invalid XML body ({len(content)} bytes: {exc})"
        return None

    def _shape_problem(self, response: requests.Response) -> str | None:
        url = response.url or (response.request.url if response.request else None) or ""
        if self.body_kind(response) == "atom":
            root = ET.fromstring(response.content or b"")
            if root.tag != _ATOM_FEED:
                return f"wrong shape for arXiv: not an Atom feed (root element {root.tag!r})"
            return None
        base = self._s2_url.rstrip("/")
        path = urlsplit(url).path
        base_path = urlsplit(base).path.rstrip("/")
        if self._service(url) != "s2" or not path.lower().startswith(base_path.lower()):
            return None
        if self._s2_shapes is None:
            return None
        sent = response.request.body if response.request is not None else None
        body = sent.encode("utf-8") if isinstance(sent, str) else sent
        return self._s2_shapes(
            path[len(base_path) :],
            response.content or b"",
            body if isinstance(body, bytes) else None,
            url,
        )

    def cacheable(self, response: requests.Response) -> bool:
        """requests-cache ``filter_fn``: keep bad bodies and error answers out of the cache.

        Statuses other than 200/404 are already excluded by ``allowable_codes``; returning True
        for them keeps requests-cache from deleting a good cached entry after a transient error.
        """
        status = response.status_code
        if status == 404:
            return self.is_title_not_found(response)
        if status != 200:
            return True
        if self.body_problem(response):
            return False
        if self.body_kind(response) == "atom":
            root = ET.fromstring(response.content)
            if any("/api/errors" in (el.text or "") for el in root.iterfind(_ATOM_ENTRY_ID)):
                return False
        return True

    def is_title_not_found(self, response: requests.Response) -> bool:
        if not under(response.url, self._s2_url.rstrip("/") + "/paper/search/match"):
            return False
        try:
            body = json.loads(response.content or b"")
        except ValueError:
            return False
        return isinstance(body, dict) and body.get("error") == TITLE_NOT_FOUND


def _once(
    response: requests.Response, check: str, judge: Callable[[requests.Response], str | None]
) -> str | None:
    """``judge(response)``, worked out once per response: the cache's filter judges a fresh
    answer before the session does, and an S2 batch's shape check is the costliest step of
    reading it. The verdict lives on the response object, which lives for one read of one body
    (an object without ``__dict__`` is judged each time)."""
    verdicts = getattr(response, "__dict__", {}).setdefault("_enrich_verdicts", {})
    if check not in verdicts:
        verdicts[check] = judge(response)
    return verdicts[check]
