"""Reading the local datasets store (``enrich datasets import``) with DuckDB: titles, ids and
whole records, many at a time.

Every look-up is one set-based query over the Parquet files (a table of what is asked joined
with ``papers``), never a query per title: 100,000 titles cost a few joins. Records come back
as the :class:`~enrich.records.S2Paper` that S2's API answers become, so resolve verifies them
with the same :func:`enrich.match.verify` and fetch merges them into the same tables.

* :meth:`Store.exact`: the papers whose title key equals each asked key (the key of
  :mod:`enrich.datasets.key`, computed by the importer);
* :meth:`Store.near`: for keys with no exact paper, papers whose key shares its first or last
  :data:`BLOCK_CHARS` characters and has a length within :data:`LENGTH_SLACK`, kept when
  their similarity is at least :data:`NEAR`: a typo or a reworded half of a title;
* :meth:`Store.get_batch`: whole records (abstract, references) by the ids S2's
  ``/paper/batch`` takes (paperId, ``ARXIV:``, ``DOI:``, ``CorpusId:``), in the same shape.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from enrich.datasets.key import bucket, title_key
from enrich.datasets.layout import TABLES, open_store, read_sql
from enrich.errors import ConfigError
from enrich.match import SAME_SYSTEM, key_similarity
from enrich.records import S2Author, S2Paper

log = logging.getLogger(__name__)

BLOCK_CHARS = 24
"""A near title shares its first or its last this many key characters with the asked one
(about three words): a difference in one half of a title is found, one in both halves of a
title shorter than twice this is not. Shorter blocks pair each title with thousands sharing
a common opening ("a survey on the")."""

LENGTH_SLACK = 0.15
"""A near title's key is at most this share longer or shorter than the asked key."""

NEAR = SAME_SYSTEM
"""Similarity (:func:`enrich.match.key_similarity`) a near title needs to be verified: the
lowest :func:`enrich.match.verify` can accept (a reworded subtitle of the same system), so
verify, not this filter, decides."""

NEAR_KEEP = 5
"""Near titles kept per asked key, the most similar first."""

_EMPTY = {
    "abstracts": "SELECT NULL::BIGINT AS corpusid, NULL::VARCHAR AS abstract, "
    "NULL::VARCHAR AS oa_url WHERE false",
    "citations": "SELECT NULL::BIGINT AS citing, NULL::BIGINT AS cited WHERE false",
    "paper_ids": "SELECT NULL::VARCHAR AS sha, NULL::BIGINT AS corpusid WHERE false",
}
"""A table the release did not ship (``paper-ids`` is optional): an empty one of its shape."""

_CANDIDATE_COLUMNS = (
    "p.paper_id, p.title, p.corpusid, p.arxiv, p.doi, p.year, "
    "coalesce(nullif(p.venue, ''), nullif(p.journal_name, '')) AS venue, p.citation_count"
)

_BY_KIND = {
    "paper": "SELECT q.i, p.corpusid FROM asked q JOIN papers p ON p.paper_id = q.value "
    "WHERE q.kind = 'paper' UNION ALL SELECT q.i, s.corpusid FROM asked q "
    "JOIN paper_ids s ON s.sha = q.value WHERE q.kind = 'paper'",
    "arxiv": "SELECT q.i, p.corpusid FROM asked q JOIN papers p ON p.arxiv = q.value "
    "WHERE q.kind = 'arxiv'",
    "doi": "SELECT q.i, p.corpusid FROM asked q JOIN papers p ON lower(p.doi) = q.value "
    "WHERE q.kind = 'doi'",
    "corpus": "SELECT q.i, p.corpusid FROM asked q JOIN papers p "
    "ON p.corpusid = TRY_CAST(q.value AS BIGINT) WHERE q.kind = 'corpus'",
}
"""The join that finds the papers an id of each kind names (a paperId S2 merged into another
paper is in ``paper_ids``); only the kinds asked are joined."""

_VERSION = re.compile(r"v\d+$")
_SHA = re.compile(r"^[0-9a-f]{40}$")


