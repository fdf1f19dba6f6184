"""A release's shards as S2 ships them: where they are, what their records hold, how they are read.

A release folder holds one folder per dataset (``papers/``, ``abstracts/``, ``citations/``,
``paper-ids/``), each a folder of gzipped JSON Lines shards (``*.gz``; the official samples'
``papers-sample.jsonl.gz`` is one too). Each shard is read by DuckDB's ``read_json`` with the
columns declared here (never auto-detected: a shard whose first records lack a field would
otherwise change the table's types), and turned into the store's columns by one SELECT.

DuckDB reads a gzip stream without checking its trailer, so a shard cut at a record boundary
(an interrupted download) would import as a shorter one: :func:`verify_gzip` checks every
member's CRC and length, on a thread beside DuckDB (zlib releases the GIL).
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from dataclasses import dataclass
from pathlib import Path

from enrich.datasets import key, layout
from enrich.errors import InputError

JSON_COLUMNS: dict[str, dict[str, str]] = {
    layout.PAPERS: {
        "corpusid": "BIGINT",
        "externalids": "STRUCT(DOI VARCHAR, ArXiv VARCHAR, DBLP VARCHAR, ACL VARCHAR, "
        "MAG VARCHAR, PubMed VARCHAR, PubMedCentral VARCHAR)",
        "url": "VARCHAR",
        "title": "VARCHAR",
        "authors": "STRUCT(authorId VARCHAR, name VARCHAR)[]",
        "venue": "VARCHAR",
        "publicationvenueid": "VARCHAR",
        "year": "INTEGER",
        "referencecount": "INTEGER",
        "citationcount": "INTEGER",
        "influentialcitationcount": "INTEGER",
        "isopenaccess": "BOOLEAN",
        "s2fieldsofstudy": "STRUCT(category VARCHAR, source VARCHAR)[]",
        "publicationtypes": "VARCHAR[]",
        "publicationdate": "VARCHAR",
        "journal": "STRUCT(name VARCHAR, pages VARCHAR, volume VARCHAR)",
    },
    layout.ABSTRACTS: {
        "corpusid": "BIGINT",
        "openaccessinfo": "STRUCT(license VARCHAR, url VARCHAR, status VARCHAR)",
        "abstract": "VARCHAR",
    },
    # corpus ids are strings in the citations shards, numbers elsewhere: both read as BIGINT
    layout.CITATIONS: {
        "citingcorpusid": "BIGINT",
        "citedcorpusid": "BIGINT",
        "isinfluential": "BOOLEAN",
    },
    layout.PAPER_IDS: {"sha": "VARCHAR", "corpusid": "BIGINT", "primary": "BOOLEAN"},
}
"""The fields of each dataset's records that the store keeps, with their DuckDB types. Fields
not named (``updated``, ``contexts``, ``intents``, ``externalids.CorpusId``) are skipped."""

_TITLE = "coalesce(title, '')"

SELECTS: dict[str, str] = {
    layout.PAPERS: f"""
        corpusid,
        nullif(regexp_extract(url, '([0-9a-f]{{40}})$', 1), '') AS paper_id,
        title,
        {key.title_key_sql(_TITLE)} AS title_key,
        externalids.DOI AS doi,
        regexp_replace(externalids.ArXiv, 'v[0-9]+$', '') AS arxiv,
        externalids.DBLP AS dblp,
        externalids.ACL AS acl,
        externalids.MAG AS mag,
        externalids.PubMed AS pubmed,
        externalids.PubMedCentral AS pmc,
        list_transform(authors, lambda a: {{'author_id': a.authorId, 'name': a.name}})
            AS authors,
        venue,
        publicationvenueid AS publication_venue_id,
        year,
        publicationdate AS publication_date,
        journal.name AS journal_name,
        journal.volume AS journal_volume,
        journal.pages AS journal_pages,
        referencecount AS reference_count,
        citationcount AS citation_count,
        influentialcitationcount AS influential_citation_count,
        isopenaccess AS is_open_access,
        list_sort(list_distinct(list_transform(s2fieldsofstudy, lambda f: f.category)))
            AS fields_of_study,
        publicationtypes AS publication_types,
        {key.bucket_sql(key.title_key_sql(_TITLE))} AS {layout.PARTITION}""",
    layout.ABSTRACTS: """
        corpusid, abstract, openaccessinfo.url AS oa_url, openaccessinfo.status AS oa_status,
        openaccessinfo.license AS oa_license""",
    layout.CITATIONS: """
        citingcorpusid AS citing, citedcorpusid AS cited, isinfluential AS is_influential""",
    layout.PAPER_IDS: """sha, corpusid, "primary" AS is_primary""",
}
"""Each table's columns (``layout.COLUMNS``, in order) from the records read by
:data:`JSON_COLUMNS`; the papers SELECT adds the partition column."""

WHERE = {layout.CITATIONS: "WHERE citedcorpusid IS NOT NULL"}
"""Rows the store leaves out: a citation of a paper S2 has no corpus id for."""

_LINE = re.compile(r"\bin line (\d+)")


@dataclass(frozen=True, slots=True)
class Shard:
    """One ``.gz`` file of one dataset in a release (or in a diff's update or delete files)."""

    table: str
    path: Path

    @property
    def name(self) -> str:
        """Unique within its table in a release: the file name without ``.gz`` (and ``.jsonl``)."""
        stem = self.path.name.removesuffix(".gz").removesuffix(".jsonl").removesuffix(".json")
        return re.sub(r"[^A-Za-z0-9_.-]", "_", stem)

    @property
    def step(self) -> str:
        """Its name in an import's journal."""
        return f"{self.table}/{self.name}"


def release_shards(release: Path) -> list[Shard]:
    """Every shard of a release folder, table by table, files in name order.

    Raises :class:`InputError` when the folder is missing or has no papers shards.
    """
    if not release.is_dir():
        raise InputError("not a folder; give the release folder (papers/, ...)", path=str(release))
    out: list[Shard] = []
    for table in layout.TABLES:
        out += folder_shards(release / layout.RELEASE_FOLDERS[table], table)
    if not any(s.table == layout.PAPERS for s in out):
        raise InputError(
            "no papers/*.gz shards here: a release folder holds papers/ (and abstracts/, "
            "citations/, paper-ids/), each a folder of .gz JSON Lines shards as S2 ships them",
            path=str(release),
        )
    return out


def folder_shards(folder: Path, table: str) -> list[Shard]:
    """The ``.gz`` files of one dataset folder (none when the folder is absent)."""
    if not folder.is_dir():
        return []
    return [Shard(table, p) for p in sorted(folder.iterdir()) if p.name.endswith(".gz")]


def read_json_sql(paths: list[Path], table: str, columns: dict[str, str] | None = None) -> str:
    """DuckDB's ``read_json`` over gzipped JSON Lines ``paths`` with declared columns."""
    cols = columns or JSON_COLUMNS[table]
    spec = ", ".join(f"{_quote(name)}: {_quote(kind)}" for name, kind in cols.items())
    files = ", ".join(_quote(str(p)) for p in paths)
    return (
        f"read_json([{files}], format = 'newline_delimited', compression = 'gzip', "
        f"columns = {{{spec}}}, maximum_object_size = 67108864)"
    )


def select_sql(paths: list[Path], table: str) -> str:
    """The store's rows of ``table`` from the shards ``paths``."""
    where = WHERE.get(table, "")
    return f"SELECT {SELECTS[table]} FROM {read_json_sql(paths, table)} {where}"


def shard_error(shard: Path, exc: Exception) -> InputError:
    """DuckDB's complaint about a shard as an :class:`InputError` naming the file and line."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    m = _LINE.search(text)
    text = re.sub(r"^[A-Za-z ]*Error: ", "", text)
    return InputError(
        f"damaged shard: {text}; download it again (the store was not changed)",
        path=str(shard),
        line=bad_line(shard, int(m.group(1))) if m else None,
    )


def bad_line(shard: Path, reported: int) -> int:
    """The line DuckDB meant: for malformed JSON it names the line after the bad one, for a
    value of the wrong type the bad one itself; the first of the two that is not JSON wins."""
    try:
        with gzip.open(shard, "rt", encoding="utf-8", errors="replace") as fh:
            for number, text in enumerate(fh, 1):
                if number >= reported - 1:
                    try:
                        json.loads(text)
                    except ValueError:
                        return number
                if number >= reported:
                    break
    except (OSError, EOFError):  # the gzip stream itself is cut: DuckDB's line stands
        pass
    return reported


def verify_gzip(path: Path, chunk: int = 1 << 20) -> None:
    """Read ``path`` through zlib, checking each gzip member's CRC and length; raise
    :class:`InputError` naming the file when it is cut short or damaged."""
    decomp = zlib.decompressobj(wbits=31)
    try:
        with open(path, "rb") as fh:
            while data := fh.read(chunk):
                while data:
                    decomp.decompress(data)
                    data = decomp.unused_data
                    if decomp.eof and data:  # another member follows (concatenated gzip)
                        decomp = zlib.decompressobj(wbits=31)
    except zlib.error as exc:
        raise InputError(
            f"damaged gzip shard ({exc}); download it again (the store was not changed)",
            path=str(path),
        ) from None
    if not decomp.eof:
        raise InputError(
            "truncated gzip shard (it ends before its last record does); download it again "
            "(the store was not changed)",
            path=str(path),
        )


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
