"""``enrich datasets update``: a diff applied gives the store a fresh import of the newer
release gives, table by table."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from enrich.datasets import layout
from enrich.datasets.importer import import_release
from enrich.datasets.update import update_store
from enrich.errors import InputError
from enrich.settings import Settings
from tests.replica.datasets import next_release, write_release

A, B, C = "2025-01-14", "2025-01-21", "2025-01-28"


def _table(root: Path, table: str) -> list[tuple]:
    """Every row, order-independent (sorted by its text form: lists and structs included)."""
    con = duckdb.connect()
    try:
        rows = con.execute(f"SELECT * FROM {layout.read_sql(root, table)}").fetchall()
    finally:
        con.close()
    return sorted(rows, key=repr)


@pytest.fixture(scope="module")
def releases(tmp_path_factory) -> Path:
    """Release A (the replica world and filler), B and C after it, and the diff A -> C in
    two steps."""
    tmp = tmp_path_factory.mktemp("releases")
    write_release(tmp / A, filler=400, citations=2000, shards=2)
    next_release(tmp / A, tmp / B, tmp / "diff", start=A, end=B, seed=1, shards=3)
    next_release(tmp / B, tmp / C, tmp / "diff", start=B, end=C, seed=2, shards=1)
    return tmp


def test_a_diff_applied_equals_a_fresh_import_of_the_newer_release(releases, tmp_path):
    updated = Settings(datasets_dir=tmp_path / "updated" / "s2")
    import_release(updated, releases / A)
    summary = update_store(updated, releases / "diff")
    fresh = import_release(Settings(datasets_dir=tmp_path / "fresh" / "s2"), releases / C)

    info = layout.open_store(updated.datasets_dir)
    assert info.release_id == C == summary.end and summary.start == A
    assert info.counts == fresh.counts
    for table in layout.TABLES:
        assert _table(info.root, table) == _table(fresh.root, table), table
    before = _table(layout.open_store(updated.datasets_dir).root, "papers")
    assert len(before) == fresh.counts["papers"]


def test_the_diff_changes_what_it_says(releases, tmp_path):
    """The releases differ (the equality above is not two empty diffs): papers deleted, added
    and retitled into another bucket."""
    settings = Settings(datasets_dir=tmp_path / "s2")
    old = import_release(settings, releases / A)
    old_rows = {r[0]: r for r in _table(old.root, "papers")}
    shutil.copytree(old.root, tmp_path / "old-build")  # the update deletes the old build
    summary = update_store(settings, releases / "diff")
    new_rows = {r[0]: r for r in _table(summary.root, "papers")}
    assert set(old_rows) - set(new_rows)  # deleted
    assert set(new_rows) - set(old_rows)  # added
    moved = [c for c in set(old_rows) & set(new_rows) if old_rows[c][-1] != new_rows[c][-1]]
    assert moved  # a new title, a new bucket
    ups, dels = summary.changes["papers"]
    assert ups > 0 and dels > 0
    assert "update: 2025-01-14 -> 2025-01-28" in summary.lines()[0]


def test_a_diff_that_does_not_start_at_the_store_release_is_refused(releases, tmp_path):
    settings = Settings(datasets_dir=tmp_path / "s2")
    import_release(settings, releases / B)
    root = layout.open_store(settings.datasets_dir).root
    with pytest.raises(InputError, match="do not chain from the store's release 2025-01-21"):
        update_store(settings, releases / "diff")
    assert layout.open_store(settings.datasets_dir).root == root


def test_a_damaged_diff_file_leaves_the_store_untouched(releases, tmp_path):
    settings = Settings(datasets_dir=tmp_path / "s2")
    import_release(settings, releases / A)
    root = layout.open_store(settings.datasets_dir).root
    diff = tmp_path / "diff"
    shutil.copytree(releases / "diff", diff)
    part = diff / "citations" / f"{B}_to_{C}" / "update_files" / "part-000.jsonl.gz"
    part.write_bytes(part.read_bytes()[: len(part.read_bytes()) // 2])
    with pytest.raises(InputError, match="part-000.jsonl.gz"):
        update_store(settings, diff)
    info = layout.open_store(settings.datasets_dir)
    assert info.root == root and info.release_id == A


def test_a_killed_update_resumes_at_the_next_table(releases, tmp_path, monkeypatch):
    settings = Settings(datasets_dir=tmp_path / "s2")
    import_release(settings, releases / A)
    from enrich.datasets import update as update_module

    real = update_module._apply
    calls: list[str] = []

    def apply_then_die(con, old, build, table, steps):
        calls.append(table)
        rows = real(con, old, build, table, steps)
        if table == "abstracts" and calls.count("abstracts") == 1:
            raise KeyboardInterrupt  # killed after writing, before the journal notes it
        return rows

    monkeypatch.setattr(update_module, "_apply", apply_then_die)
    with pytest.raises(KeyboardInterrupt):
        update_store(settings, releases / "diff")
    assert layout.open_store(settings.datasets_dir).release_id == A
    update_store(settings, releases / "diff")
    assert calls == ["papers", "abstracts", "abstracts", "citations", "paper_ids"]
    assert layout.open_store(settings.datasets_dir).release_id == C
