"""The fixture world behind the replica, and the pure logic that answers questions about it.

A world is a JSON document (see ``README.md``)::

    {"meta": {...},
     "s2": {"papers": [<S2 paper record, all fields>]},
     "arxiv": {"entries": [<arXiv entry>]},
     "match_overrides": {"<normalized title>": "<paperId>" | null},
     "truth": [{"list_title": ..., "expect": "s2:<id>" | "arxiv:<id>" | null, ...}]}

Everything here is a function of the world and the request: no sockets, no clocks. The server
(``server.py``) only turns these answers into bytes.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

S2_FIELD_ORDER = (
    "paperId",
    "externalIds",
    "corpusId",
    "publicationVenue",
    "url",
    "title",
    "abstract",
    "venue",
    "year",
    "referenceCount",
    "citationCount",
    "influentialCitationCount",
    "isOpenAccess",
    "openAccessPdf",
    "fieldsOfStudy",
    "s2FieldsOfStudy",
    "publicationTypes",
    "publicationDate",
    "journal",
    "citationStyles",
    "authors",
    "citations",
    "references",
    "embedding",
    "tldr",
)
"""The order S2 writes paper fields in, whatever order ``fields=`` asked for them."""

AUTHOR_SUBFIELDS = frozenset(
    {"authorId", "name", "url", "affiliations", "homepage", "paperCount", "citationCount",
     "hIndex", "externalIds", "aliases"}
)
PAPER_SUBFIELDS = frozenset(S2_FIELD_ORDER) - {"citations", "references", "embedding", "tldr"}

MATCH_THRESHOLD = 62.0
"""Loose on purpose: S2's title match answers with *a* paper far more often than with the right
one, so the client must verify. rapidfuzz ``ratio`` on normalized titles, 0-100."""

OVERRIDE_FUZZ = 95.0
"""A query this close to a ``match_overrides`` key counts as that key (punctuation drift)."""

ARXIV_ID_RE = re.compile(r"^(\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d{7})(v\d+)?$")
"""Well-formed arXiv identifiers, new style (2309.06180) and old style (astro-ph/0601001)."""

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalize_title(text: str) -> str:
    """Casefold, drop accents and punctuation, collapse spaces: how the replica compares titles."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        text = text.casefold().replace("μ", "u")
    return _NON_ALNUM.sub(" ", text.casefold()).strip()


def _stem(token: str) -> str:
    return token[:-1] if len(token) > 3 and token.endswith("s") else token


def tokens(text: str) -> list[str]:
    return [_stem(t) for t in normalize_title(text).split()]


def stable_fraction(*parts: object) -> float:
    """A number in [0, 1) that depends only on ``parts``: the replica's only source of chance."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def strip_version(arxiv_id: str) -> str:
    return re.sub(r"v\d+$", "", arxiv_id)


class FieldError(ValueError):
    """``fields=`` named something S2 does not know; carries the offending names."""

    def __init__(self, bad: Sequence[str]):
        super().__init__(", ".join(bad))
        self.bad = list(bad)


@dataclass(frozen=True)
class FieldSpec:
    """A parsed ``fields=`` parameter: top-level fields plus requested sub-fields."""

    top: frozenset[str]
    sub: dict[str, frozenset[str]]


def parse_fields(raw: str | None) -> FieldSpec:
    """Parse S2's ``fields`` parameter; unknown names raise :class:`FieldError` (S2 answers 400)."""
    if raw is None or not raw.strip():
        return FieldSpec(frozenset({"title"}), {})
    top: set[str] = set()
    sub: dict[str, set[str]] = {}
    bad: list[str] = []
    for name in (part.strip() for part in raw.split(",")):
        if not name:
            continue
        head, _, rest = name.partition(".")
        if head not in S2_FIELD_ORDER:
            bad.append(name)
            continue
        if rest:
            allowed = AUTHOR_SUBFIELDS if head == "authors" else PAPER_SUBFIELDS
            if head not in ("authors", "citations", "references") or rest not in allowed:
                bad.append(name)
                continue
            sub.setdefault(head, set()).add(rest)
        top.add(head)
    if bad:
        raise FieldError(bad)
    return FieldSpec(frozenset(top), {k: frozenset(v) for k, v in sub.items()})


