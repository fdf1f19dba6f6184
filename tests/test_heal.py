"""Damaged local state heals, or says how (issue #16), through the CLI against the replica."""

from __future__ import annotations

import errno
import os
import re
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



# ---- issue 25: a damaged `latest` is named by readers and healed by the next run -------------


def _readers(out, capsys, tmp_path):
    """status, report and export on ``out``: each exit code and its stderr."""
    runs = {
        "status": ["status"],
        "report": ["report"],
        "export": ["export", "--format", "bibtex", "-o", str(tmp_path / "x.bib")],
    }
    said = {}
    for name, args in runs.items():
        code = enrich_cli.main([*args, "--out", str(out)])
        said[name] = (code, capsys.readouterr().err)
    return said


@pytest.mark.parametrize("how", ["truncated", "exported over", "accept changes"])
def test_a_damaged_latest_table_is_named_by_readers_and_healed_by_the_next_run(
    published, tmp_path, capsys, how
):
    out, env = _copy(published, tmp_path)
    papers = out / "latest" / "papers.parquet"
    if how == "exported over":  # refused: it would replace the table
        args = ["export", "--format", "bibtex", "-o", str(papers), "--out", str(out)]
        assert enrich_cli.main(args) == 2
        assert "is inside the output directory" in capsys.readouterr().err
        papers.unlink()  # what the export used to write there
        papers.write_text("@inproceedings{kwon2023efficient,\n}\n")
    else:
        os.truncate(papers, papers.stat().st_size // 2)  # the history's hard link too
    for name, (code, err) in _readers(out, capsys, tmp_path).items():
        assert code == 2, (name, err)
        assert f"Error: {papers} is damaged" in err and "`enrich snapshot`" in err, (name, err)
        assert "Traceback" not in err
    extra = ["--accept-changes"] if how == "accept changes" else []
    healed = cli("run", *extra, "--out", str(out), env=env)
    assert healed.returncode == 0, healed.stderr
    assert "this snapshot replaces it" in healed.stderr
    assert outcome(out) == published["outcome"]
    assert all(code == 0 for code, _ in _readers(out, capsys, tmp_path).values())


def test_latest_pointing_nowhere_or_a_garbage_manifest_is_named_with_the_fix(
    published, tmp_path, capsys
):
    out, env = _copy(published, tmp_path)
    (out / "latest").unlink()
    os.symlink(".latest/nowhere", out / "latest")
    for name, (code, err) in _readers(out, capsys, tmp_path).items():
        assert code == 2, (name, err)
        assert f"Error: {out / 'latest'} is damaged (it points to .latest/nowhere" in err
        assert "`enrich snapshot`" in err and "no snapshot" not in err
    assert cli("run", "--out", str(out), env=env).returncode == 0
    manifest = out / "latest" / "manifest.json"
    manifest.unlink()  # a hard link: the history's copy stays intact
    manifest.write_text("garbage")
    for name, (code, err) in _readers(out, capsys, tmp_path).items():
        assert code == 2, (name, err)
        assert f"Error: {manifest} is damaged" in err and "Traceback" not in err
    healed = cli("run", "--out", str(out), env=env)
    assert healed.returncode == 0, healed.stderr
    assert outcome(out) == published["outcome"]


class _FullDisk:
    """``open`` for the report writer: the third file written finds the disk full (a failed
    write names no file, as the kernel's ENOSPC does not)."""

    def __init__(self):
        self.opened = 0

    def __call__(self, path, mode="r", **kwargs):
        self.opened += 1
        fh = open(path, mode, **kwargs)  # noqa: SIM115 (the writer's `with` closes it)
        if self.opened >= 3:
            fh.write = self.full
        return fh

    @staticmethod
    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("command", ["report", "run"])
def test_a_full_disk_while_writing_the_report_is_exit_2_and_leaves_no_half_report(
    published, tmp_path, monkeypatch, capsys, command
):
    out, _ = _copy(published, tmp_path)
    latest = (out / "latest").resolve()
    (latest / "report.html").unlink()
    shutil.rmtree(latest / "lists")
    monkeypatch.setattr("enrich.report.writing.open", _FullDisk(), raising=False)
    if command == "report":
        code = enrich_cli.main(["report", "--out", str(out)])
    else:  # the report a run writes after its snapshot
        from enrich.settings import Settings

        code = enrich_cli._report_after_snapshot(Settings(out_dir=out), print)
    err = capsys.readouterr().err
    assert code == 2, err
    where = re.escape(f"{out}/") + r"\S*latest/\S+/lists/"
    assert re.search(rf"{where}\S+\.md: no space left on device", err, re.IGNORECASE), err
    assert sorted(p.name for p in latest.iterdir()) == sorted(
        ["authors.parquet", "manifest.json", "mentions.parquet", "papers.parquet",
         "references.parquet"]
    )  # fmt: skip
    monkeypatch.undo()
    assert enrich_cli.main(["report", "--out", str(out)]) == 0
    assert (latest / "report.html").exists() and len(list((latest / "lists").iterdir())) == 4