class Store:
    """One release's store, open for reading. ``session``: the run's HTTP session, kept only so
    the stages' request counters find it (the store itself makes no request)."""

    def __init__(self, root: Path, *, session: Any = None, memory_limit: str = "1GB"):
        self.info = open_store(root)
        self.root = self.info.root  # the build the store's link points at now, read to the end
        self.release_id = self.info.release_id
        self.session = session
        self.con = duckdb.connect(config={"memory_limit": memory_limit})
        self.con.sql("SET enable_progress_bar = false")
        for table in TABLES:
            self.con.sql(f"CREATE VIEW {table} AS {self._source(table)}")

    @property
    def provenance_source(self) -> str:
        """What ``papers.provenance`` names as the source of the fields read here."""
        return f"s2_datasets:{self.release_id}"

    def _source(self, table: str) -> str:
        files = sorted((self.root / table).glob("**/*.parquet"))
        if not files:
            if table == "papers":
                raise ConfigError(
                    f"the datasets store {self.root} (ENRICH_DATASETS) has no papers; "
                    "rerun `enrich datasets import`"
                )
            return _EMPTY[table]
        return f"SELECT * FROM {read_sql(self.root, table)}"

    def close(self) -> None:
        self.con.close()

    def _query(self, sql: str, **tables: pa.Table) -> pa.Table:
        for name, table in tables.items():
            self.con.register(name, table)
        try:
            return self.con.sql(sql).to_arrow_table()
        except duckdb.Error as exc:
            raise ConfigError(
                f"the datasets store {self.root} (ENRICH_DATASETS) cannot be read ({exc}); "
                "rerun `enrich datasets import`"
            ) from None
        finally:
            for name in tables:
                self.con.unregister(name)

    # -- titles ------------------------------------------------------------------------------

    def exact(self, keys: Iterable[str]) -> dict[str, list[S2Paper]]:
        """The papers whose title key is each of ``keys`` (store keys), by key."""
        wanted = sorted({k for k in keys if k})
        if not wanted:
            return {}
        buckets = sorted({bucket(k) for k in wanted})
        asked = pa.table({"key": wanted, "b": [bucket(k) for k in wanted]})
        prune = f"WHERE p.bucket IN ({', '.join(map(str, buckets))})"
        rows = self._query(
            f"SELECT q.key, {_CANDIDATE_COLUMNS} FROM papers p "
            f"JOIN asked q ON p.title_key = q.key AND p.bucket = q.b {prune}",
            asked=asked,
        )
        return _by_first(rows, "key")

    def near(self, keys: Iterable[str]) -> dict[str, list[S2Paper]]:
        """For each key, the papers with a near title key (see the module docstring). The
        join pairs keys only; the papers of the near keys kept come from :meth:`exact`."""
        wanted = sorted({k for k in keys if len(k) > BLOCK_CHARS})
        if not wanted:
            return {}
        asked = pa.table({"key": wanted})
        pairs = self._query(
            f"""WITH q AS (SELECT key, left(key, {BLOCK_CHARS}) AS pre,
                                 right(key, {BLOCK_CHARS}) AS suf, length(key) AS n FROM asked),
                p AS (SELECT DISTINCT title_key, length(title_key) AS n FROM papers
                      WHERE length(title_key) > {BLOCK_CHARS})
            SELECT q.key, p.title_key AS found FROM p JOIN q
              ON left(p.title_key, {BLOCK_CHARS}) = q.pre
              WHERE abs(p.n - q.n) <= q.n * {LENGTH_SLACK} AND p.title_key <> q.key
            UNION
            SELECT q.key, p.title_key FROM p JOIN q ON right(p.title_key, {BLOCK_CHARS}) = q.suf
              WHERE abs(p.n - q.n) <= q.n * {LENGTH_SLACK} AND p.title_key <> q.key""",
            asked=asked,
        )
        nearest = _nearest(pairs["key"].to_pylist(), pairs["found"].to_pylist())
        papers = self.exact(k for found in nearest.values() for k in found)
        return {
            key: [p for k in found for p in papers.get(k, ())] for key, found in nearest.items()
        }

    # -- whole records -----------------------------------------------------------------------

    batch_size = 1 << 30
    """Ids fetch may ask at once: all of them (S2's API takes 500); each call scans the tables
    once, so one call for every paper beats hundreds."""

    def get_batch(
        self,
        ids: Iterable[str],
        *,
        refresh: bool = False,
        done: Callable[[int], object] | None = None,
        fields: str = "",
    ) -> list[S2Paper | None]:
        """Whole records for S2 batch ids, in order, ``None`` where the store has none: the
        same answer as ``S2Client.get_batch`` (``refresh`` and ``fields`` change nothing: the
        store is read anew every time and holds every field)."""
        asked = list(ids)
        corpus_of = self._corpus_ids(asked)
        found = self.records(sorted(set(corpus_of.values())))
        if done is not None:
            done(len(asked))
        return [found.get(corpus_of[i]) if i in corpus_of else None for i in range(len(asked))]

    def _corpus_ids(self, ids: Sequence[str]) -> dict[int, int]:
        """The corpus id each asked id names, by its position."""
        kinds, values = zip(*(_id_kind(i) for i in ids), strict=True) if ids else ((), ())
        asked = pa.table(
            {"i": list(range(len(ids))), "kind": list(kinds), "value": list(values)},
        )
        branches = [_BY_KIND[k] for k in sorted(set(kinds)) if k in _BY_KIND]
        if not branches:
            return {}
        rows = self._query(
            f"SELECT i, min(corpusid) AS corpusid FROM ({' UNION ALL '.join(branches)}) GROUP BY i",
            asked=asked,
        )
        return dict(zip(rows["i"].to_pylist(), rows["corpusid"].to_pylist(), strict=True))

    def records(self, corpus_ids: Sequence[int]) -> dict[int, S2Paper]:
        """Whole records (with abstract and references) of ``corpus_ids``, by corpus id."""
        if not corpus_ids:
            return {}
        asked = pa.table({"corpusid": pa.array(corpus_ids, pa.int64())})
        rows = self._query(
            """SELECT p.*, a.abstract, a.oa_url FROM papers p
               SEMI JOIN asked q ON p.corpusid = q.corpusid
               LEFT JOIN (SELECT * FROM abstracts SEMI JOIN asked q USING (corpusid)) a
                 ON a.corpusid = p.corpusid""",
            asked=asked,
        )
        refs = self.references(corpus_ids)
        out: dict[int, S2Paper] = {}
        for row in rows.to_pylist():
            out.setdefault(row["corpusid"], _record(row, refs.get(row["corpusid"], ())))
        return out

    def references(self, corpus_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        """The paperIds each of ``corpus_ids`` cites (cited papers the store holds), sorted."""
        asked = pa.table({"corpusid": pa.array(corpus_ids, pa.int64())})
        rows = self._query(
            """SELECT c.citing, list(DISTINCT p.paper_id ORDER BY p.paper_id) AS cited
               FROM citations c SEMI JOIN asked q ON c.citing = q.corpusid
               JOIN papers p ON p.corpusid = c.cited
               GROUP BY c.citing""",
            asked=asked,
        )
        return {
            citing: tuple(cited)
            for citing, cited in zip(
                rows["citing"].to_pylist(), rows["cited"].to_pylist(), strict=True
            )
        }

    def match_title(self, title: str) -> S2Paper | None:
        """The one paper with this exact title key, for the per-title path (the store has no
        relevance ranking: several papers with the key give the most cited)."""
        key = title_key(title)
        found = self.exact([key]).get(key, [])
        return max(found, key=lambda p: (p.citation_count or 0, p.paper_id), default=None)


def _id_kind(ident: str) -> tuple[str, str]:
    """An S2 batch id as (kind, value) for the look-up join."""
    prefix, sep, rest = ident.partition(":")
    low = prefix.lower()
    if sep and low == "arxiv":
        return "arxiv", _VERSION.sub("", rest.strip())
    if sep and low == "doi":
        return "doi", rest.strip().lower()
    if sep and low == "corpusid":
        return "corpus", rest.strip()
    if ident.startswith("10."):
        return "doi", ident.lower()
    return ("paper" if _SHA.match(ident.lower()) else "unknown"), ident.lower()


_CANDIDATE_FIELDS = ("paper_id", "title", "corpusid", "arxiv", "doi", "year", "venue")


def _by_first(rows: pa.Table, column: str) -> dict[str, list[S2Paper]]:
    """The candidate rows as :class:`S2Paper` (the fields verify and the choice read), by
    ``column``, sorted by paperId. Column by column: no dict per row."""
    out: dict[str, list[S2Paper]] = {}
    columns = [rows[name].to_pylist() for name in (column, *_CANDIDATE_FIELDS, "citation_count")]
    for key, pid, title, corpus, arxiv, doi, year, venue, cites in zip(*columns, strict=True):
        doi = doi.lower() if doi else None
        paper = S2Paper(pid, title, corpus, arxiv or None, doi, None, year, venue, None, (), cites)
        out.setdefault(key, []).append(paper)
    for papers in out.values():
        if len(papers) > 1:
            papers.sort(key=lambda p: p.paper_id)
    return out


def _nearest(keys: list[str], found: list[str]) -> dict[str, list[str]]:
    """The near keys of :meth:`Store.near`'s pairs kept by similarity, the best
    :data:`NEAR_KEEP` of each asked key."""
    scored: dict[str, list[tuple[float, str]]] = {}
    for key, other in zip(keys, found, strict=True):
        score = key_similarity(key, other)
        if score >= NEAR:
            scored.setdefault(key, []).append((score, other))
    return {
        key: [k for _, k in sorted(pairs, key=lambda sk: (-sk[0], sk[1]))[:NEAR_KEEP]]
        for key, pairs in scored.items()
    }


def _record(row: dict[str, Any], references: tuple[str, ...]) -> S2Paper:
    """A store row as the record S2's ``/paper/batch`` answer becomes (``parse_paper``)."""
    venue = row["venue"] or row["journal_name"] or None
    return S2Paper(
        paper_id=row["paper_id"],
        title=row["title"],
        corpus_id=row["corpusid"],
        arxiv_id=row["arxiv"] or None,
        doi=row["doi"].lower() if row["doi"] else None,
        abstract=row["abstract"] or None,
        year=row["year"],
        venue=venue,
        publication_date=row["publication_date"] or None,
        authors=tuple(
            S2Author(name=a["name"], author_id=a["author_id"] or None)
            for a in row["authors"] or ()
            if a and a["name"]
        ),
        citation_count=row["citation_count"],
        influential_citation_count=row["influential_citation_count"],
        reference_count=row["reference_count"],
        fields_of_study=tuple(row["fields_of_study"] or ()),
        open_access_pdf=row["oa_url"] or None,
        references=references,
    )
