"""Stage files under ``OUT/stage/``: each stage reads the previous stage's file and writes its own.

Reads check the declared schema; a missing file names the command that writes it. A file whose
contents depend on how this version of enrich computes them (the mentions' title keys) carries a
stamp in its Parquet metadata (:data:`~enrich.schema.STAGE_STAMPS`); a read refuses a file
stamped otherwise, or not at all, and names the command that writes it anew.
Run statistics (requests, cache hits, timings) sit beside the tables as ``<stage>.json`` so the
snapshot manifest can report the whole run even when the stages ran as separate jobs.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from enrich.atomic import write_json, write_parquet
from enrich.errors import StageInputMissing, StageInputOutdated, StageInputUnreadable
from enrich.schema import STAGE_STAMPS, check_table
from enrich.settings import Settings

log = logging.getLogger(__name__)

WRITTEN_BY = {
    "mentions": "enrich ingest",
    "resolutions": "enrich resolve",
    "arxiv": "enrich resolve",
    "papers": "enrich fetch",
    "references": "enrich fetch",
    "links": "enrich fetch",
}

def stage_path(settings: Settings, name: str) -> Path:
    return settings.stage_dir / f"{name}.parquet"


def read_stage(settings: Settings, name: str, schema: pa.Schema) -> pa.Table:
    path = stage_path(settings, name)
    if not path.exists():
        raise StageInputMissing(
            f"{path} not found: run `{WRITTEN_BY.get(name, 'enrich run')}` first "
            f"(or `enrich run` for all stages)"
        )
    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError) as exc:
        raise StageInputUnreadable(
            f"{path} is not a readable Parquet file ({exc}): run "
            f"`{WRITTEN_BY.get(name, 'enrich run')}` again (or `enrich run`)"
        ) from None
    _check_stamp(table, name, str(path))
    missing = [n for n in schema.names if n not in table.column_names]
    if missing:  # written before those columns existed: the writer is the cure, not a bug report
        raise StageInputOutdated(
            f"{path} has no {', '.join(missing)} column (written by an earlier version of "
            f"enrich): run `{WRITTEN_BY.get(name, 'enrich run')}` again (or `enrich run`)"
        )
    return check_table(table, schema, str(path))


def _check_stamp(table: pa.Table, name: str, what: str) -> None:
    found = {k.decode(): v.decode() for k, v in (table.schema.metadata or {}).items()}
    for key, value in STAGE_STAMPS.get(name, {}).items():
        if found.get(key) != value:
            raise StageInputOutdated(
                f"{what} was written by another version of enrich ({key} "
                f"{found.get(key, 'not set')}, this version needs {value}): run "
                f"`{WRITTEN_BY.get(name, 'enrich run')}` again (or `enrich run`)"
            )


def stamped(table: pa.Table, name: str) -> pa.Table:
    """``table`` with the stamp of stage file ``name`` (:data:`~enrich.schema.STAGE_STAMPS`)."""
    stamp = STAGE_STAMPS.get(name)
    if not stamp:
        return table
    metadata = {
        **(table.schema.metadata or {}),
        **{k.encode(): v.encode() for k, v in stamp.items()},
    }
    return table.replace_schema_metadata(metadata)


def write_stage(settings: Settings, name: str, table: pa.Table) -> Path:
    """Write stage file ``name`` atomically, with its stamp (:func:`stamped`), if it has one."""
    path = stage_path(settings, name)
    write_parquet(stamped(table, name), path)
    return path


def write_stats(settings: Settings, stage: str, stats: Mapping[str, Any]) -> None:
    write_json(dict(stats), settings.stage_dir / f"{stage}.json")


def read_stats(settings: Settings, stage: str) -> dict[str, Any]:
    """A stage's run statistics, or ``{}`` when missing or damaged (they only inform the
    manifest: a damaged file costs its numbers, with a warning, never the run)."""
    path = settings.stage_dir / f"{stage}.json"
    if not path.exists():
        return {}
    try:
        stats = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("%s is damaged (%s); the manifest goes without its numbers", path, exc)
        return {}
    if not isinstance(stats, dict):
        log.warning("%s is damaged (not an object); the manifest goes without its numbers", path)
        return {}
    return stats
