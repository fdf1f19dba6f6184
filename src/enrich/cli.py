"""``enrich`` command line: thin wrappers over the stage functions.

Each command builds :class:`~enrich.settings.Settings` once, calls one library function,
prints its summary and maps the project's errors to an exit code and an ``Error: ...`` line.

Exit codes (documented in the README):

* 0: done;
* 1: internal or schema error (a bug: please report it);
* 2: bad input or configuration (the message names the file, line or setting), including a
  path we cannot create, read or write (a file where a directory should be, a full disk);
* 3: upstream errors remain (rate limits, outages, offline cache misses, answers of the
  wrong shape): rerun to resume, answered requests come from the cache; or a host cannot be
  reached at all (one ``Error:`` line per upstream names the host and its setting); or the
  publish gate held the snapshot back (``--accept-changes`` publishes it);
* 4: another enrich job holds the lock on the output directory;
* 130: interrupted.
"""

from __future__ import annotations

import argparse
import errno
import gc
import logging
import os
import sqlite3
import sys
import textwrap
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from enrich import __version__
from enrich.datasets.cli import add_datasets_command, run_datasets
from enrich.errors import EnrichError, ExitCode, UpstreamUnreachable
from enrich.pipeline import (
    STATUS_SHOWN,
    count,
    every_upstream,
    open_upstreams,
    resolve_lines,
    run_all,
    status_lines,
)
from enrich.settings import ENV_VARS, Settings

EXIT_OK = ExitCode.OK
EXIT_INTERNAL = ExitCode.INTERNAL
EXIT_INPUT = ExitCode.INPUT
EXIT_UPSTREAM = ExitCode.UPSTREAM
EXIT_LOCKED = ExitCode.LOCKED
EXIT_INTERRUPTED = ExitCode.INTERRUPTED


class _Out:
    """Prints summary lines unless --quiet; stops printing, not working, when stdout closes."""

    def __init__(self, quiet: bool):
        self.quiet = quiet

    def __call__(self, *lines: str) -> None:
        if not self.quiet:
            try:
                for line in lines:
                    print(line, flush=True)
            except BrokenPipeError:  # `enrich run | head -3`: the run goes on, unprinted
                _stdout_gone()
                self.quiet = True


