"""The report's charts as inline SVG strings, drawn with matplotlib (no browser script needed).

Each function takes what :mod:`enrich.report.data` computed and returns ``<svg ...>...</svg>``
text. Text stays text (``svg.fonttype: none``): the file is smaller and the page's font is
used. Each chart gets its own ``svg.hashsalt``, so the ids matplotlib writes (clip paths)
are stable between runs and distinct between charts on one page.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Callable
from typing import Any

import matplotlib

matplotlib.use("Agg")  # before pyplot: no display, no GUI toolkit

import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import pandas as pd  # noqa: E402
from cycler import cycler  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

PALETTE = [
    "#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2",
    "#eeca3b", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac",
]  # fmt: skip
STYLE: dict[str, Any] = {
    "svg.fonttype": "none",
    "font.size": 9,
    "font.family": "sans-serif",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": cycler(color=PALETTE),
}
GRAPH_NODES = 60
"""The graph picture shows at most this many papers (the most cited within the lists): more
is a hairball, and ``spring_layout`` stays in numpy below 500 nodes."""


def _svg(name: str, draw: Callable[[Figure], None], size: tuple[float, float]) -> str:
    style: dict[str, Any] = {**STYLE, "svg.hashsalt": f"enrich-{name}"}
    with plt.rc_context(style):  # type: ignore[arg-type]  # (stubs want literal rc keys)
        fig = plt.figure(figsize=size)
        try:
            draw(fig)
            buf = io.StringIO()
            fig.savefig(buf, format="svg", bbox_inches="tight")
        finally:
            plt.close(fig)
    text = buf.getvalue()
    start = text.index("<svg")
    svg = text[start:]
    # matplotlib writes a fixed size in pt; let CSS scale it to the column
    return re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r"<svg\1", svg, count=1)


def _short(label: str, width: int = 38) -> str:
    return textwrap.shorten(label, width=width, placeholder="…")


def year_by_venue(table: pd.DataFrame) -> str:
    """Stacked bars: resolved papers per year, one colour per venue."""

    def draw(fig: Figure) -> None:
        ax = fig.add_subplot()
        bottom = pd.Series(0, index=table.index)
        for i, venue in enumerate(table.columns):
            color = "#cccccc" if venue in ("other venues", "no venue") else PALETTE[i % 10]
            if venue == "no venue":
                color = "#eeeeee"
            ax.bar(table.index, table[venue], bottom=bottom, label=_short(venue), color=color,
                   edgecolor="white", linewidth=0.3)  # fmt: skip
            bottom += table[venue]
        ax.set_ylabel("papers")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        if len(table.columns):
            ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1, 1))

    return _svg("years", draw, (8, 3.4))


def citation_bins(bins: pd.Series) -> str:
    """Bars: how many papers have 0, 1-9, 10-99, ... citations."""

    def draw(fig: Figure) -> None:
        ax = fig.add_subplot()
        bars = ax.bar(bins.index, bins.values, color=PALETTE[0])
        ax.bar_label(bars, fontsize=8)
        ax.tick_params(axis="x", labelsize=8)
        ax.set_xlabel("citations (Semantic Scholar)")
        ax.set_ylabel("papers")

    return _svg("citations", draw, (5, 3))


def overlap(matrix: pd.DataFrame) -> str:
    """Heatmap: papers each pair of lists shares (diagonal: papers in the list). Vector cells
    (``pcolormesh``): ``imshow`` would embed a PNG in the SVG."""
    n = len(matrix)

    def draw(fig: Figure) -> None:
        ax = fig.add_subplot()
        values = matrix.to_numpy()
        edges = [i - 0.5 for i in range(n + 1)]  # cells centred on the ticks, as imshow's
        ax.pcolormesh(edges, edges, values, cmap="Blues", edgecolors="white", linewidth=0.5)
        ax.set_xlim(-0.5, n - 0.5)
        ax.set_ylim(n - 0.5, -0.5)
        labels = [_short(x, 28) for x in matrix.index]
        ax.set_xticks(range(n), labels, rotation=35, ha="right", fontsize=7)
        ax.set_yticks(range(n), labels, fontsize=7)
        if n <= 20:
            top = values.max() or 1
            for i in range(n):
                for j in range(n):
                    color = "white" if values[i, j] > top * 0.6 else "black"
                    ax.text(j, i, str(values[i, j]), ha="center", va="center", fontsize=7,
                            color=color)  # fmt: skip
        ax.spines[:].set_visible(False)

    side = min(9.0, 2.5 + 0.45 * n)
    return _svg("overlap", draw, (side, side * 0.85))


def citation_graph(edges: pd.DataFrame, titles: pd.Series, labels: int = 10) -> str:
    """The listed papers that cite each other: arrows from citing to cited, bigger dots for
    papers cited by more listed papers; the most cited labelled."""
    degree = edges["cited"].value_counts()
    total = pd.concat([edges["cited"], edges["citing"]]).value_counts()
    ranked = total.sort_index().sort_values(ascending=False, kind="stable")
    keep = set(ranked.head(GRAPH_NODES).index)
    sub = edges[edges["cited"].isin(keep) & edges["citing"].isin(keep)]
    graph = nx.DiGraph()
    graph.add_edges_from(zip(sub["citing"], sub["cited"], strict=True))
    if graph:  # a stray pair far from the rest would squeeze the picture into a corner
        graph = graph.subgraph(max(nx.weakly_connected_components(graph), key=len)).copy()

    def draw(fig: Figure) -> None:
        ax = fig.add_subplot()
        ax.set_axis_off()
        if not graph:
            ax.text(0.5, 0.5, "no listed paper cites another", ha="center", va="center")
            return
        pos = nx.spring_layout(graph, seed=7, k=2.0 / max(len(graph), 1) ** 0.5, iterations=100)
        sizes = [20 + 25 * int(degree.get(n, 0)) for n in graph]
        nx.draw_networkx_edges(graph, pos, ax=ax, alpha=0.25, arrowsize=6, width=0.6,
                               node_size=sizes)  # fmt: skip
        nx.draw_networkx_nodes(graph, pos, ax=ax, node_size=sizes, node_color=PALETTE[0],
                               alpha=0.85, linewidths=0)  # fmt: skip
        named = {n: _label(str(titles.get(n, n))) for n in degree.head(labels).index if n in graph}
        box = {"fc": "white", "ec": "none", "alpha": 0.7, "pad": 0.5}
        nx.draw_networkx_labels(
            graph, pos, named, ax=ax, font_size=7, verticalalignment="bottom", bbox=box
        )

    return _svg("graph", draw, (7, 6))


def _label(title: str) -> str:
    """A system's name (``vLLM: ...`` gives ``vLLM``), else the title's first words."""
    head = title.split(":", 1)[0]
    return _short(head if len(head) <= 30 else title, 30)


def gains(rows: list[dict]) -> str:
    """Horizontal bars: the largest citation gains since the previous snapshot."""

    def draw(fig: Figure) -> None:
        ax = fig.add_subplot()
        names = [_short(r["title"], 50) for r in reversed(rows)]
        values = [r["gain"] for r in reversed(rows)]
        bars = ax.barh(names, values, color=PALETTE[2])
        ax.bar_label(bars, [f"+{v:,}" for v in values], fontsize=7, padding=2)
        ax.set_xlabel("citations gained")
        ax.tick_params(axis="y", labelsize=7)

    return _svg("gains", draw, (7, 0.6 + 0.28 * max(len(rows), 1)))


def trend(table: pd.DataFrame) -> str:
    """Lines: papers and resolved papers in each snapshot kept."""

    def draw(fig: Figure) -> None:
        ax = fig.add_subplot()
        x = range(len(table))
        ax.plot(x, table["papers"], marker="o", label="papers")
        ax.plot(x, table["resolved"], marker="o", label="resolved")
        ticks = list(x)[:: max(1, len(table) // 8)]
        stamps = [str(table["snapshot"].iloc[i]) for i in ticks]
        same_day = len({s[:10] for s in table["snapshot"]}) == 1
        names = [s[:16].replace("T", " ") if same_day else s[:10] for s in stamps]
        ax.set_xticks(ticks, names, fontsize=7)
        ax.set_ylim(0, max(int(table["papers"].max()), 1) * 1.15)
        ax.legend(frameon=False, fontsize=8, loc="lower right")

    return _svg("trend", draw, (6, 2.6))
