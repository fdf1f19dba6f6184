"""One frozen settings object, built once in the entry point and passed down.

Environment variables (the public contract, documented in the README):

=====================  ===========================================  ==============================
variable               meaning                                       default
=====================  ===========================================  ==============================
``S2_API_KEY``         Semantic Scholar API key (sent as x-api-key)  unset
``ENRICH_S2_URL``      S2 Graph API base URL                         ``DEFAULT_S2_URL``
``ENRICH_ARXIV_URL``   arXiv API query URL                           ``DEFAULT_ARXIV_URL``
``ENRICH_S2_RPS``      S2 requests per second                        ``DEFAULT_S2_RPS``
``ENRICH_ARXIV_DELAY`` seconds between arXiv requests                ``DEFAULT_ARXIV_DELAY``
``ENRICH_CACHE``       SQLite HTTP cache path                        ``data/cache/http.sqlite``
``ENRICH_TIMEOUT``     read timeout per request, seconds             ``DEFAULT_TIMEOUT``
``ENRICH_MAX_ATTEMPTS`` attempts per request before giving up         ``DEFAULT_MAX_ATTEMPTS``
``ENRICH_MAX_WAIT``    total backoff budget per request, seconds     ``DEFAULT_MAX_WAIT``
``ENRICH_BACKOFF_BASE`` first backoff step, seconds (doubles)          ``DEFAULT_BACKOFF_BASE``
``ENRICH_BACKOFF_MAX`` longest single backoff sleep, seconds         ``DEFAULT_BACKOFF_MAX``
``ENRICH_OFFLINE``     ``1``: answer from the cache only             ``0``
``ENRICH_KEEP_SNAPSHOTS`` keep only the newest N snapshots            ``0`` (keep every one)
``ENRICH_S2_BULK``     ``0``: no title batches (S2 bulk, arXiv OR)  ``1``
                       one request a title, the path before them
=====================  ===========================================  ==============================
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from enrich.errors import ConfigError

log = logging.getLogger(__name__)

DEFAULT_S2_URL = "https://api.semanticscholar.org/graph/v1"
"""Semantic Scholar Graph API v1 base."""

DEFAULT_ARXIV_URL = "https://export.arxiv.org/api/query"
"""arXiv's legacy query API (the only one that takes ``id_list``)."""

DEFAULT_S2_RPS = 1.0
"""An S2 API key is granted 1 request/s; the keyless shared pool is smaller still."""

DEFAULT_ARXIV_DELAY = 3.0
"""arXiv's terms of use ask for no more than one request every three seconds."""

DEFAULT_TIMEOUT = 60.0
"""Batch calls with 500 ids and references can take tens of seconds at S2."""

DEFAULT_CONNECT_TIMEOUT = 10.0
"""A connection that takes longer than this is a dead host, not a slow one."""

DEFAULT_MAX_ATTEMPTS = 8
"""S2 asks for exponential backoff on 429; eight attempts ride out a minute-long storm."""

DEFAULT_MAX_WAIT = 300.0
"""Upper bound on the total backoff for one request, so an unattended job cannot hang."""

DEFAULT_BACKOFF_BASE = 1.0
"""First backoff step in seconds; doubles each attempt (with jitter)."""

DEFAULT_BACKOFF_MAX = 60.0
"""Longest single backoff sleep in seconds."""

SEARCH_TTL_SECONDS = 30 * 24 * 3600
"""Title match/search answers (including S2's 404 "Title match not found") change rarely."""

