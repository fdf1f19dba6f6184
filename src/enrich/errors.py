"""The project's error types.

One base class, :class:`EnrichError`, so the CLI can map every expected failure to an
``Error: ...`` line and an exit code; subclasses carry the context a user needs to act
(the file and line, the URL and status, the missing columns).
"""

from __future__ import annotations


class EnrichError(Exception):
    """Base class for every error the project raises on purpose."""

    #: process exit code the CLI uses for this kind of error
    exit_code = 1


class ConfigError(EnrichError):
    """A setting or command-line option is invalid (bad URL, negative rate, missing dir)."""

    exit_code = 2


class InputError(EnrichError):
    """An input file is unusable; names the file (and line when known)."""

    exit_code = 2

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        self.path = path
        self.line = line
        where = path or ""
        if path and line is not None:
            where = f"{path}:{line}"
        super().__init__(f"{where}: {message}" if where else message)


class StageInputMissing(EnrichError):
    """A stage was asked to run before the stage it reads from has written its file."""

    exit_code = 2


class StageInputOutdated(StageInputMissing):
    """A stage file was written by a version of enrich whose output this one cannot use."""


class StageInputUnreadable(StageInputMissing):
    """A stage file is there but is not a Parquet file (damaged, or put there by hand)."""


class SchemaError(EnrichError):
    """A table does not match its declared pyarrow schema (missing/extra columns, bad types)."""

    exit_code = 1


class UpstreamError(EnrichError):
    """An upstream API answered in a way we cannot use (terminal: retrying will not help)."""

    exit_code = 3

    def __init__(self, message: str, *, url: str | None = None, status: int | None = None):
        self.url = url
        self.status = status
        super().__init__(message)


class TransientUpstreamError(UpstreamError):
    """Retries were exhausted on a transient failure (429, 5xx, timeout, reset, bad body).

    A rerun later will resume: completed work is kept and cached. ``reason`` is the last
    attempt's failure in a few words (``HTTP 504 Gateway Timeout``, ``ReadTimeout: ...``).
    """

    def __init__(
        self,
        message: str,
        *,
        url: str | None = None,
        status: int | None = None,
        reason: str | None = None,
    ):
        super().__init__(message, url=url, status=status)
        self.reason = reason


class OfflineCacheMiss(UpstreamError):
    """``--offline`` was requested and the answer is not in the HTTP cache."""

    def __init__(self, url: str):
        super().__init__(
            f"offline mode: no cached response for {url}; run once without --offline "
            "(or unset ENRICH_OFFLINE) to fill the cache",
            url=url,
        )


class LockHeld(EnrichError):
    """Another refresh holds the lock file."""

    exit_code = 4
