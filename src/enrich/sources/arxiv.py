"""arXiv legacy query API client (https://info.arxiv.org/help/api/user-manual.html).

We parse the Atom ourselves (the ``arxiv`` package brings its own delays and retries, which would
fight the shared session). Formats seen in the wild, both handled by :func:`parse_feed`:

* **old** (until 2024): ``<link rel="self">`` first, per-element ``xmlns:arxiv`` /
  ``xmlns:opensearch``, titles and summaries hard-wrapped with leading spaces, http links;
* **new** (2025+): namespaces on ``<feed>``, https links, mostly unwrapped text.

Quirks:

* An **error** is HTTP 400 with a normal-looking feed holding one entry titled ``Error`` whose id
  is ``.../api/errors#...`` (and ``totalResults`` 1): it is reported, never returned as a paper.
* A **multi-id** ``id_list`` silently drops ids that do not exist.
* A **title** can be literally ``0``; nothing here tests text for truthiness.
* Rate limiting is HTTP 429 with a plain-text ``Rate exceeded.`` body, retried by the session.
* An **empty first page** is occasionally a glitch of the service: an empty search answer is
  kept for :data:`EMPTY_SEARCH_TTL` only.
* A **long GET** fails with 414 (the URL carries the query), and the API takes the same
  parameters by form POST ("an HTTP request of type GET or POST", user manual): every call
  here is a POST, so a batch of a hundred titles or a thousand ids is one request. The
  session caches POSTs with the body in the key.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import requests
from requests_cache import CachedSession

from enrich.chunks import stable_chunks
from enrich.errors import UpstreamError
from enrich.http import describe_request, redact_url, status_text
from enrich.records import ArxivEntry
from enrich.settings import Settings
from enrich.sources.models import arxiv_entry_problem

logger = logging.getLogger(__name__)

ID_LIST_LIMIT = 1000
"""ids per ``id_list`` request, about: a POST body has no URL limit, and a thousand entries
(about 2 MB of Atom) keep a list of a few thousand papers to a handful of requests at arXiv's
one per three seconds. Chunks are cut by a hash of each id (:func:`enrich.chunks.stable_chunks`),
so adding a paper re-asks one chunk."""

MAX_RESULTS = 2000
"""arXiv's largest page (``max_results`` beyond it is refused): the hard cap of a chunk."""

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "arxiv": "http://arxiv.org/schemas/atom",
    "opensearch": "http://a9.com/-/spec/opensearch/1.1/",
}

_NEW_ID = re.compile(r"^\d{4}\.\d{4,5}$")
_OLD_ID = re.compile(r"^[a-z][a-z\-]*(\.[A-Za-z]{2})?/\d{7}$")
_ID_VERSION = re.compile(r"^(?P<id>.+?)(?:v(?P<version>\d+))?$")
_QUERY_BREAKERS = re.compile(r"[\W_]+", re.UNICODE)
_OPERATORS = {"AND", "OR", "ANDNOT"}


@dataclass(frozen=True, slots=True)
class FeedResult:
    """A parsed Atom answer. ``error`` is set (and ``entries`` empty) for an error feed or a
    document that is not an Atom feed."""

    entries: tuple[ArxivEntry, ...]
    total_results: int | None
    error: str | None = None
    dropped: tuple[str, ...] = ()  #: why each junk entry was left out (no id, title or date)


EMPTY_SEARCH_TTL = timedelta(days=1)
"""How long an empty title search is believed: an empty first page can be an arXiv glitch."""


