"""The CLI contract: exit codes and exact error lines (through a real subprocess)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from enrich.cli import EXIT_INPUT, EXIT_LOCKED, EXIT_UPSTREAM, main


def enrich(*args, env=None, cwd=None):
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "enrich.cli", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=120,
    )


def test_missing_raw_dir_is_exit_2_with_error_line(tmp_path):
    r = enrich("ingest", "--raw", str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    assert r.returncode == EXIT_INPUT
    assert r.stderr.startswith("Error: ")
    assert str(tmp_path / "nope") in r.stderr


def test_stage_before_its_input_names_the_command_to_run(tmp_path):
    r = enrich("fetch", "--out", str(tmp_path / "out"))
    assert r.returncode == EXIT_INPUT
    assert "run `enrich resolve` first" in r.stderr


def test_mentions_keyed_by_another_version_are_refused_with_the_command_to_run(tmp_path):
    import pyarrow.parquet as pq

    raw, out = tmp_path / "raw", tmp_path / "o"
    raw.mkdir()
    (raw / "list.md").write_text("- [OSDI '22] Orca: A Distributed Serving System\n")
    assert enrich("ingest", "--raw", str(raw), "--out", str(out)).returncode == 0
    mentions = out / "stage" / "mentions.parquet"
    assert pq.read_schema(mentions).metadata[b"enrich.title_keys"] == b"1"
    # as an enrich from before the stamp, or with other title keys, wrote it
    for metadata in (None, {b"enrich.title_keys": b"0"}):
        pq.write_table(pq.read_table(mentions).replace_schema_metadata(metadata), mentions)
        r = enrich("resolve", "--raw", str(raw), "--out", str(out), "--offline")
        assert r.returncode == EXIT_INPUT
        assert r.stderr.startswith(f"Error: {mentions} was written by another version of enrich")
        assert "run `enrich ingest` again (or `enrich run`)" in r.stderr


def test_mentions_from_before_a_column_existed_are_refused_with_the_command_to_run(tmp_path):
    import pyarrow.parquet as pq

    raw, out = tmp_path / "raw", tmp_path / "o"
    raw.mkdir()
    (raw / "list.md").write_text("- [OSDI '22] Orca: A Distributed Serving System\n")
    assert enrich("ingest", "--raw", str(raw), "--out", str(out)).returncode == 0
    mentions = out / "stage" / "mentions.parquet"
    pq.write_table(pq.read_table(mentions).drop_columns(["arxiv_id"]), mentions)  # as 2026-11
    r = enrich("resolve", "--raw", str(raw), "--out", str(out), "--offline")
    assert r.returncode == EXIT_INPUT
    assert r.stderr.startswith(f"Error: {mentions} has no arxiv_id column (written by an earlier")
    assert "run `enrich ingest` again (or `enrich run`)" in r.stderr


def test_a_damaged_stage_file_is_exit_2_naming_the_command_that_writes_it(tmp_path):
    stage = tmp_path / "o" / "stage"
    stage.mkdir(parents=True)
    (stage / "resolutions.parquet").write_bytes(b"PAR1 cut short by a full disk")
    r = enrich("fetch", "--out", str(tmp_path / "o"), "--offline")
    assert r.returncode == EXIT_INPUT
    assert r.stderr.startswith(f"Error: {stage / 'resolutions.parquet'} is not a readable Parquet")
    assert "run `enrich resolve` again (or `enrich run`)" in r.stderr
    assert "Traceback" not in r.stderr


def test_an_output_path_that_cannot_be_made_is_exit_2_naming_it(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "list.md").write_text("- [OSDI '22] Orca: A Distributed Serving System\n")
    (tmp_path / "afile").write_text("not a directory")
    r = enrich("ingest", "--raw", str(raw), "--out", str(tmp_path / "afile" / "out"))
    assert r.returncode == EXIT_INPUT
    assert r.stderr.startswith(f"Error: {tmp_path / 'afile' / 'out'}")
    assert "Not a directory; check --out, --raw and --cache" in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("command", ["run", "refresh"])
def test_a_damaged_cache_stops_a_run_before_ingest_writes_anything(command, tmp_path):
    raw, out, cache = tmp_path / "raw", tmp_path / "out", tmp_path / "http.sqlite"
    raw.mkdir()
    (raw / "list.md").write_text("- [OSDI '22] Orca: A Distributed Serving System\n")
    cache.write_bytes(b"not a database")
    r = enrich(command, "--raw", str(raw), "--out", str(out), "--cache", str(cache))
    assert r.returncode == EXIT_INPUT
    assert r.stderr.startswith(f"Error: the HTTP cache {cache} cannot be opened as SQLite")
    assert not (out / "stage").exists()


def test_a_run_on_lists_without_entries_is_exit_2_and_writes_no_snapshot(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "list.md").write_text("")
    cache = tmp_path / "http.sqlite"
    r = enrich("run", "--raw", str(raw), "--out", str(out), "--cache", str(cache), "--offline")
    assert r.returncode == EXIT_INPUT
    assert r.stderr.startswith(f"Error: no paper entries in 1 list file(s) under {raw}")
    assert not (out / "stage").exists() and not (out / "latest").exists()


def test_a_reader_that_stops_early_ends_neither_the_work_nor_with_a_traceback(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    for name in ("a.md", "b.md", "c.md"):  # a summary line each
        (raw / name).write_text("- [OSDI '22] Orca: A Distributed Serving System\n")
    cache = tmp_path / "http.sqlite"
    # as `enrich run | head -0` would: offline with an empty cache, every title is a miss (3)
    for command, code in (("run", EXIT_UPSTREAM), ("ingest", 0), ("status", 0)):
        proc = subprocess.Popen(
            [sys.executable, "-m", "enrich.cli", command, "--raw", str(raw), "--out", str(out)]
            + ["--cache", str(cache), "--offline"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        proc.stdout.close()  # the reader is gone before the first line
        stderr = proc.stderr.read()
        assert proc.wait(timeout=60) == code, stderr
        assert "Traceback" not in stderr and "BrokenPipe" not in stderr
        if command == "run":  # it went on past ingest's summary: resolve ran too
            assert (out / "stage" / "resolutions.parquet").exists()


def test_bad_setting_is_exit_2(tmp_path):
    r = enrich("status", "--out", str(tmp_path), env={"ENRICH_S2_RPS": "fast"})
    assert r.returncode == EXIT_INPUT
    assert "Error: ENRICH_S2_RPS must be a number > 0 and <= 1000, got 'fast'" in r.stderr


def test_bad_overrides_row_names_file_and_line(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "list.md").write_text("- [OSDI '22] Orca: A Distributed Serving System\n")
    (raw / "overrides.csv").write_text("title,pin\nOrca,S2:xyz\n")
    assert enrich("ingest", "--raw", str(raw), "--out", str(tmp_path / "o")).returncode == 0
    r = enrich("resolve", "--raw", str(raw), "--out", str(tmp_path / "o"), "--offline")
    assert r.returncode == EXIT_INPUT
    assert f"{raw / 'overrides.csv'}:2" in r.stderr


def test_status_without_snapshot(tmp_path, capsys):
    assert main(["status", "--out", str(tmp_path)]) == 0
    assert "no snapshot" in capsys.readouterr().out


def _latest_snapshot(out, statuses):
    """A latest snapshot holding one paper per status (titles sort as they are numbered)."""
    import json

    from enrich.atomic import write_parquet
    from enrich.records import Paper
    from enrich.stages.fetch import papers_table

    papers = [
        Paper(f"list:{i:04d}", match_status=s, match_reason=f"why {i}", input_titles=[f"T{i:04d}"])
        for i, s in enumerate(statuses)
    ]
    write_parquet(papers_table(papers), out / "latest" / "papers.parquet")
    manifest = {"snapshot": "s", "enrich_version": "v", "counts": {}, "papers_by_status": {}}
    (out / "latest" / "manifest.json").write_text(json.dumps(manifest))
    for stamp in ("2026-11-22T00-00-00Z", "2026-11-23T00-00-00Z"):  # the history
        (out / "manifests").mkdir(exist_ok=True)
        (out / "manifests" / f"{stamp}.json").write_text("{}")
        (out / "papers" / f"snapshot={stamp}").mkdir(parents=True)
        (out / "papers" / f"snapshot={stamp}" / "papers.parquet").write_bytes(b"x" * 500_000)


def test_status_without_a_manifest_history_still_reports_the_latest(tmp_path, capsys):
    import shutil

    _latest_snapshot(tmp_path, ["unresolved"])
    shutil.rmtree(tmp_path / "manifests")  # deleted by hand
    assert main(["status", "--out", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert "1 title not resolved:" in printed and "history:" not in printed


def test_status_counts_one_snapshot_and_one_title_in_the_singular(tmp_path, capsys):
    _latest_snapshot(tmp_path, ["resolved", "unresolved"])
    (tmp_path / "manifests" / "2026-11-22T00-00-00Z.json").unlink()
    assert main(["status", "--out", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert "history: 1 snapshot, 2026-11-23T00-00-00Z to 2026-11-23T00-00-00Z" in printed
    assert "\n1 title not resolved:\n" in printed


def test_status_lists_the_first_titles_not_resolved_and_counts_the_rest(tmp_path, capsys):
    from enrich.cli import STATUS_SHOWN

    _latest_snapshot(tmp_path, ["resolved"] * 3 + ["unresolved"] * (STATUS_SHOWN + 5))
    assert main(["status", "--out", str(tmp_path), "--raw", str(tmp_path / "raw")]) == 0
    printed = capsys.readouterr().out
    assert f"{STATUS_SHOWN + 5} titles not resolved:" in printed
    shown = [f"T{i:04d}" for i in range(3, 3 + STATUS_SHOWN)]
    assert all(f"[unresolved] {t}\n" in printed for t in shown)
    assert printed.count("[unresolved]") == STATUS_SHOWN
    assert "T0000" not in printed  # resolved
    assert (
        "history: 2 snapshots, 2026-11-22T00-00-00Z to 2026-11-23T00-00-00Z, 1.0 MB (all kept; "
        "ENRICH_KEEP_SNAPSHOTS=N keeps the newest N)"
    ) in printed
    assert "... and 5 more: `enrich status --all` lists them" in printed
    overrides = tmp_path / "raw" / "overrides.csv"
    assert f"or mark a line as not a paper: {overrides} (docs/operations.md, Overrides)" in printed

    assert main(["status", "--all", "--out", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert printed.count("[unresolved]") == STATUS_SHOWN + 5
    assert f"T{STATUS_SHOWN + 7:04d}\n      why {STATUS_SHOWN + 7}" in printed
    assert "more:" not in printed
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    assert f"(the first {STATUS_SHOWN}; `--all` lists every one)" in readme


@pytest.mark.parametrize("command", ["run", "ingest", "resolve", "fetch", "snapshot"])
def test_writing_commands_refuse_while_another_job_holds_the_lock(command, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "l.md").write_text("- [OSDI '22] Orca: A Distributed Serving System\n")
    out = tmp_path / "out"
    out.mkdir()
    hold = (
        "import sys, time\nfrom enrich.lock import hold_lock\nwith hold_lock(sys.argv[1]):\n"
        "    print('held', flush=True)\n    time.sleep(30)\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", hold, str(out / ".enrich.lock")], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        r = enrich(command, "--raw", str(raw), "--out", str(out), "--offline")
        assert r.returncode == EXIT_LOCKED
        assert "another enrich job is running" in r.stderr
        assert f"held by PID {holder.pid} on " in r.stderr
        assert not (out / "stage").exists()  # nothing written
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize("stage", ["ingest", "resolve", "fetch", "snapshot", "refresh", "status"])
def test_pipeline_scripts_run_their_stage(stage, tmp_path):
    script = Path(__file__).parents[1] / "pipeline" / f"{stage}.py"
    r = subprocess.run([sys.executable, str(script), "--help"], capture_output=True, text=True)
    assert r.returncode == 0
    assert f"usage: enrich {stage}" in r.stdout


def test_offline_run_with_empty_cache_publishes_nothing_and_exits_3(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "l.md").write_text("- [OSDI '22] Orca: A Distributed Serving System\n")
    r = enrich(
        "run",
        "--raw",
        str(raw),
        "--out",
        str(tmp_path / "out"),
        "--offline",
        env={"ENRICH_CACHE": str(tmp_path / "empty.sqlite")},
    )
    assert r.returncode == 3
    assert "offline mode: no cached response" in r.stdout
    assert "Error: no title's answers are in the HTTP cache (offline); no snapshot written" in (
        r.stderr
    )
    assert not (tmp_path / "out" / "latest").exists()


def test_quiet_prints_errors_only(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "l.md").write_text("- [OSDI '22] Orca: A Distributed Serving System\n")
    (raw / "bad.txt").write_bytes(b"\x00\x01binary")
    r = enrich("ingest", "-q", "--raw", str(raw), "--out", str(tmp_path / "out"))
    assert r.returncode == 0
    assert r.stdout == "" and r.stderr == ""
    loud = enrich("ingest", "--raw", str(raw), "--out", str(tmp_path / "out"))
    assert "bad.txt" in loud.stdout + loud.stderr


def test_cache_option_wins_over_the_environment(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "l.md").write_text("- [OSDI '22] Orca: A Distributed Serving System\n")
    chosen, env_cache = tmp_path / "chosen.sqlite", tmp_path / "env.sqlite"
    r = enrich(
        "run",
        "--offline",
        "--raw",
        str(raw),
        "--out",
        str(tmp_path / "out"),
        "--cache",
        str(chosen),
        env={"ENRICH_CACHE": str(env_cache)},
    )
    assert r.returncode == 3  # offline with an empty cache
    assert chosen.exists() and not env_cache.exists()


def test_help_names_the_exit_codes_and_every_setting(capsys):
    from enrich.settings import ENV_VARS

    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    text = " ".join(capsys.readouterr().out.split())  # unwrapped
    assert "exit codes: 0 done; 1 internal error" in text
    assert f"{EXIT_LOCKED} another enrich job holds the lock" in text
    assert all(var in text for var in ("S2_API_KEY", *ENV_VARS))


def test_the_console_script_returns_mains_code_and_freezes_the_heap(tmp_path, monkeypatch):
    # issue 24: finalization's collections walked every object of the run (0.15 s a run).
    # That what a run wrote survives the exit: test_e2e's cached rerun (through `-m enrich.cli`)
    import gc

    from enrich.cli import entry

    monkeypatch.setattr(sys, "argv", ["enrich", "status", "--out", str(tmp_path)])
    gc.unfreeze()
    try:
        assert entry() == 0
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()

