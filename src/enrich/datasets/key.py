"""The datasets store's title key and bucket, in Python and in DuckDB SQL, giving the same values.

The importer computes the key in SQL over hundreds of millions of titles; the look-up computes it
in Python for each listed title; a join between them works only if both give the same string
for every title, so both follow one recipe (a test compares them on many titles)::

    full-width ASCII letters and digits -> ASCII     (NFKC's width folding, the part SQL can do)
    lower-case, one code point at a time              (DuckDB ``lower``: no context rules)
    accents stripped: decompose, drop marks, recompose (DuckDB ``strip_accents``)
    hyphens, apostrophes, zero-width characters deleted ("Co-adaptive" = "Coadaptive")
    every other character that is not a letter or digit (of any script) -> space; runs collapsed

Letters and digits of every script are kept: an ASCII-only key turns a CJK title into an empty
string that matches every other one (API-NOTES.md). The key differs from
:func:`enrich.normalize.title_key` (that one applies full NFKC and keeps accents): never compare
one with the other.
"""

from __future__ import annotations

import hashlib
import unicodedata

BUCKETS = 64
"""Partitions of the papers table: a look-up by title key reads 1/64 of the titles. The bucket is
the low six bits of the first byte of the key's MD5, which both Python and DuckDB compute."""

_FULLWIDTH_FROM = "".join(chr(c) for c in range(0xFF10, 0xFF1A)) + "".join(
    chr(c) for c in (*range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))
)
_FULLWIDTH_TO = "".join(chr(ord(c) - 0xFEE0) for c in _FULLWIDTH_FROM)

DELETED = "-'\u00ad\u2010\u2011\u2018\u2019\u02bc\uff07\uff0d\u200b\u200c\u200d\u2060\ufeff"
"""Hyphens, apostrophes (straight, curly, modifier, full-width), the soft hyphen and zero-width
characters: deleted, so a word split or joined by one keeps its key. Dashes (en, em) separate."""


class _LowerTable(dict[int, str]):
    """``str.translate`` table: full-width ASCII folded, then each code point lower-cased alone
    (``"Σ".lower()``, not the final-sigma rule of ``str.lower`` on a word), as DuckDB does."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if 0xFF10 <= code <= 0xFF5A:
            ch = ch.translate(_FULLWIDTH)
        value = ch.lower()
        self[code] = value
        return value


class _KeepTable(dict[int, str | None]):
    """``str.translate`` table: letters and digits kept, :data:`DELETED` removed, the rest a
    space. Filled per code point on first sight, so a title costs one C-speed pass."""

    def __missing__(self, code: int) -> str | None:
        ch = chr(code)
        value: str | None
        if ch in DELETED:
            value = None
        elif unicodedata.category(ch)[0] in "LN":
            value = ch
        else:
            value = " "
        self[code] = value
        return value


_FULLWIDTH = str.maketrans(_FULLWIDTH_FROM, _FULLWIDTH_TO)
_LOWER = _LowerTable()
_KEEP = _KeepTable()
_ASCII_KEEP = str.maketrans(
    {c: (c if c.isalnum() else None if c in DELETED else " ") for c in map(chr, range(128))}
)


def strip_accents(text: str) -> str:
    """Canonical decomposition, combining marks (every ``M*`` category) dropped, recomposed:
    ``"Café" -> "Cafe"``, ``"저주파"`` unchanged (Hangul recomposes), as DuckDB's
    ``strip_accents``."""
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.category(ch).startswith("M"))
    return unicodedata.normalize("NFC", kept)


def title_key(title: str) -> str:
    """The store's title key (see the module docstring).

    >>> title_key("ORCA: A Distributed Serving System for Transformer‐Based Models")
    'orca a distributed serving system for transformerbased models'
    >>> title_key("马克思主义再生产理论的数学分析(二)")
    '马克思主义再生产理论的数学分析 二'
    """
    if title.isascii():
        return " ".join(title.lower().translate(_ASCII_KEEP).split())
    return " ".join(strip_accents(title.translate(_LOWER)).translate(_KEEP).split())


def bucket(key: str) -> int:
    """The papers partition (0..63) that holds the titles with this key."""
    return hashlib.md5(key.encode("utf-8"), usedforsecurity=False).digest()[0] % BUCKETS


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def title_key_sql(expr: str) -> str:
    """A DuckDB SQL expression giving :func:`title_key` of the VARCHAR expression ``expr``."""
    folded = f"translate({expr}, {_sql_string(_FULLWIDTH_FROM)}, {_sql_string(_FULLWIDTH_TO)})"
    stripped = f"strip_accents(lower({folded}))"
    deleted = f"regexp_replace({stripped}, {_sql_string('[' + _re_class(DELETED) + ']')}, '', 'g')"
    spaced = f"regexp_replace({deleted}, '[^\\p{{L}}\\p{{N}}]+', ' ', 'g')"
    # ASCII titles (most of them: as many bytes as characters) take the short way
    ascii_deleted = f"replace(replace(lower({expr}), '-', ''), {_sql_string(chr(39))}, '')"
    ascii_key = f"trim(regexp_replace({ascii_deleted}, '[^a-z0-9]+', ' ', 'g'))"
    return f"(CASE WHEN strlen({expr}) = length({expr}) THEN {ascii_key} ELSE trim({spaced}) END)"


def bucket_sql(expr: str) -> str:
    """A DuckDB SQL expression giving :func:`bucket` of the title key ``expr``."""
    return f"(('0x' || substr(md5({expr}), 1, 2))::INTEGER % {BUCKETS})"


def _re_class(chars: str) -> str:
    """``chars`` as the inside of an RE2 character class (``-`` escaped)."""
    return "".join("\\-" if c == "-" else c for c in chars)
