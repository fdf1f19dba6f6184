"""Readers of ``OUT/latest`` while runs switch it (issue 25, row 8): a reader resolves
``latest`` once and reads one whole snapshot; the directory it resolved outlives the switch."""

from __future__ import annotations

import json
import os
import threading
import time

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from enrich.errors import StageInputUnreadable
from enrich.pipeline import status_lines
from enrich.settings import Settings
from enrich.stages.latest import GRACE_SECONDS, open_latest, retire
from enrich.stages.snapshot import switch_latest

SWITCHES = 40
READERS = 3


def _snapshot_files(out, stamp):
    """A tiny snapshot whose every file names its stamp: a mix of two shows at once."""
    where = out / "history" / stamp
    where.mkdir(parents=True)
    papers = pa.table({
        "paper_id": [stamp], "match_status": ["unresolved"], "input_titles": [[f"t-{stamp}"]],
        "match_reason": ["S2 has no title match"],
    })  # fmt: skip
    pq.write_table(papers, where / "papers.parquet")
    pq.write_table(pa.table({"paper_id": [stamp]}), where / "mentions.parquet")
    manifest = {"snapshot": stamp, "enrich_version": "t", "counts": {"papers": 1},
                "papers_by_status": {"unresolved": 1}}  # fmt: skip
    (where / "manifest.json").write_text(json.dumps(manifest))
    return [(where / n, n) for n in ("papers.parquet", "mentions.parquet", "manifest.json")]


def _stamp(i):
    return f"2026-12-06T00-{i // 60:02d}-{i % 60:02d}Z"


def test_a_resolved_latest_outlives_two_switches_and_goes_after_the_grace_period(tmp_path):
    out = tmp_path / "out"
    for i in range(3):
        files = _snapshot_files(out, _stamp(i))
        if i == 0:
            switch_latest(out, _stamp(0), files)
            held = open_latest(out)
        else:
            switch_latest(out, _stamp(i), files)
    assert held.manifest()["snapshot"] == _stamp(0)  # a reader that resolved before the switches
    assert held.table("papers")["paper_id"].to_pylist() == [_stamp(0)]
    retire(out, _stamp(1), _stamp(2), now=time.time() + GRACE_SECONDS + 1)
    assert sorted(p.name for p in (out / ".latest").iterdir()) == [_stamp(1), _stamp(2)]


def test_readers_see_one_whole_snapshot_while_runs_switch_latest(tmp_path):
    out = tmp_path / "out"
    sources = [_snapshot_files(out, _stamp(i)) for i in range(SWITCHES)]
    switch_latest(out, _stamp(0), sources[0])
    settings = Settings(out_dir=out, raw_dir=tmp_path / "raw")
    done = threading.Event()
    seen: list[str] = []
    problems: list[BaseException] = []

    def reader():
        try:
            while not done.is_set():
                latest = open_latest(out)
                stamp = latest.manifest()["snapshot"]
                for name in ("papers", "mentions"):
                    assert latest.table(name)["paper_id"].to_pylist() == [stamp]
                lines = status_lines(settings)
                shown = lines[0].split()[2]  # "latest snapshot <stamp> (enrich t): ..."
                assert f"  [unresolved] t-{shown}" in lines, lines
                seen.append(stamp)
        except BaseException as exc:  # noqa: BLE001 (reported by the main thread)
            problems.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(READERS)]
    for t in threads:
        t.start()
    for i in range(1, SWITCHES):
        while len(seen) < i and not problems:  # the readers keep up: switches land mid-read
            time.sleep(0.001)
        switch_latest(out, _stamp(i), sources[i])
    done.set()
    for t in threads:
        t.join()
    assert problems == []
    assert len(set(seen)) > 1  # the readers did read across switches


def test_latest_pointing_nowhere_or_missing_is_damage_not_no_snapshot(tmp_path):
    out = tmp_path / "out"
    switch_latest(out, _stamp(0), _snapshot_files(out, _stamp(0)))
    (out / "manifests").mkdir()
    (out / "manifests" / f"{_stamp(0)}.json").write_text("{}")
    (out / "latest").unlink()
    with pytest.raises(StageInputUnreadable, match=r"latest is missing, though 1 snapshot"):
        open_latest(out)
    os.symlink(".latest/nowhere", out / "latest")
    with pytest.raises(StageInputUnreadable, match=r"points to \.latest/nowhere.*enrich snapshot"):
        open_latest(out)
    assert open_latest(tmp_path / "never-written") is None