class World:
    """Indexes over a world document and the answers S2 and arXiv would give from it."""

    def __init__(self, data: dict[str, Any]):
        self.data = data
        self.meta: dict[str, Any] = data.get("meta", {})
        self.papers: dict[str, dict[str, Any]] = {}
        self._by_arxiv: dict[str, str] = {}
        self._by_doi: dict[str, str] = {}
        self._by_corpus: dict[int, str] = {}
        for paper in data.get("s2", {}).get("papers", []):
            pid = paper["paperId"]
            self.papers[pid] = paper
            ext = paper.get("externalIds") or {}
            if ext.get("ArXiv"):
                self._by_arxiv[ext["ArXiv"]] = pid
            if ext.get("DOI"):
                self._by_doi[ext["DOI"].casefold()] = pid
            corpus = ext.get("CorpusId", paper.get("corpusId"))
            if corpus is not None:
                self._by_corpus[int(corpus)] = pid
        self._ids = list(self.papers)
        self._norm_titles = [normalize_title(self.papers[p]["title"]) for p in self._ids]
        self._title_tokens = [set(tokens(self.papers[p]["title"])) for p in self._ids]
        self.overrides: dict[str, str | None] = {
            normalize_title(k): v for k, v in data.get("match_overrides", {}).items()
        }
        self._override_keys = list(self.overrides)
        self.entries: dict[str, dict[str, Any]] = {}
        for entry in data.get("arxiv", {}).get("entries", []):
            self.entries[entry["id"]] = entry
        self._entry_ids = list(self.entries)
        self._entry_tokens: dict[str, dict[str, list[str]]] = {}
        self._token_index: dict[str, dict[str, set[str]]] = {}
        self._citations: dict[str, list[str]] = {}
        for pid, paper in self.papers.items():
            for ref in paper.get("references") or []:
                if ref.get("paperId") in self.papers:
                    self._citations.setdefault(ref["paperId"], []).append(pid)

    @classmethod
    def load(cls, path: str | Path) -> World:
        return cls(json.loads(Path(path).read_text(encoding="utf-8")))

    @property
    def truth(self) -> list[dict[str, Any]]:
        return list(self.data.get("truth", []))

    # ---- S2 ---------------------------------------------------------------------------------

    def lookup(self, ident: str) -> dict[str, Any] | None:
        """Resolve an S2 paper id in any accepted form: 40-hex, ``ARXIV:``, ``DOI:``, ``CorpusId:``,
        or a bare DOI. Unknown or malformed ids give ``None`` (S2's ``null``/404)."""
        ident = ident.strip()
        prefix, sep, rest = ident.partition(":")
        if sep:
            kind = prefix.casefold()
            if kind == "arxiv":
                pid = self._by_arxiv.get(strip_version(rest.strip()))
            elif kind == "doi":
                pid = self._by_doi.get(rest.strip().casefold())
            elif kind == "corpusid":
                pid = self._by_corpus.get(int(rest)) if rest.strip().isdigit() else None
            else:
                pid = None
        elif ident.startswith("10."):
            pid = self._by_doi.get(ident.casefold())
        else:
            pid = ident if ident in self.papers else None
        return self.papers.get(pid) if pid else None

    def _override(self, norm: str) -> tuple[bool, str | None]:
        if norm in self.overrides:
            return True, self.overrides[norm]
        if self._override_keys:
            hit = process.extractOne(
                norm, self._override_keys, scorer=fuzz.ratio, score_cutoff=OVERRIDE_FUZZ
            )
            if hit is not None:
                return True, self.overrides[hit[0]]
        return False, None

    def match(self, query: str) -> tuple[dict[str, Any], float] | None:
        """S2's ``/paper/search/match``: the single best title candidate, or ``None`` (404).

        Overrides first (they model S2 handing back a look-alike, or finding nothing for a title
        it does hold under another name), then the best rapidfuzz ``ratio`` over all titles if it
        clears :data:`MATCH_THRESHOLD`. Returns the paper and an S2-like unbounded matchScore.
        """
        norm = normalize_title(query)
        if not norm:
            return None
        forced, pid = self._override(norm)
        if forced:
            if pid is None or pid not in self.papers:
                return None
            paper = self.papers[pid]
            # S2 is as sure of a look-alike as of the right paper: the score says nothing.
            ratio = fuzz.ratio(norm, normalize_title(paper["title"]))
            return paper, self.match_score(paper, max(ratio, 88.0))
        hit = process.extractOne(
            norm, self._norm_titles, scorer=fuzz.ratio, score_cutoff=MATCH_THRESHOLD
        )
        if hit is None:
            return None
        paper = self.papers[self._ids[hit[2]]]
        return paper, self.match_score(paper, hit[1])

    @staticmethod
    def match_score(paper: dict[str, Any], ratio: float) -> float:
        """Unbounded like S2's (roughly 100-240, growing with title length), never a probability."""
        n = len(normalize_title(paper["title"]).split())
        base = (70.0 + 11.0 * n) * (ratio / 100.0) ** 2
        return round(base + stable_fraction("score", paper["paperId"]) * 5.0, 5)

    def search(self, query: str) -> list[dict[str, Any]]:
        """S2's relevance ``/paper/search``: papers sharing at least half the query's words, best
        first (share of words, then title similarity, then citations)."""
        qtok = set(tokens(query))
        if not qtok:
            return []
        norm = normalize_title(query)
        scored = []
        for i, ttok in enumerate(self._title_tokens):
            share = len(qtok & ttok) / len(qtok)
            if share >= 0.5:
                paper = self.papers[self._ids[i]]
                sim = fuzz.ratio(norm, self._norm_titles[i])
                scored.append((-share, -sim, -(paper.get("citationCount") or 0), self._ids[i]))
        scored.sort()
        return [self.papers[s[3]] for s in scored]

    def citations_of(self, pid: str) -> list[str]:
        return list(self._citations.get(pid, []))

    def select(
        self, paper: dict[str, Any], spec: FieldSpec, *, batch: bool = False
    ) -> dict[str, Any]:
        """The paper as S2 would print it for ``spec``: ``paperId`` always, then only the asked
        fields in S2's own order. In batch answers ``citations`` is ``[]`` (a real S2 quirk)."""
        out: dict[str, Any] = {"paperId": paper["paperId"]}
        for name in S2_FIELD_ORDER[1:]:
            if name not in spec.top:
                continue
            if name == "url":
                out[name] = f"https://www.semanticscholar.org/paper/{paper['paperId']}"
            elif name == "corpusId":
                out[name] = (paper.get("externalIds") or {}).get("CorpusId")
            elif name == "citationStyles":
                out[name] = paper.get("citationStyles") or {"bibtex": bibtex(paper)}
            elif name == "authors":
                out[name] = [
                    _author(a, spec.sub.get("authors", frozenset())) for a in paper["authors"]
                ]
            elif name == "references":
                refs = paper.get("references") or []
                out[name] = [self._ref(r, spec.sub.get("references", frozenset())) for r in refs]
            elif name == "citations":
                cites = [] if batch else self.citations_of(paper["paperId"])
                sub = spec.sub.get("citations", frozenset())
                out[name] = [self._ref({"paperId": c}, sub) for c in cites]
            elif name in ("embedding", "tldr"):
                out[name] = paper.get(name)
            else:
                out[name] = paper.get(name)
        return out

    def _ref(self, ref: dict[str, Any], sub: frozenset[str]) -> dict[str, Any]:
        out: dict[str, Any] = {"paperId": ref.get("paperId")}
        target = self.papers.get(ref.get("paperId") or "")
        for name in S2_FIELD_ORDER[1:]:
            if name not in sub:
                continue
            if target is not None:
                out[name] = self.select(target, FieldSpec(frozenset({name}), {}))[name]
            elif name == "title":
                out[name] = ref.get("title")
            else:
                out[name] = None
        return out

    # ---- arXiv ------------------------------------------------------------------------------

    def arxiv_get(self, arxiv_id: str) -> dict[str, Any] | None:
        """An entry by id; a versioned id (``v2``) answers only if that version exists."""
        base = strip_version(arxiv_id)
        entry = self.entries.get(base)
        if entry is None:
            return None
        m = re.search(r"v(\d+)$", arxiv_id)
        if m and int(m.group(1)) > int(entry.get("versions", 1)):
            return None
        return entry

    def arxiv_search(self, search_query: str) -> list[dict[str, Any]]:
        """Evaluate an arXiv ``search_query`` (``ti:"phrase"``, ``ti:word AND ti:word``, ``all:``,
        ``abs:``, ``au:``, ``cat:``; AND/OR/ANDNOT left to right), most relevant first."""
        terms = parse_arxiv_query(search_query)
        if not terms:
            return []
        result: set[str] | None = None
        for op, field, value, phrase in terms:
            hits = self._term_hits(field, value, phrase)
            if result is None:
                result = hits
            elif op == "OR":
                result |= hits
            elif op == "ANDNOT":
                result -= hits
            else:
                result &= hits
        text = normalize_title(" ".join(t[2] for t in terms))
        ranked = sorted(
            result or (),
            key=lambda eid: (-fuzz.ratio(text, normalize_title(self.entries[eid]["title"])), eid),
        )
        return [self.entries[eid] for eid in ranked]

    def _field_tokens(self, field: str) -> tuple[dict[str, list[str]], dict[str, set[str]]]:
        """Tokens of ``field`` per entry and an inverted index, built on first use."""
        cached = self._entry_tokens.get(field)
        if cached is None:
            cached = {eid: tokens(_field_text(e, field)) for eid, e in self.entries.items()}
            index: dict[str, set[str]] = {}
            for eid, toks in cached.items():
                for tok in toks:
                    index.setdefault(tok, set()).add(eid)
            self._token_index[field] = index
            self._entry_tokens[field] = cached
        return cached, self._token_index[field]

    def _term_hits(self, field: str, value: str, phrase: bool) -> set[str]:
        if field == "cat":
            return {eid for eid, e in self.entries.items() if value in (e.get("categories") or [])}
        needle = tokens(value)
        if not needle:
            return set()
        hay, index = self._field_tokens(field)
        candidates = set.intersection(*(index.get(tok, set()) for tok in needle))
        if not phrase and len(needle) == 1:
            return candidates
        n = len(needle)
        hits = {eid for eid in candidates
                if any(hay[eid][i : i + n] == needle for i in range(len(hay[eid]) - n + 1))}
        if not hits:
            # Hyphens and spacing drift ("Tile-graph" / "tilegraph"): compare without spaces.
            joined = "".join(needle)
            hits = {eid for eid, toks in hay.items() if joined in "".join(toks)}
        return hits


