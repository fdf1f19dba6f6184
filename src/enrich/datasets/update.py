"""``enrich datasets update``: apply S2's diffs between releases to the store.

A diff folder holds, per dataset, one folder per step between two consecutive releases, with
the step's update and delete files (what ``enrich datasets download`` writes; the Datasets API's
``/diffs/{a}/to/{b}/{name}`` lists them)::

    DIFF/papers/2025-01-14_to_2025-01-21/update_files/*.gz
                                        /delete_files/*.gz
    DIFF/papers/2025-01-21_to_2025-01-28/...
    DIFF/abstracts/...

Steps apply in release order, each starting where the one before ended (the first at the
store's release). A record in an update file replaces the row with the same primary key (or
is added); a record in a delete file removes it (``layout.KEYS``: ``corpusid`` for papers and
abstracts, ``citingcorpusid``/``citedcorpusid`` for citations, ``sha`` for paper-ids). The
result equals an import of the newer release; each table is written anew into a staging build
(one journal step per table, so a killed update resumes at the next table) and published in
one rename, like an import.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from enrich.datasets import layout, shards, staging
from enrich.datasets.importer import ORDER, _now, _required, write_table
from enrich.errors import InputError
from enrich.settings import Settings

log = logging.getLogger(__name__)

DELETE_COLUMNS = {
    layout.PAPERS: {"corpusid": "BIGINT"},
    layout.ABSTRACTS: {"corpusid": "BIGINT"},
    layout.CITATIONS: {"citingcorpusid": "BIGINT", "citedcorpusid": "BIGINT"},
    layout.PAPER_IDS: {"sha": "VARCHAR"},
}
"""The key fields a delete file's records carry, as the table's import reads them."""

DELETE_KEYS = {
    layout.PAPERS: "corpusid",
    layout.ABSTRACTS: "corpusid",
    layout.CITATIONS: "citingcorpusid AS citing, citedcorpusid AS cited",
    layout.PAPER_IDS: "sha",
}


@dataclass(frozen=True, slots=True)
class DiffStep:
    """One dataset's changes from one release to the next."""

    table: str
    start: str
    end: str
    updates: list[Path]
    deletes: list[Path]


@dataclass
class UpdateSummary:
    store: Path
    root: Path
    start: str
    end: str
    counts: dict[str, int]
    changes: dict[str, tuple[int, int]]
    seconds: float

    def lines(self) -> list[str]:
        changed = ", ".join(f"{t} +{u:,} -{d:,}" for t, (u, d) in self.changes.items())
        counts = ", ".join(f"{t} {n:,}" for t, n in self.counts.items())
        return [
            f"update: {self.start} -> {self.end}: records updated/deleted {changed}",
            f"update: now {counts} in {self.seconds:.1f} s; store {self.store} -> {self.root.name}",
        ]


def diff_steps(diff: Path, table: str, start: str) -> list[DiffStep]:
    """``table``'s steps in ``diff``, chained from ``start``; [] when the dataset is absent."""
    folder = diff / layout.RELEASE_FOLDERS[table]
    if not folder.is_dir():
        return []
    by_start: dict[str, DiffStep] = {}
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        a, sep, b = sub.name.partition("_to_")
        if not sep:
            raise InputError(
                "a diff step's folder is named <from-release>_to_<to-release>", path=str(sub)
            )
        by_start[a] = DiffStep(
            table,
            a,
            b,
            [s.path for s in shards.folder_shards(sub / "update_files", table)],
            [s.path for s in shards.folder_shards(sub / "delete_files", table)],
        )
    steps, at = [], start
    while at in by_start:
        steps.append(by_start.pop(at))
        at = steps[-1].end
    if by_start or not steps:
        raise InputError(
            f"the diff's steps do not chain from the store's release {start} "
            f"(steps from {', '.join(sorted(by_start)) or 'none'} left over); "
            "download the diffs from the store's release to the one wanted",
            path=str(folder),
        )
    return steps


