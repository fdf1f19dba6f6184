"""Print a :class:`~tests.listgen.score.Report`: tables per slice, targets, failures."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import fields

from tests.listgen.score import Report, Tally

TARGETS = {"precision": 0.97, "recall": 0.97, "slice recall": 0.92, "years": 0.95,
           "venues": 0.90}
"""Issue 22's acceptance figures for the generated corpus: pooled precision and recall, the
recall of every style and layout, years and venues read of those stated."""

HEADER = ["", "entries", "rows", "precision", "recall", "years read", "venues read"]


def cells(name: str, t: Tally) -> list[str]:
    return [name, str(t.entries), str(t.judged), f"{t.precision:.3f}", f"{t.recall:.3f}",
            f"{t.years_read}/{t.years_stated} {t.year_rate:.2f}",
            f"{t.venues_read}/{t.venues_stated} {t.venue_rate:.2f}"]


def table(rows: list[list[str]], header: list[str], markdown: bool = False) -> str:
    """Rows as aligned text, or as a Markdown table."""
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        return "\n".join([*lines, *("| " + " | ".join(r) + " |" for r in rows)])
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
                     for r in [header, *rows])


def slice_table(report: Report, kind: str, markdown: bool = False) -> str:
    sl = report.slices[kind]
    rows = [cells(name, sl[name]) for name in sorted(sl)]
    return table(rows, [kind, *HEADER[1:]], markdown)


def family_table(report: Report, family_of: Callable[[str], str], markdown: bool = False) -> str:
    """The style table summed by family (``family_of`` names a style's family)."""
    sums: dict[str, Tally] = defaultdict(Tally)
    for style, t in report.slices["style"].items():
        total = sums[family_of(style)]
        for f in fields(Tally):
            setattr(total, f.name, getattr(total, f.name) + getattr(t, f.name))
    rows = [cells(name, sums[name]) for name in sorted(sums)]
    return table(rows, ["family", *HEADER[1:]], markdown)


def targets(report: Report) -> list[str]:
    """One line per target: the figure, the target, and whether it holds."""
    t = report.total
    worst = [(n, s.recall) for k in ("style", "layout") for n, s in report.slices[k].items()
             if s.entries]
    name, low = min(worst, key=lambda x: x[1]) if worst else ("-", 1.0)
    checks = [
        ("pooled precision", t.precision, TARGETS["precision"]),
        ("pooled recall", t.recall, TARGETS["recall"]),
        (f"lowest style/layout recall ({name})", low, TARGETS["slice recall"]),
        ("years read", t.year_rate, TARGETS["years"]),
        ("venues read", t.venue_rate, TARGETS["venues"]),
    ]
    return [f"  {what}: {got:.3f} (target >= {want:.2f}) {'ok' if got >= want else 'NOT MET'}"
            for what, got, want in checks]


def failures(report: Report, per_slice: int = 3) -> list[str]:
    """Examples of what fails: missed entries (with what was read on their lines instead),
    extra rows, venues and years misread. An example is shown while its style or its layout
    has had fewer than ``per_slice`` of that kind, so every failing slice gets a few and the
    list stays short (at most ``per_slice`` x (styles + layouts) a kind)."""
    out: list[str] = []
    seen: dict[tuple[str, str], int] = defaultdict(int)

    def take(kind: str, *keys: str) -> bool:
        if all(seen[(kind, k)] >= per_slice for k in keys):
            return False
        for k in keys:
            seen[(kind, k)] += 1
        return True

    out.append("--- MISSED (entries with no row of the right title; what was read instead)")
    for g, rows in report.missed:
        if take("missed", "s:" + g.style, "l:" + g.layout):
            got = "; ".join(f'"{r.title}"' for r in rows) or "nothing"
            out.append(f"  {g.file}:{g.start} [{g.style} {g.layout} {g.variant}] want "
                       f'"{g.title}" got {got}')
    out.append("--- EXTRA (rows on lines that are not an entry, or duplicates)")
    for r, g in report.extra:
        what = "no span" if g is None else (g.title if g.kind == "N" else "duplicate")
        if take("extra", "w:" + what, "l:" + ("-" if g is None else g.layout)):
            where = "" if g is None else f" [{g.layout}]"
            out.append(f'  {r.file}:{r.line} ({what}){where} "{r.title}"')
    out.append("--- VENUE/YEAR (found entries whose stated venue or year was misread)")
    for g, r in report.misread:
        if take("misread", "s:" + g.style, "l:" + g.layout):
            out.append(f"  {g.file}:{g.start} [{g.style} {g.layout}] got {r.venue!r} {r.year!r}"
                       f" want {g.venue!r} {g.year!r} | {g.title[:60]}")
    return out
