"""The report page: one self-contained HTML file rendered with Jinja2 from a snapshot.

Styles, the small sorting script and the charts (inline SVG) are all in the file, so it opens
from disk with no network. The template is ``templates/report.html.j2`` (package data).
"""

from __future__ import annotations

import functools
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, Template, select_autoescape
from markupsafe import Markup

from enrich.report import changes as diff
from enrich.report import charts, data
from enrich.report.lists import list_names

METHOD_NAMES = {
    "list_link": "the list's arXiv/DOI link",
    "s2_bulk": "S2 bulk title batch",
    "arxiv_batch": "arXiv title batch",
    "s2_match": "S2 title match",
    "arxiv_search": "arXiv title search",
    "s2_datasets": "S2 datasets store",
    "override_s2": "override (S2 id)",
    "override_arxiv": "override (arXiv id)",
}
MOST_CITED = 50
"""Rows in the most-cited table (sortable in the page)."""
VENUES = 8
GAIN_ROWS = 15


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("enrich.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@functools.cache
def template() -> Template:
    """The page's template, compiled once a process (a run compiles it while resolve waits on
    the network: :mod:`enrich.warmup`)."""
    return _environment().get_template("report.html.j2")


def context(snap: data.Snapshot, prev: data.Previous | None) -> dict[str, Any]:
    """Everything the template shows, charts drawn."""
    edges = data.internal_edges(snap)
    titles = snap.papers.set_index("paper_id")["title"]
    coverage = data.coverage(snap).to_dict("records")
    names = list_names([row["list"] for row in coverage])
    for row in coverage:
        row["md"] = names[row["list"]]
    changes = diff.changes(snap, prev, GAIN_ROWS) if prev is not None else None
    trend = diff.trend(snap.history)
    overlap = data.overlap(snap)
    drawn = {
        "years": charts.year_by_venue(data.year_by_venue(snap, VENUES)),
        "citations": charts.citation_bins(data.citation_bins(snap)),
        "graph": charts.citation_graph(edges, titles),
        "overlap": charts.overlap(overlap) if len(overlap) > 1 else "",
        "gains": charts.gains(changes.gains) if changes and changes.gains else "",
        "trend": charts.trend(trend) if len(trend) >= 2 else "",
    }
    return {
        "stamp": snap.stamp,
        "manifest": snap.manifest,
        "h": data.headline(snap),
        "method_names": METHOD_NAMES,
        "coverage": coverage,
        "person": data.needs_person(snap).to_dict("records"),
        "low": data.LOW_CONFIDENCE,
        "cited": data.most_cited(snap, MOST_CITED, edges),
        "within": data.most_cited_within(snap, edges=edges),
        "n_edges": len(edges),
        "graph_nodes": charts.GRAPH_NODES,
        "n_venues": VENUES,
        "changes": changes,
        "gain_rows": GAIN_ROWS,
        "charts": {k: Markup(v) for k, v in drawn.items()},  # noqa: S704 (our own SVG)
    }


def render(snap: data.Snapshot, prev: data.Previous | None = None) -> str:
    """The report page for ``snap`` (what changed since ``prev``, when given)."""
    return template().render(context(snap, prev))