class ArxivClient:
    """arXiv calls over the shared session (see :func:`enrich.http.make_session`)."""

    def __init__(self, session: CachedSession, settings: Settings):
        self.session = session
        self.url = settings.arxiv_url

    def search_title(self, title: str, max_results: int = 5) -> list[ArxivEntry]:
        """Entries whose title contains ``title`` as a phrase (``ti:"..."``), best first."""
        phrase = title_phrase(title)
        if not phrase:
            return []
        return list(self._search(f'ti:"{phrase}"', max_results).entries)

    def search_titles(self, titles: Sequence[str], max_results: int) -> FeedResult:
        """Entries whose title contains any of ``titles`` as a phrase, in one query
        (``ti:"a" OR ti:"b" ...``), at most ``max_results`` of them; ``total_results`` says
        whether arXiv had more. A phrase matches like an AND of its stemmed words in any order,
        so every hit must be verified against the title it is meant for."""
        phrases = list(dict.fromkeys(p for p in map(title_phrase, titles) if p))
        if not phrases:
            return FeedResult((), 0)
        return self._search(" OR ".join(f'ti:"{p}"' for p in phrases), max_results)

    def _search(self, search_query: str, max_results: int) -> FeedResult:
        params: dict[str, str | int] = {
            "search_query": search_query,
            "start": 0,
            "max_results": int(max_results),
        }
        response = self._post(params, refresh=False)
        feed = self._feed(response)
        if not feed.entries and not getattr(response, "from_cache", False):
            # arXiv occasionally serves an empty page for a query that has hits. Asking again at
            # once would cost every title that is on arXiv nowhere a second request (3 s each);
            # instead the empty answer is kept for EMPTY_SEARCH_TTL only, so the next run (the
            # daily refresh re-resolves unresolved titles) asks again and a glitch heals.
            logger.info("arXiv: empty answer for %r; kept for %s only", search_query,
                        EMPTY_SEARCH_TTL)
            self.session.cache.save_response(response, expires=datetime.now(UTC) + EMPTY_SEARCH_TTL)
        return feed

    def get_by_ids(
        self,
        ids: Iterable[str],
        *,
        refresh: bool = False,
        done: Callable[[int], object] | None = None,
    ) -> list[ArxivEntry]:
        """Entries for arXiv ids (``2309.06180``, ``2309.06180v2``, ``astro-ph/0601001``).

        Versions are stripped from the request: we want the *latest* metadata (title, DOI and
        journal_ref are often added in later versions), and one cache entry per paper. Ids
        that are not arXiv ids at all are skipped with a warning (one malformed id would make
        arXiv reject the whole chunk); ids arXiv does not know are silently absent from the
        answer, so the result may be shorter than ``ids`` and is not aligned with it.
        Sent in stable chunks of about :data:`ID_LIST_LIMIT` (:func:`id_chunks`), each asking
        for as many results as it has ids. ``done(n)`` is called as each chunk of ``n`` ids is
        answered (a progress bar).
        """
        wanted: dict[str, None] = {}  # in first-seen order, each once (a list's `in` is O(n))
        for raw in ids:
            base = normalize_arxiv_id(raw)
            if base is None:
                logger.warning("arXiv: skipping %r, not an arXiv identifier", raw)
            else:
                wanted[base] = None
        out: list[ArxivEntry] = []
        for chunk in id_chunks(list(wanted)):
            params: dict[str, str | int] = {
                "id_list": ",".join(chunk),
                "start": 0,
                "max_results": len(chunk),
            }
            entries = self._feed(self._post(params, refresh=refresh)).entries
            asked = set(chunk)
            for entry in entries:
                if entry.arxiv_id in asked:
                    out.append(entry)
                else:  # id_list answers only ids asked; anything else is not theirs
                    logger.warning("arXiv id_list answered %s, not asked; left out", entry.arxiv_id)
            if done is not None:
                done(len(chunk))
        return out

    def _post(self, params: dict[str, str | int], *, refresh: bool) -> requests.Response:
        """The query as a form POST (``application/x-www-form-urlencoded``) to the query URL."""
        return self.session.post(self.url, data=params, force_refresh=refresh)

    def _feed(self, response: requests.Response) -> FeedResult:
        url = redact_url(response.url)
        asked = describe_request(response.request) if response.request is not None else url
        status = response.status_code
        if status not in (200, 400):
            raise UpstreamError(
                f"arXiv API answered {status_text(response)} for {asked}", url=url, status=status
            )
        feed = parse_feed(response.content)
        for why in feed.dropped:
            logger.warning("arXiv answer for %s: junk entry left out: %s", asked, why)
        if feed.error is not None:
            raise UpstreamError(
                f"arXiv API error (HTTP {status}) for {asked}: {feed.error}", url=url, status=status
            )
        if status == 400:
            raise UpstreamError(f"arXiv API answered HTTP 400 for {asked}", url=url, status=status)
        return feed


def title_phrase(title: str) -> str:
    """``title`` made safe inside ``ti:"..."``: only letters, digits and single spaces.

    Quotes would end the phrase, colons start a field (``ti:``), parentheses/brackets group,
    hyphens negate, and ``AND``/``OR``/``ANDNOT`` are operators (lower-cased here; arXiv search
    is case-insensitive). arXiv tokenizes on punctuation anyway, so ``21-cm`` and ``21 cm``
    find the same papers.
    """
    words = _QUERY_BREAKERS.sub(" ", title).split()
    return " ".join(w.lower() if w in _OPERATORS else w for w in words)


def split_arxiv_version(value: str) -> tuple[str, int | None]:
    """Split a trailing version: ``2309.06180v2`` → (``2309.06180``, 2).

    ``astro-ph/0601001`` → (``astro-ph/0601001``, None).
    """
    match = _ID_VERSION.match(value.strip())
    if match is None:  # only the empty string
        return "", None
    version = match.group("version")
    return match.group("id"), int(version) if version else None


