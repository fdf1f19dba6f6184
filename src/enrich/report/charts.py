"""The report's charts as inline SVG strings (no browser script needed), drawn by
:mod:`enrich.report.svg`.

Each function takes what :mod:`enrich.report.data` computed and returns ``<svg ...>...</svg>``
text: the same content in the same ids every run. Bars and cells carry a ``<title>`` (the
browser's tooltip) with their exact numbers.
"""

from __future__ import annotations

import textwrap
from collections.abc import Hashable
from typing import Any

import numpy as np
import pandas as pd

from enrich.report.svg import Canvas, Frame, legend, text_width

PALETTE = [
    "#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2",
    "#eeca3b", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac",
]  # fmt: skip
GRAPH_NODES = 60
"""The graph picture shows at most this many papers (the most cited within the lists): more
is a hairball."""

LAYOUT_ITERATIONS = 100
"""Steps of the spring layout: 60 nodes settle well before."""


def _short(label: str, width: int = 38) -> str:
    return textwrap.shorten(label, width=width, placeholder="…")


def _venue_color(venue: str, i: int) -> str:
    if venue == "no venue":
        return "#eeeeee"
    return "#cccccc" if venue == "other venues" else PALETTE[i % 10]


def year_by_venue(table: pd.DataFrame) -> str:
    """Stacked bars: resolved papers per year, one colour per venue."""
    names = [_short(str(v)) for v in table.columns]
    legend_w = max((text_width(n, 8) for n in names), default=0) + 24
    frame = Frame(44, 10, 560, 230, float(table.sum(axis=1).max()) if len(table) else 0)
    canvas = Canvas("years", frame.left + frame.width + 16 + legend_w, 280)
    frame.draw_axis(canvas, "papers")
    years = list(table.index)
    band = frame.width / max(len(years), 1)
    every = max(1, int(np.ceil(len(years) * 34 / frame.width)))
    for i, year in enumerate(years):
        x, bottom = frame.left + band * (i + 0.1), 0.0
        for j, venue in enumerate(table.columns):
            count = float(table.iloc[i, j])
            if count:
                top = frame.at(bottom + count)
                tip = f"{year}, {venue}: {count:g}"
                canvas.rect(x, top, band * 0.8, frame.at(bottom) - top, _venue_color(venue, j),
                            tip, stroke="white", stroke_width=0.3)  # fmt: skip
            bottom += count
        if i % every == 0:
            canvas.text(x + band * 0.4, frame.top + frame.height + 13, str(year), 8, "middle")
    colors = [_venue_color(v, j) for j, v in enumerate(table.columns)]
    items = list(zip(names, colors, strict=True))
    legend(canvas, frame.left + frame.width + 16, frame.top, items)
    return canvas.svg()


def citation_bins(bins: pd.Series) -> str:
    """Bars: how many papers have 0, 1-9, 10-99, ... citations."""
    frame = Frame(44, 16, 330, 180, float(bins.max()) if len(bins) else 0)
    canvas = Canvas("citations", 390, 240)
    frame.draw_axis(canvas, "papers")
    band = frame.width / max(len(bins), 1)
    for i, (label, value) in enumerate(bins.items()):
        x, top = frame.left + band * (i + 0.1), frame.at(float(value))
        canvas.rect(x, top, band * 0.8, frame.top + frame.height - top, PALETTE[0],
                    f"{label}: {value}")  # fmt: skip
        canvas.text(x + band * 0.4, top - 3, str(value), 8, "middle")
        canvas.text(x + band * 0.4, frame.top + frame.height + 12, str(label), 8, "middle")
    canvas.text(frame.left + frame.width / 2, frame.top + frame.height + 28,
                "citations (Semantic Scholar)", 9, "middle")  # fmt: skip
    return canvas.svg()


