"""For the people who read the data: the HTML report, the enriched lists and the
reference-manager exports, all built from a written snapshot (never from the stage files).

Entry points (the CLI calls one each):

* :func:`write_report`: ``OUT/latest/report.html``, its dated copy ``OUT/reports/<stamp>.html``
  and the enriched lists ``OUT/latest/lists/<list>.md``;
* :func:`export`: the resolved papers as BibTeX, CSL-JSON or RIS.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from enrich.atomic import fsync_dir
from enrich.errors import InputError, StageInputMissing
from enrich.report.data import Snapshot, load_previous, load_snapshot
from enrich.report.exports import FORMATS, Export, export_snapshot
from enrich.report.html import render
from enrich.report.lists import render_lists
from enrich.report.writing import REPORT_NAME, publish
from enrich.stages.latest import open_latest

TABLES = ("papers", "mentions", "references")
"""The tables the report and the exports read."""
REPORTS_DIR = "reports"
"""Dated copies live in ``OUT/reports/``, beside ``manifests/``: not in a table's
``snapshot=...`` directory, where a reader of the history (``pd.read_parquet("OUT/papers")``)
would take the HTML file for a Parquet part."""


@dataclass
class ReportSummary:
    path: Path
    copy: Path
    bytes: int
    lists: list[Path] = field(default_factory=list)
    previous: str | None = None

    def lines(self) -> list[str]:
        since = f", what changed since {self.previous}" if self.previous else ""
        return [
            f"report: {self.path} ({self.bytes / 1e3:,.0f} kB{since}; copy {self.copy})",
            f"report: {len(self.lists)} enriched lists in {self.path.parent / 'lists'}",
        ]


def _snapshot(out_dir: Path, history: bool = False) -> tuple[Path, Snapshot]:
    """The latest snapshot's dated directory (resolved once: a later switch of ``latest``
    cannot move it) and its tables; damage is named with its fix."""
    latest = open_latest(out_dir)
    if latest is None:
        raise StageInputMissing(f"no snapshot in {out_dir} yet: run `enrich run` first")
    latest.check(TABLES)
    try:
        snap = load_snapshot(latest.directory, out_dir if history else None)
    except (pa.ArrowException, OSError, ValueError, KeyError) as exc:
        raise latest.damaged("", exc) from None
    return latest.directory, snap


def write_report(out_dir: Path) -> ReportSummary:
    """Write the latest snapshot's report, its dated copy and the enriched lists."""
    out_dir = Path(out_dir)
    latest, snap = _snapshot(out_dir, history=True)
    prev = load_previous(out_dir, snap.stamp)
    html = render(snap, prev)
    copy = out_dir / REPORTS_DIR / f"{snap.stamp}.html"
    lists = render_lists(snap)
    written = publish(latest, html, lists, copy)
    _prune_reports(out_dir)
    return ReportSummary(
        out_dir / "latest" / REPORT_NAME, copy, len(html.encode()), written,
        prev.stamp if prev else None,
    )  # fmt: skip


def _prune_reports(out_dir: Path) -> None:
    """Drop dated reports whose snapshot retention deleted (its manifest is gone)."""
    reports = out_dir / REPORTS_DIR
    kept = {p.stem for p in (out_dir / "manifests").glob("*.json")}
    for old in reports.glob("*.html"):
        if old.stem not in kept:
            old.unlink(missing_ok=True)
    fsync_dir(reports)


def export(
    out_dir: Path, fmt: str, list_file: str | None = None, output: Path | None = None
) -> Export:
    """The latest snapshot's resolved papers (those ``list_file`` names, when given) in
    ``fmt``: ``bibtex``, ``csljson`` or ``ris``. ``output``, where the caller will write it,
    must lie outside ``out_dir``: ``-o OUT/latest/papers.parquet`` would replace a table."""
    if output is not None and Path(output).resolve().is_relative_to(Path(out_dir).resolve()):
        raise InputError(
            f"{output} is inside the output directory {out_dir}; export writes elsewhere "
            "(-o FILE outside it, or stdout)"
        )
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    _, snap = _snapshot(Path(out_dir))
    if list_file is not None:
        list_file = _list_name(snap, list_file)
    return export_snapshot(snap, fmt, list_file)


def _list_name(snap: Snapshot, given: str) -> str:
    """The list's ``source_file`` for what the user typed: its name relative to the raw dir,
    or a path ending with it (``data/raw/ml.md``)."""
    names = sorted(snap.mentions["source_file"].dropna().unique())
    given_posix = Path(given).as_posix()
    for name in names:
        if given_posix == name or given_posix.endswith("/" + name):
            return str(name)
    raise InputError(f"no list {given!r} in the snapshot; its lists: {', '.join(names)}")


__all__ = ["FORMATS", "Export", "ReportSummary", "export", "write_report"]