def normalize_arxiv_id(value: str) -> str | None:
    """A bare arXiv id without version, or ``None`` if ``value`` is not one.

    Accepts ``arXiv:`` prefixes and abs/pdf URLs.
    """
    text = value.strip()
    text = re.sub(r"^(arxiv:|https?://(export\.)?arxiv\.org/(abs|pdf)/)", "", text, flags=re.I)
    text = re.sub(r"\.pdf$", "", text)
    base, _ = split_arxiv_version(text)
    if _NEW_ID.match(base) or _OLD_ID.match(base):
        return base
    return None


def parse_feed(data: bytes) -> FeedResult:
    """An arXiv Atom answer as a :class:`FeedResult`. Pure; reports bad documents, never raises."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        head = data[:60].decode("utf-8", "replace").strip()
        return FeedResult((), None, f"not an Atom feed ({exc}): {head!r}")
    if root.tag != f"{{{NS['atom']}}}feed":
        return FeedResult((), None, f"not an Atom feed (root element {root.tag!r})")
    total = _int(root.findtext("opensearch:totalResults", namespaces=NS))
    entries: list[ArxivEntry] = []
    dropped: list[str] = []
    for n, el in enumerate(root.findall("atom:entry", NS), 1):
        entry_id = (el.findtext("atom:id", default="", namespaces=NS) or "").strip()
        if "/api/errors" in entry_id:
            message = _collapse(el.findtext("atom:summary", namespaces=NS))
            return FeedResult((), total, message or entry_id)
        entry = _parse_entry(el, entry_id)
        problem = (
            arxiv_entry_problem(entry.arxiv_id, entry.title, entry.published)
            if entry is not None
            else f"arxiv_id: no arXiv id in <id> {entry_id!r:.60}"
        )
        if entry is None or problem:
            dropped.append(f"entry {n} ({entry_id or 'no id'}): {problem}")
        else:
            entries.append(entry)
    return FeedResult(tuple(entries), total, None, tuple(dropped))


def _parse_entry(el: ET.Element, entry_id: str) -> ArxivEntry | None:
    if "/abs/" not in entry_id:
        return None
    arxiv_id, version = split_arxiv_version(entry_id.split("/abs/", 1)[1])
    if not arxiv_id:
        return None
    pdf_url = None
    for link in el.findall("atom:link", NS):
        if link.get("title") == "pdf" and link.get("href"):
            pdf_url = link.get("href")
            break
    primary = el.find("arxiv:primary_category", NS)
    doi = _collapse(el.findtext("arxiv:doi", namespaces=NS))
    return ArxivEntry(
        arxiv_id=arxiv_id,
        version=version,
        title=_collapse(el.findtext("atom:title", namespaces=NS)) or "",
        abstract=_collapse(el.findtext("atom:summary", namespaces=NS)),
        authors=tuple(
            name
            for author in el.findall("atom:author", NS)
            if (name := _collapse(author.findtext("atom:name", namespaces=NS)))
        ),
        published=_iso_date(el.findtext("atom:published", namespaces=NS)),
        updated=_iso_date(el.findtext("atom:updated", namespaces=NS)),
        doi=doi.lower() if doi else None,
        journal_ref=_collapse(el.findtext("arxiv:journal_ref", namespaces=NS)),
        primary_category=primary.get("term") if primary is not None else None,
        categories=tuple(term for c in el.findall("atom:category", NS) if (term := c.get("term"))),
        pdf_url=pdf_url,
    )


def _collapse(text: str | None) -> str | None:
    """Whitespace runs (hard wraps, leading spaces) as single spaces; ``None`` if nothing left."""
    if text is None:
        return None
    collapsed = " ".join(text.split())
    return collapsed if collapsed != "" else None


def _iso_date(text: str | None) -> str | None:
    """``2017-10-24T00:21:32Z`` → ``2017-10-24`` (UTC)."""
    if not text or not text.strip():
        return None
    try:
        when = datetime.fromisoformat(text.strip())
        if when.tzinfo is not None:
            when = when.astimezone(UTC)
    except (ValueError, OverflowError):  # not ISO, or UTC falls outside years 1-9999
        head = text.strip()[:10]
        return head if re.fullmatch(r"\d{4}-\d{2}-\d{2}", head) else None
    return when.date().isoformat()


def _int(text: str | None) -> int | None:
    try:
        return int(text.strip()) if text is not None else None
    except ValueError:
        return None


def id_chunks(
    ids: Sequence[str], size: int = ID_LIST_LIMIT, cap: int = MAX_RESULTS
) -> list[list[str]]:
    """``ids`` in stable chunks of about ``size`` (pure); one that the hash made larger than
    ``cap`` (arXiv's largest page) is cut in sorted halves: deterministic, hence stable too."""
    out: list[list[str]] = []
    stack = list(reversed(stable_chunks(ids, size)))
    while stack:
        chunk = stack.pop()
        if len(chunk) <= cap:
            out.append(chunk)
        else:
            half = len(chunk) // 2
            stack.extend([chunk[half:], chunk[:half]])
    return out
