"""``enrich datasets import``: the official samples, synthetic releases, resume, damage, memory."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from enrich.datasets import key, layout
from enrich.datasets.importer import ImportSummary, ShardDone, import_release
from enrich.errors import ConfigError, InputError
from enrich.settings import Settings
from tests.replica.datasets import write_release

SAMPLES = Path(__file__).resolve().parent / "fixtures" / "s2-datasets"


def _settings(tmp_path: Path, **kw) -> Settings:
    return Settings(datasets_dir=tmp_path / "s2", **kw)


def _rows(root: Path, table: str, cols: str = "*") -> list[tuple]:
    con = duckdb.connect()
    try:
        return con.execute(f"SELECT {cols} FROM {layout.read_sql(root, table)}").fetchall()
    finally:
        con.close()


def _records(folder: str) -> list[dict]:
    path = next((SAMPLES / folder).glob("*.gz"))
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> tuple[ImportSummary, layout.StoreInfo]:
    tmp = tmp_path_factory.mktemp("sample")
    summary = import_release(_settings(tmp), SAMPLES, release_id="2023-03-28")
    return summary, layout.open_store(tmp / "s2")


def test_the_official_samples_import_whole(sample_store):
    summary, info = sample_store
    cited = sum(r["citedcorpusid"] is not None for r in _records("citations"))
    assert info.counts == {"papers": 100, "abstracts": 100, "citations": cited, "paper_ids": 100}
    assert info.release_id == "2023-03-28" and info.format == layout.FORMAT
    assert info.datasets == ("papers", "abstracts", "citations", "paper_ids")
    assert summary.counts == info.counts
    papers = {r[0]: r for r in _rows(info.root, "papers", "corpusid, paper_id, title, mag, bucket")}
    for rec in _records("papers"):
        corpusid, paper_id, title, mag, _ = papers[rec["corpusid"]]
        assert paper_id == rec["url"].rsplit("/", 1)[1] and len(paper_id) == 40
        assert (title, mag) == (rec["title"], rec["externalids"]["MAG"])
    abstracts = dict(_rows(info.root, "abstracts", "corpusid, abstract"))
    assert abstracts == {r["corpusid"]: r["abstract"] for r in _records("abstracts")}
    ids = {r[0]: r[1:] for r in _rows(info.root, "paper_ids")}
    assert ids == {r["sha"]: (r["corpusid"], r["primary"]) for r in _records("paper-ids")}


def test_every_title_keeps_its_key_in_its_bucket_cjk_included(sample_store):
    _, info = sample_store
    rows = _rows(info.root, "papers", "title, title_key, bucket")
    cjk = [r for r in rows if any("\u4e00" <= ch <= "\u9fff" for ch in r[0])]
    assert len(cjk) >= 10
    for title, title_key, bucket in rows:
        assert title_key == key.title_key(title) != ""
        assert bucket == key.bucket(title_key)
    files = sorted(p.parent.name for p in (info.root / "papers").glob("*/*.parquet"))
    assert {f"bucket={b}" for _, _, b in rows} == set(files)


def test_citations_keep_corpus_ids_as_numbers_and_drop_unknown_cited(sample_store):
    _, info = sample_store
    want = sorted(
        (int(r["citingcorpusid"]), int(r["citedcorpusid"]), r["isinfluential"])
        for r in _records("citations")
        if r["citedcorpusid"] is not None
    )
    got = _rows(info.root, "citations")
    assert sorted(got) == want
    assert [r[0] for r in got] == sorted(r[0] for r in got)  # sorted by citing


def test_the_papers_columns_are_the_layouts(sample_store):
    _, info = sample_store
    con = duckdb.connect()
    described = con.execute(f"DESCRIBE SELECT * FROM {layout.read_sql(info.root, 'papers')}")
    got = [(name, kind.replace('"', "")) for name, kind, *_ in described.fetchall()]
    assert got == [*layout.COLUMNS["papers"], ("bucket", "INTEGER")]
    for table in ("abstracts", "citations", "paper_ids"):
        rows = con.execute(f"DESCRIBE SELECT * FROM {layout.read_sql(info.root, table)}")
        assert [(n, k) for n, k, *_ in rows.fetchall()] == list(layout.COLUMNS[table])


def test_the_store_is_a_link_switched_to_each_new_build(tmp_path):
    settings = _settings(tmp_path)
    first = import_release(settings, SAMPLES, release_id="a")
    second = import_release(settings, SAMPLES, release_id="b")
    assert (tmp_path / "s2").is_symlink()
    assert layout.open_store(tmp_path / "s2").release_id == "b"
    assert not first.root.exists() and second.root.exists()  # the old build is gone
    assert not layout.staging_dir(tmp_path / "s2").exists()


def test_a_killed_import_resumes_without_redoing_finished_shards(tmp_path):
    release = write_release(tmp_path / "2025-01-14", filler=300, citations=900, shards=3)
    settings = _settings(tmp_path)
    seen: list[ShardDone] = []

    def kill_after_five(done: ShardDone) -> None:
        seen.append(done)
        if len(seen) == 5:
            raise KeyboardInterrupt  # the process dies here, the journal already written

    with pytest.raises(KeyboardInterrupt):
        import_release(settings, release, on_shard=kill_after_five)
    assert not (tmp_path / "s2").exists()  # nothing published
    journal = layout.staging_dir(tmp_path / "s2") / "journal.json"
    finished = list(json.loads(journal.read_text())["done"])  # shards running at the kill end
    assert {d.shard.step for d in seen} <= set(finished) and len(finished) < 16
    staged = {p.name: p.stat().st_mtime_ns for p in (tmp_path / ".s2").rglob("*.parquet")}

    again: list[ShardDone] = []
    summary = import_release(settings, release, on_shard=again.append)
    order = [d.shard.step for d in again]
    assert sorted(order) == sorted(s for s in json.loads(journal.read_text())["job"]["shards"]) \
        if journal.exists() else len(order) == 16
    assert sorted(d.shard.step for d in again if d.skipped) == sorted(finished)
    assert summary.skipped == len(finished)
    kept = {p.name: p.stat().st_mtime_ns for p in summary.root.rglob("*.parquet")}
    assert all(kept[name] == mtime for name, mtime in staged.items())  # not rewritten

    fresh = import_release(_settings(tmp_path / "fresh"), release)
    assert summary.counts == fresh.counts
    for table in layout.TABLES:
        assert sorted(_rows(summary.root, table)) == sorted(_rows(fresh.root, table))


def test_another_release_does_not_resume_a_staged_one(tmp_path):
    release = write_release(tmp_path / "r1", filler=50, shards=2, world=None)
    settings = _settings(tmp_path)
    with pytest.raises(KeyboardInterrupt):
        import_release(settings, release, on_shard=_raise(KeyboardInterrupt))
    other: list[ShardDone] = []
    import_release(settings, SAMPLES, release_id="x", on_shard=other.append)
    assert not any(d.skipped for d in other)


def _raise(exc: type[BaseException]):
    def hook(done: ShardDone) -> None:
        raise exc

    return hook


def _published(tmp_path: Path) -> tuple[Settings, Path]:
    settings = _settings(tmp_path)
    root = import_release(settings, SAMPLES, release_id="good").root
    return settings, root


def _copy_release(tmp_path: Path) -> Path:
    bad = tmp_path / "bad-release"
    shutil.copytree(SAMPLES, bad)
    return bad


def _assert_untouched(settings: Settings, root: Path) -> None:
    info = layout.open_store(settings.datasets_dir)
    assert info.root == root.resolve() and info.release_id == "good"
    assert len(_rows(root, "papers")) == 100


def test_a_truncated_shard_is_named_and_the_store_untouched(tmp_path):
    """Cut at the end of the deflate data (its trailer lost): DuckDB alone reads that as a
    shorter shard without a word; the gzip check names it."""
    settings, root = _published(tmp_path)
    bad = _copy_release(tmp_path)
    shard = bad / "abstracts" / "abstracts-sample.jsonl.gz"
    shard.write_bytes(shard.read_bytes()[:-8])
    with pytest.raises(InputError, match="truncated gzip shard") as err:
        import_release(settings, bad, release_id="bad")
    assert str(shard) in str(err.value)
    _assert_untouched(settings, root)


def test_a_damaged_record_is_named_with_its_line(tmp_path):
    settings, root = _published(tmp_path)
    bad = _copy_release(tmp_path)
    shard = bad / "papers" / "papers-sample.jsonl.gz"
    lines = gzip.decompress(shard.read_bytes()).decode().splitlines(keepends=True)
    lines[4] = re.sub(r'^\{"corpusid":\d+', '{"corpusid":"five"', lines[4])
    shard.write_bytes(gzip.compress("".join(lines).encode()))
    with pytest.raises(InputError) as err:
        import_release(settings, bad, release_id="bad")
    assert f"{shard}:5: damaged shard" in str(err.value)
    assert "five" in str(err.value)
    _assert_untouched(settings, root)


def test_a_record_without_its_key_is_refused(tmp_path):
    settings, root = _published(tmp_path)
    bad = _copy_release(tmp_path)
    shard = bad / "paper-ids" / "paper-ids-sample.jsonl.gz"
    text = gzip.decompress(shard.read_bytes()).decode().replace('"sha":', '"shaX":', 1)
    shard.write_bytes(gzip.compress(text.encode()))
    with pytest.raises(InputError, match="a record without sha or corpusid"):
        import_release(settings, bad, release_id="bad")
    _assert_untouched(settings, root)


def test_a_folder_without_papers_is_not_a_release(tmp_path):
    (tmp_path / "rel" / "abstracts").mkdir(parents=True)
    with pytest.raises(InputError, match="no papers/"):
        import_release(_settings(tmp_path), tmp_path / "rel")


def test_the_memory_limit_setting_reaches_duckdb(tmp_path):
    settings = Settings.from_env({"ENRICH_DATASETS_MEMORY": "300MB"}, datasets_dir=tmp_path / "s2")
    summary = import_release(settings, SAMPLES, release_id="m")
    assert summary.memory_limit == "1 x 286.0 MiB"  # one worker: 300 MB is under 2 x 512 MiB
    assert "DuckDB memory limit 1 x 286.0 MiB" in "\n".join(summary.lines())
    with pytest.raises(ConfigError, match="ENRICH_DATASETS_MEMORY must be a size"):
        Settings.from_env({"ENRICH_DATASETS_MEMORY": "lots"})


def test_one_import_at_a_time(tmp_path):
    from enrich.datasets import staging
    from enrich.errors import LockHeld

    settings = _settings(tmp_path)
    with staging.locked(settings.datasets_dir), pytest.raises(LockHeld, match="is held by"):
        import_release(settings, SAMPLES, release_id="second")
    assert not (tmp_path / "s2").exists()


def test_shards_are_imported_side_by_side_one_per_core_with_memory_to_spare():
    from enrich.datasets.workers import memory_bytes, worker_count

    assert memory_bytes("2GB") == 2_000_000_000 and memory_bytes("1.5 GiB") == 3 * 2**29
    assert worker_count("2GB", shards=40, cores=2) == 2
    assert worker_count("2GB", shards=40, cores=16) == 3  # 512 MiB each at least
    assert worker_count("300MB", shards=40, cores=2) == 1
    assert worker_count("8GB", shards=1, cores=4) == 1


def test_two_workers_import_what_one_does(tmp_path):
    release = write_release(tmp_path / "r", filler=200, citations=600, shards=3, world=None)
    one = import_release(_settings(tmp_path / "one", datasets_memory="500MB"), release)
    two = import_release(_settings(tmp_path / "two", datasets_memory="2GB"), release)
    assert one.memory_limit.startswith("1 x ") and two.memory_limit.startswith("2 x ")
    for table in layout.TABLES:
        assert sorted(_rows(one.root, table)) == sorted(_rows(two.root, table))


def test_an_empty_shard_imports_as_no_rows(tmp_path):
    release = tmp_path / "rel"
    shutil.copytree(SAMPLES, release)
    (release / "papers" / "papers-empty.jsonl.gz").write_bytes(gzip.compress(b""))
    summary = import_release(_settings(tmp_path), release, release_id="e")
    assert summary.counts["papers"] == 100
