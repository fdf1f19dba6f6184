"""The synthetic release generator: the official shards' keys and types, the replica's papers."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from enrich.datasets import layout
from enrich.datasets.importer import import_release
from enrich.settings import Settings
from tests.replica import load_seeds_world
from tests.replica.datasets import FOLDERS, write_release

SAMPLES = Path(__file__).resolve().parent / "fixtures" / "s2-datasets"


def _shape(value: Any, path: str = "") -> set[tuple[str, str]]:
    """Every (key path, JSON type) in a record; lists contribute their items' shapes."""
    out = {(path, type(value).__name__)}
    if isinstance(value, dict):
        for k, v in value.items():
            out |= _shape(v, f"{path}.{k}")
    elif isinstance(value, list):
        for v in value:
            out |= _shape(v, f"{path}[]")
    return out


def _records(folder: Path) -> list[dict[str, Any]]:
    out = []
    for path in sorted(folder.glob("*.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            out += [json.loads(line) for line in fh]
    return out


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    return write_release(tmp_path_factory.mktemp("gen") / "2025-01-14", filler=300, citations=900)


@pytest.mark.parametrize("folder", FOLDERS)
def test_generated_records_have_the_official_keys_order_and_types(release, folder):
    official = _records(SAMPLES / folder)
    generated = _records(release / folder)
    keys = list(official[0])
    assert all(list(r) == keys for r in generated)  # same keys, same order
    allowed = set().union(*(_shape(r) for r in official))
    seen = set().union(*(_shape(r) for r in generated))
    # the samples' 100 records show every type a key takes (null where S2 has none)
    paths = {p for p, _ in allowed}
    assert {p for p, _ in seen} <= paths | {p + "[]" for p in paths}
    only_null = {p for p in paths if {t for q, t in allowed if q == p} == {"NoneType"}}
    wrong = {
        (p, t)
        for p, t in seen
        if (p, t) not in allowed and t != "NoneType" and not (p in only_null and t == "str")
    }
    assert wrong == set()  # a key the sample leaves null everywhere is an id string when set


def test_the_replica_world_is_in_the_store_as_the_replica_serves_it(release, tmp_path):
    summary = import_release(Settings(datasets_dir=tmp_path / "s2"), release)
    con = duckdb.connect()
    papers = layout.read_sql(summary.root, "papers")
    sql = f"SELECT paper_id, corpusid, title, doi, arxiv, dblp FROM {papers}"
    stored = {row[0]: row[1:] for row in con.execute(sql).fetchall()}
    abstracts = dict(
        con.execute(
            f"SELECT corpusid, abstract FROM {layout.read_sql(summary.root, 'abstracts')}"
        ).fetchall()
    )
    world = load_seeds_world()
    for pid, paper in world.papers.items():
        ext = paper["externalIds"]
        assert stored[pid] == (
            int(ext["CorpusId"]),
            paper["title"],
            ext.get("DOI"),
            ext.get("ArXiv"),
            ext.get("DBLP"),
        )
        if paper.get("abstract"):
            assert abstracts[int(ext["CorpusId"])] == paper["abstract"]
    # each served reference with a paperId is a citation edge between corpus ids
    edges = set(
        con.execute(
            f"SELECT citing, cited FROM {layout.read_sql(summary.root, 'citations')}"
        ).fetchall()
    )
    for paper in world.papers.values():
        for ref in paper.get("references") or []:
            if ref.get("paperId") in world.papers:
                cited = int(world.papers[ref["paperId"]]["externalIds"]["CorpusId"])
                assert (int(paper["externalIds"]["CorpusId"]), cited) in edges
