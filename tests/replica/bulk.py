"""S2's ``/paper/search/bulk``: a boolean query over titles and abstracts, pages in paperId order.

What the replica reproduces (facts in ``../shared/API-NOTES.md``, bodies in the
``s2_bulk_search_*.json`` fixtures):

* the ``simple_query_string`` operators: ``+`` AND, ``|`` OR, ``-`` NOT (at a token's start),
  ``"..."`` phrase, ``*`` prefix, ``( )`` grouping, ``~N`` fuzzy/slop (accepted, ignored);
  juxtaposed terms are AND-ed, and a malformed query never fails: an unclosed ``"`` makes the
  rest of the query bare words;
* English-ish stemming (the replica's :func:`~tests.replica.world.tokens`: plural ``s``);
* matching over title **and** abstract;
* up to :data:`PAGE` rows a page in paperId order, the next page by ``token``, ``token`` present
  and ``null`` on the last page, no ``matchScore``;
* some papers missing from the search index (:data:`UNINDEXED_SHARE`): only ``/match`` and the
  id endpoints find them;
* papers whose abstracts quote the most cited titles (:data:`QUOTERS` each), so that a batch
  holding such a title passes 1,000 rows.
"""

from __future__ import annotations

import base64
import hashlib
import re
import threading
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tests.replica.world import World, stable_fraction, tokens

PAGE = 1000
"""Rows per page; S2 takes no ``limit``."""

UNINDEXED_SHARE = 0.03
"""Share of a world's papers that the search index lacks (S2's index lags its corpus)."""

FAMOUS = 2
"""How many of a world's most cited papers are quoted in other papers' abstracts."""

QUOTERS = 1200
"""Papers quoting each famous title in their abstract: more than one page on their own."""

MAX_URL = 8192
"""S2's edge (API Gateway behind CloudFront) answers 414 past this many URL characters."""

MAX_BODY = 10 * 1024 * 1024
"""S2 refuses an answer over 10 MB with a 400."""

_TOKEN = re.compile(r'\s+|"|\||\+|\(|\)|[^\s"|+()]+')


@dataclass(frozen=True)
class Doc:
    paper: dict[str, Any]
    title: tuple[str, ...]
    abstract: tuple[str, ...]


class BulkIndex:
    """The searchable papers of a world, in paperId order, with an inverted index."""

    def __init__(self, world: World):
        missing = set(world.meta.get("unindexed", ()))  # a generated world's: bulk misses them
        docs = [
            p for p in world.papers.values()
            if indexed(p["paperId"]) and p["paperId"] not in missing
        ]
        docs.extend(_quoters(world))
        docs.sort(key=lambda p: p["paperId"])
        self.docs = [
            Doc(p, tuple(tokens(p.get("title") or "")), tuple(tokens(p.get("abstract") or "")))
            for p in docs
        ]
        self.postings: dict[str, set[int]] = {}
        for i, doc in enumerate(self.docs):
            for tok in {*doc.title, *doc.abstract}:
                self.postings.setdefault(tok, set()).add(i)
        self.all = frozenset(range(len(self.docs)))

    def search(self, query: str) -> list[dict[str, Any]]:
        """The papers ``query`` selects, in paperId order."""
        node = Parser(query).parse()
        hits = self._eval(node) if node is not None else set()
        return [self.docs[i].paper for i in sorted(hits)]

    # -- evaluation --------------------------------------------------------------------------

    def _eval(self, node: tuple) -> set[int]:
        kind = node[0]
        if kind == "or":
            out: set[int] = set()
            for child in node[1]:
                out |= self._eval(child)
            return out
        if kind == "and":
            positive = [c for c in node[1] if c[0] != "not"]
            negative = [c[1] for c in node[1] if c[0] == "not"]
            result = set(self.all)
            for child in positive:
                result &= self._eval(child)
            for child in negative:
                result -= self._eval(child)
            return result
        if kind == "not":
            return set(self.all) - self._eval(node[1])
        if kind == "prefix":
            return {i for tok, ids in self.postings.items() if tok.startswith(node[1]) for i in ids}
        return self._phrase(node[1])

    def _phrase(self, words: tuple[str, ...]) -> set[int]:
        if not words:
            return set()
        sets = [self.postings.get(w, set()) for w in words]
        candidates = set.intersection(*sets)
        if len(words) == 1:
            return candidates
        n = len(words)
        return {
            i
            for i in candidates
            if any(_contains(field, words, n) for field in (self.docs[i].title,
                                                             self.docs[i].abstract))
        }


def _contains(field: tuple[str, ...], words: tuple[str, ...], n: int) -> bool:
    return any(field[j : j + n] == words for j in range(len(field) - n + 1))


def indexed(paper_id: str) -> bool:
    """Whether the search index holds this paper (a stable choice per paperId)."""
    return stable_fraction("bulk-index", paper_id) >= UNINDEXED_SHARE


