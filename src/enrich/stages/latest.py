"""Reading the published snapshot, ``OUT/latest``: resolved once, checked, named when damaged.

``latest`` is a symlink to ``.latest/<stamp>/``, a directory of hard links to one snapshot's
tables and manifest. A reader resolves it once (:func:`open_latest`) and reads every table and
the manifest from that dated directory, so a run switching ``latest`` meanwhile cannot hand it
half of one snapshot and half of the next; the switch keeps the directory it retires for
:data:`GRACE_SECONDS` (:func:`retire`), so a reader that resolved it just before still finds
every file.

Damage is named with its fix, never an Arrow or JSON traceback: ``latest`` pointing nowhere,
missing while snapshots exist, a manifest that is not one, a table that is not Parquet
(truncated, or overwritten by hand). Readers (``status``, ``report``, ``export``) stop with a
:class:`~enrich.errors.StageInputUnreadable` (exit 2); the snapshot stage treats a damaged
``latest`` as absent, with a warning, and so publishes a whole new one (:func:`open_for_writer`).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from enrich.errors import StageInputUnreadable

log = logging.getLogger(__name__)

MANIFEST_KEYS = frozenset({"snapshot", "enrich_version", "counts", "papers_by_status"})
FIX = "run `enrich snapshot` (or `enrich run`) to publish a new snapshot; the history is untouched"
"""What heals a damaged ``latest``: the snapshot stage writes a whole new one."""

GRACE_SECONDS = 3600
"""How long a retired ``.latest/<stamp>/`` stays after ``latest`` moved on. A reader that
resolved ``latest`` just before the switch (``enrich export``, a report, a notebook) reads its
files from there; the files are hard links to the history, so keeping them costs no space but
the report and enriched lists written beside them."""


@dataclass(frozen=True)
class Latest:
    """The snapshot ``OUT/latest`` pointed at when it was resolved."""

    link: Path  #: ``OUT/latest``, as messages name it
    directory: Path  #: the dated directory it pointed at

    def damaged(self, name: str, why: object) -> StageInputUnreadable:
        return StageInputUnreadable(f"{self.link / name} is damaged ({why}): {FIX}")

    def manifest(self) -> dict[str, Any]:
        """The snapshot's manifest, checked to be one."""
        try:
            manifest = json.loads((self.directory / "manifest.json").read_text(encoding="utf-8"))
            if not isinstance(manifest, dict) or not manifest.keys() >= MANIFEST_KEYS:
                raise ValueError("not a manifest")
        except (OSError, ValueError) as exc:
            raise self.damaged("manifest.json", exc) from None
        return manifest

    def table(self, name: str, columns: list[str] | None = None) -> pa.Table:
        """Table ``name`` (only ``columns``, when given)."""
        try:
            return pq.read_table(self.directory / f"{name}.parquet", columns=columns)
        except (pa.ArrowException, OSError) as exc:
            raise self.damaged(f"{name}.parquet", exc) from None

    def check(self, names: tuple[str, ...]) -> None:
        """Each table's footer and the manifest can be read (cheap: no rows are read)."""
        self.manifest()
        for name in names:
            try:
                pq.read_metadata(self.directory / f"{name}.parquet")
            except (pa.ArrowException, OSError) as exc:
                raise self.damaged(f"{name}.parquet", exc) from None


def open_latest(out: Path) -> Latest | None:
    """``OUT/latest`` resolved once; ``None`` before the first snapshot. ``latest`` pointing
    nowhere, or missing while manifests say snapshots were published, is damage, named."""
    link = Path(out) / "latest"
    if not os.path.lexists(link):
        published = sorted((Path(out) / "manifests").glob("*.json"))
        if published:
            raise StageInputUnreadable(
                f"{link} is missing, though {len(published)} snapshot(s) were published "
                f"(the last {published[-1].stem}): {FIX}"
            )
        return None
    directory = link.resolve()
    if not directory.is_dir():
        where = os.readlink(link) if link.is_symlink() else "a file"
        raise StageInputUnreadable(
            f"{link} is damaged (it points to {where}, not a snapshot): {FIX}"
        )
    if not (directory / "manifest.json").exists():
        raise StageInputUnreadable(f"{link} is damaged (it has no manifest.json): {FIX}")
    return Latest(link, directory)


def open_for_writer(out: Path, tables: tuple[str, ...]) -> Latest | None:
    """:func:`open_latest` for the snapshot stage: a damaged ``latest`` (or one whose tables
    cannot be read) is ``None`` with a warning, so the stage writes a whole new snapshot."""
    try:
        latest = open_latest(out)
        if latest is not None:
            latest.check(tables)
    except StageInputUnreadable as exc:
        log.warning("%s; this snapshot replaces it", str(exc).removesuffix(f": {FIX}"))
        return None
    return latest


def retire(out: Path, previous: str | None, current: str, now: float | None = None) -> None:
    """After ``latest`` moved to ``.latest/<current>``: mark ``previous`` (what it pointed at)
    retired now, and remove the directories retired more than :data:`GRACE_SECONDS` ago."""
    now = time.time() if now is None else now
    root = Path(out) / ".latest"
    if previous and previous != current and (root / previous).is_dir():
        os.utime(root / previous, (now, now))  # the grace period starts at the switch
    for old in root.iterdir():
        if old.name in (current, previous) or not old.is_dir():
            continue
        try:
            retired = old.stat().st_mtime
        except OSError:
            continue
        if retired < now - GRACE_SECONDS:
            shutil.rmtree(old, ignore_errors=True)
