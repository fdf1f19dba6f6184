"""Judge parsed rows against gold rows, by the rules of ``../shared/lists/score.py``.

A row belongs to the gold span whose lines hold its line. On a paper entry's span it is
correct when its title equals the gold title ignoring case, punctuation and braces (one
correct row per entry; more are duplicates, a row with another title is wrong); on a
not-an-entry span or on no span it is an extra row; on an ambiguous span it is not judged.
Precision = correct / judged, recall = entries with a correct row / entries. Of the entries
found, ``years`` and ``venues`` count those whose gold states one and how many were read right
(a ``~X`` venue accepts X or nothing and is not counted as stated). Figures are kept per
style, per layout and per variant of the gold row each judged row belongs to.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from tests.listgen.doc import Gold

_NOT_WORD = re.compile(r"[\W_]+")
_VENUE_ALIASES = {"nips": "neurips", "nurips": "neurips", "sysml": "mlsys", "pvldb": "vldb",
                  "usenix atc": "atc", "corr": "arxiv", "sigmod conference": "sigmod"}
"""Spellings of one venue the dev lists' scorer also accepts (``NIPS`` is ``NeurIPS``)."""


def norm_title(s: str | None) -> str:
    """NFKC, case-folded, braces dropped, every run of non-letters a single space."""
    s = unicodedata.normalize("NFKC", s or "").casefold().replace("{", "").replace("}", "")
    return " ".join(_NOT_WORD.sub(" ", s).split())


def norm_venue(v: str | None) -> str:
    v = " ".join((v or "").split()).casefold()
    return _VENUE_ALIASES.get(v, v)


@dataclass(frozen=True, slots=True)
class Row:
    """A parsed row: where it is and what was read (an ``Entry`` or a mentions row)."""

    file: str
    line: int
    title: str
    venue: str | None
    year: int | None


def rows_from(entries: Iterable[Any]) -> list[Row]:
    """Rows from parser entries or mentions-table records (``source_file``, ``line`` ...)."""
    out = []
    for e in entries:
        get = e.get if isinstance(e, dict) else lambda k, e=e: getattr(e, k)
        year = get("year")
        out.append(Row(get("source_file"), int(get("line")), get("title") or "", get("venue"),
                       None if year is None or year != year else int(year)))
    return out


@dataclass
class Tally:
    """Counts for one slice (all, one style, one layout ...)."""

    entries: int = 0
    found: int = 0
    judged: int = 0
    correct: int = 0
    years_stated: int = 0
    years_read: int = 0
    venues_stated: int = 0
    venues_read: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.judged if self.judged else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.entries if self.entries else 1.0

    @property
    def year_rate(self) -> float:
        return self.years_read / self.years_stated if self.years_stated else 1.0

    @property
    def venue_rate(self) -> float:
        return self.venues_read / self.venues_stated if self.venues_stated else 1.0


@dataclass
class Report:
    """Tallies overall and per slice, with the failures for ``-v``."""

    total: Tally = field(default_factory=Tally)
    slices: dict[str, dict[str, Tally]] = field(
        default_factory=lambda: {"style": defaultdict(Tally), "layout": defaultdict(Tally),
                                 "variant": defaultdict(Tally)})
    missed: list[tuple[Gold, list[Row]]] = field(default_factory=list)  #: with the wrong rows
    extra: list[tuple[Row, Gold | None]] = field(default_factory=list)  #: extra and duplicates
    misread: list[tuple[Gold, Row]] = field(default_factory=list)  #: venue or year wrong

    def tallies(self, g: Gold | None) -> list[Tally]:
        if g is None:
            return [self.total, self.slices["layout"]["(no span)"]]
        out = [self.total, self.slices["layout"][g.layout]]
        if g.style != "-":
            out.append(self.slices["style"][g.style])
        if g.variant != "-":
            out.append(self.slices["variant"][g.variant])
        return out


def _venue_ok(read: str | None, gold: str) -> tuple[bool, bool]:
    """(stated, read right) for one found entry's venue."""
    got = norm_venue(read)
    if gold.startswith("~"):
        return False, got in ("", norm_venue(gold[1:]))
    return bool(gold), got == norm_venue(gold)


def _judge_entry(report: Report, g: Gold, rows: list[Row]) -> None:
    ts = report.tallies(g)
    for t in ts:
        t.entries += 1
        t.judged += len(rows)
    want = norm_title(g.title)
    ok = [r for r in rows if norm_title(r.title) == want]
    if not ok:
        report.missed.append((g, rows))
        return
    r = ok[0]
    report.extra += [(r2, g) for r2 in rows if r2 is not r and norm_title(r2.title) == want]
    v_stated, v_ok = _venue_ok(r.venue, g.venue)
    y_stated, y_ok = bool(g.year), str(r.year or "") == g.year
    for t in ts:
        t.found += 1
        t.correct += 1
        t.venues_stated += v_stated
        t.venues_read += v_stated and v_ok
        t.years_stated += y_stated
        t.years_read += y_stated and y_ok
    if (v_stated and not v_ok) or (y_stated and not y_ok):
        report.misread.append((g, r))


def score(gold: list[Gold], rows: Iterable[Row]) -> Report:
    """Judge ``rows`` against ``gold`` (see the module docstring)."""
    span: dict[tuple[str, int], Gold] = {}
    for g in gold:
        for line in range(g.start, g.end + 1):
            span[(g.file, line)] = g
    by_entry: dict[tuple[str, int], list[Row]] = defaultdict(list)
    report = Report()
    for r in rows:
        g = span.get((r.file, r.line))
        if g is not None and g.kind == "A":
            continue
        if g is not None and g.kind == "P":
            by_entry[(g.file, g.start)].append(r)
            continue
        report.extra.append((r, g))
        for t in report.tallies(g):
            t.judged += 1
    for g in gold:
        if g.kind == "P":
            _judge_entry(report, g, by_entry.get((g.file, g.start), []))
    return report
