"""Semantic Scholar Graph API v1 client: title match, relevance search and paper batch.

Endpoints (https://api.semanticscholar.org/api-docs/graph):

* ``GET /paper/search/match``: the single best title match, wrapped as ``{"data": [{...}]}``
  with an unbounded ``matchScore``; no match is HTTP 404 ``{"error": "Title match not found"}``,
  which is an answer (``None``), not an error, and is cached like one.
* ``GET /paper/search``: relevance search; zero hits is ``{"total": 0, "offset": 0}`` with no
  ``data`` key at all.
* ``GET /paper/search/bulk``: a boolean query over titles *and* abstracts, up to 1,000 papers
  a page in paperId order, no ``matchScore``; the next page is the same request plus
  ``token``, and on the last page ``token`` is present and ``null`` (the spec says absent).
  The engine never rejects a malformed query, it changes its meaning: :func:`bulk_phrase`.
* ``POST /paper/batch``: up to 500 ids per call, answers in request order with ``null`` for ids
  S2 does not know.
* ``GET /paper/{id}``: one record, for an id the batch endpoint fails on; 404 ``Paper with id
  ... not found`` when S2 does not know it.

Transport concerns (cache, retries, rate limit, API key) belong to the session, not to this
module. The session has already retried 429/5xx, unparseable bodies and answers that do not
have the endpoint's declared shape (:mod:`enrich.sources.models`); what reaches this module is
a usable answer, parsed through the same models, or a terminal error, turned into
:class:`~enrich.errors.UpstreamError`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import requests
from pydantic import TypeAdapter, ValidationError

from enrich.errors import TransientUpstreamError, UpstreamError
from enrich.http import EnrichSession, error_detail, may_succeed_smaller, redact_url, status_text
from enrich.http.cache_policy import TITLE_NOT_FOUND
from enrich.http.retry import fewer_attempts
from enrich.records import S2Author, S2Paper
from enrich.settings import Settings
from enrich.sources.models import (
    S2_BATCH,
    S2MatchAnswer,
    S2Record,
    belongs,
    describe,
    s2_answer_problem,
)

logger = logging.getLogger(__name__)

MATCH_FIELDS = "title,year,venue,externalIds,publicationDate,journal,authors"
"""Enough to judge a title-match or search candidate (title, year, venue, authors, ids)."""

PAPER_FIELDS: tuple[str, ...] = (
    "paperId",
    "corpusId",
    "externalIds",
    "title",
    "abstract",
    "year",
    "venue",
    "journal",
    "publicationDate",
    "authors",  # name + authorId
    "citationCount",
    "influentialCitationCount",
    "referenceCount",
    "fieldsOfStudy",
    "openAccessPdf",
    "references.paperId",
)
"""Everything the ``papers`` table needs, requested explicitly from ``/paper/batch``."""

_PAPER_FIELDS_PARAM = ",".join(PAPER_FIELDS)

BATCH_LIMIT = 500
"""S2 rejects ``/paper/batch`` calls with more than 500 ids."""

BATCH_ATTEMPTS = 2
"""Tries for one batch call that fails with a server error or a timeout before it is asked in
halves (a 429 still gets the session's full retry budget): one retry rides out a blip, and for
a batch S2 cannot answer whole, a smaller one helps where waiting does not."""

SEARCH_LIMIT_MAX = 100  # /paper/search's page limit (the pipeline does not use that endpoint)
"""``/paper/search`` returns at most 100 results per page."""

BULK_FIELDS = MATCH_FIELDS + ",citationCount"
"""What a bulk page needs to match a record back to a title and choose between records of one
title. No ``abstract``: 1,000 abstracts can pass S2's 10 MB answer cap (a 400); no nested field
(``authors.name``): the bulk endpoint refuses them."""

BULK_PAGE_ROWS = 1000
"""A bulk page holds at most this many papers; S2 takes no ``limit``."""

_BULK_DROP = re.compile(r'["\\\u201c\u201d\u201e\u201f\u00ab\u00bb]')
_BULK_SPACE = re.compile(r"[:()+|*~]|(?<!\d)\.|\.(?!\d)")


@dataclass(frozen=True, slots=True)
class BulkPage:
    """One page of ``/paper/search/bulk``: S2's estimate of all hits, the next page's token
    (``None`` on the last page) and this page's papers."""

    total: int
    token: str | None
    papers: tuple[S2Paper, ...]


def bulk_phrase(title: str) -> str:
    """``title`` as a phrase safe inside ``"..."`` of a bulk query (empty if nothing is left).

    Quotes and backslashes (straight and curly) are dropped: one would end the phrase and turn
    the rest of the query into bare AND-ed words. The operators ``: ( ) + | * ~`` and a ``.``
    that is not inside a number (``2.0`` stays) become spaces. Letters of every script stay.
    """
    text = _BULK_SPACE.sub(" ", _BULK_DROP.sub("", title))
    return " ".join(text.split())


def bulk_query(phrases: Iterable[str]) -> str:
    """Phrases OR-ed: ``"a b"|"c d"``. Each phrase must come from :func:`bulk_phrase`."""
    return "|".join(f'"{p}"' for p in phrases if p)

_VERSION = re.compile(r"v\d+$")


class S2Client:
    """Semantic Scholar calls over the shared session (see :func:`enrich.http.make_session`)."""

    def __init__(self, session: EnrichSession, settings: Settings):
        self.session = session
        self.base_url = settings.s2_url.rstrip("/")
        session.cache_policy.declare_s2_shapes(s2_answer_problem)  # before any answer is used

    def match_title(self, title: str) -> S2Paper | None:
        """The paper S2 considers the best match for ``title``, or ``None`` when it has none."""
        query = " ".join(title.split())
        if not query:
            return None
        url = f"{self.base_url}/paper/search/match"
        response = self.session.get(url, params={"query": query, "fields": MATCH_FIELDS})
        if response.status_code == 404:
            detail = error_detail(response)
            if detail == TITLE_NOT_FOUND:
                logger.debug("S2 title match: none for %r", query)
            else:
                logger.warning(
                    "S2 title match for %r: 404 with unexpected body %r; treating as no match",
                    query,
                    detail,
                )
            return None
        answer = _validated(response, "title match", S2MatchAnswer)
        return parse_paper(answer.data[0])

    def search_bulk(self, query: str, *, token: str | None = None) -> BulkPage:
        """One page of ``/paper/search/bulk`` for ``query`` (:data:`BULK_FIELDS`); the next
        page with the ``token`` the previous one gave. A refused query (400, 414 for a URL
        past the edge's limit) is an :class:`UpstreamError` with its status."""
        url = f"{self.base_url}/paper/search/bulk"
        params = {"query": query, "fields": BULK_FIELDS}
        if token:
            params["token"] = token
        response = self.session.get(url, params=params)
        body = _json_or_raise(response, "bulk search")
        if not isinstance(body, dict) or not isinstance(body.get("data", []), list):
            raise UpstreamError(
                f"Semantic Scholar bulk search: expected an object with a data list, got "
                f"{type(body).__name__}",
                url=redact_url(response.url),
                status=response.status_code,
            )
        total = _int(body.get("total"))
        papers = tuple(parse_paper(p) for p in body.get("data") or [] if isinstance(p, dict))
        # the last page has "token": null, present (the spec says absent): test the value
        next_token = body.get("token") or None
        return BulkPage(
            total if total is not None else len(papers),
            next_token if isinstance(next_token, str) else None,
            papers,
        )

    def get_batch(
        self,
        ids: Iterable[str],
        *,
        refresh: bool = False,
        done: Callable[[int], object] | None = None,
        fields: str = _PAPER_FIELDS_PARAM,
    ) -> list[S2Paper | None]:
        """Full records for ``ids`` (``<sha>``, ``ARXIV:...``, ``DOI:...``, ``CorpusId:...``),
        or only ``fields`` (resolve asks for :data:`MATCH_FIELDS`).

        One result per id, in request order; ``None`` where S2 does not know the id. Sent in
        batches of at most :data:`BATCH_LIMIT`; ``done(n)`` is called as each batch of ``n`` ids
        is answered (a progress bar). ``refresh=True`` bypasses the cache (and stores the fresh
        answer).

        A batch that still fails after :data:`BATCH_ATTEMPTS` tries with a server error, a
        timeout or a bad body is asked again in halves, and later batches are no larger than
        the half that answered: S2's batch endpoint times out on batches whose answers are
        too large (s2-folks #58, #59) and fails on every batch holding an id it cannot serve
        (#103), which more waiting does not mend. An id that fails even alone is asked for on
        its own (``GET /paper/{id}``), and the batch size grows back afterwards. If that
        fails too, S2 is down, not picky: the error is raised (a rerun resumes from the cache).
        """
        ids = list(ids)
        out: list[S2Paper | None] = []
        size = limit = BATCH_LIMIT
        limit_before_split: int | None = None
        while len(out) < len(ids):
            chunk = ids[len(out) : len(out) + size]
            try:
                answers = self._batch(chunk, refresh, fields)
            except TransientUpstreamError as exc:
                if not may_succeed_smaller(exc):
                    raise
                if len(chunk) > 1:
                    limit_before_split = limit_before_split or limit
                    size = limit = (len(chunk) + 1) // 2
                    logger.warning(
                        "S2 paper batch of %d ids failed (%s); asking %d at a time",
                        len(chunk),
                        exc.reason,
                        size,
                    )
                    continue
                logger.warning(
                    "S2 paper batch fails on %s even alone (%s); asking for that paper by itself",
                    chunk[0],
                    exc.reason,
                )
                answers = [self.get_paper(chunk[0], refresh=refresh, fields=fields)]
                if limit_before_split:  # the failures were this id's, not the batches' size
                    limit, limit_before_split = limit_before_split, None
            out.extend(answers)
            size = min(limit, size * 2)
            if done is not None:
                done(len(chunk))
        return out

    def get_paper(
        self, paper_id: str, *, refresh: bool = False, fields: str = _PAPER_FIELDS_PARAM
    ) -> S2Paper | None:
        """One full record (``GET /paper/{id}``, any id form :meth:`get_batch` takes), or
        ``None`` when S2 does not know the id (its 404 ``Paper with id ... not found``)."""
        url = f"{self.base_url}/paper/{quote(paper_id, safe=':/')}"
        response = self.session.get(url, params={"fields": fields}, force_refresh=refresh)
        if response.status_code == 404:
            logger.debug("S2 paper %s: %s", paper_id, error_detail(response))
            return None
        return parse_paper(_validated(response, "paper", S2Record))

    def _batch(self, chunk: list[str], refresh: bool, fields: str) -> list[S2Paper | None]:
        """One ``POST /paper/batch`` call, answered in ``chunk``'s order."""
        url = f"{self.base_url}/paper/batch"
        with fewer_attempts(BATCH_ATTEMPTS):
            response = self.session.post(
                url,
                params={"fields": fields},
                json={"ids": chunk},
                force_refresh=refresh,
            )
        items = _validated(response, "paper batch", S2_BATCH)
        if len(items) != len(chunk):  # the session checked this; a last guard
            raise UpstreamError(
                f"Semantic Scholar paper batch: expected a list of {len(chunk)} results "
                f"(one per id, in order), got {len(items)} items; cannot align results with ids",
                url=redact_url(response.url),
                status=response.status_code,
            )
        return [_belonging(asked, item) for asked, item in zip(chunk, items, strict=True)]


def parse_paper(obj: S2Record | dict[str, Any]) -> S2Paper:
    """An S2 paper object (validated, or a dict to validate) as an :class:`S2Paper`. Pure.

    Quirks handled: ``openAccessPdf`` null or ``{"url": ""}`` (→ ``None``); ``externalIds`` null
    and its ``CorpusId`` an int; ``journal`` null or without ``name``; ``venue`` ``""`` (→ the
    journal name, else ``None``); ``publicationDate`` null; ``references`` entries with a null
    ``paperId`` (skipped). A record of the wrong shape is an :class:`UpstreamError`.
    """
    try:
        rec = obj if isinstance(obj, S2Record) else S2Record.model_validate(obj)
    except ValidationError as exc:
        raise UpstreamError(
            f"Semantic Scholar returned a paper of the wrong shape: {describe(exc, 'paper')}"
        ) from None
    external = rec.externalIds or {}
    venue = _text(rec.venue) or _text(rec.journal.name if rec.journal else None)
    arxiv_id = _text(external.get("ArXiv"))
    doi = _text(external.get("DOI"))
    return S2Paper(
        paper_id=rec.paperId,
        title=_text(rec.title, collapse=False),
        corpus_id=_first(rec.corpusId, _int(external.get("CorpusId"))),
        arxiv_id=_VERSION.sub("", arxiv_id) if arxiv_id else None,
        doi=doi.lower() if doi else None,
        abstract=_text(rec.abstract, collapse=False),
        year=rec.year,
        venue=venue,
        publication_date=_text(rec.publicationDate),
        authors=tuple(
            S2Author(name=name, author_id=_text(a.authorId))
            for a in rec.authors or []
            if a is not None and (name := _text(a.name))
        ),
        citation_count=rec.citationCount,
        influential_citation_count=rec.influentialCitationCount,
        reference_count=rec.referenceCount,
        fields_of_study=tuple(rec.fieldsOfStudy or ()),
        open_access_pdf=_text(rec.openAccessPdf.url) if rec.openAccessPdf else None,
        references=None
        if "references" not in rec.model_fields_set
        else tuple(r.paperId for r in rec.references or [] if r is not None and r.paperId),
        match_score=rec.matchScore,
    )


def _belonging(asked: str, item: S2Record | None) -> S2Paper | None:
    """A batch item as a paper if it answers the id asked (:func:`.models.belongs`), else
    ``None`` with a warning: S2 merges records, and a merged paperId cannot be told from a
    wrong one (the session already refused a batch where several items are wrong)."""
    if item is None:
        return None
    if not belongs(asked, item):
        logger.warning(
            "S2 batch answered paper %s for %s, which is not among its ids (a merged record?); "
            "treated as not found",
            item.paperId,
            asked,
        )
        return None
    return parse_paper(item)


def _validated(response: requests.Response, what: str, model: Any) -> Any:
    """The body of a 200 as ``model`` (a pydantic model or ``TypeAdapter``), else an
    :class:`UpstreamError` quoting S2's message or what was wrong with the shape."""
    body = _json_or_raise(response, what)
    try:
        if isinstance(model, TypeAdapter):
            return model.validate_python(body, strict=True)
        return model.model_validate(body)
    except ValidationError as exc:  # the session retries wrong shapes; this is a last guard
        url = redact_url(response.url)
        raise UpstreamError(
            f"Semantic Scholar {what}: {describe(exc, what)} from {url}",
            url=url,
            status=response.status_code,
        ) from None


def _json_or_raise(response: requests.Response, what: str) -> Any:
    """The JSON body of a 200, else an :class:`UpstreamError` quoting S2's message."""
    url = redact_url(response.url)
    if response.status_code != 200:
        raise UpstreamError(
            f"Semantic Scholar {what} failed: {status_text(response)} for {url}",
            url=url,
            status=response.status_code,
        )
    try:
        return response.json()
    except ValueError as exc:  # the session retries bad bodies; this is a last guard
        raise UpstreamError(
            f"Semantic Scholar {what}: unparseable JSON from {url}: {exc}",
            url=url,
            status=response.status_code,
        ) from exc


def _text(value: Any, *, collapse: bool = True) -> str | None:
    """A non-empty stripped string, or ``None`` (for null, ``""``, non-strings)."""
    if not isinstance(value, str):
        return None
    value = " ".join(value.split()) if collapse else value.strip()
    return value or None


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _first(*values: int | None) -> int | None:
    return next((v for v in values if v is not None), None)
