"""The project's error types, and the exit code of each.

One base class, :class:`EnrichError`, so the CLI can map every expected failure to an
``Error: ...`` line and an exit code; subclasses carry the context a user needs to act
(the file and line, the URL and status, the missing columns). The exit code lives on the class
(``exit_code``); the CLI reads it and sets no code of its own for these errors::

    EnrichError                      1  internal or schema error (a bug)
      SchemaError                    1
      ConfigError                    2  a setting, option or path is unusable
        CacheNotWritten              2  the HTTP cache refused writes (a full disk)
      InputError                     2  a reading list or overrides file is unusable
      StageFileError                 2  a stage file is missing, outdated or damaged
        StageInputMissing, StageInputOutdated, StageInputUnreadable
      UpstreamError                  3  an upstream answered in a way we cannot use
        UpstreamRefused              3  terminal: a refused key, a bad request (no retry helps)
        TransientUpstreamError       3  retries exhausted on 429/5xx/timeouts/bad bodies
          UpstreamUnreachable        3  no DNS answer, refused, no route: the stage stops
          UntrustedAnswer            3  retries exhausted on answers of the wrong shape/size
        UntrustedRun                 3  a run that met untrusted answers publishes nothing
        ChangesHeld                  3  the publish gate held a snapshot back
        OfflineCacheMiss             3  --offline and the answer is not cached
      LockHeld                       4  another enrich job holds the output directory
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """The process exit codes (the README's table)."""

    OK = 0
    INTERNAL = 1  #: a bug: report it with -vv
    INPUT = 2  #: bad input, configuration or stage file
    UPSTREAM = 3  #: upstream errors remain: rerun later
    LOCKED = 4  #: another enrich job holds the lock
    INTERRUPTED = 130


class EnrichError(Exception):
    """Base class for every error the project raises on purpose."""

    #: process exit code the CLI uses for this kind of error
    exit_code: ExitCode = ExitCode.INTERNAL


class ConfigError(EnrichError):
    """A setting or command-line option is invalid (bad URL, negative rate, missing dir)."""

    exit_code = ExitCode.INPUT


class CacheNotWritten(ConfigError):
    """SQLite refused writes to the HTTP cache (a full disk): the run's answers were used but
    not kept, so the next run would ask for them again."""


class InputError(EnrichError):
    """An input file is unusable; names the file (and line when known)."""

    exit_code = ExitCode.INPUT

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        self.path = path
        self.line = line
        where = path or ""
        if path and line is not None:
            where = f"{path}:{line}"
        super().__init__(f"{where}: {message}" if where else message)


class StageFileError(EnrichError):
    """A stage file cannot be used; the message names the command that writes it anew."""

    exit_code = ExitCode.INPUT


class StageInputMissing(StageFileError):
    """A stage was asked to run before the stage it reads from has written its file."""


class StageInputOutdated(StageFileError):
    """A stage file was written by a version of enrich whose output this one cannot use."""


class StageInputUnreadable(StageFileError):
    """A stage file is there but is not a Parquet file (damaged, or put there by hand)."""


class SchemaError(EnrichError):
    """A table does not match its declared pyarrow schema (missing/extra columns, bad types)."""

    exit_code = ExitCode.INTERNAL


class UpstreamError(EnrichError):
    """An upstream API answered in a way we cannot use, or not at all: rerun later (exit 3).

    Raised as such for an answer no retry will mend (a malformed record); the subclasses say
    whether retrying was tried (:class:`TransientUpstreamError`) or cannot help
    (:class:`UpstreamRefused`)."""

    exit_code = ExitCode.UPSTREAM

    def __init__(self, message: str, *, url: str | None = None, status: int | None = None):
        self.url = url
        self.status = status
        super().__init__(message)


class UpstreamRefused(UpstreamError):
    """The upstream refused the request (401/403: the key; 400: the request): terminal."""


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


class UpstreamUnreachable(TransientUpstreamError):
    """A host could not be reached at all (its name does not resolve, the connection was
    refused, no route) after one quick retry. Every later request would fail the same way, so
    the stage stops; ``lines`` say, one per upstream, what was found and what to do."""

    def __init__(self, message: str, *, url: str, host: str, setting: str, reason: str):
        super().__init__(message, url=url, reason=reason)
        self.host = host
        self.setting = setting
        self.lines = [message]

    def __str__(self) -> str:
        return "\n".join(self.lines)
class UntrustedAnswer(TransientUpstreamError):
    """Retries were exhausted on 200 answers we must not use: the wrong shape for the endpoint,
    items answering other ids than asked, or a body over the size cap. Never cached."""


class UntrustedRun(UpstreamError):
    """The run met answers of the wrong shape, content or size: it publishes nothing new."""


class ChangesHeld(UpstreamError):
    """The publish gate found the new snapshot losing or collapsing too much of the previous
    one: it was written aside and ``latest`` was not switched."""


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

    exit_code = ExitCode.LOCKED