def _blue(share: float) -> str:
    """Matplotlib's "Blues", roughly: near white for 0, dark blue for 1."""
    lo, hi = (247, 251, 255), (8, 48, 107)
    r, g, b = (round(a + (z - a) * share) for a, z in zip(lo, hi, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


def overlap(matrix: pd.DataFrame) -> str:
    """Heatmap: papers each pair of lists shares (diagonal: papers in the list)."""
    n = len(matrix)
    labels = [_short(str(x), 28) for x in matrix.index]
    margin = max((text_width(s, 7) for s in labels), default=0) + 8
    cell = max(14.0, min(40.0, 320 / max(n, 1)))
    canvas = Canvas("overlap", margin + cell * n + 10, 10 + cell * n + 0.6 * margin + 14)
    values = matrix.to_numpy()
    top = values.max() if values.size else 0
    for i in range(n):
        for j in range(n):
            share = values[i, j] / top if top else 0.0
            x, y = margin + j * cell, 10 + i * cell
            canvas.rect(x, y, cell, cell, _blue(share), f"{labels[i]} / {labels[j]}: "
                        f"{values[i, j]}", stroke="white", stroke_width=1)  # fmt: skip
            if n <= 20:
                color = "white" if share > 0.6 else "black"
                canvas.text(x + cell / 2, y + cell / 2 + 3, str(values[i, j]), 7, "middle",
                            fill=color)  # fmt: skip
    for i, label in enumerate(labels):
        canvas.text(margin - 4, 10 + (i + 0.5) * cell + 3, label, 7, "end")
        x = margin + (i + 0.5) * cell
        canvas.text(x, 10 + n * cell + 8, label, 7, "end", rotate=-35)
    return canvas.svg()


def spring_layout(n: int, pairs: list[tuple[int, int]], seed: int = 7) -> np.ndarray:
    """Fruchterman-Reingold positions of ``n`` nodes in [0, 1]², deterministic for a seed."""
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    if n < 2:
        return np.full((n, 2), 0.5)
    k = 2.0 / np.sqrt(n)
    adj = np.zeros((n, n))
    for a, b in pairs:
        adj[a, b] = adj[b, a] = 1.0
    temp = 0.1
    for _ in range(LAYOUT_ITERATIONS):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=-1), 0.01)
        force = k * k / dist**2 - adj * dist / k
        move = np.einsum("ij,ijk->ik", force, delta)
        length = np.maximum(np.linalg.norm(move, axis=-1), 0.01)
        pos += move * (np.minimum(length, temp) / length)[:, None]
        temp -= 0.1 / (LAYOUT_ITERATIONS + 1)
    pos -= pos.min(axis=0)
    return pos / np.maximum(pos.max(axis=0), 1e-9)


def _largest_component(pairs: list[tuple[Hashable, Hashable]]) -> set[Hashable]:
    """The nodes of the largest weakly connected component (the first, on a tie)."""
    parent: dict[Hashable, Hashable] = {}

    def root(x: Hashable) -> Hashable:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        parent[root(a)] = root(b)
    groups: dict[Hashable, set[Hashable]] = {}
    for node in parent:
        groups.setdefault(root(node), set()).add(node)
    return max(groups.values(), key=len) if groups else set()


