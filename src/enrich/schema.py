"""Every Parquet table's schema, in one place, with a doc per column.

Writers call :func:`from_columns` or :func:`from_records`, which build a ``pyarrow.Table``
with exactly the declared columns and types; schema drift raises
:class:`~enrich.errors.SchemaError` instead of surprising an analyst in a notebook.
``docs/schema.md`` is generated from these docs (``python -m enrich.schema > docs/schema.md``)
and a test keeps the two in step.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pyarrow as pa

from enrich.errors import SchemaError
from enrich.grouping import KEYS_VERSION

SCHEMA_VERSION = 1
"""Bumped when a column is removed or changes type (adding a column does not bump it)."""


def _f(name: str, type_: pa.DataType, doc: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"doc": doc})


AUTHOR_STRUCT = pa.struct([pa.field("name", pa.string()), pa.field("s2_author_id", pa.string())])
PROVENANCE_STRUCT = pa.struct([pa.field("field", pa.string()), pa.field("source", pa.string())])

_MENTION_FIELDS = [
    _f("source_file", pa.string(), "Reading list path, relative to the raw dir.", False),
    _f("line", pa.int32(), "1-based line where the entry starts.", False),
    _f("section", pa.string(), "Nearest heading or topic line above the entry."),
    _f("raw", pa.string(), "The entry text as written (wrapped lines joined by a space).", False),
    _f("title", pa.string(), "Cleaned title: venue tags, links, aliases and notes removed.", False),
    _f(
        "venue",
        pa.string(),
        "Venue as the list gives it, canonical spelling (OSDI, NeurIPS, arXiv).",
    ),
    _f("year", pa.int16(), "Four-digit year as the list gives it."),
    _f("alias", pa.string(), "System name the list gives in parentheses, e.g. vLLM."),
    _f(
        "arxiv_id",
        pa.string(),
        "arXiv id (no version) the entry links or cites (arxiv.org/abs/..., arXiv:...), when "
        "it names exactly one; resolve checks S2's record for it before a title search.",
    ),
    _f(
        "doi",
        pa.string(),
        "DOI (lower case) the entry links or cites (doi.org/..., dl.acm.org/doi/..., doi:...), "
        "when it names exactly one; resolve checks S2's record for it when there is no arXiv id.",
    ),
    _f("title_key", pa.string(), "Normalized title used for grouping and matching.", False),
    _f("group_id", pa.string(), "Shared by mentions of the same title across lists.", False),
    _f(
        "near_group_id",
        pa.string(),
        "A group whose title is nearly this one's (a reworded subtitle, a plural, a dropped "
        "system name): maybe the same paper, maybe not. Each group is looked up on its own; "
        "when both land on one paper, they share its paper_id.",
    ),
]

MENTIONS_STAGE = pa.schema(_MENTION_FIELDS)
"""``OUT/stage/mentions.parquet``: written by ingest, read by resolve."""

RESOLUTIONS_STAGE = pa.schema(
    [
        _f("group_id", pa.string(), "Mention group this resolution is for.", False),
        _f("title", pa.string(), "Representative list title of the group.", False),
        _f("status", pa.string(), "resolved | unresolved | error | not_a_paper.", False),
        _f(
            "method",
            pa.string(),
            "How it was found: list_link (S2's record of the arXiv id or DOI the list links), "
            "s2_bulk (an S2 bulk search batch of titles), arxiv_batch (an arXiv query of "
            "OR-ed titles), s2_match, arxiv_search, s2_datasets (the local store of S2's bulk "
            "datasets, --source datasets), override_s2, override_arxiv, override (not a "
            "paper). Order and cost: docs/resolution.md.",
        ),
        _f("confidence", pa.float64(), "Our confidence in [0, 1] that the paper is right."),
        _f("reason", pa.string(), "Human-readable reason for the verdict.", False),
        _f("s2_paper_id", pa.string(), "Semantic Scholar paperId, when known."),
        _f("arxiv_id", pa.string(), "arXiv id without version, when known."),
        _f("candidate_title", pa.string(), "Title of the accepted (or best rejected) candidate."),
    ]
)
"""``OUT/stage/resolutions.parquet``: written by resolve, read by fetch."""

LINKS_STAGE = pa.schema(
    [
        _f("group_id", pa.string(), "Mention group.", False),
        _f("paper_id", pa.string(), "The paper the group landed on; null for not-a-paper."),
    ]
)
"""``OUT/stage/links.parquet``: written by fetch, read by snapshot."""

PAPERS = pa.schema(
    [
        _f(
            "paper_id",
            pa.string(),
            "Id: S2 paperId, else arxiv:<id>, else list:<group_id>. Same in every run until the "
            "paper is found in a better source (S2 adds an arXiv-only paper; a title found "
            "nowhere is resolved): join snapshots on mentions.group_id, which depends on the "
            "list title only.",
            False,
        ),
        _f("s2_paper_id", pa.string(), "Semantic Scholar paperId (40 hex)."),
        _f("corpus_id", pa.int64(), "Semantic Scholar CorpusId."),
        _f("arxiv_id", pa.string(), "arXiv id without version (2309.06180)."),
        _f("doi", pa.string(), "DOI, lower-case, without https://doi.org/."),
        _f("title", pa.string(), "Title as the source gives it (S2 first, then arXiv, then list)."),
        _f("abstract", pa.string(), "Abstract (S2, else arXiv)."),
        _f("year", pa.int16(), "Publication year."),
        _f(
            "venue",
            pa.string(),
            "Venue, one spelling per venue: the short name (OSDI, SOSP, NeurIPS, arXiv, ...) "
            "when S2's string names a venue enrich knows (enrich.match.VENUE_NAMES), else S2's "
            "string as given; arXiv for a paper only arXiv holds.",
        ),
        _f(
            "s2_venue",
            pa.string(),
            "The venue as S2 names it (journal name when venue is empty), e.g. 'USENIX "
            "Symposium on Operating Systems Design and Implementation' or 'arXiv.org'.",
        ),
        _f("publication_date", pa.date32(), "Publication date (S2, else arXiv v1 date)."),
        _f("authors", pa.list_(AUTHOR_STRUCT), "Authors in order: name and S2 author id."),
        _f("citation_count", pa.int64(), "S2 citationCount at fetch time."),
        _f("influential_citation_count", pa.int64(), "S2 influentialCitationCount."),
        _f("reference_count", pa.int64(), "S2 referenceCount."),
        _f("fields_of_study", pa.list_(pa.string()), "S2 fieldsOfStudy."),
        _f("open_access_pdf", pa.string(), "Open-access PDF URL (S2, else arXiv), null if none."),
        _f("match_status", pa.string(), "resolved | unresolved | error | not_a_paper.", False),
        _f("match_confidence", pa.float64(), "Confidence in [0, 1] that the match is right."),
        _f(
            "match_method",
            pa.string(),
            "list_link, s2_bulk, arxiv_batch, s2_match, arxiv_search, s2_datasets, "
            "override_s2, override_arxiv, override.",
        ),
        _f("match_reason", pa.string(), "Human-readable reason for the match verdict."),
        _f("input_titles", pa.list_(pa.string()), "Distinct titles the lists use for it.", False),
        _f(
            "provenance",
            pa.list_(PROVENANCE_STRUCT),
            "Which source filled each field: s2, arxiv, resolve, list, or "
            "s2_datasets:<release id> (the datasets store's release, --source datasets).",
        ),
    ]
)
"""``papers``: one row per distinct paper (resolved or not)."""

MENTIONS = pa.schema(
    [
        *_MENTION_FIELDS,
        _f("paper_id", pa.string(), "papers.paper_id of the mention; null if marked not a paper."),
    ]
)
"""``mentions``: the ingest columns plus ``paper_id``."""

AUTHORS = pa.schema(
    [
        _f("paper_id", pa.string(), "Paper (papers.paper_id).", False),
        _f("position", pa.int32(), "0-based author position.", False),
        _f("name", pa.string(), "Author name.", False),
        _f("s2_author_id", pa.string(), "Semantic Scholar authorId, null for arXiv-only authors."),
    ]
)

REFERENCES = pa.schema(
    [
        _f("citing_paper_id", pa.string(), "The citing paper (papers.paper_id).", False),
        _f("citing_s2_paper_id", pa.string(), "The citing paper's S2 paperId.", False),
        _f("cited_s2_paper_id", pa.string(), "The cited paper's S2 paperId.", False),
        _f(
            "cited_paper_id", pa.string(), "papers.paper_id of the cited paper; null if not listed."
        ),
    ]
)

TABLES: dict[str, pa.Schema] = {
    "papers": PAPERS,
    "mentions": MENTIONS,
    "authors": AUTHORS,
    "references": REFERENCES,
}
"""Snapshot tables, by name."""

ARXIV_STAGE = pa.schema(
    [
        _f("arxiv_id", pa.string(), "arXiv id without version.", False),
        _f("version", pa.int32(), "Latest version number."),
        _f("title", pa.string(), "Title as arXiv gives it.", False),
        _f("abstract", pa.string(), "Abstract."),
        _f("authors", pa.list_(pa.string()), "Author names, in order.", False),
        _f("published", pa.string(), "ISO date of version 1."),
        _f("updated", pa.string(), "ISO date of the latest version."),
        _f("doi", pa.string(), "DOI the authors added, if any."),
        _f("journal_ref", pa.string(), "Journal reference the authors added, if any."),
        _f("primary_category", pa.string(), "Primary arXiv category."),
        _f("categories", pa.list_(pa.string()), "All arXiv categories.", False),
        _f("pdf_url", pa.string(), "Link to the PDF."),
    ]
)
"""``OUT/stage/arxiv.parquet``: written by resolve, read by fetch. The arXiv entries that the
title searches accepted, so fetch need not ask arXiv ``id_list`` for them again."""

STAGE_TABLES: dict[str, pa.Schema] = {
    "mentions": MENTIONS_STAGE,
    "resolutions": RESOLUTIONS_STAGE,
    "arxiv": ARXIV_STAGE,
    "papers": PAPERS,
    "references": REFERENCES,
    "links": LINKS_STAGE,
}
"""Stage files under ``OUT/stage/``, by name."""

STAGE_STAMPS: dict[str, dict[str, str]] = {"mentions": {"enrich.title_keys": str(KEYS_VERSION)}}
"""Parquet metadata a stage file's writer sets and its readers require, by stage name: the
version of the title keys and group ids the mentions were given
(:data:`enrich.grouping.KEYS_VERSION`). A file keyed by another version is refused."""


def from_columns(columns: Mapping[str, Sequence[Any]], schema: pa.Schema) -> pa.Table:
    """Build a table from whole columns (the fast path for large tables); same checks."""
    if set(columns) != set(schema.names):
        missing = sorted(set(schema.names) - set(columns))
        extra = sorted(set(columns) - set(schema.names))
        raise SchemaError(f"missing columns {missing}, unexpected columns {extra}")
    try:
        return pa.Table.from_pydict({n: columns[n] for n in schema.names}, schema=schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise SchemaError(f"rows do not fit the schema: {exc}") from exc


def from_records(records: Sequence[Any], schema: pa.Schema) -> pa.Table:
    """Build a table from typed records whose attributes are named like the columns."""
    return from_columns({n: [getattr(r, n) for r in records] for n in schema.names}, schema)


def check_table(table: pa.Table, schema: pa.Schema, what: str) -> pa.Table:
    """Check a table read from disk against ``schema``; cast compatible types, else raise."""
    missing = [n for n in schema.names if n not in table.column_names]
    if missing:
        raise SchemaError(f"{what}: missing columns {missing}; rerun the stage that writes it")
    try:
        return table.select(schema.names).cast(schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError, ValueError) as exc:
        raise SchemaError(f"{what}: columns do not match the schema: {exc}") from exc


def markdown() -> str:
    """The schema documentation as Markdown (the source of ``docs/schema.md``)."""
    out = [
        "# Output schema",
        "",
        f"Schema version {SCHEMA_VERSION}. "
        "Generated by `python -m enrich.schema > docs/schema.md`; do not edit by hand.",
        "",
    ]
    for title, tables in (
        ("Snapshot tables", TABLES),
        ("Stage files (`OUT/stage/`)", STAGE_TABLES),
    ):
        out += [f"## {title}", ""]
        for name, schema in tables.items():
            out += [f"### `{name}`", ""]
            if tables is STAGE_TABLES and name in STAGE_STAMPS:
                stamp = ", ".join(f"`{k}` = `{v}`" for k, v in STAGE_STAMPS[name].items())
                out += [f"File metadata: {stamp} (readers refuse other values).", ""]
            out += ["| column | type | null | meaning |", "|---|---|---|---|"]
            for fld in schema:
                doc = (fld.metadata or {}).get(b"doc", b"").decode()
                out.append(
                    f"| `{fld.name}` | `{fld.type}` | {'yes' if fld.nullable else 'no'} | {doc} |"
                )
            out.append("")
    return "\n".join(out)


if __name__ == "__main__":  # pragma: no cover
    print(markdown(), end="")