_QUERY_TOKEN = re.compile(
    r'(?P<op>\bANDNOT\b|\bAND\b|\bOR\b)'
    r'|(?:(?P<field>ti|au|abs|co|jr|cat|rn|id|all):)?(?:"(?P<phrase>[^"]*)"|(?P<word>[^\s()"]+))'
)


def parse_arxiv_query(query: str) -> list[tuple[str, str, str, bool]]:
    """``search_query`` to a flat list of ``(op, field, value, is_phrase)``; parentheses ignored,
    juxtaposed terms are ANDed, a bare term searches ``all``."""
    out: list[tuple[str, str, str, bool]] = []
    pending = "AND"
    for m in _QUERY_TOKEN.finditer(query):
        if m.group("op"):
            pending = m.group("op")
            continue
        phrase = m.group("phrase")
        value = phrase if phrase is not None else m.group("word")
        if not value or not normalize_title(value):
            continue
        out.append((pending, m.group("field") or "all", value, phrase is not None))
        pending = "AND"
    return out


def _field_text(entry: dict[str, Any], field: str) -> str:
    if field == "ti":
        return entry["title"]
    if field == "abs":
        return entry.get("summary") or ""
    if field == "au":
        return " ".join(entry.get("authors") or [])
    if field == "cat":
        return " ".join(entry.get("categories") or [])
    if field == "co":
        return entry.get("comment") or ""
    if field == "jr":
        return entry.get("journal_ref") or ""
    if field == "id":
        return entry["id"]
    return " ".join(
        [entry["title"], entry.get("summary") or "", " ".join(entry.get("authors") or []),
         entry.get("comment") or ""]
    )


def _author(author: dict[str, Any], sub: Iterable[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"authorId": author.get("authorId"), "name": author.get("name")}
    for name in sorted(set(sub) - {"authorId", "name"}):
        out[name] = author.get(name)
    return out


def bibtex(paper: dict[str, Any]) -> str:
    """A citationStyles.bibtex string shaped like S2's."""
    authors = paper.get("authors") or []
    last = (authors[0]["name"].split()[-1] if authors else "Anon").replace("'", "")
    words = [w for w in normalize_title(paper["title"]).split() if len(w) > 2][:2]
    key = f"{last}{paper.get('year') or ''}{''.join(w[:1].upper() for w in words)}"
    lines = [f"@Article{{{key},", f" author = {{{' and '.join(a['name'] for a in authors)}}},"]
    if paper.get("venue"):
        lines.append(f" booktitle = {{{paper['venue']}}},")
    journal = paper.get("journal") or {}
    if journal.get("name"):
        lines.append(f" journal = {{{journal['name']}}},")
    lines.append(f" title = {{{paper['title']}}},")
    if journal.get("volume"):
        lines.append(f" volume = {{{journal['volume']}}},")
    lines.append(f" year = {{{paper.get('year')}}}")
    return "\n".join(lines) + "\n}\n"
