"""arXiv's Atom feeds, byte-shaped like the 2025+ API (``tests/fixtures/api-samples/arxiv_*.xml``).

Single-quoted XML declaration, the three namespaces on ``<feed>``, opensearch counters, entry
children in arXiv's order (id, title, updated, links, summary, categories, published, comment,
primary_category, journal_ref, authors, doi, doi link), ``http://arxiv.org/abs/<id>v<N>`` ids.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, quote_plus

HEAD = (
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
    'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">\n'
)


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(value: str) -> str:
    return _text(value).replace('"', "&quot;")


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _feed_id(query: str) -> str:
    digest = hashlib.sha1(query.encode()).digest()
    return "https://arxiv.org/api/" + base64.b64encode(digest).decode().rstrip("=")


def entry_xml(entry: dict[str, Any]) -> str:
    vid = f"{entry['id']}v{entry.get('versions', 1)}"
    lines = [
        "  <entry>",
        f"    <id>http://arxiv.org/abs/{vid}</id>",
        f"    <title>{_text(entry['title'])}</title>",
        f"    <updated>{entry['updated']}</updated>",
        f'    <link href="https://arxiv.org/abs/{vid}" rel="alternate" type="text/html"/>',
        f'    <link href="https://arxiv.org/pdf/{vid}" rel="related" type="application/pdf" '
        'title="pdf"/>',
        f"    <summary>{_text(entry['summary'])}</summary>",
    ]
    for cat in entry.get("categories") or [entry["primary_category"]]:
        lines.append(f'    <category term="{_attr(cat)}" scheme="http://arxiv.org/schemas/atom"/>')
    lines.append(f"    <published>{entry['published']}</published>")
    if entry.get("comment"):
        lines.append(f"    <arxiv:comment>{_text(entry['comment'])}</arxiv:comment>")
    lines.append(f'    <arxiv:primary_category term="{_attr(entry["primary_category"])}"/>')
    if entry.get("journal_ref"):
        lines.append(f"    <arxiv:journal_ref>{_text(entry['journal_ref'])}</arxiv:journal_ref>")
    for name in entry.get("authors") or []:
        lines += ["    <author>", f"      <name>{_text(name)}</name>", "    </author>"]
    if entry.get("doi"):
        doi = entry["doi"]
        lines.append(f"    <arxiv:doi>{_text(doi)}</arxiv:doi>")
        lines.append(f'    <link rel="related" href="https://doi.org/{_attr(doi)}" title="doi"/>')
    lines.append("  </entry>")
    return "\n".join(lines) + "\n"


def result_feed(
    entries: Sequence[dict[str, Any]],
    *,
    search_query: str,
    id_list: str,
    start: int,
    max_results: int,
    total: int,
) -> bytes:
    """A result feed (also the empty one: ``totalResults`` 0 and no ``<entry>``)."""
    echo = (f"search_query={search_query}&id_list={id_list}&start={start}"
            f"&max_results={max_results}")
    link = (f"https://arxiv.org/api/query?search_query={quote_plus(search_query, safe=':')}"
            f"&start={start}&max_results={max_results}&id_list={quote(id_list, safe=',')}")
    body = [
        HEAD,
        f"  <id>{_feed_id(echo)}</id>\n",
        f"  <title>arXiv Query: {_text(echo)}</title>\n",
        f"  <updated>{_now()}</updated>\n",
        f'  <link href="{_attr(link)}" type="application/atom+xml"/>\n',
        f"  <opensearch:itemsPerPage>{max_results}</opensearch:itemsPerPage>\n",
        f"  <opensearch:totalResults>{total}</opensearch:totalResults>\n",
        f"  <opensearch:startIndex>{start}</opensearch:startIndex>\n",
    ]
    body += [entry_xml(e) for e in entries]
    body.append("</feed>\n")
    return "".join(body).encode("utf-8")


def error_feed(bad_id: str | None = None, *, message: str | None = None) -> bytes:
    """HTTP 400 body: one entry titled ``Error`` (for a malformed ``id_list`` member by default,
    or any other ``message``), ``totalResults`` 1 like the real one."""
    now = _now()
    message = message or f"incorrect id format for {bad_id}"
    ref = "https://arxiv.org/api/errors#" + message.replace(" ", "_")
    return (
        HEAD
        + "  <id>https://arxiv.org/</id>\n"
        "  <title>arXiv Search Results</title>\n"
        f"  <updated>{now}</updated>\n"
        "  <opensearch:itemsPerPage>1</opensearch:itemsPerPage>\n"
        "  <opensearch:totalResults>1</opensearch:totalResults>\n"
        "  <opensearch:startIndex>0</opensearch:startIndex>\n"
        "  <entry>\n"
        f"    <id>{_text(ref)}</id>\n"
        "    <title>Error</title>\n"
        f"    <updated>{now}</updated>\n"
        f'    <link href="{_attr(ref)}" rel="alternate" type="text/html"/>\n'
        f"    <summary>{_text(message)}</summary>\n"
        "    <author>\n"
        "      <name>arXiv api core</name>\n"
        "    </author>\n"
        "  </entry>\n"
        "</feed>\n"
    ).encode("utf-8")