def _quoters(world: World) -> Iterable[dict[str, Any]]:
    ranked = sorted(
        (p for p in world.papers.values() if p.get("title")),
        key=lambda p: (-(p.get("citationCount") or 0), p["paperId"]),
    )
    for famous in ranked[:FAMOUS]:
        for i in range(QUOTERS):
            pid = hashlib.sha1(f"quoter-{famous['paperId']}-{i}".encode()).hexdigest()
            yield {
                "paperId": pid,
                "externalIds": {"CorpusId": int(pid[:7], 16)},
                "title": f"Follow-up study {i} on systems practice",
                "abstract": f'We revisit "{famous["title"]}" and measure what it changed.',
                "venue": "",
                "year": 2024,
                "citationCount": 0,
                "authors": [],
                "references": [],
            }


class Parser:
    """A ``simple_query_string`` subset, parsed the forgiving way Elasticsearch does.

    Nodes: ``("or", [..])``, ``("and", [..])``, ``("not", node)``, ``("phrase", words)``
    (a bare word is a one-word phrase), ``("prefix", stem)``.
    """

    def __init__(self, query: str):
        self.toks = self._lex(query)
        self.pos = 0

    @staticmethod
    def _lex(query: str) -> list[tuple[str, str]]:
        raw = [m.group(0) for m in _TOKEN.finditer(query)]
        out: list[tuple[str, str]] = []
        i = 0
        while i < len(raw):
            tok = raw[i]
            if tok == '"':
                try:
                    end = raw.index('"', i + 1)
                except ValueError:  # unclosed: the rest are bare words
                    i += 1
                    continue
                out.append(("phrase", "".join(raw[i + 1 : end])))
                i = end + 1
                # a ~N slop right after the phrase is accepted and ignored
                if i < len(raw) and raw[i].startswith("~"):
                    i += 1
                continue
            if tok.isspace():
                i += 1
                continue
            if tok in ("|", "+", "(", ")"):
                out.append((tok, tok))
            elif tok.startswith("-") and len(tok) > 1:
                out.append(("-", "-"))
                out.append(("word", tok[1:]))
            else:
                out.append(("word", tok))
            i += 1
        return out

    def _peek(self) -> str | None:
        return self.toks[self.pos][0] if self.pos < len(self.toks) else None

    def parse(self) -> tuple | None:
        node = self._or()
        while self.pos < len(self.toks):  # a stray ")" is ignored
            self.pos += 1
            more = self._or()
            if more is not None:
                node = ("and", [n for n in (node, more) if n is not None])
        return node

    def _or(self) -> tuple | None:
        parts = [self._and()]
        while self._peek() == "|":
            self.pos += 1
            parts.append(self._and())
        parts = [p for p in parts if p is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else ("or", parts)

    def _and(self) -> tuple | None:
        parts = []
        while self._peek() not in (None, "|", ")"):
            if self._peek() == "+":
                self.pos += 1
                continue
            unary = self._unary()
            if unary is not None:
                parts.append(unary)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else ("and", parts)

    def _unary(self) -> tuple | None:
        if self._peek() == "-":
            self.pos += 1
            inner = self._unary()
            return ("not", inner) if inner is not None else None
        return self._atom()

    def _atom(self) -> tuple | None:
        kind, text = self.toks[self.pos]
        self.pos += 1
        if kind == "(":
            inner = self._or()
            if self._peek() == ")":
                self.pos += 1
            return inner
        if kind == "phrase":
            words = tuple(tokens(text))
            return ("phrase", words) if words else None
        if kind == "word":
            word = re.sub(r"~\d*$", "", text)
            if word.endswith("*"):
                stem = tokens(word[:-1])
                return ("prefix", stem[0]) if len(stem) == 1 else (
                    ("phrase", tuple(stem)) if stem else None)
            words = tuple(tokens(word))
            return ("phrase", words) if words else None
        return None


TOKEN_BYTES = 80
"""A next-page token encodes this many bytes: 128 characters, as long as S2's (125-131 in
``api-samples/s2_bulk_search_*``), so a next page's URL grows as much as a real one."""


def make_token(query: str, offset: int) -> str:
    """An opaque next-page token (upper-case base32, like S2's, and as long)."""
    digest = hashlib.sha1(query.encode()).hexdigest()
    raw = f"{offset}:{digest}:".encode().ljust(TOKEN_BYTES, b"0")
    return base64.b32encode(raw).decode().rstrip("=")


def read_token(query: str, token: str) -> int | None:
    """The offset a token stands for, or ``None`` when it is not this query's token."""
    try:
        padded = token + "=" * (-len(token) % 8)
        offset, digest, _ = base64.b32decode(padded).decode().split(":", 2)
    except ValueError:
        return None
    if digest != hashlib.sha1(query.encode()).hexdigest() or not offset.isdigit():
        return None
    return int(offset)


_INDEXES: weakref.WeakKeyDictionary[World, BulkIndex] = weakref.WeakKeyDictionary()
_INDEX_LOCK = threading.Lock()


def index_of(world: World) -> BulkIndex:
    """The world's bulk index, built on first use (once, whatever the threads)."""
    with _INDEX_LOCK:
        index = _INDEXES.get(world)
        if index is None:
            index = _INDEXES[world] = BulkIndex(world)
        return index
