"""Score ingest on the held-out corpus in ``tests/wild/`` (lists in layouts nobody showed us).

Usage: ``.venv/bin/python bench/wild.py [-v] [--markdown] [--ingest]``

Prints one row per list and a pooled row: entries (gold paper entries), rows judged,
precision, recall, and how many of the years and venues the entries state were read (the
rules of ``tests/listgen/score.py``, which are ``../shared/lists/score.py``'s). The lists are
parsed in memory as the ingest stage parses them; ``--ingest`` runs the ingest stage on the
folder instead and scores the mentions it wrote (the same figures). ``-v`` lists every entry
missed (with what was read on its lines), every extra row and every venue or year misread.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

from enrich.settings import Settings
from enrich.stages.ingest import run_ingest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # for ``tests.wild``

from tests.listgen import report as listreport  # noqa: E402
from tests.listgen.score import Row, rows_from  # noqa: E402
from tests.wild.corpus import WILD, load, measure, parse_all  # noqa: E402


def ingested() -> list[Row]:
    """The ingest stage on ``tests/wild``: the mentions it wrote."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        run_ingest(Settings(raw_dir=WILD, out_dir=out, cache_path=Path(tmp) / "cache.sqlite"))
        table = pq.read_table(out / "stage" / "mentions.parquet",
                              columns=["source_file", "line", "title", "venue", "year"])
    return rows_from(table.to_pylist())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="list every failure")
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    ap.add_argument("--ingest", action="store_true", help="run the ingest stage, not parse_list")
    args = ap.parse_args(argv)
    files, gold = load()
    t0 = time.process_time()
    rows = ingested() if args.ingest else parse_all(files)
    cpu = time.process_time() - t0
    reports = measure(files, gold, rows)
    table = [listreport.cells(name, r.total) for name, r in reports.items()]
    print(listreport.table(table, ["list", *listreport.HEADER[1:]], args.markdown))
    print(f"{len(files)} lists, {reports['pooled'].total.entries} entries, "
          f"{'ingest' if args.ingest else 'parsed'} in {cpu:.2f} s CPU")
    if args.verbose:
        print("\n".join(listreport.failures(reports["pooled"], per_slice=1000)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
