"""Row-dict tables for tests: the library builds its tables column by column
(:func:`enrich.schema.from_columns`); tests write a few rows by hand."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pyarrow as pa

from enrich.errors import SchemaError
from enrich.schema import from_columns


def to_table(
    rows: Iterable[Mapping[str, Any]] | Sequence[Mapping[str, Any]], schema: pa.Schema
) -> pa.Table:
    """Build a table with exactly ``schema``'s columns from row dicts.

    Missing or unexpected keys are an error (they mean a writer and the schema drifted).
    """
    rows = list(rows)
    names = schema.names
    expected = set(names)
    for i, row in enumerate(rows):
        keys = set(row)
        if keys != expected:
            missing = sorted(expected - keys)
            extra = sorted(keys - expected)
            raise SchemaError(f"row {i}: missing columns {missing}, unexpected columns {extra}")
    return from_columns({name: [row[name] for row in rows] for name in names}, schema)