def citation_graph(edges: pd.DataFrame, titles: pd.Series, labels: int = 10) -> str:
    """The listed papers that cite each other: arrows from citing to cited, bigger dots for
    papers cited by more listed papers; the most cited labelled."""
    degree = edges["cited"].value_counts()
    total = pd.concat([edges["cited"], edges["citing"]]).value_counts()
    ranked = total.sort_index().sort_values(ascending=False, kind="stable")
    keep = set(ranked.head(GRAPH_NODES).index)
    sub = edges[edges["cited"].isin(keep) & edges["citing"].isin(keep)]
    pairs = list(dict.fromkeys(zip(sub["citing"], sub["cited"], strict=True)))
    component = _largest_component(pairs)  # a stray pair far away would squeeze the picture
    pairs = [p for p in pairs if p[0] in component]
    nodes = list(dict.fromkeys(n for p in pairs for n in p))
    canvas = Canvas("graph", 640, 540)
    if not nodes:
        canvas.text(320, 270, "no listed paper cites another", 11, "middle")
        return canvas.svg()
    index = {node: i for i, node in enumerate(nodes)}
    pos = spring_layout(len(nodes), [(index[a], index[b]) for a, b in pairs])
    xy = {node: (30 + 580 * pos[i, 0], 30 + 480 * pos[i, 1]) for node, i in index.items()}
    radius = {node: 2.5 + 1.6 * float(np.sqrt(degree.get(node, 0))) for node in nodes}
    canvas.raw('<defs><marker id="enrich-arrow" viewBox="0 0 10 10" refX="10" refY="5" '
               'markerWidth="6" markerHeight="6" orient="auto-start-reverse">'
               '<path d="M 0 0 L 10 5 L 0 10 z" fill="#999999"/></marker></defs>')  # fmt: skip
    for a, b in pairs:
        (x1, y1), (x2, y2) = xy[a], xy[b]
        length = max(float(np.hypot(x2 - x1, y2 - y1)), 1e-6)
        cut = (radius[b] + 1) / length
        canvas.line(x1, y1, x2 - (x2 - x1) * cut, y2 - (y2 - y1) * cut, "#999999", 0.6,
                    opacity=0.6, marker_end="url(#enrich-arrow)")  # fmt: skip
    for node in nodes:
        tip = f"{titles.get(node, node)}: cited by {int(degree.get(node, 0))} listed papers"
        canvas.circle(*xy[node], radius[node], PALETTE[0], tip, opacity=0.85)
    for node in degree.head(labels).index:
        if node in xy:
            x, y = xy[node]
            label = _label(str(titles.get(node, node)))
            # a white outline under the text, then the text
            canvas.text(x, y - radius[node] - 2, label, 7, "middle", stroke="white",
                        stroke_width=3)  # fmt: skip
            canvas.text(x, y - radius[node] - 2, label, 7, "middle")
    return canvas.svg()


def _label(title: str) -> str:
    """A system's name (``vLLM: ...`` gives ``vLLM``), else the title's first words."""
    head = title.split(":", 1)[0]
    return _short(head if len(head) <= 30 else title, 30)


def gains(rows: list[dict[str, Any]]) -> str:
    """Horizontal bars: the largest citation gains since the previous snapshot."""
    names = [_short(r["title"], 50) for r in rows]
    margin = max((text_width(s, 7) for s in names), default=0) + 8
    frame = Frame(margin, 8, 360, 18 * max(len(rows), 1), max((r["gain"] for r in rows),
                  default=0), horizontal=True)  # fmt: skip
    canvas = Canvas("gains", margin + 420, frame.height + 44)
    frame.draw_axis(canvas, "citations gained")
    for i, (name, row) in enumerate(zip(names, rows, strict=True)):
        y = frame.top + 18 * i + 3
        end = frame.at(row["gain"])
        canvas.rect(frame.left, y, end - frame.left, 12, PALETTE[2],
                    f"{row['title']}: {row['before']:,} to {row['after']:,}")  # fmt: skip
        canvas.text(margin - 4, y + 9, name, 7, "end")
        canvas.text(end + 3, y + 9, f"+{row['gain']:,}", 7)
    return canvas.svg()


def trend(table: pd.DataFrame) -> str:
    """Lines: papers and resolved papers in each snapshot kept."""
    frame = Frame(44, 10, 440, 160, float(table["papers"].max()) * 1.15 if len(table) else 0)
    canvas = Canvas("trend", 540, 210)
    frame.draw_axis(canvas, "papers")
    step = frame.width / max(len(table) - 1, 1)
    stamps = [str(s) for s in table["snapshot"]]
    same_day = len({s[:10] for s in stamps}) == 1
    for n, (column, color) in enumerate((("papers", PALETTE[0]), ("resolved", PALETTE[1]))):
        points = [(frame.left + step * i, frame.at(float(v))) for i, v in enumerate(table[column])]
        canvas.polyline(points, color)
        for (x, y), stamp, value in zip(points, stamps, table[column], strict=True):
            canvas.circle(x, y, 3, color, f"{stamp}: {value} {column}")
        legend(canvas, frame.left + frame.width - 70, frame.top + frame.height - 30 + 13 * n,
               [(column, color)])  # fmt: skip
    every = max(1, len(table) // 8)
    for i in range(0, len(table), every):
        name = stamps[i][:16].replace("T", " ") if same_day else stamps[i][:10]
        canvas.text(frame.left + step * i, frame.top + frame.height + 13, name, 7, "middle")
    return canvas.svg()