METADATA_TTL_SECONDS = 24 * 3600
"""Citation counts move daily; ``enrich refresh`` bypasses this anyway."""

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything configurable, in one place. Build with :meth:`from_env`."""

    raw_dir: Path = Path("data/raw")
    out_dir: Path = Path("data/enriched")
    s2_url: str = DEFAULT_S2_URL
    arxiv_url: str = DEFAULT_ARXIV_URL
    s2_api_key: str | None = field(default=None, repr=False)
    s2_rps: float = DEFAULT_S2_RPS
    arxiv_delay: float = DEFAULT_ARXIV_DELAY
    cache_path: Path = Path("data/cache/http.sqlite")
    timeout: float = DEFAULT_TIMEOUT
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    max_wait: float = DEFAULT_MAX_WAIT
    backoff_base: float = DEFAULT_BACKOFF_BASE
    backoff_max: float = DEFAULT_BACKOFF_MAX
    search_ttl: int = SEARCH_TTL_SECONDS
    metadata_ttl: int = METADATA_TTL_SECONDS
    offline: bool = False
    keep_snapshots: int = 0  #: keep the newest N snapshots; 0 keeps every one
    s2_bulk: bool = True  #: resolve titles in batches (S2 bulk, arXiv OR) before one by one

    def __post_init__(self) -> None:
        for name, var in (("s2_url", "ENRICH_S2_URL"), ("arxiv_url", "ENRICH_ARXIV_URL")):
            url = getattr(self, name)
            try:
                parsed = urlparse(url)
                parsed.port  # noqa: B018  (raises on a port that is not a number)
            except ValueError as exc:  # "http://[::1" (an unclosed IPv6 bracket), a bad port
                raise ConfigError(f"{var} is not a valid URL ({exc}): {url!r}") from None
            if parsed.scheme not in ("http", "https") or not parsed.netloc:
                raise ConfigError(f"{var} must be an http or https URL, got {url!r}")
        if self.s2_rps <= 0:
            raise ConfigError(f"ENRICH_S2_RPS must be > 0, got {self.s2_rps}")
        if self.arxiv_delay < 0:
            raise ConfigError(f"ENRICH_ARXIV_DELAY must be >= 0, got {self.arxiv_delay}")
        if self.max_attempts < 1:
            raise ConfigError(f"ENRICH_MAX_ATTEMPTS must be >= 1, got {self.max_attempts}")
        if self.backoff_base < 0 or self.backoff_max < self.backoff_base:
            raise ConfigError("ENRICH_BACKOFF_BASE must be >= 0 and <= ENRICH_BACKOFF_MAX")
        if self.timeout <= 0 or self.connect_timeout <= 0:
            raise ConfigError("timeouts must be > 0")
        if self.keep_snapshots < 0:
            raise ConfigError(
                f"ENRICH_KEEP_SNAPSHOTS must be >= 0 (0 keeps every snapshot), "
                f"got {self.keep_snapshots}"
            )

    @property
    def stage_dir(self) -> Path:
        """Where each stage writes the file the next stage reads."""
        return self.out_dir / "stage"

    @property
    def s2_host(self) -> str:
        return urlparse(self.s2_url).netloc

    @property
    def arxiv_host(self) -> str:
        return urlparse(self.arxiv_url).netloc

    def public_dict(self) -> dict[str, Any]:
        """Settings safe to log or write to a manifest: never the API key."""
        out: dict[str, Any] = {}
        for f in fields(self):
            if f.name == "s2_api_key":
                out["s2_api_key_set"] = self.s2_api_key is not None
                continue
            value = getattr(self, f.name)
            out[f.name] = str(value) if isinstance(value, Path) else value
        return out

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Read the environment, then apply explicit overrides (CLI options win).

        Overrides whose value is ``None`` are ignored, so CLI code can pass options through.
        """
        env = os.environ if env is None else env
        for warning in unknown_env(env):
            log.warning("%s", warning)
        values: dict[str, Any] = {}
        key = env.get("S2_API_KEY", "").strip()
        if key:
            values["s2_api_key"] = key
        _str(env, "ENRICH_S2_URL", values, "s2_url")
        _str(env, "ENRICH_ARXIV_URL", values, "arxiv_url")
        _num(env, "ENRICH_S2_RPS", values, "s2_rps", float)
        _num(env, "ENRICH_ARXIV_DELAY", values, "arxiv_delay", float)
        _num(env, "ENRICH_TIMEOUT", values, "timeout", float)
        _num(env, "ENRICH_MAX_ATTEMPTS", values, "max_attempts", int)
        _num(env, "ENRICH_MAX_WAIT", values, "max_wait", float)
        _num(env, "ENRICH_BACKOFF_BASE", values, "backoff_base", float)
        _num(env, "ENRICH_BACKOFF_MAX", values, "backoff_max", float)
        _num(env, "ENRICH_KEEP_SNAPSHOTS", values, "keep_snapshots", int)
        if env.get("ENRICH_CACHE"):
            values["cache_path"] = Path(env["ENRICH_CACHE"])
        if "ENRICH_OFFLINE" in env:
            values["offline"] = _bool(env["ENRICH_OFFLINE"], "ENRICH_OFFLINE")
        if "ENRICH_S2_BULK" in env:
            values["s2_bulk"] = _bool(env["ENRICH_S2_BULK"], "ENRICH_S2_BULK")
        for name, value in overrides.items():
            if value is not None:
                values[name] = (
                    Path(value) if name.endswith("_dir") or name == "cache_path" else value
                )
        return cls(**values)


ENV_VARS = (
    "ENRICH_S2_URL",
    "ENRICH_ARXIV_URL",
    "ENRICH_S2_RPS",
    "ENRICH_ARXIV_DELAY",
    "ENRICH_CACHE",
    "ENRICH_TIMEOUT",
    "ENRICH_MAX_ATTEMPTS",
    "ENRICH_MAX_WAIT",
    "ENRICH_BACKOFF_BASE",
    "ENRICH_BACKOFF_MAX",
    "ENRICH_OFFLINE",
    "ENRICH_KEEP_SNAPSHOTS",
    "ENRICH_S2_BULK",
)
"""The ``ENRICH_*`` variables :meth:`Settings.from_env` reads (the table above)."""


def unknown_env(env: Mapping[str, str]) -> list[str]:
    """A warning for each ``ENRICH_*`` variable that is not a setting.

    A misspelt variable would otherwise be ignored without a word, and an unattended job would
    run with the default (``ENRICH_ARXIV_INTERVAL=0.15`` leaves the 3-second arXiv delay on).
    """
    out = []
    for var in sorted(env):
        if var.startswith("ENRICH_") and var not in ENV_VARS:
            out.append(
                f"{var} is not an enrich setting and is ignored; "
                f"the settings are {', '.join(ENV_VARS)}"
            )
    return out


def _str(env: Mapping[str, str], var: str, out: dict[str, Any], name: str) -> None:
    value = env.get(var, "").strip()
    if value:
        out[name] = value.rstrip("/")


def _num(env: Mapping[str, str], var: str, out: dict[str, Any], name: str, kind: type) -> None:
    value = env.get(var, "").strip()
    if not value:
        return
    try:
        out[name] = kind(value)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise ConfigError(f"{var} must be {what}, got {value!r}") from None


def _bool(value: str, var: str) -> bool:
    low = value.strip().lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise ConfigError(f"{var} must be one of 1/0/true/false, got {value!r}")
