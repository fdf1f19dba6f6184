"""The store's title key, the same in Python and in DuckDB SQL (provisional: the importer's
branch owns this module; the interface is ``title_key``/``title_key_sql``/``bucket``/
``bucket_sql``).

Letters and digits of every script are kept (a CJK title must not become an empty key that
matches every other), lower-cased, accents stripped; everything else collapses to one space.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

BUCKETS = 64
"""Hive partitions of ``papers/``: a look-up of a few titles reads a few of them."""

_NOT_WORD = re.compile(r"[\W_]+")


def title_key(title: str) -> str:
    """``"ORCA: A Distributed Serving System"`` -> ``"orca a distributed serving system"``."""
    text = unicodedata.normalize("NFKD", title.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", text).strip()


def title_key_sql(expr: str) -> str:
    """:func:`title_key` as a DuckDB expression over ``expr``."""
    return rf"trim(regexp_replace(strip_accents(lower({expr})), '[^\p{{L}}\p{{N}}]+', ' ', 'g'))"


def bucket(key: str) -> int:
    """The partition of a title key: the first 32 bits of its MD5, modulo :data:`BUCKETS`."""
    return int(hashlib.md5(key.encode("utf-8")).hexdigest()[:8], 16) % BUCKETS


def bucket_sql(expr: str) -> str:
    """:func:`bucket` as a DuckDB expression."""
    return f"(('0x' || left(md5({expr}), 8))::UBIGINT % {BUCKETS})::INTEGER"