def _stdout_gone() -> None:
    """stdout's reader has gone: send the rest of the output to /dev/null, so neither a later
    print nor the flush at exit raises again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _group(name: str, shown: bool, command: str) -> argparse.ArgumentParser:
    """One option group as a parent parser; ``shown=False`` accepts the options without
    listing them (see :data:`COMMAND_OPTIONS`)."""

    def h(text: str) -> str:
        return text if shown else argparse.SUPPRESS

    g = argparse.ArgumentParser(add_help=False)
    if name == "raw":
        g.add_argument("--raw", type=Path, help=h("reading lists directory (default data/raw)"))
    elif name == "out":
        default = "data/demo" if command == "demo" else "data/enriched"
        g.add_argument("--out", type=Path, help=h(f"output directory (default {default})"))
    elif name == "net":
        g.add_argument(
            "--cache",
            type=Path,
            help=h("HTTP cache file (default $ENRICH_CACHE or data/cache/http.sqlite)"),
        )
        g.add_argument(
            "--offline",
            action="store_true",
            default=None,
            help=h("answer from the HTTP cache only; a miss is an error"),
        )
        g.add_argument(
            "--source",
            dest="paper_source",  # `datasets import DIR` names its folder `source`
            choices=("api", "datasets"),
            help=h("where S2's papers come from: its API (default) or the local datasets store"),
        )
    else:
        g.add_argument(
            "-v", "--verbose", action="count", default=0, help=h("more logging (-vv: debug)")
        )
        g.add_argument("-q", "--quiet", action="store_true", help=h("print errors only"))
    return g


GROUPS = ("raw", "out", "net", "log")

ONLY_OWN = frozenset({"demo"})
"""Commands that accept only the options they use (see :data:`COMMAND_OPTIONS`)."""

COMMAND_OPTIONS = {
    "run": ("all stages: ingest, resolve, fetch, snapshot", ("raw", "out", "net", "log")),
    "ingest": ("parse the reading lists into mentions", ("raw", "out", "log")),
    "resolve": ("find and verify each title's paper", ("raw", "out", "net", "log")),
    "fetch": ("fetch metadata for resolved papers in batches", ("out", "net", "log")),
    "snapshot": ("write a dated Parquet snapshot", ("raw", "out", "log")),
    "refresh": (
        "scheduled job: resolve new titles only, re-fetch all metadata, snapshot",
        ("raw", "out", "net", "log"),
    ),
    "status": ("latest snapshot summary and unresolved titles", ("raw", "out")),
    "report": (
        "write the HTML report and the enriched lists of the latest snapshot",
        ("out", "log"),
    ),
    "export": ("the latest snapshot's papers as BibTeX, CSL-JSON or RIS", ("out", "log")),
    "demo": (
        "the whole pipeline on the seed lists against a local replica of both APIs (no "
        "network; writes data/demo)",
        ("out", "log"),
    ),
}
"""Each command's one-line help and the option groups it uses (``--raw`` where lists or
overrides are read, ``--cache``/``--offline`` where requests are made): its ``--help`` lists
those. The commands that took every option before still accept the others, unlisted and
without effect, so a scheduled job line written for them keeps working; ``demo`` takes only
its own."""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="enrich",
        description="Turn paper reading lists into a citation-aware Parquet dataset.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"enrich {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (text, uses) in COMMAND_OPTIONS.items():
        command = sub.add_parser(
            name,
            parents=[
                _group(g, g in uses, name) for g in GROUPS if g in uses or name not in ONLY_OWN
            ],
            help=text,
            description=f"enrich {name}: {text}.",
            epilog="Exit codes and settings: enrich --help.",
        )
        if name in ("run", "refresh", "snapshot"):
            command.add_argument(
                "--accept-changes",
                action="store_true",
                default=None,
                help="publish even a snapshot that loses or merges many of the latest one's "
                "papers (the publish gate holds it back otherwise)",
            )
        if name == "status":
            command.add_argument(
                "--all",
                action="store_true",
                help=f"list every title not resolved (default: the first {STATUS_SHOWN})",
            )
        if name == "export":
            _export_options(command)
    add_datasets_command(sub)
    return p


def _export_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--format", required=True, choices=("bibtex", "csljson", "ris"), help="output format"
    )
    command.add_argument(
        "--list", dest="list_file", metavar="FILE", help="only the papers this list names"
    )
    command.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write to FILE (default: stdout)"
    )


EPILOG = "\n\n".join(
    textwrap.fill(paragraph, width=88)
    for paragraph in (
        f"exit codes: {EXIT_OK} done; {EXIT_INTERNAL} internal error (a bug: report it with -vv); "
        f"{EXIT_INPUT} bad input or configuration (the Error line names the file, line, setting "
        f"or command to run first); {EXIT_UPSTREAM} upstream errors remain (rerun later: it "
        f"resumes from the cache), or the publish gate held the snapshot back "
        f"(--accept-changes publishes it); {EXIT_LOCKED} another enrich job holds the lock; "
        f"{EXIT_INTERRUPTED} interrupted.",
        f"settings: S2_API_KEY, {', '.join(ENV_VARS)} (docs/settings.md).",
    )
)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    quiet, verbose = getattr(args, "quiet", False), getattr(args, "verbose", 0)
    level = logging.ERROR if quiet else logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    out = _Out(quiet)
    settings: Settings | None = None
    try:
        settings = Settings.from_env(
            raw_dir=getattr(args, "raw", None),
            out_dir=args.out,
            cache_path=getattr(args, "cache", None),
            offline=getattr(args, "offline", None),
            source=getattr(args, "paper_source", None),
            accept_changes=getattr(args, "accept_changes", None),
        )
        if args.command == "datasets":
            return run_datasets(args, settings, out)
        if args.command == "status":
            return _status(settings, out, False, show_all=args.all)
        if args.command == "demo":
            return _demo(settings, out, not quiet, out_dir=args.out)
        if args.command == "export":
            return _export(settings, args.format, args.list_file, args.output, quiet=quiet)
        return COMMANDS[args.command](settings, out, not quiet)
    except KeyboardInterrupt:
        print("Error: interrupted; rerun to resume (answered requests are cached)", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `enrich status | head`: the reader has all it wanted
        _stdout_gone()
        return EXIT_OK
    except UpstreamUnreachable as exc:  # a line per upstream: a machine offline fails both
        return _error(every_upstream(settings, exc) if settings else exc)
    except EnrichError as exc:
        return _error(exc)
    except sqlite3.DatabaseError as exc:  # pages of the cache damaged behind an intact header
        from enrich.http.cache_file import sqlite_error
        path = settings.cache_path if settings else getattr(args, "cache", None)
        print(f"Error: {sqlite_error(exc, path, full=_no_space(exc))}", file=sys.stderr)
        return EXIT_INPUT
    except OSError as exc:
        if _no_space(exc):
            where = exc.filename or (settings.out_dir if settings else args.out)
            print(
                f"Error: {where}: no space left on device; free some and rerun (nothing new "
                "was published; answered requests are cached)",
                file=sys.stderr,
            )
            return EXIT_INPUT
        if exc.filename is None:  # not about a path we were given (a bug): keep the traceback
            raise
        # --out under a file, a full disk, no permission: the environment, not a bug
        where = f"{exc.filename} -> {exc.filename2}" if exc.filename2 else exc.filename
        print(
            f"Error: {where}: {exc.strerror or exc}; check --out, --raw and --cache "
            "(and ENRICH_CACHE): they must be directories (a file for the cache) we can write",
            file=sys.stderr,
        )
        return EXIT_INPUT


def _error(exc: EnrichError) -> int:
    for line in str(exc).splitlines():
        print(f"Error: {line}", file=sys.stderr)
    return exc.exit_code


def _no_space(exc: BaseException) -> bool:
    return getattr(exc, "errno", None) == errno.ENOSPC or "No space left" in str(exc)


def _ingest(settings: Settings, out: _Out, progress: bool) -> int:
    from enrich.stages.ingest import run_ingest

    out(*run_ingest(settings, progress=progress).lines())
    return EXIT_OK


def _resolve(settings: Settings, out: _Out, progress: bool) -> int:
    from enrich.stages.resolve import run_resolve

    with open_upstreams(settings) as up:  # at its end: exit 2 if the cache refused writes
        summary = run_resolve(settings, s2=up.s2, arxiv=up.arxiv, progress_bar=progress)
        out(*resolve_lines(summary, offline=settings.offline))
    return EXIT_UPSTREAM if summary.errors else EXIT_OK


def _fetch(settings: Settings, out: _Out, progress: bool) -> int:
    from enrich.stages.fetch import run_fetch

    with open_upstreams(settings) as up:
        summary = run_fetch(settings, s2=up.s2, arxiv=up.arxiv, progress=progress)
        out(*summary.lines())
    return EXIT_OK


def _snapshot(settings: Settings, out: _Out, progress: bool) -> int:
    from enrich.stages.snapshot import run_snapshot

    out(*run_snapshot(settings).lines())
    return EXIT_OK


def _all(settings: Settings, out: _Out, progress: bool, *, refresh: bool) -> int:
    with open_upstreams(settings) as up:  # a cache it cannot open fails before any work
        result = run_all(settings, up, refresh=refresh, progress=progress, say=out)
        reported = _report_after_snapshot(settings, out)
    return EXIT_UPSTREAM if result.upstream_errors else reported


def _report(settings: Settings, out: _Out, progress: bool) -> int:
    from enrich.report import write_report

    out(*write_report(settings.out_dir).lines())
    return EXIT_OK


def _report_after_snapshot(settings: Settings, out: _Out) -> int:
    """The report, once the snapshot is safe: a failure here says so and keeps the snapshot."""
    try:
        return _report(settings, out, False)
    except Exception as exc:  # the snapshot is written and `latest` switched: never lose it
        logging.getLogger(__name__).debug("report failed", exc_info=True)
        named = isinstance(exc, OSError) and exc.filename  # a full disk, no permission: exit 2
        what = f"{exc.filename}: {exc.strerror}" if named else exc  # type: ignore[attr-defined]
        print(
            f"Error: the snapshot is written, but its report is not: {what}; "
            "run `enrich report` to try again (-vv shows the traceback)",
            file=sys.stderr,
        )
        return EXIT_INPUT if named else getattr(exc, "exit_code", EXIT_INTERNAL)


def _export(
    settings: Settings, fmt: str, list_file: str | None, output: Path | None, *, quiet: bool
) -> int:
    from enrich.atomic import atomic_open
    from enrich.report import export

    result = export(settings.out_dir, fmt, list_file, output)
    if output is None:
        sys.stdout.write(result.text)
    else:
        with atomic_open(output) as fh:
            fh.write(result.text)
    if not quiet:
        where = f" to {output}" if output else ""
        print(f"export: {result.entries} papers as {fmt}{where}", file=sys.stderr)
    if result.left_out:
        shown = "; ".join(result.left_out[:5])
        more = f" and {len(result.left_out) - 5} more" if len(result.left_out) > 5 else ""
        print(
            f"export: left out {count(len(result.left_out), 'title')} not resolved: {shown}{more} "
            "(`enrich status` lists them)",
            file=sys.stderr,
        )
    return EXIT_OK


def _status(settings: Settings, out: _Out, progress: bool, *, show_all: bool = False) -> int:
    for line in status_lines(settings, show_all=show_all):
        print(line)
    return EXIT_OK


def _demo(settings: Settings, out: _Out, progress: bool, *, out_dir: Path | None) -> int:
    from enrich.demo import run_demo

    result = run_demo(settings, out_dir, progress=progress, say=out)
    return EXIT_UPSTREAM if result.upstream_errors else EXIT_OK


def _locked(
    command: Callable[[Settings, _Out, bool], int],
) -> Callable[[Settings, _Out, bool], int]:
    """A command that writes, under the output directory's lock: two jobs (a scheduled refresh,
    a stage job on an overlapping schedule) never write at once, so none replaces a stage file
    another is about to read."""

    def locked(settings: Settings, out: _Out, progress: bool) -> int:
        from enrich.lock import LOCK_NAME, hold_lock

        with hold_lock(settings.out_dir / LOCK_NAME):
            return command(settings, out, progress)

    return locked


COMMANDS = {
    "run": _locked(partial(_all, refresh=False)),
    "ingest": _locked(_ingest),
    "resolve": _locked(_resolve),
    "fetch": _locked(_fetch),
    "snapshot": _locked(_snapshot),
    "refresh": _locked(partial(_all, refresh=True)),
    "status": _status,  # reads only
    "report": _locked(_report),
}


def entry() -> int:
    """The ``enrich`` process: :func:`main`, then an exit whose last collections skip the run's
    objects (freed by reference count; walking them cost 0.15 s on the seeds). atexit runs."""
    code = main()
    gc.freeze()  # no collection after this walks the run's objects
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(entry())