def update_store(settings: Settings, diff: Path, *, progress: bool = False) -> UpdateSummary:
    """Apply the diff folder ``diff`` to the store ``settings.datasets_dir``."""
    started = time.perf_counter()
    store = settings.datasets_dir
    info = layout.open_store(store)
    if not Path(diff).is_dir():
        raise InputError("not a folder; give the diff folder (papers/<a>_to_<b>/)", path=str(diff))
    plan = {t: diff_steps(Path(diff), t, info.release_id) for t in info.datasets}
    ends = {t: steps[-1].end for t, steps in plan.items() if steps}
    if set(ends) != set(info.datasets) or len(set(ends.values())) != 1:
        raise InputError(
            f"the diff must take every dataset of the store ({', '.join(info.datasets)}) to "
            f"the same release; it has {ends or 'none'}",
            path=str(diff),
        )
    end = next(iter(ends.values()))
    job = {"kind": "update", "from": str(info.root), "diff": str(Path(diff).resolve()), "to": end}
    for steps in plan.values():
        for path in (p for s in steps for p in (*s.updates, *s.deletes)):
            shards.verify_gzip(path)
    with staging.locked(store):
        build, journal = staging.open_staging(store, job)
        changes = _apply_all(settings, store, info.root, build, journal, plan)
        counts = {t: journal.done[t] for t in info.datasets}
        new = layout.StoreInfo(
            root=build, release_id=end, datasets=info.datasets, counts=counts, imported=_now()
        )
        root = staging.publish(store, build, new)
    return UpdateSummary(
        store, root, info.release_id, end, counts, changes, time.perf_counter() - started
    )


def _apply_all(
    settings: Settings,
    store: Path,
    old: Path,
    build: Path,
    journal: staging.Journal,
    plan: dict[str, list[DiffStep]],
) -> dict[str, tuple[int, int]]:
    """Each table the journal does not list, rewritten with its steps; the change counts."""
    con = staging.connect(settings.datasets_memory, layout.staging_dir(store) / "tmp")
    changes: dict[str, tuple[int, int]] = {}
    try:
        for table, steps in plan.items():
            changes[table] = _count_changes(con, steps)
            if table not in journal.done:
                journal.finish(table, _apply(con, old, build, table, steps))
    finally:
        con.close()
    return changes


def _apply(con: Any, old: Path, build: Path, table: str, steps: list[DiffStep]) -> int:
    """``table`` after ``steps``, one step after the other, as views; written once."""
    keys = ", ".join(layout.KEYS[table])
    names = layout.column_names(table)
    if table == layout.PAPERS:
        names.append(layout.PARTITION)
    current = f"SELECT {', '.join(names)} FROM {layout.read_sql(old, table)}"
    for i, step in enumerate(steps):
        gone = [f"SELECT {keys} FROM ({_updates(step)})"]
        if step.deletes:
            reader = shards.read_json_sql(step.deletes, table, DELETE_COLUMNS[table])
            gone.append(f"SELECT {DELETE_KEYS[table]} FROM {reader}")
        view = f"_{table}_{i}"
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW {view} AS "
            f"SELECT * FROM ({current}) ANTI JOIN ({' UNION ALL '.join(gone)}) USING ({keys}) "
            f"UNION ALL {_updates(step)}"
        )
        current = f"SELECT * FROM {view}"
    if table in ORDER:
        current += f" ORDER BY {ORDER[table]}"
    try:
        return write_table(con, current, build, table, f"{table}-0")
    except duckdb.Error as exc:  # a damaged update or delete file: DuckDB names it
        files = [p for s in steps for p in (*s.updates, *s.deletes)]
        raise shards.shard_error(files[0].parent.parent if files else old, exc) from None


def _updates(step: DiffStep) -> str:
    """The rows a step's update files give, as the import would write them."""
    if not step.updates:
        cols = ", ".join(f"NULL::{t} AS {n}" for n, t in layout.COLUMNS[step.table])
        extra = f", NULL::INTEGER AS {layout.PARTITION}" if step.table == layout.PAPERS else ""
        return f"SELECT {cols}{extra} WHERE false"
    rows = shards.select_sql(step.updates, step.table)
    return f"SELECT * FROM ({rows}) WHERE {_required(step.table)}"


def _count_changes(con: Any, steps: list[DiffStep]) -> tuple[int, int]:
    """Records in the steps' update and delete files (for the summary line)."""
    counted = []
    for files in ([p for s in steps for p in s.updates], [p for s in steps for p in s.deletes]):
        if not files:
            counted.append(0)
            continue
        reader = shards.read_json_sql(files, steps[0].table, {"updated": "VARCHAR"})
        counted.append(int(con.execute(f"SELECT count(*) FROM {reader}").fetchone()[0]))
    return counted[0], counted[1]
