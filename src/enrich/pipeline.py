"""The pipeline over the stages: the upstreams built once, the whole run, and the status report.

The entry point builds the settings and calls :func:`open_upstreams` once; the session and the
two clients it returns are handed to every stage that makes requests, so one cache, one retry
policy and one rate limiter per host serve the whole run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from enrich.errors import UntrustedAnswer, UntrustedRun, UpstreamError, UpstreamUnreachable
from enrich.settings import Settings

if TYPE_CHECKING:  # imported when a command opens the upstreams: `--help` needs none of them
    from enrich.datasets.lookup import Store
    from enrich.http import EnrichSession
    from enrich.records import ArxivEntry
    from enrich.sources.arxiv import ArxivClient
    from enrich.sources.s2 import S2Client
    from enrich.stages.latest import Latest

Say = Callable[..., None]
"""Prints summary lines (the CLI's output, silent under ``--quiet``)."""

STATUS_SHOWN = 20
"""How many titles not resolved :func:`status_lines` lists (``show_all``: every one)."""


@dataclass
class Upstreams:
    """The one session of a run and the clients over it. With ``ENRICH_SOURCE=datasets``,
    ``s2`` is the local datasets store, which answers what S2's client answers."""

    session: EnrichSession
    s2: S2Client | Store
    arxiv: ArxivClient | StoreOnly

    def close(self) -> None:
        from enrich.sources.s2 import S2Client  # loaded already: the upstreams were opened

        if not isinstance(self.s2, S2Client):
            self.s2.close()
        self.session.close()

    def __enter__(self) -> Upstreams:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.close()
        if exc_type is None:  # the work is done: a cache that refused writes is exit 2 now
            self.session.cache_writes.check()


def open_upstreams(settings: Settings) -> Upstreams:
    """The session (a cache it cannot open fails here, before any work) and both clients; with
    ``ENRICH_SOURCE=datasets`` the store in place of S2 (a missing store fails here too), and
    under ``--offline`` no arXiv either: the store alone answers."""
    from enrich.http import make_session
    from enrich.sources.arxiv import ArxivClient
    from enrich.sources.s2 import S2Client

    session = make_session(settings)
    if settings.source != "datasets":
        return Upstreams(session, S2Client(session, settings), ArxivClient(session, settings))
    from enrich.datasets.lookup import Store  # duckdb: only for this source

    try:
        store = Store(settings.datasets_dir, session=session)
    except BaseException:
        session.close()
        raise
    arxiv = StoreOnly() if settings.offline else ArxivClient(session, settings)
    return Upstreams(session, store, arxiv)


class StoreOnly:
    """arXiv's stand-in for ``--source datasets --offline``: it knows no paper."""

    def search_title(self, title: str, max_results: int = 5) -> list[ArxivEntry]:
        return []

    def get_by_ids(
        self,
        ids: Sequence[str],
        *,
        refresh: bool = False,
        done: Callable[[int], object] | None = None,
    ) -> list[ArxivEntry]:
        return []


def every_upstream(settings: Settings, exc: UpstreamUnreachable) -> UpstreamUnreachable:
    """``exc`` with one line per upstream: the host that failed, and whether the other one
    accepts connections (one quick probe), so a machine without a network hears about both
    at once rather than one per run."""
    from enrich.http.reach import PROXIED, probe, unreachable_line

    lines: list[str] = []
    upstreams = ((settings.s2_url, "ENRICH_S2_URL"), (settings.arxiv_url, "ENRICH_ARXIV_URL"))
    for url, setting in upstreams:
        host = _netloc(url)
        if host == exc.host:
            line = exc.lines[0]
        else:
            reason = probe(url)
            if reason is None:
                line = f"{host} ({setting}) accepts connections"
            elif reason == PROXIED:
                line = f"{host} ({setting}): {reason}"
            else:
                line = unreachable_line(host, setting, reason)
        if line not in lines:  # one host serving both (a local replica): one line
            lines.append(line)
    exc.lines = lines
    return exc


def _netloc(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).netloc.lower()


def what_stays(out_dir: Path) -> str:
    """What a run that publishes nothing leaves readers: true whether or not there is one."""
    if (out_dir / "latest" / "manifest.json").exists():
        return "the previous one stays latest"
    return "there is no earlier snapshot"


class NothingResolved(UpstreamError):
    """Every title of the run hit an upstream error: no snapshot is written."""

    def __init__(self, settings: Settings):
        kept = what_stays(settings.out_dir)
        if settings.offline:
            what, then = "no title's answers are in the HTTP cache (offline)", OFFLINE_ADVICE
        else:
            what = "every title hit an upstream error"
            then = "Rerun later to resume: answered requests are cached"
        super().__init__(f"{what}; no snapshot written ({kept}). {then}.")


OFFLINE_ADVICE = "Run once without --offline (or with ENRICH_OFFLINE unset) to fill the cache"
"""What to do when --offline finds answers missing: rerunning offline would not help."""


def refuse_untrusted(session: EnrichSession, out_dir: Path) -> None:
    """Publish nothing from a run that met answers of the wrong shape, content or size (after
    retries): what the run built around them cannot be trusted either."""
    stats = getattr(session, "stats", None)
    if stats is None or not stats.untrusted:
        return
    kept = what_stays(out_dir)
    raise UntrustedRun(
        f"{stats.untrusted} upstream request(s) kept answering in a shape, content or size "
        f"enrich must not use; no snapshot written ({kept}). First: {stats.first_untrusted} "
        "Rerun later: good answers are cached, bad ones never are."
    )


@dataclass
class RunResult:
    """What a whole run left undone: titles whose requests failed (retried by the next run)."""

    upstream_errors: int
    seconds: float


def run_all(
    settings: Settings, upstreams: Upstreams, *, refresh: bool, progress: bool, say: Say
) -> RunResult:
    """ingest, resolve, fetch and snapshot; ``refresh`` resolves new titles only and re-fetches
    every known paper. A run in which no title was decided publishes nothing."""
    from enrich.stages.ingest import run_ingest
    from enrich.stages.resolve import run_resolve
    from enrich.warmup import warm_up

    started = time.monotonic()
    say(*run_ingest(settings, progress=progress).lines())
    with warm_up():  # fetch's, snapshot's and the report's imports, while resolve waits
        resolved = run_resolve(
            settings,
            s2=upstreams.s2,
            arxiv=upstreams.arxiv,
            only_new=refresh,
            progress_bar=progress,
        )
    from enrich.stages.fetch import run_fetch
    from enrich.stages.snapshot import run_snapshot

    say(*resolve_lines(resolved, offline=settings.offline))
    refuse_untrusted(upstreams.session, settings.out_dir)
    if resolved.groups and not resolved.decided:
        raise NothingResolved(settings)
    written: dict[str, Any] = {}  # fetch's stage tables, handed to snapshot in memory
    try:
        fetched = run_fetch(
            settings,
            s2=upstreams.s2,
            arxiv=upstreams.arxiv,
            refresh=refresh,
            progress=progress,
            written=written,
        )
    except UntrustedAnswer:
        refuse_untrusted(upstreams.session, settings.out_dir)
        raise
    say(*fetched.lines())
    refuse_untrusted(upstreams.session, settings.out_dir)
    say(*run_snapshot(settings, run_started=started, stage=written).lines())
    seconds = time.monotonic() - started
    say(f"done in {seconds:.1f}s")
    return RunResult(upstream_errors=resolved.errors, seconds=seconds)


def resolve_lines(summary: Any, *, offline: bool = False) -> list[str]:
    """resolve's summary, and what to do when titles hit upstream errors."""
    lines = list(summary.lines())
    if summary.errors and offline:
        have = "has" if summary.errors == 1 else "have"
        lines.append(
            f"resolve: {count(summary.errors, 'title')} {have} no answer in the HTTP cache; "
            f"{OFFLINE_ADVICE[0].lower()}{OFFLINE_ADVICE[1:]}"
        )
    elif summary.errors:
        lines.append(f"resolve: {summary.errors} titles hit upstream errors; rerun to resume")
    return lines


def count(n: int, noun: str) -> str:
    """``1 snapshot``, ``2 snapshots``: for nouns that take an ``s``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def status_lines(settings: Settings, *, show_all: bool = False) -> list[str]:
    """``enrich status``: the latest snapshot's counts, the history kept, the titles not
    resolved and where to pin them."""
    from enrich.stages.latest import open_latest

    latest = open_latest(settings.out_dir)  # resolved once: every read below is one snapshot
    if latest is None:
        return [f"no snapshot in {settings.out_dir} yet: run `enrich run`"]
    manifest = latest.manifest()
    counts = ", ".join(f"{k} {v}" for k, v in manifest["counts"].items())
    status = ", ".join(f"{k} {v}" for k, v in manifest["papers_by_status"].items())
    lines = [
        f"latest snapshot {manifest['snapshot']} (enrich {manifest['enrich_version']}): {counts}",
        f"papers by status: {status}",
    ]
    if "papers_by_method" in manifest:  # older manifests lack it
        methods = sorted(manifest["papers_by_method"].items(), key=lambda kv: (-kv[1], kv[0]))
        lines.append(f"papers found by: {', '.join(f'{k} {v}' for k, v in methods)}")
    return (
        lines
        + _checked_lines(settings, manifest["snapshot"])
        + _history_lines(settings)
        + _open_title_lines(settings, latest, show_all)
    )


def _checked_lines(settings: Settings, latest: str) -> list[str]:
    """When a later run found nothing changed (and so wrote no snapshot), the last such run."""
    from enrich.stages.unchanged import last_check

    check = last_check(settings.out_dir)
    if check is None or check.get("unchanged_since") != latest:
        return []
    return [f"last run {check['checked_at']}: unchanged since {latest}"]


def _history_lines(settings: Settings) -> list[str]:
    from enrich.stages.snapshot import snapshot_history

    stamps, size = snapshot_history(settings.out_dir)
    if not stamps:  # (manifests deleted by hand leave none)
        return []
    keep = (
        f"ENRICH_KEEP_SNAPSHOTS={settings.keep_snapshots}"
        if settings.keep_snapshots
        else "all kept; ENRICH_KEEP_SNAPSHOTS=N keeps the newest N"
    )
    return [
        f"history: {count(len(stamps), 'snapshot')}, {stamps[0]} to {stamps[-1]}, "
        f"{size / 1e6:,.1f} MB ({keep})"
    ]


def _open_title_lines(settings: Settings, latest: Latest, show_all: bool) -> list[str]:
    import pyarrow.compute as pc

    papers = latest.table("papers", columns=["match_status", "input_titles", "match_reason"])
    open_ = papers.filter(pc.not_equal(papers["match_status"], "resolved")).to_pylist()
    if not open_:
        return []
    open_.sort(key=lambda p: (p["match_status"], p["input_titles"][0]))
    shown = open_ if show_all else open_[:STATUS_SHOWN]
    lines = [f"{count(len(open_), 'title')} not resolved:"]
    for p in shown:
        lines += [f"  [{p['match_status']}] {p['input_titles'][0]}", f"      {p['match_reason']}"]
    if len(shown) < len(open_):
        lines.append(
            f"  ... and {len(open_) - len(shown)} more: `enrich status --all` lists them, "
            "or query the papers table where match_status != 'resolved'"
        )
    lines.append(
        f"to pin a title's paper, or mark a line as not a paper: "
        f"{settings.raw_dir / 'overrides.csv'} (docs/operations.md, Overrides)"
    )
    return lines
