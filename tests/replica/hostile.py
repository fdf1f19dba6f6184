"""Answers of the wrong shape or content: what a broken upstream (or a proxy in front of it)
sends with HTTP 200. ``start_replica(..., hostile={"s2.match": "int_paper_id"})`` turns every
200 answer of that endpoint into the named kind; other endpoints stay healthy.

Kinds (issue #16's findings):

* ``int_paper_id``: every ``paperId`` an integer (S2 match, search, batch, paper);
* ``bare_list``: the body is ``[]``;
* ``data_string``: ``{"data": "oops"}``;
* ``empty_data``: ``{"data": []}`` (issue #25: what a host S2 redirected to answered);
* ``strings``: a batch of strings (``["oops", ...]``, one per id);
* ``one_paper``: a batch answering the first paper found for every id;
* ``huge``: the real answer plus :data:`HUGE_BYTES` of padding (still valid JSON or XML);
* ``junk_entries``: an arXiv feed with three junk entries (no id, an empty title, a date that is
  not one) before the real ones.
"""

from __future__ import annotations

import json
from typing import Any

HUGE_BYTES = 2_000_000
"""Padding for ``huge``: tests set ``ENRICH_MAX_RESPONSE_MB`` below it."""

KINDS = (
    "int_paper_id",
    "bare_list",
    "data_string",
    "empty_data",
    "strings",
    "one_paper",
    "huge",
    "junk_entries",
)

JUNK_ENTRIES = b"""
  <entry>
    <title>An entry without an id</title>
    <published>2023-01-01T00:00:00Z</published>
  </entry>
  <entry>
    <id>http://arxiv.org/abs/2301.00001v1</id>
    <title></title>
    <published>2023-01-01T00:00:00Z</published>
  </entry>
  <entry>
    <id>http://arxiv.org/abs/2301.00002v1</id>
    <title>An entry whose date is not one</title>
    <published>yesterday</published>
  </entry>
"""


def _int_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: (12345 if k == "paperId" else _int_ids(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_int_ids(v) for v in value]
    return value


def transform(kind: str, body: bytes, content_type: str) -> bytes:
    """The hostile version of a healthy 200 ``body``."""
    if kind not in KINDS:
        raise ValueError(f"unknown hostile kind {kind!r}; choose from {KINDS}")
    if "xml" in content_type:
        if kind == "junk_entries":
            head, sep, rest = body.partition(b"<entry>")
            if not sep:
                return body.replace(b"</feed>", JUNK_ENTRIES + b"</feed>")
            return head + JUNK_ENTRIES.lstrip() + b"  <entry>" + rest
        if kind == "huge":
            return body.replace(b"</feed>", b"<!-- " + b"x" * HUGE_BYTES + b" -->\n</feed>")
        return body
    value = json.loads(body)
    if kind == "int_paper_id":
        value = _int_ids(value)
    elif kind == "bare_list":
        value = []
    elif kind == "data_string":
        value = {"data": "oops"}
    elif kind == "empty_data":
        value = {"data": []}
    elif kind == "strings" and isinstance(value, list):
        value = ["oops"] * len(value)
    elif kind == "one_paper" and isinstance(value, list):
        first = next((v for v in value if v), None)
        value = [first for _ in value]
    elif kind == "huge":
        if isinstance(value, dict):
            value["padding"] = "x" * HUGE_BYTES
        else:
            return json.dumps(value).encode()[:-1] + b" " * HUGE_BYTES + b"]"
    return json.dumps(value, ensure_ascii=False).encode("utf-8")
