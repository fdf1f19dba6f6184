"""Origins, compared exactly: (scheme, host, port), as browsers compare them.

The S2 API key goes to the S2 URL's origin only, and a redirect to another origin is refused.
A string prefix is not an origin: ``http://127.0.0.1:3000`` is a prefix of
``http://127.0.0.1:30001/...``, and ``https://api.semanticscholar.org`` of
``https://api.semanticscholar.org.example.net/...``. Pure functions of their arguments.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}

Origin = tuple[str, str, int]


def origin(url: str | None) -> Origin | None:
    """``(scheme, host, port)`` of ``url``, lower-cased, the port filled in from the scheme;
    ``None`` for a URL without a host or with a port that is not a number."""
    try:
        parts = urlsplit(url or "")
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if not parts.hostname:
        return None
    return scheme, parts.hostname.lower(), port or DEFAULT_PORTS.get(scheme, 0)


def show(where: Origin | None) -> str:
    """An origin as a URL without a path: ``https://example.net:8443``."""
    if where is None:
        return "an unparseable URL"
    scheme, host, port = where
    host = f"[{host}]" if ":" in host else host
    default = DEFAULT_PORTS.get(scheme) == port
    return f"{scheme}://{host}" + ("" if default else f":{port}")


def under(url: str | None, base: str) -> bool:
    """Whether ``url`` is ``base`` or below it: the same origin, and ``base``'s path a prefix
    of ``url``'s that ends at a ``/`` (``/graph/v1`` holds ``/graph/v1/paper``, not
    ``/graph/v10``). Paths compare without case, as the services' own routes do."""
    if origin(url) is None or origin(url) != origin(base):
        return False
    path = urlsplit(url or "").path.lower()
    base_path = urlsplit(base).path.rstrip("/").lower()
    return path == base_path or path.startswith(base_path + "/") or not base_path


def redirect_target(from_url: str, location: str) -> str:
    """The absolute URL a ``Location`` header points at, as requests resolves it."""
    if location.startswith("//"):
        return f"{urlsplit(from_url).scheme}:{location}"
    return urljoin(from_url, location)


def refused_redirect(from_url: str, location: str, setting: str) -> str | None:
    """Why a redirect from ``from_url`` to ``location`` is refused (it leaves the origin), or
    ``None`` for one within the origin."""
    here, there = origin(from_url), origin(redirect_target(from_url, location))
    if there == here:
        return None
    return (
        f"redirected from {show(here)} to another origin ({show(there)}), refused: the API key "
        f"and the cache are for {setting}'s origin only; if the service has moved, set "
        f"{setting} to its new URL"
    )
