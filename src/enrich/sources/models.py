"""The declared shape of every upstream answer, checked before it is used or cached.

One pydantic model per S2 endpoint (title match, relevance search, bulk search, batch, paper)
and one for an arXiv Atom entry. :func:`s2_problem` is what the HTTP cache policy asks of every
S2 body (:meth:`enrich.http.cache_policy.CachePolicy.body_problem`): a body of the wrong shape
is never stored and is retried like a 5xx. The S2 client parses the same models, so no answer
reaches the pipeline through ``.get()`` guesses.

The models are strict about types (an integer ``paperId`` is wrong, not coerced) and lenient
about what real answers leave out: every field but ``paperId`` may be null or absent, and keys
S2 adds later are ignored. Shapes follow the recorded bodies in ``tests/fixtures/api-samples``
(``externalIds.CorpusId`` is an int, all other ids strings; ``openAccessPdf`` null or
``{"url": "", ...}``; ``journal`` without ``name``; search with zero hits has no ``data``; bulk
search's last page has ``"token": null``).

A batch answer must also *belong* to the ids asked (:func:`belongs`): an item answers the id
asked when its ``paperId`` is that id, or the asked ``ARXIV:``/``DOI:``/``CorpusId:`` id is
among its external ids. S2 merges records, so an old paperId can come back as another one; we
cannot tell that from a wrong answer (the old id is not among the new record's ids), so such an
item is dropped as "not found" with a warning (the next title match finds the new id), and only
a batch where several items belong to other ids is wrong as a whole.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Annotated, Any
from urllib.parse import unquote, urlsplit

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator


class _Answer(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)


class S2AuthorModel(_Answer):
    authorId: str | None = None  # noqa: N815 (S2's key)
    name: str | None = None


class S2JournalModel(_Answer):
    name: str | None = None


class S2OpenAccessModel(_Answer):
    url: str | None = None


class S2ReferenceModel(_Answer):
    paperId: str | None = None  # noqa: N815


class S2Record(_Answer):
    """One S2 paper object, as any endpoint returns it (only the fields we read are typed)."""

    paperId: Annotated[str, Field(min_length=1)]  # noqa: N815
    corpusId: int | None = None  # noqa: N815
    externalIds: dict[str, str | int | None] | None = None  # noqa: N815
    title: str | None = None
    abstract: str | None = None
    year: int | None = None
    venue: str | None = None
    journal: S2JournalModel | None = None
    publicationDate: str | None = None  # noqa: N815
    authors: list[S2AuthorModel | None] | None = None
    citationCount: int | None = None  # noqa: N815
    influentialCitationCount: int | None = None  # noqa: N815
    referenceCount: int | None = None  # noqa: N815
    fieldsOfStudy: list[str] | None = None  # noqa: N815
    openAccessPdf: S2OpenAccessModel | None = None  # noqa: N815
    references: list[S2ReferenceModel | None] | None = None  # null entries: skipped
    matchScore: float | None = None  # noqa: N815


class S2MatchAnswer(_Answer):
    """``GET /paper/search/match``: ``{"data": [{...}]}``. No match is a 404 ``{"error": "Title
    match not found"}``, so an empty ``data`` is a wrong answer, not "no match" (cached as one,
    it would hide a title for the 30 days of ``search_ttl``)."""

    data: Annotated[list[S2Record], Field(min_length=1)]


class S2SearchAnswer(_Answer):
    """``GET /paper/search``: zero hits is ``{"total": 0, "offset": 0}`` with no ``data``."""

    total: int
    offset: int = 0
    next: int | None = None
    data: list[S2Record] = []


class S2BulkAnswer(_Answer):
    """``GET /paper/search/bulk``: ``token`` is null (present) on the last page."""

    total: int
    token: str | None = None
    data: list[S2Record] = []


S2_BATCH = TypeAdapter(list[S2Record | None])
"""``POST /paper/batch``: one item per id asked, in order, ``null`` for an unknown id."""

S2_MODELS: dict[str, Any] = {
    "match": S2MatchAnswer,
    "search": S2SearchAnswer,
    "bulk": S2BulkAnswer,
    "paper": S2Record,
}

BATCH_MISMATCH_SHARE = 0.1
"""A batch in which more than one item, and more than this share of them, belongs to an id not
asked is a wrong answer as a whole (one paper for every id, a shifted list), not S2 merging a
record or two."""

_EXTERNAL_PREFIXES = {
    "ARXIV": "ArXiv",
    "DOI": "DOI",
    "CORPUSID": "CorpusId",
    "PMID": "PubMed",
    "PMCID": "PubMedCentral",
    "MAG": "MAG",
    "ACL": "ACL",
    "DBLP": "DBLP",
}
_ARXIV_VERSION = re.compile(r"v\d+$", re.IGNORECASE)


def s2_endpoint(path: str) -> str | None:
    """Which S2 answer a path (after the API base) gets: ``match``, ``search``, ``bulk``,
    ``batch``, ``paper`` or ``None`` (an endpoint we do not call)."""
    path = "/" + path.strip("/")
    if path == "/paper/search/match":
        return "match"
    if path == "/paper/search/bulk":
        return "bulk"
    if path == "/paper/search":
        return "search"
    if path == "/paper/batch":
        return "batch"
    # /paper/DOI:10.1093/mind/... holds slashes of its own
    if path.startswith("/paper/") and not path.endswith(("/citations", "/references", "/authors")):
        return "paper"
    return None


def describe(exc: ValidationError, what: str) -> str:
    """A validation failure in one line: where, what was expected, what arrived."""
    errors = exc.errors(include_url=False)
    first = errors[0]
    where = ".".join(str(p) for p in first["loc"]) or "the body"
    got = repr(first.get("input"))[:60]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"wrong shape for S2 {what}: {where}: {first['msg']}, got {got}{more}"


def s2_problem(endpoint: str, content: bytes, request_body: bytes | None, url: str) -> str | None:
    """Why an S2 200 body cannot be used (wrong shape, or a batch answering other ids), or
    ``None``. ``request_body`` and ``url`` tell which ids were asked."""
    try:
        if endpoint == "batch":
            return _batch_problem(S2_BATCH.validate_json(content), _asked_ids(request_body))
        answer = S2_MODELS[endpoint].model_validate_json(content)
    except ValidationError as exc:
        return describe(exc, endpoint)
    return _paper_problem(answer, url) if endpoint == "paper" else None


def s2_answer_problem(
    path: str, content: bytes, request_body: bytes | None, url: str
) -> str | None:
    """:func:`s2_problem` for the endpoint at ``path`` (after the API base); ``None`` for an
    endpoint without a declared shape. The check the S2 client gives the session's cache
    policy (:meth:`enrich.http.cache_policy.CachePolicy.declare_s2_shapes`)."""
    endpoint = s2_endpoint(path)
    return None if endpoint is None else s2_problem(endpoint, content, request_body, url)


def _asked_ids(request_body: bytes | None) -> list[str] | None:
    try:
        ids = json.loads(request_body or b"").get("ids")
    except (ValueError, AttributeError):
        return None
    return ids if isinstance(ids, list) and all(isinstance(i, str) for i in ids) else None


def _batch_problem(items: list[S2Record | None], asked: list[str] | None) -> str | None:
    if asked is None:
        return None
    if len(items) != len(asked):
        return (
            f"wrong shape for S2 batch: {len(items)} items for {len(asked)} ids asked "
            "(one per id, in order)"
        )
    wrong = [(a, r.paperId) for a, r in zip(asked, items, strict=True) if r and not belongs(a, r)]
    if len(wrong) > 1 and len(wrong) > BATCH_MISMATCH_SHARE * len(asked):
        asked_id, got = wrong[0]
        return (
            f"wrong content from S2 batch: {len(wrong)} of {len(asked)} items answer another "
            f"id than asked (e.g. {asked_id} answered by paper {got})"
        )
    return None


def _paper_problem(record: S2Record, url: str) -> str | None:
    path = unquote(urlsplit(url).path)
    asked = path.split("/paper/", 1)[1] if "/paper/" in path else ""
    if asked and not belongs(asked, record):
        return f"wrong content from S2 paper: asked for {asked}, answered paper {record.paperId}"
    return None


def belongs(asked: str, record: S2Record) -> bool:
    """Whether ``record`` answers the id ``asked`` (``<paperId>``, ``ARXIV:...``, ``DOI:...``,
    ``CorpusId:...``, or a bare ``10.`` DOI).

    An external id can only be checked when the answer carries ``externalIds``; when it was not
    asked for (a ``fields`` without it) the record is taken as it comes.
    """
    asked = asked.strip()
    if asked.lower() == record.paperId.lower():
        return True
    prefix, sep, value = asked.partition(":")
    key = _EXTERNAL_PREFIXES.get(prefix.upper()) if sep else None
    if key is None and asked.startswith("10."):
        key, value = "DOI", asked
    if key is None:
        return False
    if "externalIds" not in record.model_fields_set and "corpusId" not in record.model_fields_set:
        return True
    ids = dict(record.externalIds or {})
    if record.corpusId is not None:
        ids.setdefault("CorpusId", record.corpusId)
    have = ids.get(key)
    if have is None:
        return False
    if key == "ArXiv":
        return _ARXIV_VERSION.sub("", str(have)).lower() == _ARXIV_VERSION.sub("", value).lower()
    return str(have).strip().lower() == value.strip().lower()


# ---- arXiv -------------------------------------------------------------------------------------

_ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z][a-z\-]*(\.[A-Za-z]{2})?/\d{7})$")


class ArxivEntryModel(_Answer):
    """The fields an arXiv Atom entry must have to be used: an arXiv id, a title, and a
    ``published`` date that is one (``2017-10-24``). Anything else may be missing."""

    arxiv_id: str
    title: Annotated[str, Field(min_length=1)]
    published: str

    @field_validator("arxiv_id")
    @classmethod
    def _is_arxiv_id(cls, value: str) -> str:
        if not _ARXIV_ID.match(value):
            raise ValueError("not an arXiv identifier")
        return value

    @field_validator("published")
    @classmethod
    def _is_date(cls, value: str) -> str:
        date.fromisoformat(value)  # raises ValueError on anything but YYYY-MM-DD
        return value


def arxiv_entry_problem(arxiv_id: str, title: str, published: str | None) -> str | None:
    """Why an Atom entry is junk (no id, an empty title, no date or a bad one), or ``None``."""
    try:
        ArxivEntryModel(arxiv_id=arxiv_id, title=title, published=published or "")
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        return f"{where}: {first['msg']} (got {first.get('input')!r:.60})"
    return None
