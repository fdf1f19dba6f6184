"""Run the parser on a generated corpus: in memory (``enrich.parse``) or as the ingest stage
does it (files on disk, ``run_ingest``, ``stage/mentions.parquet``)."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from enrich.parse import parse_list
from enrich.settings import Settings
from enrich.stages.ingest import run_ingest
from tests.listgen.corpus import Corpus
from tests.listgen.score import Row, rows_from


def parse_corpus(corpus: Corpus) -> list[Row]:
    """Every file parsed in memory by :func:`enrich.parse.parse_list`."""
    rows: list[Row] = []
    for name, text in corpus.files.items():
        rows += rows_from(parse_list(text, name).entries)
    return rows


def write_corpus(corpus: Corpus, raw: Path) -> None:
    """The files under ``raw`` and the gold as ``raw/../gold.tsv`` (the shared lists' format)."""
    raw.mkdir(parents=True, exist_ok=True)
    for name, text in corpus.files.items():
        (raw / name).write_text(text, encoding="utf-8")
    gold = "\n".join(g.tsv() for g in corpus.gold) + "\n"
    (raw.parent / "gold.tsv").write_text(gold, encoding="utf-8")


def ingest_corpus(corpus: Corpus, scratch: Path) -> list[Row]:
    """The ingest stage on the corpus written under ``scratch``: the mentions it wrote."""
    raw, out = scratch / "raw", scratch / "out"
    write_corpus(corpus, raw)
    run_ingest(Settings(raw_dir=raw, out_dir=out, cache_path=scratch / "cache.sqlite"))
    table = pq.read_table(out / "stage" / "mentions.parquet",
                          columns=["source_file", "line", "title", "venue", "year"])
    return rows_from(table.to_pylist())
