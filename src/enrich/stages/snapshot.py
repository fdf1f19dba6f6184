"""Stage 4, *snapshot*: dated Parquet tables, a manifest, and an atomic ``latest``.

Layout under ``OUT``::

    papers/snapshot=2026-11-23T15-17-00Z/papers.parquet     (history, one dir per snapshot)
    mentions/... authors/... references/...                 (same for each table)
    manifests/2026-11-23T15-17-00Z.json
    latest -> .latest/2026-11-23T15-17-00Z/                 (symlink, switched last)

``pd.read_parquet("OUT/papers")`` reads the whole history with a ``snapshot`` column (hive
partitioning); ``OUT/latest/papers.parquet`` is the newest copy. Every file is written to a
temporary name, fsynced and renamed; ``latest`` is a symlink replaced in one rename, so a
reader sees the previous snapshot or the new one, never a mix. Tables are written under
``<table>/.snapshot=<stamp>.staging`` and renamed into the history whole; the manifest, written
last, completes a snapshot, and the next snapshot removes what a killed one left
(:func:`remove_leftovers`). Before any of it, the publish gate (:mod:`.gate`,
:func:`hold_if_changed`) may hold the snapshot back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import shutil
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from enrich import __version__
from enrich.atomic import atomic_open, fsync_dir, write_json, write_parquet
from enrich.errors import ChangesHeld, StageInputUnreadable
from enrich.schema import (
    AUTHORS,
    LINKS_STAGE,
    MENTIONS,
    MENTIONS_STAGE,
    PAPERS,
    REFERENCES,
    SCHEMA_VERSION,
    check_table,
    from_columns,
)
from enrich.settings import Settings
from enrich.stages import gate
from enrich.stages.files import read_stage, read_stats
from enrich.stages.ingest import LIST_SUFFIXES
from enrich.stages.latest import Latest, open_for_writer, retire
from enrich.stages.unchanged import Unchanged, unchanged

log = logging.getLogger(__name__)

TABLE_NAMES = ("papers", "mentions", "authors", "references")
TS_FORMAT = "%Y-%m-%dT%H-%M-%SZ"
STAGING = ".staging"
"""Suffix of a table directory being written (``papers/.snapshot=<stamp>.staging``): hive
readers skip dot-names, so history reads never see a half-written snapshot."""


@dataclass
class SnapshotSummary:
    snapshot: str
    path: Path
    counts: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)  #: older snapshots deleted (retention)

    def lines(self) -> list[str]:
        counts = ", ".join(f"{k} {v}" for k, v in self.counts.items())
        status = ", ".join(f"{k} {v}" for k, v in sorted(self.by_status.items()))
        lines = [
            f"snapshot {self.snapshot}: {counts}",
            f"snapshot: papers by status: {status}",
            f"snapshot: latest -> {self.path}",
        ]
        if self.removed:
            span = self.removed[0] + (f" to {self.removed[-1]}" if len(self.removed) > 1 else "")
            lines.append(
                f"snapshot: removed {len(self.removed)} older snapshot(s) ({span}), "
                "as ENRICH_KEEP_SNAPSHOTS asks"
            )
        return lines


def authors_table(papers: pa.Table) -> pa.Table:
    """One row per (paper, author position), flattened from the papers' ``authors`` lists.

    In Arrow: 85k papers name half a million authors, a dict apiece in Python.
    """
    lists = papers["authors"].combine_chunks()
    flat = lists.flatten()  # skips null lists
    parents = lists.value_parent_indices()
    offsets = lists.offsets.to_numpy()[:-1] - lists.offsets[0].as_py()
    positions = np.arange(len(flat)) - offsets[parents.to_numpy()]
    columns = {
        "paper_id": papers["paper_id"].combine_chunks().take(parents),
        "position": pa.array(positions, pa.int32()),
        "name": flat.field("name"),
        "s2_author_id": flat.field("s2_author_id"),
    }
    return from_columns(columns, AUTHORS)


def mentions_table(mentions: pa.Table, links: pa.Table) -> pa.Table:
    """The ingest columns plus ``paper_id`` (via the group → paper links)."""
    link = dict(zip(links["group_id"].to_pylist(), links["paper_id"].to_pylist(), strict=True))
    ids = [link.get(g) for g in mentions["group_id"].to_pylist()]
    return mentions.append_column(MENTIONS.field("paper_id"), pa.array(ids, pa.string())).cast(
        MENTIONS
    )


def input_files(raw_dir: Path) -> list[dict[str, Any]]:
    """The lists and overrides file the snapshot was made from, with sizes and hashes; one
    that cannot be read is listed as such (ingest has warned about it already), and one that
    is no regular file (a named pipe, a link to ``/dev/zero``) is never opened for reading."""
    from enrich.stages.listfiles import display_path, read_regular

    out: list[dict[str, Any]] = []
    for root, _, names in os.walk(raw_dir):
        for name in names:
            path = Path(root) / name
            if path.suffix.lower() not in LIST_SUFFIXES and name != "overrides.csv":
                continue
            row: dict[str, Any] = {"file": display_path(path, Path(raw_dir))}
            try:
                data = read_regular(path)
            except OSError as exc:
                row["unreadable"] = exc.strerror or str(exc)
            else:
                row.update(bytes=len(data), sha256=hashlib.sha256(data).hexdigest())
            out.append(row)
    return sorted(out, key=lambda r: r["file"])


def _unique_stamp(out: Path, now: dt.datetime) -> str:
    stamp = now.strftime(TS_FORMAT)
    while (out / "manifests" / f"{stamp}.json").exists():
        now += dt.timedelta(seconds=1)
        stamp = now.strftime(TS_FORMAT)
    return stamp


def switch_latest(out: Path, stamp: str, files: Sequence[tuple[Path, str]]) -> Path:
    """Point ``out/latest`` at a directory holding hard links to this snapshot's files.

    ``files`` pairs each source file with its name under ``latest``.
    """
    target = out / ".latest" / stamp
    target.mkdir(parents=True, exist_ok=True)
    for f, name in files:
        dest = target / name
        if dest.exists():
            dest.unlink()
        try:
            os.link(f, dest)
        except OSError:
            shutil.copy2(f, dest)
    fsync_dir(target)
    link = out / "latest"
    if link.exists() and not link.is_symlink():
        raise FileExistsError(f"{link} exists and is not a symlink; move it away")
    previous = Path(os.readlink(link)).name if link.is_symlink() else None
    tmp = out / f".latest.{os.getpid()}.tmp"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(Path(".latest") / stamp, tmp)
    os.replace(tmp, link)
    fsync_dir(out)
    retire(out, previous, stamp)  # kept a while for readers that resolved it just before
    return link


STAGE_INPUTS = {
    "mentions": MENTIONS_STAGE,
    "links": LINKS_STAGE,
    "papers": PAPERS,
    "references": REFERENCES,
}
"""The stage files a snapshot is made of, and their schemas."""


def run_snapshot(
    settings: Settings,
    *,
    now: dt.datetime | None = None,
    run_started: float | None = None,
    stage: Mapping[str, pa.Table] | None = None,
) -> SnapshotSummary | Unchanged:
    """Write the four tables as a new dated snapshot, its manifest, then switch ``latest``;
    nothing when they equal ``latest``'s (:mod:`.unchanged`).

    ``stage``: stage tables this run has just written (``run_fetch``'s ``written``), used in
    place of reading those files back (checked against their schemas as read ones are)."""
    started = time.monotonic()
    now = now or dt.datetime.now(dt.UTC)
    out = settings.out_dir
    given = stage or {}
    read = {
        name: check_table(given[name], schema, name)
        if name in given
        else read_stage(settings, name, schema)
        for name, schema in STAGE_INPUTS.items()
    }
    papers = read["papers"]
    tables = {
        "papers": papers,
        "mentions": mentions_table(read["mentions"], read["links"]),
        "authors": authors_table(papers),
        "references": read["references"],
    }
    remove_leftovers(out)  # of a killed run, whether or not this one writes anything
    latest = open_for_writer(out, TABLE_NAMES)  # a damaged one is replaced, with a warning
    if latest is not None and (same := unchanged(out, latest, tables, now)) is not None:
        return same
    stamp = _unique_stamp(out, now)
    hold_if_changed(settings, latest, tables, stamp)
    written = _write_history(out, tables, stamp)
    counts = {name: tables[name].num_rows for name in TABLE_NAMES}
    papers_by_status = dict(sorted(Counter(papers["match_status"].to_pylist()).items()))
    manifest = _manifest(settings, tables, stamp, now, written)
    manifest["stage_seconds"]["snapshot"] = round(time.monotonic() - started, 3)
    manifest["run_seconds"] = round(time.monotonic() - run_started, 3) if run_started else None
    manifest_path = out / "manifests" / f"{stamp}.json"
    write_json(manifest, manifest_path)
    link = switch_latest(
        out, stamp, [*((p, p.name) for p in written), (manifest_path, "manifest.json")]
    )
    removed = prune_snapshots(out, settings.keep_snapshots, stamp)
    return SnapshotSummary(stamp, link, counts, papers_by_status, removed)


def _write_history(out: Path, tables: dict[str, pa.Table], stamp: str) -> list[Path]:
    """Each table under a staging name, then each renamed whole into the history."""
    for name in TABLE_NAMES:
        write_parquet(tables[name], out / name / f".snapshot={stamp}{STAGING}" / f"{name}.parquet")
    written = []
    for name in TABLE_NAMES:  # whole tables into the history; the manifest, last, completes it
        os.replace(out / name / f".snapshot={stamp}{STAGING}", out / name / f"snapshot={stamp}")
        fsync_dir(out / name)
        written.append(out / name / f"snapshot={stamp}" / f"{name}.parquet")
    return written


def _manifest(
    settings: Settings,
    tables: dict[str, pa.Table],
    stamp: str,
    now: dt.datetime,
    written: list[Path],
) -> dict[str, Any]:
    """The snapshot's manifest: inputs, counts, requests and timings of the whole run."""
    papers = tables["papers"]
    resolve_stats, fetch_stats = read_stats(settings, "resolve"), read_stats(settings, "fetch")
    stats = (resolve_stats, fetch_stats)
    requests: Counter = Counter()
    for st in stats:
        requests.update(st.get("requests_by_host", {}))
    by_status = Counter(papers["match_status"].to_pylist())
    by_method = Counter(m or "none" for m in papers["match_method"].to_pylist())
    return {
        "snapshot": stamp,
        "created_at": now.isoformat(),
        "enrich_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "inputs": input_files(settings.raw_dir),
        "counts": {name: tables[name].num_rows for name in TABLE_NAMES},
        "papers_by_status": dict(sorted(by_status.items())),
        "papers_by_method": dict(sorted(by_method.items())),
        "unresolved_titles": int(
            pc.sum(pc.equal(papers["match_status"], "unresolved")).as_py() or 0
        ),
        "requests_by_host": dict(sorted(requests.items())),
        "cache_hits": sum(int(st.get("cache_hits", 0)) for st in stats),
        "retries": sum(int(st.get("retries", 0)) for st in stats),
        "rate_limited_429": sum(int(st.get("rate_limited", 0)) for st in stats),
        "stage_seconds": {
            "resolve": resolve_stats.get("seconds"),
            "fetch": fetch_stats.get("seconds"),
            "snapshot": None,
        },
        "run_seconds": None,
        "settings": settings.public_dict(),
        "files": {
            name: str(p.relative_to(settings.out_dir))
            for name, p in zip(TABLE_NAMES, written, strict=True)
        },
    }


def hold_if_changed(
    settings: Settings, latest: Latest | None, tables: dict[str, pa.Table], stamp: str
) -> None:
    """The publish gate (:mod:`.gate`): a snapshot that loses or collapses too much of the
    latest one is written aside to ``OUT/held/<stamp>/`` with what changed, and
    :class:`ChangesHeld` is raised before anything enters the history or ``latest`` moves."""
    if settings.accept_changes or latest is None:
        return
    skipped = read_stats(settings, "ingest").get("skipped_files") or {}
    try:
        mentions = latest.table("mentions", columns=["title_key", "paper_id", "source_file"])
        before = _title_papers(mentions, latest.table("papers", ["paper_id", "match_status"]))
    except (StageInputUnreadable, KeyError) as exc:
        log.warning("publish gate: the latest snapshot cannot be read (%s); not compared", exc)
        return
    gone = {  # titles of lists now empty or unreadable (ingest's warning says which)
        key: f"{source} ({skipped[source]})"
        for key, source in zip(
            mentions["title_key"].to_pylist(), mentions["source_file"].to_pylist(), strict=True
        )
        if source in skipped
    }
    changes = gate.compare(before, _title_papers(tables["mentions"], tables["papers"]), gone)
    limits = (settings.gate_max_lost, settings.gate_max_collapse)
    if not changes.held(*limits):
        return
    aside = settings.out_dir / "held" / stamp
    for name in TABLE_NAMES:
        write_parquet(tables[name], aside / f"{name}.parquet")
    report = "\n".join(changes.lines(*limits))
    with atomic_open(aside / "changes.txt") as fh:
        fh.write(report + "\n")
    raise ChangesHeld(
        f"the new snapshot changes too much of the latest one; not published (latest "
        f"unchanged), written aside to {aside}:\n{report}\nIf the change is right, rerun with "
        "--accept-changes (or ENRICH_ACCEPT_CHANGES=1); if not, rerun later."
    )


def _title_papers(mentions: pa.Table, papers: pa.Table) -> dict[str, str | None]:
    status = dict(
        zip(papers["paper_id"].to_pylist(), papers["match_status"].to_pylist(), strict=True)
    )
    resolved = {pid: s == "resolved" for pid, s in status.items()}
    return gate.title_papers(
        mentions["title_key"].to_pylist(), mentions["paper_id"].to_pylist(), resolved
    )


def remove_leftovers(out: Path) -> list[Path]:
    """Remove what a killed run left (we hold the lock: nobody else is writing): table
    directories being staged, history directories without a manifest (cut short before it was
    written), and temporary files of interrupted atomic writes. Returns what was removed."""
    manifests = {p.stem for p in (out / "manifests").glob("*.json")}
    doomed: list[Path] = []
    for name in TABLE_NAMES:
        doomed += (out / name).glob(f".snapshot=*{STAGING}")
        doomed += [
            p
            for p in (out / name).glob("snapshot=*")
            if p.name.removeprefix("snapshot=") not in manifests
        ]
    doomed += out.glob(".latest.*.tmp")  # the symlink switch_latest renames over latest
    for root, dirs, files in os.walk(out):
        dirs[:] = [d for d in dirs if not d.endswith(STAGING)]
        doomed += [Path(root) / f for f in files if f.startswith(".") and f.endswith(".tmp")]
    doomed = list(dict.fromkeys(doomed))  # a dangling .latest.*.tmp is also a walked file
    for path in doomed:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    if doomed:
        log.warning(
            "snapshot: removed %d leftover(s) of an interrupted run: %s",
            len(doomed),
            ", ".join(str(p.relative_to(out)) for p in doomed[:5]),
        )
    return doomed


def snapshot_history(out: Path) -> tuple[list[str], int]:
    """The stamps of the snapshots in ``out`` (those with a manifest), oldest first, and the
    bytes their tables and manifests take. A file deleted while we look (a prune in another
    job) is simply not counted."""
    stamps = sorted(p.stem for p in (out / "manifests").glob("*.json"))
    files = list((out / "manifests").glob("*.json"))
    for name in TABLE_NAMES:
        files += (out / name).glob("snapshot=*/*")
    return stamps, sum(_size(f) for f in files)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size if path.is_file() else 0
    except OSError:
        return 0


def prune_snapshots(out: Path, keep: int, current: str) -> list[str]:
    """Delete all snapshots but ``current`` and the newest ``keep - 1`` others; return the
    stamps deleted, oldest first. ``keep`` 0 keeps every snapshot.

    A snapshot's table directories go first and its manifest last, so a prune cut short leaves
    the manifest, and the next one finishes the job. Table directories without a manifest (a
    snapshot cut short before its manifest was written) are deleted too. ``current`` is kept
    even when a clock set back makes it sort older than the rest.
    """
    if keep <= 0:
        return []
    manifests = {p.stem for p in (out / "manifests").glob("*.json")}
    stamps = set(manifests)
    for name in TABLE_NAMES:
        stamps.update(p.name.removeprefix("snapshot=") for p in (out / name).glob("snapshot=*"))
    kept = sorted(manifests - {current})[-(keep - 1) :] if keep > 1 else []
    doomed = sorted(stamps - {current, *kept})
    for stamp in doomed:
        for name in TABLE_NAMES:
            shutil.rmtree(out / name / f"snapshot={stamp}", ignore_errors=True)
        (out / "manifests" / f"{stamp}.json").unlink(missing_ok=True)
    return doomed
