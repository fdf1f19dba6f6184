"""Damaged local state heals, or says how (issue #16), through the CLI against the replica."""

from __future__ import annotations

import errno
import os
import shutil

import pytest

from enrich import cli as enrich_cli
from tests.replica import load_seeds_world, start_replica
from tests.test_e2e import cli, enrich_env, outcome

pytestmark = pytest.mark.e2e

WORLD = load_seeds_world()
QUICK = {"ENRICH_S2_RPS": "500", "ENRICH_ARXIV_DELAY": "0", "ENRICH_MAX_ATTEMPTS": "3"}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    base = tmp_path_factory.mktemp("heal")
    replica = start_replica(WORLD)
    env = enrich_env(replica, base / "cache.sqlite", **QUICK)
    result = cli("run", "--out", str(base / "out"), env=env)
    assert result.returncode == 0, result.stderr
    yield {"base": base, "out": base / "out", "env": env, "outcome": outcome(base / "out")}
    replica.stop()


def _copy(published, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(published["out"], out, symlinks=True)
    cache = tmp_path / "cache.sqlite"
    shutil.copy(published["base"] / "cache.sqlite", cache)
    return out, {**published["env"], "ENRICH_CACHE": str(cache)}


@pytest.mark.parametrize("name", ["resolutions", "arxiv"])
def test_a_damaged_stage_file_of_earlier_results_is_ignored_and_rebuilt(
    published, tmp_path, name
):
    out, env = _copy(published, tmp_path)
    (out / "stage" / f"{name}.parquet").write_bytes(b"PAR1 this is not parquet")
    result = cli("run", "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    assert f"ignored (this run writes it anew): {out / 'stage' / name}.parquet" in result.stderr
    assert outcome(out) == published["outcome"]
    again = cli("run", "--out", str(out), env=env)  # and it was rebuilt
    assert again.returncode == 0 and "ignored" not in again.stderr


def _move_a_citation_count(out):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = out / "stage" / "papers.parquet"
    papers = pq.read_table(path)
    i = papers.schema.get_field_index("citation_count")
    moved = pa.array([(c or 0) + 1 for c in papers["citation_count"].to_pylist()], pa.int64())
    pq.write_table(papers.set_column(i, papers.schema.field(i), moved), path)


def test_damaged_stage_json_and_manifest_are_no_traceback(published, tmp_path):
    out, env = _copy(published, tmp_path)
    _move_a_citation_count(out)  # an unchanged snapshot would not read the stage JSON at all
    (out / "stage" / "resolve.json").write_text("{cut off")
    result = cli("snapshot", "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    assert "resolve.json is damaged" in result.stderr
    manifest = out / "latest" / "manifest.json"
    manifest.unlink()  # a hard link: the history's copy stays intact
    manifest.write_text("[]")
    status = cli("status", "--out", str(out), env=env)
    assert status.returncode == 2, status.stderr
    assert "Traceback" not in status.stderr
    assert f"Error: {manifest} is damaged" in status.stderr and "`enrich snapshot`" in status.stderr


def test_a_damaged_cache_is_named_with_the_fix(published, tmp_path):
    out, env = _copy(published, tmp_path)
    cache = tmp_path / "cache.sqlite"
    data = bytearray(cache.read_bytes())
    data[4096:] = os.urandom(len(data) - 4096)  # header and schema page intact
    cache.write_bytes(bytes(data))
    result = cli("run", "--out", str(out), env=env)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert str(cache) in result.stderr and "move it away" in result.stderr


def test_leftovers_of_a_killed_run_are_removed_by_the_next(published, tmp_path):
    out, env = _copy(published, tmp_path)
    (stamp,) = [p.stem for p in (out / "manifests").glob("*.json")]
    cut = "2000-01-01T00-00-00Z"
    shutil.copytree(out / "papers" / f"snapshot={stamp}", out / "papers" / f"snapshot={cut}")
    staging = out / "authors" / f".snapshot={cut}.staging"
    shutil.copytree(out / "authors" / f"snapshot={stamp}", staging)
    (out / "stage" / ".resolutions.parquet.abc123.tmp").write_bytes(b"half")
    (out / "manifests" / ".x.json.abc.tmp").write_bytes(b"half")
    os.symlink(".latest/none", out / ".latest.999.tmp")
    result = cli("run", "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    assert "removed 5 leftover(s) of an interrupted run" in result.stderr
    leftovers = [p for p in out.rglob("*") if p.name.endswith((".tmp", ".staging"))]
    assert leftovers == []
    manifests = {p.stem for p in (out / "manifests").glob("*.json")}
    for table in ("papers", "mentions", "authors", "references"):
        assert {p.name.removeprefix("snapshot=") for p in (out / table).iterdir()} == manifests


def test_a_full_disk_is_exit_2_naming_the_path_and_no_space(tmp_path, monkeypatch, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "l.md").write_text("- [OSDI '22] Orca: A Distributed Serving System\n")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("enrich.stages.ingest.write_stage", full)
    code = enrich_cli.main(["ingest", "--raw", str(raw), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert f"Error: {tmp_path / 'out'}: no space left on device" in err

