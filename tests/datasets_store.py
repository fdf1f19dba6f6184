"""A datasets store written straight from a replica world, in the store's layout (STORE.json,
``papers/bucket=<b>/``, ``abstracts/``, ``citations/``, ``paper_ids/``), for the read side's
tests: the same papers the replica's S2 serves, so a run from the store can be compared with a
run against the replica."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from enrich.datasets.key import bucket, title_key

RELEASE = "2025-01-14"

AUTHOR = pa.struct([pa.field("author_id", pa.string()), pa.field("name", pa.string())])

PAPERS = pa.schema(
    [
        ("corpusid", pa.int64()),
        ("paper_id", pa.string()),
        ("title", pa.string()),
        ("title_key", pa.string()),
        ("doi", pa.string()),
        ("arxiv", pa.string()),
        ("dblp", pa.string()),
        ("acl", pa.string()),
        ("mag", pa.string()),
        ("pubmed", pa.string()),
        ("pmc", pa.string()),
        ("authors", pa.list_(AUTHOR)),
        ("venue", pa.string()),
        ("publication_venue_id", pa.string()),
        ("year", pa.int32()),
        ("publication_date", pa.string()),
        ("journal_name", pa.string()),
        ("journal_volume", pa.string()),
        ("journal_pages", pa.string()),
        ("reference_count", pa.int32()),
        ("citation_count", pa.int32()),
        ("influential_citation_count", pa.int32()),
        ("is_open_access", pa.bool_()),
        ("fields_of_study", pa.list_(pa.string())),
        ("publication_types", pa.list_(pa.string())),
    ]
)


def paper_row(p: dict[str, Any]) -> dict[str, Any]:
    """A world S2 record as a ``papers`` row."""
    ext = p.get("externalIds") or {}
    journal = p.get("journal") or {}
    arxiv = ext.get("ArXiv")
    return {
        "corpusid": int(ext["CorpusId"]),
        "paper_id": p["paperId"],
        "title": p.get("title"),
        "title_key": title_key(p.get("title") or ""),
        "doi": ext.get("DOI"),
        "arxiv": arxiv.split("v")[0] if arxiv and "v" in arxiv[5:] else arxiv,
        "dblp": ext.get("DBLP"),
        "acl": ext.get("ACL"),
        "mag": ext.get("MAG"),
        "pubmed": ext.get("PubMed"),
        "pmc": ext.get("PubMedCentral"),
        "authors": [
            {"author_id": a.get("authorId"), "name": a.get("name")} for a in p.get("authors") or []
        ],
        "venue": p.get("venue"),
        "publication_venue_id": (p.get("publicationVenue") or {}).get("id"),
        "year": p.get("year"),
        "publication_date": p.get("publicationDate"),
        "journal_name": journal.get("name"),
        "journal_volume": journal.get("volume"),
        "journal_pages": journal.get("pages"),
        "reference_count": p.get("referenceCount"),
        "citation_count": p.get("citationCount"),
        "influential_citation_count": p.get("influentialCitationCount"),
        "is_open_access": p.get("isOpenAccess"),
        "fields_of_study": sorted({f["category"] for f in p.get("s2FieldsOfStudy") or []}),
        "publication_types": p.get("publicationTypes") or [],
    }


def write_store(root: Path, papers: list[dict[str, Any]], *, release: str = RELEASE) -> Path:
    """A store of ``papers`` (world S2 records, ``references`` as ``[{"paperId"}]``)."""
    rows = [paper_row(p) for p in papers]
    corpus = {r["paper_id"]: r["corpusid"] for r in rows}
    by_bucket: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        by_bucket.setdefault(bucket(row["title_key"]), []).append(row)
    for b, part in by_bucket.items():
        (root / "papers" / f"bucket={b}").mkdir(parents=True, exist_ok=True)
        table = pa.Table.from_pylist(part, PAPERS)
        pq.write_table(
            table, root / "papers" / f"bucket={b}" / "part-0.parquet", compression="zstd"
        )
    abstracts = [
        {
            "corpusid": corpus[p["paperId"]],
            "abstract": p.get("abstract"),
            "oa_url": ((p.get("openAccessPdf") or {}).get("url")) or None,
            "oa_status": None,
            "oa_license": None,
        }
        for p in papers
        if p.get("abstract")
    ]
    edges = sorted(
        (corpus[p["paperId"]], corpus[r["paperId"]], False)
        for p in papers
        for r in p.get("references") or []
        if r.get("paperId") in corpus
    )
    _write(
        root / "abstracts", abstracts, ["corpusid", "abstract", "oa_url", "oa_status", "oa_license"]
    )
    _write(
        root / "citations",
        [{"citing": a, "cited": b, "is_influential": c} for a, b, c in edges],
        ["citing", "cited", "is_influential"],
    )
    _write(
        root / "paper_ids",
        [{"sha": r["paper_id"], "corpusid": r["corpusid"], "is_primary": True} for r in rows],
        ["sha", "corpusid", "is_primary"],
    )
    manifest = {
        "format": 1,
        "release_id": release,
        "datasets": ["papers", "abstracts", "citations", "paper-ids"],
        "counts": {"papers": len(rows), "abstracts": len(abstracts), "citations": len(edges)},
        "imported": "2025-01-15T00:00:00Z",
    }
    (root / "STORE.json").write_text(json.dumps(manifest), encoding="utf-8")
    return root


_TYPES = {
    "corpusid": pa.int64(),
    "citing": pa.int64(),
    "cited": pa.int64(),
    "is_influential": pa.bool_(),
    "is_primary": pa.bool_(),
}


def _write(folder: Path, rows: list[dict[str, Any]], columns: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    schema = pa.schema([(c, _TYPES.get(c, pa.string())) for c in columns])
    table = pa.Table.from_pylist(rows, schema)
    pq.write_table(table, folder / "part-0.parquet", compression="zstd")


def world_store(root: Path, world_path: Path) -> Path:
    """The store of a replica world's S2 papers."""
    world = json.loads(world_path.read_text(encoding="utf-8"))
    return write_store(root, world["s2"]["papers"])
