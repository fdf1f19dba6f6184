"""Where the datasets store keeps what: paths, tables, columns, the format version, STORE.json.

The store (setting ``ENRICH_DATASETS``, default ``data/s2``) is plain zstd Parquet that any
engine reads (docs/datasets.md)::

    data/s2 -> .s2/<release>.<stamp>/     a symlink, switched in one rename per import or update
      STORE.json                          format, release id, datasets, row counts, import time
      papers/bucket=<b>/*.parquet         b = key.bucket(title_key), 0..63 (hive partitioning)
      abstracts/*.parquet
      citations/*.parquet                 each file sorted by citing
      paper_ids/*.parquet
    data/.s2/staging/                     an import or update in progress (journal, shards)

Readers resolve the symlink once (:func:`open_store`) and read that build to the end: an import
that switches the link meanwhile neither changes nor deletes what they read until they reopen.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from enrich.errors import ConfigError

FORMAT = 1
"""The store's layout version, in STORE.json: a reader refuses another one."""

STORE_FILE = "STORE.json"

PAPERS = "papers"
ABSTRACTS = "abstracts"
CITATIONS = "citations"
PAPER_IDS = "paper_ids"
TABLES = (PAPERS, ABSTRACTS, CITATIONS, PAPER_IDS)

RELEASE_FOLDERS = {
    PAPERS: "papers",
    ABSTRACTS: "abstracts",
    CITATIONS: "citations",
    PAPER_IDS: "paper-ids",
}
"""Each table's folder in a release as S2 ships it (``paper-ids`` with a hyphen)."""

REQUIRED = (PAPERS,)
"""A release without a papers folder is not one; the other datasets may be left out."""

PARTITION = "bucket"
"""The papers table's hive partition column (``papers/bucket=<b>/``)."""

COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    PAPERS: (
        ("corpusid", "BIGINT"),
        ("paper_id", "VARCHAR"),
        ("title", "VARCHAR"),
        ("title_key", "VARCHAR"),
        ("doi", "VARCHAR"),
        ("arxiv", "VARCHAR"),
        ("dblp", "VARCHAR"),
        ("acl", "VARCHAR"),
        ("mag", "VARCHAR"),
        ("pubmed", "VARCHAR"),
        ("pmc", "VARCHAR"),
        ("authors", "STRUCT(author_id VARCHAR, name VARCHAR)[]"),
        ("venue", "VARCHAR"),
        ("publication_venue_id", "VARCHAR"),
        ("year", "INTEGER"),
        ("publication_date", "VARCHAR"),
        ("journal_name", "VARCHAR"),
        ("journal_volume", "VARCHAR"),
        ("journal_pages", "VARCHAR"),
        ("reference_count", "INTEGER"),
        ("citation_count", "INTEGER"),
        ("influential_citation_count", "INTEGER"),
        ("is_open_access", "BOOLEAN"),
        ("fields_of_study", "VARCHAR[]"),
        ("publication_types", "VARCHAR[]"),
    ),
    ABSTRACTS: (
        ("corpusid", "BIGINT"),
        ("abstract", "VARCHAR"),
        ("oa_url", "VARCHAR"),
        ("oa_status", "VARCHAR"),
        ("oa_license", "VARCHAR"),
    ),
    CITATIONS: (
        ("citing", "BIGINT"),
        ("cited", "BIGINT"),
        ("is_influential", "BOOLEAN"),
    ),
    PAPER_IDS: (
        ("sha", "VARCHAR"),
        ("corpusid", "BIGINT"),
        ("is_primary", "BOOLEAN"),
    ),
}
"""Each table's columns and DuckDB types, in file order (papers files also hold no ``bucket``
column: it is the folder name)."""

KEYS = {
    PAPERS: ("corpusid",),
    ABSTRACTS: ("corpusid",),
    CITATIONS: ("citing", "cited"),
    PAPER_IDS: ("sha",),
}
"""Each table's primary key: what a diff's update record replaces and a delete record removes."""


def column_names(table: str) -> list[str]:
    return [name for name, _ in COLUMNS[table]]


def builds_dir(store: Path) -> Path:
    """Where the store's builds and the staging area live: ``data/.s2`` for ``data/s2``."""
    return store.parent / f".{store.name}"


def staging_dir(store: Path) -> Path:
    return builds_dir(store) / "staging"


def table_glob(root: Path, table: str) -> str:
    """The files of ``table`` under a build ``root``, as a glob for DuckDB's ``read_parquet``."""
    if table == PAPERS:
        return str(root / PAPERS / "*" / "*.parquet")
    return str(root / table / "*.parquet")


def read_sql(root: Path, table: str) -> str:
    """A DuckDB table expression over ``table`` (papers with its ``bucket`` column)."""
    glob = table_glob(root, table).replace("'", "''")
    if table == PAPERS:
        types = "{'bucket': INTEGER}"
        return f"read_parquet('{glob}', hive_partitioning = true, hive_types = {types})"
    return f"read_parquet('{glob}')"


@dataclass(frozen=True, slots=True)
class StoreInfo:
    """STORE.json: what a build holds. ``root`` is the build directory it was read from."""

    root: Path
    release_id: str
    datasets: tuple[str, ...]
    counts: dict[str, int] = field(default_factory=dict)
    imported: str = ""
    format: int = FORMAT

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "release_id": self.release_id,
            "datasets": list(self.datasets),
            "counts": dict(self.counts),
            "imported": self.imported,
        }


def open_store(store: Path) -> StoreInfo:
    """The build ``store`` points at now (symlink resolved once), with its STORE.json.

    Raises :class:`ConfigError` naming the path and the command to run when there is no store,
    or one of another format.
    """
    root = Path(store).resolve()
    meta = root / STORE_FILE
    if not meta.is_file():
        raise ConfigError(
            f"{store}: no datasets store here (no {STORE_FILE}); build one with "
            "`enrich datasets import DIR` or set ENRICH_DATASETS to where it is"
        )
    try:
        data = json.loads(meta.read_text(encoding="utf-8"))
        fmt = int(data["format"])
        info = StoreInfo(
            root=root,
            release_id=str(data["release_id"]),
            datasets=tuple(data.get("datasets", ())),
            counts=_in_table_order({str(k): int(v) for k, v in data.get("counts", {}).items()}),
            imported=str(data.get("imported", "")),
            format=fmt,
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(
            f"{meta}: not a datasets store description ({exc}); import the release again"
        ) from None
    if fmt != FORMAT:
        raise ConfigError(
            f"{meta}: store format {fmt}, this enrich reads format {FORMAT}; "
            "import the release again with `enrich datasets import DIR`"
        )
    return info


def _in_table_order(counts: dict[str, int]) -> dict[str, int]:
    """STORE.json's counts (written with sorted keys) in :data:`TABLES` order."""
    return dict(sorted(counts.items(), key=lambda kv: (TABLES + (kv[0],)).index(kv[0])))
