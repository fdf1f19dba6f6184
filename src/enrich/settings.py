"""One frozen settings object, built once in the entry point and passed down.

Each setting declares its environment variable once, on its field (:func:`_env`): the
variables :meth:`Settings.from_env` reads, the allow-list that warns about a misspelt
``ENRICH_*`` variable (:data:`ENV_VARS`), the ``--help`` epilog and the table in
docs/settings.md (:func:`settings_table`, kept in step by a test) all come from those
declarations.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from enrich import defaults
from enrich.errors import ConfigError
from enrich.setting_values import (  # _TRUE, _FALSE: the spellings, as before
    _FALSE,  # noqa: F401
    _TRUE,  # noqa: F401
    DAY,
    Range,
    key_problem,
)
from enrich.setting_values import parse_bool as _bool

log = logging.getLogger(__name__)

_MEMORY = re.compile(r"^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", re.IGNORECASE)


def _env(
    var: str, meaning: str, default: str, kind: str = "str", values: Range | None = None
) -> dict[str, Any]:
    """A field's environment variable, what it means, its default as documented, and how its
    value is read: ``str``, ``url`` (trailing ``/`` dropped), ``float``, ``int``, ``bool``,
    ``path``. A numeric setting declares its allowed ``values`` (checked for every way the
    settings are built: :meth:`Settings.__post_init__`)."""
    meta: dict[str, Any] = {"env": var, "meaning": meaning, "default": default, "kind": kind}
    if values is not None:
        meta["range"] = values
    return meta


_TTL = {"range": Range(0, 3650 * DAY), "kind": "int"}


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything configurable, in one place. Build with :meth:`from_env`."""

    raw_dir: Path = Path("data/raw")
    out_dir: Path = Path("data/enriched")
    s2_api_key: str | None = field(
        default=None,
        repr=False,
        metadata=_env(
            "S2_API_KEY",
            "Semantic Scholar API key, sent as `x-api-key` to S2 only; never cached, logged "
            "or written",
            "unset",
        ),
    )
    s2_url: str = field(
        default=defaults.DEFAULT_S2_URL,
        metadata=_env(
            "ENRICH_S2_URL", "S2 Graph API base URL", f"`{defaults.DEFAULT_S2_URL}`", "url"
        ),
    )
    arxiv_url: str = field(
        default=defaults.DEFAULT_ARXIV_URL,
        metadata=_env(
            "ENRICH_ARXIV_URL", "arXiv query API URL", f"`{defaults.DEFAULT_ARXIV_URL}`", "url"
        ),
    )
    s2_rps: float = field(
        default=defaults.DEFAULT_S2_RPS,
        metadata=_env(
            "ENRICH_S2_RPS", "S2 requests per second", "`1`", "float", Range(0, 1000, True)
        ),
    )
    arxiv_delay: float = field(
        default=defaults.DEFAULT_ARXIV_DELAY,
        metadata=_env(
            "ENRICH_ARXIV_DELAY", "seconds between arXiv requests", "`3`", "float", Range(0, 3600)
        ),
    )
    cache_path: Path = field(
        default=Path("data/cache/http.sqlite"),
        metadata=_env(
            "ENRICH_CACHE",
            "SQLite HTTP cache (`requests-cache`)",
            "`data/cache/http.sqlite`",
            "path",
        ),
    )
    timeout: float = field(
        default=defaults.DEFAULT_TIMEOUT,
        metadata=_env(
            "ENRICH_TIMEOUT",
            "read timeout per socket read, seconds",
            "`60`",
            "float",
            Range(0, 3600, True),
        ),
    )
    connect_timeout: float = field(
        default=defaults.DEFAULT_CONNECT_TIMEOUT, metadata={"range": Range(0, 3600, True)}
    )
    request_deadline: float = field(
        default=defaults.DEFAULT_REQUEST_DEADLINE,
        metadata=_env(
            "ENRICH_REQUEST_DEADLINE",
            "longest one attempt at a request may take, connection to last byte, seconds",
            "`300`",
            "float",
            Range(0, DAY, True),
        ),
    )
    max_attempts: int = field(
        default=defaults.DEFAULT_MAX_ATTEMPTS,
        metadata=_env(
            "ENRICH_MAX_ATTEMPTS",
            "attempts per request (429, 5xx, resets, timeouts, bad bodies)",
            "`8`",
            "int",
            Range(1, 100),
        ),
    )
    max_wait: float = field(
        default=defaults.DEFAULT_MAX_WAIT,
        metadata=_env(
            "ENRICH_MAX_WAIT",
            "total backoff budget per request, seconds",
            "`300`",
            "float",
            Range(0, DAY),
        ),
    )
    backoff_base: float = field(
        default=defaults.DEFAULT_BACKOFF_BASE,
        metadata=_env(
            "ENRICH_BACKOFF_BASE",
            "first backoff sleep, seconds; doubles each attempt, with jitter",
            "`1`",
            "float",
            Range(0, 3600),
        ),
    )
    backoff_max: float = field(
        default=defaults.DEFAULT_BACKOFF_MAX,
        metadata=_env(
            "ENRICH_BACKOFF_MAX",
            "longest single backoff sleep, seconds",
            "`60`",
            "float",
            Range(0, 3600),
        ),
    )
    search_ttl: int = field(default=defaults.SEARCH_TTL_SECONDS, metadata=_TTL)
    metadata_ttl: int = field(default=defaults.METADATA_TTL_SECONDS, metadata=_TTL)
    offline: bool = field(
        default=False,
        metadata=_env(
            "ENRICH_OFFLINE",
            "`1`, `true`, `yes` or `on`: cache only, like `--offline` (`0`, `false`, `no`, "
            "`off` or empty: off)",
            "`0`",
            "bool",
        ),
    )
    keep_snapshots: int = field(
        default=0,
        metadata=_env(
            "ENRICH_KEEP_SNAPSHOTS",
            "keep the newest N snapshots: after `latest` switches, older snapshot directories "
            "and manifests are deleted",
            "`0` (keep every one)",
            "int",
            Range(0, 1_000_000, note="0 keeps every snapshot"),
        ),
    )
    max_response_mb: float = field(
        default=defaults.DEFAULT_MAX_RESPONSE_MB,
        metadata=_env(
            "ENRICH_MAX_RESPONSE_MB",
            "largest answer read, MB; a larger one is ended and is an upstream error",
            "`64`",
            "float",
            Range(0, 100_000, True),
        ),
    )
    accept_changes: bool = field(
        default=False,
        metadata=_env(
            "ENRICH_ACCEPT_CHANGES",
            "`1`: publish even a snapshot the publish gate would hold back, like "
            "`--accept-changes`",
            "`0`",
            "bool",
        ),
    )
    gate_max_lost: float = field(
        default=defaults.DEFAULT_GATE_MAX_LOST,
        metadata=_env(
            "ENRICH_GATE_MAX_LOST",
            "publish gate: largest share of previously resolved titles that may lose their paper",
            "`0.05`",
            "float",
            Range(0, 1),
        ),
    )
    gate_max_collapse: int = field(
        default=defaults.DEFAULT_GATE_MAX_COLLAPSE,
        metadata=_env(
            "ENRICH_GATE_MAX_COLLAPSE",
            "publish gate: most previously distinct papers that may land on one paper",
            "`3`",
            "int",
            Range(1, 1_000_000),
        ),
    )
    s2_bulk: bool = field(
        default=True,
        metadata=_env(
            "ENRICH_S2_BULK",
            "`0`: no title batches (S2 bulk search, arXiv OR-ed queries), one request a title",
            "`1`",
            "bool",
        ),
    )
    source: str = field(
        default="api",
        metadata=_env(
            "ENRICH_SOURCE",
            "`datasets`: resolve and fetch from the local S2 datasets store (no S2 request; "
            "arXiv for what it lacks), like `--source datasets`",
            "`api`",
        ),
    )
    datasets_dir: Path = field(
        default=Path("data/s2"),
        metadata=_env(
            "ENRICH_DATASETS",
            "the S2 datasets store that `enrich datasets import` builds (docs/datasets.md)",
            "`data/s2`",
            "path",
        ),
    )
    datasets_memory: str = field(
        default=defaults.DEFAULT_DATASETS_MEMORY,
        metadata=_env(
            "ENRICH_DATASETS_MEMORY",
            "DuckDB's memory limit for a datasets import or update; it spills to disk beyond",
            f"`{defaults.DEFAULT_DATASETS_MEMORY}`",
        ),
    )
    datasets_url: str = field(
        default=defaults.DEFAULT_DATASETS_URL,
        metadata=_env(
            "ENRICH_DATASETS_URL",
            "S2 Datasets API base URL",
            f"`{defaults.DEFAULT_DATASETS_URL}`",
            "url",
        ),
    )

    def __post_init__(self) -> None:
        urls = (("s2_url", "ENRICH_S2_URL"), ("arxiv_url", "ENRICH_ARXIV_URL"))
        for name, var in (*urls, ("datasets_url", "ENRICH_DATASETS_URL")):
            url = getattr(self, name)
            try:
                parsed = urlparse(url)
                parsed.port  # noqa: B018  (raises on a port that is not a number)
            except ValueError as exc:  # "http://[::1" (an unclosed IPv6 bracket), a bad port
                raise ConfigError(f"{var} is not a valid URL ({exc}): {url!r}") from None
            if parsed.scheme not in ("http", "https") or not parsed.netloc:
                raise ConfigError(f"{var} must be an http or https URL, got {url!r}")
        if self.source not in defaults.SOURCES:
            choices = " or ".join(defaults.SOURCES)
            raise ConfigError(f"ENRICH_SOURCE must be {choices}, got {self.source!r}")
        self._check_ranges()
        if self.backoff_max < self.backoff_base:
            raise ConfigError("ENRICH_BACKOFF_BASE must be <= ENRICH_BACKOFF_MAX")
        problem = key_problem(self.s2_api_key) if self.s2_api_key is not None else None
        if problem:  # requests would refuse the header with a traceback that prints the key
            raise ConfigError(f"S2_API_KEY holds {problem}")
        if not _MEMORY.match(self.datasets_memory.strip()):
            raise ConfigError(
                "ENRICH_DATASETS_MEMORY must be a size such as 2GB or 500MB, "
                f"got {self.datasets_memory!r}"
            )

    def _check_ranges(self) -> None:
        """Every numeric setting within the range declared on its field (finite, bounded)."""
        for f in fields(self):
            values = f.metadata.get("range")
            whole = f.metadata.get("kind") == "int"
            if values is not None and not values.holds(getattr(self, f.name), whole):
                name = f.metadata.get("env", f.name)
                raise ConfigError(
                    f"{name} must be {values.describe(whole)}, got {getattr(self, f.name)!r}"
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
        for f in fields(cls):
            if "env" in f.metadata:
                _read(env, f.metadata["env"], f.metadata["kind"], values, f.name)
        for name, value in overrides.items():
            if value is not None:
                values[name] = (
                    Path(value) if name.endswith("_dir") or name == "cache_path" else value
                )
        return cls(**values)


ENV_VARS = tuple(
    f.metadata["env"] for f in fields(Settings) if f.metadata.get("env", "").startswith("ENRICH_")
)
"""The ``ENRICH_*`` variables :meth:`Settings.from_env` reads (declared on the fields)."""


_RANGES = {
    f.metadata["env"]: f.metadata["range"]
    for f in fields(Settings)
    if {"env", "range"} <= f.metadata.keys()
}
"""Each numeric variable's declared range, for the message about a value that is no number."""


def settings_table() -> str:
    """The settings table of docs/settings.md (Markdown), from the fields' declarations."""
    rows = ["| variable | meaning | default |", "|---|---|---|"]
    for f in fields(Settings):
        if "env" in f.metadata:
            m = f.metadata
            rows.append(f"| `{m['env']}` | {m['meaning']} | {m['default']} |")
    return "\n".join(rows)


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


def _read(env: Mapping[str, str], var: str, kind: str, out: dict[str, Any], name: str) -> None:
    """Put ``var``'s value, read as ``kind``, into ``out[name]``; unset or blank: leave it out."""
    if var not in env:
        return
    value = env[var].strip()
    if kind == "bool":
        out[name] = _bool(value, var)
    elif not value:
        return
    elif kind in ("int", "float"):
        out[name] = _number(value, var, int if kind == "int" else float)
    elif kind == "path":
        out[name] = Path(value)
    else:
        out[name] = value.rstrip("/") if kind == "url" else value


def _number(value: str, var: str, kind: type) -> Any:
    try:
        return kind(value)
    except ValueError:
        values = _RANGES.get(var)
        whole = kind is int
        what = values.describe(whole) if values else "a whole number" if whole else "a number"
        raise ConfigError(f"{var} must be {what}, got {value!r}") from None
