"""The committed pool of CSL renderings (``pool.json.gz``, rebuilt by ``build_pool.py``)."""

from __future__ import annotations

import functools
import gzip
import json
from dataclasses import dataclass
from pathlib import Path

from tests.listgen.records import VENUES, Record

POOL_PATH = Path(__file__).resolve().parent / "pool.json.gz"

_VENUES = {v.canonical: v for v in VENUES}


@dataclass(frozen=True, slots=True)
class Rendering:
    """One record as one CSL style renders it, with what the text states."""

    text: str
    title_span: tuple[int, int] | None  #: ``None``: the style drops or rewrites the title
    venue: str  #: gold venue ('' none stated, ``~X`` X or nothing)
    year: str  #: gold year ('' none stated)


@dataclass(frozen=True, slots=True)
class Pool:
    seed_titles: list[str]
    records: list[Record]
    renders: dict[str, list[Rendering]]  #: style name → one rendering per record
    families: dict[str, str]  #: style name → its CSL ``citation-format`` (``numeric`` ...)


def _record(d: dict) -> Record:
    return Record(
        d["key"], d["title"], tuple((g, f) for g, f in d["authors"]), _VENUES[d["venue"]],
        d["year"], d["pages"], d["doi"], d["arxiv_id"], d["edition"],
    )


@functools.cache
def load_pool(path: Path = POOL_PATH) -> Pool:
    """The pool file, read once per process."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    renders = {
        style: [Rendering(t, tuple(s) if s else None, v, y) for t, s, v, y in rows]
        for style, rows in data["renders"].items()
    }
    records = [_record(d) for d in data["records"]]
    return Pool(data["seed_titles"], records, renders, data["families"])
