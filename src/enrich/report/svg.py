"""A small SVG writer for the report's charts: shapes, text, round axis ticks. Pure.

The charts are bars, a heatmap, lines and one node-link picture: a few hundred shapes in all,
which plain SVG elements draw as well as a plotting library does, without its import and
rendering time (matplotlib took most of a run's own time on the seed lists). Text stays text,
in the page's font; sizes are in the ``viewBox``'s units and the page's CSS scales each chart to
its column.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

CHAR_WIDTH = 0.6
"""Average glyph width of a sans-serif font, in ems: enough to lay out labels and legends."""

INK = "#333333"
GRID = "#e6e6e6"


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def fmt(x: float) -> str:
    """A coordinate with at most one decimal (smaller files, same picture)."""
    return f"{x:.1f}".removesuffix(".0")


def text_width(text: str, size: float) -> float:
    return len(text) * size * CHAR_WIDTH


def nice_ticks(top: float, most: int = 6) -> list[float]:
    """Round ticks from 0 covering ``top`` (1, 2 or 5 times a power of ten apart), at most
    ``most`` + 1 of them."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / most
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(step, 1.0) if top >= 1 else step
    count = math.ceil(top / step - 1e-9)
    return [i * step for i in range(count + 1)]


def tick_label(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:g}"


def _attrs(attrs: dict[str, object]) -> str:
    return "".join(f' {k.rstrip("_").replace("_", "-")}="{esc(v)}"' for k, v in attrs.items())


class Canvas:
    """One chart: elements appended in drawing order, then :meth:`svg`."""

    def __init__(self, name: str, width: float, height: float):
        self.name, self.width, self.height = name, width, height
        self.parts: list[str] = []

    def rect(self, x: float, y: float, w: float, h: float, fill: str, tip: str = "",
             **attrs: object) -> None:  # fmt: skip
        title = f"<title>{esc(tip)}</title>" if tip else ""
        end = f">{title}</rect>" if title else "/>"
        self.parts.append(
            f'<rect x="{fmt(x)}" y="{fmt(y)}" width="{fmt(max(w, 0))}" '
            f'height="{fmt(max(h, 0))}" fill="{fill}"{_attrs(attrs)}{end}'
        )

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str = INK,
             width: float = 0.8, **attrs: object) -> None:  # fmt: skip
        self.parts.append(
            f'<line x1="{fmt(x1)}" y1="{fmt(y1)}" x2="{fmt(x2)}" y2="{fmt(y2)}" '
            f'stroke="{stroke}" stroke-width="{fmt(width)}"{_attrs(attrs)}/>'
        )

    def circle(self, cx: float, cy: float, r: float, fill: str, tip: str = "",
               **attrs: object) -> None:  # fmt: skip
        title = f"<title>{esc(tip)}</title>" if tip else ""
        end = f">{title}</circle>" if title else "/>"
        self.parts.append(
            f'<circle cx="{fmt(cx)}" cy="{fmt(cy)}" r="{fmt(r)}" fill="{fill}"{_attrs(attrs)}{end}'
        )

    def polyline(self, points: Sequence[tuple[float, float]], stroke: str,
                 width: float = 1.5) -> None:  # fmt: skip
        pts = " ".join(f"{fmt(x)},{fmt(y)}" for x, y in points)
        self.parts.append(
            f'<polyline points="{pts}" fill="none" stroke="{stroke}" stroke-width="{fmt(width)}"/>'
        )

    def text(self, x: float, y: float, text: str, size: float = 9, anchor: str = "start",
             rotate: float | None = None, **attrs: object) -> None:  # fmt: skip
        turn = f' transform="rotate({fmt(rotate)} {fmt(x)} {fmt(y)})"' if rotate else ""
        self.parts.append(
            f'<text x="{fmt(x)}" y="{fmt(y)}" font-size="{fmt(size)}" text-anchor="{anchor}"'
            f"{turn}{_attrs(attrs)}>{esc(text)}</text>"
        )

    def raw(self, markup: str) -> None:
        self.parts.append(markup)

    def svg(self) -> str:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {fmt(self.width)} '
            f'{fmt(self.height)}" class="chart-{esc(self.name)}" font-family="sans-serif" '
            f'fill="{INK}" role="img">' + "".join(self.parts) + "</svg>"
        )


class Frame:
    """A plot area with a value axis: ``left``/``top`` its corner, ``width``/``height`` its
    size, values 0 to the last tick mapped onto it."""

    def __init__(self, left: float, top: float, width: float, height: float, top_value: float,
                 *, horizontal: bool = False):  # fmt: skip
        self.left, self.top, self.width, self.height = left, top, width, height
        self.ticks = nice_ticks(top_value)
        self.vmax = self.ticks[-1] or 1.0
        self.horizontal = horizontal

    def at(self, value: float) -> float:
        """The coordinate of ``value`` along the value axis."""
        if self.horizontal:
            return self.left + self.width * value / self.vmax
        return self.top + self.height * (1 - value / self.vmax)

    def draw_axis(self, canvas: Canvas, label: str) -> None:
        """Grid lines, tick labels and the axis title; the baseline."""
        for tick in self.ticks:
            if self.horizontal:
                x = self.at(tick)
                canvas.line(x, self.top, x, self.top + self.height, GRID)
                canvas.text(x, self.top + self.height + 12, tick_label(tick), 8, "middle")
            else:
                y = self.at(tick)
                canvas.line(self.left, y, self.left + self.width, y, GRID)
                canvas.text(self.left - 4, y + 3, tick_label(tick), 8, "end")
        if self.horizontal:
            canvas.line(self.left, self.top, self.left, self.top + self.height)
            canvas.text(self.left + self.width / 2, self.top + self.height + 26, label, 9,
                        "middle")  # fmt: skip
        else:
            bottom = self.top + self.height
            canvas.line(self.left, bottom, self.left + self.width, bottom)
            mid = self.top + self.height / 2
            canvas.text(12, mid, label, 9, "middle", rotate=-90)


def legend(canvas: Canvas, x: float, y: float, items: Sequence[tuple[str, str]],
           size: float = 8) -> None:  # fmt: skip
    """Colour swatches with their names, one a line, from ``(x, y)`` down."""
    for i, (name, color) in enumerate(items):
        row = y + i * (size + 5)
        canvas.rect(x, row, size, size, color)
        canvas.text(x + size + 4, row + size - 1, name, size)
