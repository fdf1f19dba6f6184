"""``enrich datasets ...``: the commands that build and show the local S2 datasets store.

Wired into ``enrich.cli`` by :func:`add_datasets_command` (the parser) and
:func:`run_datasets` (the call); each subcommand takes the settings, calls one library function
and prints its summary. Errors propagate to ``enrich.cli.main``, which maps them to exit codes.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

from enrich.datasets import layout
from enrich.settings import Settings

HELP = "build, update and describe the local S2 datasets store (docs/datasets.md)"


def add_datasets_command(sub: Any) -> None:
    """``enrich datasets import|update|info`` on the top-level subparsers ``sub``."""
    p = sub.add_parser(
        "datasets",
        help=HELP,
        description=f"enrich datasets: {HELP}.",
        epilog="Exit codes and settings: enrich --help.",
    )
    p.set_defaults(out=None)
    verbs = p.add_subparsers(dest="datasets_command", required=True, metavar="SUBCOMMAND")
    imp = _verb(
        verbs,
        "import",
        "import a release folder (papers/, abstracts/, citations/, "
        "paper-ids/ of .gz shards) into the store; resumes a killed import",
    )
    imp.add_argument("source", type=Path, metavar="DIR", help="the release folder")
    imp.add_argument("--release", help="release id (default: the folder's name)")
    upd = _verb(
        verbs,
        "update",
        "apply a diff folder (<dataset>/<a>_to_<b>/update_files, delete_files) to the store",
    )
    upd.add_argument("source", type=Path, metavar="DIR", help="the diff folder")
    _verb(verbs, "info", "the store's release, row counts and size on disk")
    dl = _verb(verbs, "download", "a release's shards from S2's Datasets API (S2_API_KEY)")
    dl.add_argument("--release", default="latest", help="release id (default: latest)")
    dl.add_argument("--datasets", default="papers,abstracts,citations", help="comma-separated")
    dl.add_argument("--to", type=Path, help="folder for <release>/<dataset>/ (data/s2-releases)")
    dl.add_argument("--diffs-from", metavar="RELEASE", help="the diffs from RELEASE instead")


def _verb(verbs: Any, name: str, text: str) -> argparse.ArgumentParser:
    v: argparse.ArgumentParser = verbs.add_parser(
        name, help=text, description=f"enrich datasets {name}: {text}."
    )
    v.add_argument("--store", type=Path, help="the store (default $ENRICH_DATASETS or data/s2)")
    v.add_argument("-v", "--verbose", action="count", default=0, help="more logging (-vv: debug)")
    v.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    v.set_defaults(out=None)
    return v


def run_datasets(args: argparse.Namespace, settings: Settings, say: Callable[..., None]) -> int:
    """Run the ``datasets`` subcommand ``args`` names; returns the exit code."""
    if args.store is not None:
        settings = dataclasses.replace(settings, datasets_dir=args.store)
    if args.datasets_command == "info":
        say(*info_lines(settings.datasets_dir))
        return 0
    if args.datasets_command == "download":
        return _download(args, settings, say)
    progress = not args.quiet
    if args.datasets_command == "import":
        from enrich.datasets.importer import import_release

        summary: Any = import_release(
            settings,
            args.source,
            release_id=args.release,
            progress=progress,
            on_shard=lambda done: say(done.line()),
        )
    else:
        from enrich.datasets.update import update_store

        summary = update_store(settings, args.source, progress=progress)
    say(*summary.lines())
    return 0


def info_lines(store: Path) -> list[str]:
    """``enrich datasets info``: release, counts, size on disk, where the build lives."""
    from enrich.datasets import staging

    info = layout.open_store(store)
    counts = ", ".join(f"{t} {n:,}" for t, n in info.counts.items())
    size = staging.disk_size(info.root)
    return [
        f"store: {store} -> {info.root}",
        f"release: {info.release_id} (imported {info.imported}, format {info.format})",
        f"rows: {counts}",
        f"size on disk: {size / 1e6:,.1f} MB",
    ]


def _download(args: argparse.Namespace, settings: Settings, say: Callable[..., None]) -> int:
    from enrich.datasets.download import download
    from enrich.http import make_session

    names = [n.strip() for n in args.datasets.split(",") if n.strip()]
    with make_session(settings) as session:
        summary = download(
            settings,
            session,
            release=args.release,
            datasets=names,
            to=args.to,
            diffs_from=args.diffs_from,
            on_shard=say,
        )
    say(*summary.lines())
    return 0
