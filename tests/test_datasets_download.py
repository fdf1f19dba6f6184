"""``enrich datasets download`` against the local replica of S2's Datasets API and its file
host (``tests/replica/datasets_api.py``): resume, verification, fresh links, no secret kept."""

from __future__ import annotations

import gzip
import logging
from pathlib import Path

import pytest

from enrich.cli import main
from enrich.datasets.download import MAX_RELINKS, download
from enrich.errors import UpstreamError, UpstreamRefused
from enrich.http import make_session
from enrich.settings import Settings
from tests.replica.datasets_api import DatasetsReplica

SAMPLES = Path(__file__).parent / "fixtures" / "s2-datasets"
SECRET = "sk-download-secret-0123456789"
RELEASE = "2025-01-14"


def _split(path: Path, parts: int) -> dict[str, bytes]:
    """An official sample shard as ``parts`` gzip shards of its lines."""
    lines = gzip.decompress(path.read_bytes()).splitlines(keepends=True)
    step = -(-len(lines) // parts)
    return {
        f"{path.stem.split('.')[0]}_{i}.gz": gzip.compress(
            b"".join(lines[i * step : (i + 1) * step])
        )
        for i in range(parts)
    }


SHARDS = {
    RELEASE: {
        "papers": _split(SAMPLES / "papers" / "papers-sample.jsonl.gz", 2),
        "abstracts": _split(SAMPLES / "abstracts" / "abstracts-sample.jsonl.gz", 2),
        "citations": _split(SAMPLES / "citations" / "citations-sample.jsonl.gz", 1),
    },
    "2025-01-07": {"papers": {"old_0.gz": gzip.compress(b"{}\n")}},
}
FILES = sum(len(files) for files in SHARDS[RELEASE].values())


def _settings(tmp_path: Path, replica: DatasetsReplica, **kw) -> Settings:
    values = {
        "s2_api_key": SECRET,
        "datasets_url": replica.url,
        "cache_path": tmp_path / "cache.sqlite",
        "backoff_base": 0.0,
        "backoff_max": 0.0,
        **kw,
    }
    return Settings(**values)


def _run(tmp_path: Path, replica: DatasetsReplica, **kw):
    settings = _settings(tmp_path, replica)
    with make_session(settings) as session:
        return download(settings, session, to=tmp_path / "releases", **kw)


def _written(tmp_path: Path) -> dict[str, dict[str, bytes]]:
    folder = tmp_path / "releases" / RELEASE
    return {
        d.name: {f.name: f.read_bytes() for f in sorted(d.iterdir())}
        for d in sorted(folder.iterdir())
    }


def test_latest_release_is_written_as_import_reads_it_the_key_only_to_the_api(tmp_path):
    with DatasetsReplica(SHARDS, api_key=SECRET) as replica:
        summary = _run(tmp_path, replica)
    assert summary.what == f"release {RELEASE}" and summary.shards == FILES
    assert _written(tmp_path) == SHARDS[RELEASE]
    api = [h for h in replica.log if not h.path.startswith("/files/")]
    files = [h for h in replica.log if h.path.startswith("/files/")]
    assert {h.api_key for h in api} == {SECRET}
    assert {h.api_key for h in files} == {None}  # a signed link carries its own credential
    assert len(files) == FILES


def test_nothing_of_the_download_is_cached_and_no_secret_is_stored(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    with DatasetsReplica(SHARDS, api_key=SECRET) as replica:
        _run(tmp_path, replica)
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("cache.sqlite*"))
    for secret in (SECRET.encode(), b"X-Amz-Signature", b"/files/"):
        assert secret not in stored
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "/files/" in logged and "X-Amz-Signature" not in logged and SECRET not in logged


def test_a_dropped_connection_resumes_with_range(tmp_path):
    with DatasetsReplica(SHARDS, api_key=SECRET, cut_first=1000) as replica:
        summary = _run(tmp_path, replica)
    assert _written(tmp_path) == SHARDS[RELEASE]
    assert summary.resumed == FILES
    assert {h.range for h in replica.log if h.status == 206} == {"bytes=1000-"}


def test_expired_links_are_asked_for_again(tmp_path):
    with DatasetsReplica(SHARDS, api_key=SECRET, expire_after=1) as replica:
        summary = _run(tmp_path, replica, datasets=["papers"])
    assert _written(tmp_path) == {"papers": SHARDS[RELEASE]["papers"]}
    assert summary.relinked == 1
    assert [h.status for h in replica.log if h.path.startswith("/files/")] == [200, 403, 200]
    listings = [h for h in replica.log if h.path.endswith("/dataset/papers")]
    assert len(listings) == 2


def test_links_refused_for_good_end_with_a_message_without_the_link(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    with DatasetsReplica(SHARDS, api_key=SECRET) as replica:
        replica.generation = 10**9  # every link ever issued is expired
        with pytest.raises(UpstreamRefused) as err:
            _run(tmp_path, replica, datasets=["citations"])
    assert "citations/citations-sample_0.gz" in str(err.value)
    assert "X-Amz" not in str(err.value) and "/files/" not in str(err.value)
    assert not any("X-Amz-Signature" in r.getMessage() for r in caplog.records)
    listings = [h for h in replica.log if h.path.endswith("/dataset/citations")]
    assert len(listings) == 1 + MAX_RELINKS


def test_a_rerun_keeps_finished_shards(tmp_path):
    with DatasetsReplica(SHARDS, api_key=SECRET) as replica:
        _run(tmp_path, replica)
        replica.log.clear()
        summary = _run(tmp_path, replica)
    assert (summary.shards, summary.kept) == (0, FILES)
    assert [h for h in replica.log if h.path.startswith("/files/")] == []


def test_a_damaged_shard_is_named_and_not_kept(tmp_path):
    shards = {RELEASE: {"papers": {"bad_0.gz": gzip.compress(b"x" * 5000)[:-8] + b"\0" * 8}}}
    with DatasetsReplica(shards, api_key=SECRET) as replica, pytest.raises(UpstreamError) as err:
        _run(tmp_path, replica, datasets=["papers"])
    assert "papers/bad_0.gz" in str(err.value) and "not a whole gzip file" in str(err.value)
    assert list((tmp_path / "releases" / RELEASE / "papers").iterdir()) == []


def test_without_a_key_the_command_exits_2_and_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("S2_API_KEY", raising=False)
    monkeypatch.setenv("ENRICH_CACHE", str(tmp_path / "cache.sqlite"))
    code = main(["datasets", "download", "--to", str(tmp_path)])
    assert code == 2
    assert "needs an S2 API key" in capsys.readouterr().err


def test_the_command_downloads_through_the_cli(tmp_path, monkeypatch, capsys):
    with DatasetsReplica(SHARDS, api_key=SECRET) as replica:
        monkeypatch.setenv("S2_API_KEY", SECRET)
        monkeypatch.setenv("ENRICH_DATASETS_URL", replica.url)
        monkeypatch.setenv("ENRICH_CACHE", str(tmp_path / "cache.sqlite"))
        code = main(
            [
                "datasets",
                "download",
                "--release",
                RELEASE,
                "--datasets",
                "papers",
                "--to",
                str(tmp_path / "releases"),
            ]
        )
    out = capsys.readouterr().out
    assert code == 0, out
    assert f"enrich datasets import {tmp_path / 'releases' / RELEASE}" in out
    assert _written(tmp_path) == {"papers": SHARDS[RELEASE]["papers"]}


def _files(folder: Path) -> dict[str, dict[str, bytes]]:
    """A release folder's files by dataset, as the replica serves them."""
    return {d.name: {f.name: f.read_bytes() for f in d.iterdir()} for d in folder.iterdir()}


def _diff_steps(diff: Path, start: str, end: str) -> list[dict]:
    step: dict = {"from_release": start, "to_release": end}
    for kind in ("update_files", "delete_files"):
        step[kind] = {
            d.name: {f.name: f.read_bytes() for f in (d / f"{start}_to_{end}" / kind).iterdir()}
            for d in diff.iterdir()
        }
    return [step]


def _rows(store: Path) -> list[tuple]:
    import duckdb

    from enrich.datasets import layout

    root = layout.open_store(store).root
    sql = f"SELECT corpusid, title, citation_count FROM {layout.read_sql(root, 'papers')}"
    return sorted(duckdb.sql(sql).fetchall())


def test_downloaded_diffs_update_a_store_to_the_downloaded_newer_release(tmp_path):
    from enrich.datasets.importer import import_release
    from enrich.datasets.update import update_store
    from tests.replica.datasets import next_release, write_release

    a, b = "2025-01-14", "2025-01-21"
    write_release(tmp_path / "gen" / a)
    next_release(
        tmp_path / "gen" / a, tmp_path / "gen" / b, tmp_path / "gen" / "diff", start=a, end=b
    )
    releases = {r: _files(tmp_path / "gen" / r) for r in (a, b)}
    names = sorted(releases[a])
    diffs = {(a, b): _diff_steps(tmp_path / "gen" / "diff", a, b)}
    with DatasetsReplica(releases, api_key=SECRET, diffs=diffs) as replica:
        settings = _settings(tmp_path, replica)
        with make_session(settings) as session:
            for release in (a, b):
                download(settings, session, release=release, datasets=names, to=tmp_path / "dl")
            got = download(settings, session, diffs_from=a, datasets=names, to=tmp_path / "dl")
    assert got.folder == tmp_path / "dl" / f"{a}_to_{b}" and got.next_command == "update"
    updated = Settings(datasets_dir=tmp_path / "updated", cache_path=tmp_path / "c.sqlite")
    import_release(updated, tmp_path / "dl" / a, release_id=a)
    update_store(updated, got.folder)
    fresh = Settings(datasets_dir=tmp_path / "fresh", cache_path=tmp_path / "c.sqlite")
    import_release(fresh, tmp_path / "dl" / b, release_id=b)
    assert _rows(tmp_path / "updated") == _rows(tmp_path / "fresh")
    assert _rows(tmp_path / "updated") != _rows_of_release_a(tmp_path, a)


def _rows_of_release_a(tmp_path: Path, a: str) -> list[tuple]:
    from enrich.datasets.importer import import_release

    old = Settings(datasets_dir=tmp_path / "old", cache_path=tmp_path / "c.sqlite")
    import_release(old, tmp_path / "dl" / a, release_id=a)
    return _rows(tmp_path / "old")
