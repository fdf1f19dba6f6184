"""The schema module: docs in step with the code, drift is an error."""

from pathlib import Path

import pyarrow as pa
import pytest

from enrich.errors import SchemaError
from enrich.schema import (
    PAPERS,
    STAGE_TABLES,
    TABLES,
    check_table,
    from_columns,
    markdown,
)
from tests.tables import to_table

DOCS = Path(__file__).resolve().parents[1] / "docs" / "schema.md"


def test_docs_schema_md_is_generated_from_the_code():
    assert DOCS.read_text() == markdown(), "run: python -m enrich.schema > docs/schema.md"


def test_every_column_has_a_doc():
    for schema in [*TABLES.values(), *STAGE_TABLES.values()]:
        for field in schema:
            assert (field.metadata or {}).get(b"doc"), field.name


def test_row_with_a_missing_or_extra_column_is_an_error():
    schema = pa.schema([pa.field("a", pa.int32()), pa.field("b", pa.string())])
    with pytest.raises(SchemaError, match=r"missing columns \['b'\], unexpected columns \['c'\]"):
        to_table([{"a": 1, "c": "x"}], schema)


def test_wrong_type_is_an_error():
    schema = pa.schema([pa.field("a", pa.int32())])
    with pytest.raises(SchemaError, match="do not fit the schema"):
        from_columns({"a": ["not a number"]}, schema)


def test_table_read_from_disk_missing_a_column_names_it():
    table = pa.table({"paper_id": ["x"]})
    with pytest.raises(SchemaError, match="missing columns"):
        check_table(table, PAPERS, "papers.parquet")
