"""A snapshot equal to ``latest`` is not written again.

An unchanged rerun (the same lists, every answer from the cache or the same as before) would
otherwise add an identical dated snapshot each time: three within a minute, a year of daily
copies for a stable list. Instead snapshot says ``unchanged since <stamp>`` and exits 0.

The run is still recorded, one JSON line in ``OUT/unchanged.jsonl``, because a
scheduled job's monitor needs to tell "ran and found nothing new" from "did not run": the
latest snapshot's date alone cannot (``enrich status`` prints the last such check). It is not
a manifest (those are one per snapshot, and retention counts them), so it has a file of its own.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from enrich.stages.latest import Latest

log = logging.getLogger(__name__)

CHECKS_FILE = "unchanged.jsonl"
"""Under ``OUT``: a line per run that wrote no snapshot because nothing changed."""


COMPARE_ROWS = 65_536
"""Rows of a latest table read at a time to compare it (a few MB)."""


def tables_equal(new: Mapping[str, pa.Table], old: Mapping[str, pa.Table]) -> bool:
    """Whether every table in ``new`` has the same columns, types and rows, in the same order,
    as the one of that name in ``old`` (pure; column docs and chunking do not count)."""
    for name, table in new.items():
        other = old.get(name)
        if other is None or not table.schema.equals(other.schema, check_metadata=False):
            return False
        if not table.equals(other):
            return False
    return True


def _equals_file(table: pa.Table, path: Path) -> bool:
    """:func:`tables_equal` for ``table`` and the Parquet file at ``path``, read
    :data:`COMPARE_ROWS` rows at a time so the file's table is never whole in memory beside
    ``table``."""
    file = pq.ParquetFile(path)
    if not table.schema.equals(file.schema_arrow, check_metadata=False):
        return False
    offset = 0
    for batch in file.iter_batches(batch_size=COMPARE_ROWS):
        part = pa.Table.from_batches([batch])
        if not tables_equal({"t": table.slice(offset, part.num_rows)}, {"t": part}):
            return False
        offset += part.num_rows
    return offset == table.num_rows


@dataclass
class Unchanged:
    """What snapshot reports when it writes nothing: the snapshot that is still current."""

    since: str  #: the stamp of ``latest``

    def lines(self) -> list[str]:
        return [f"snapshot: unchanged since {self.since} (tables equal latest's); none written"]


def unchanged(
    out: Path, latest: Latest, tables: Mapping[str, pa.Table], now: dt.datetime
) -> Unchanged | None:
    """:class:`Unchanged` (and the run recorded) if ``tables`` equal those of ``latest`` (read
    from the one directory it resolved to), else ``None``: a table missing, or any
    difference. ``latest`` was checked readable (:func:`~.latest.open_for_writer`)."""
    paths = {name: latest.directory / f"{name}.parquet" for name in tables}
    if not all(p.exists() for p in paths.values()):
        return None
    # row counts from the footers first, then each table a row group at a time (the
    # references of a large run are millions of rows), stopping at the first difference
    try:
        if any(pq.read_metadata(paths[n]).num_rows != t.num_rows for n, t in tables.items()):
            return None
        if not all(_equals_file(table, paths[name]) for name, table in tables.items()):
            return None
    except (pa.ArrowException, OSError) as exc:  # damaged past its footer: write a new one
        log.warning("%s is damaged (%s); this snapshot replaces it", latest.link, exc)
        return None
    since = latest.manifest()["snapshot"]
    line = {"checked_at": now.isoformat(), "unchanged_since": since}
    with open(out / CHECKS_FILE, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(line) + "\n")
    return Unchanged(since)


def last_check(out: Path) -> dict[str, str] | None:
    """The latest run recorded as unchanged, if any."""
    path = out / CHECKS_FILE
    if not path.exists():
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    return json.loads(lines[-1]) if lines else None
