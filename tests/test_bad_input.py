"""Bad input (issue #16): control characters, unreadable files and folders, file names of
any bytes. The lists keep what is readable; a run left with no entries stops before any request.
"""

from __future__ import annotations

import os
import shutil

import pytest

from enrich.stages.listfiles import decode_list, drop_controls, walk_lists
from tests.conftest import SEEDS
from tests.replica import load_seeds_world, start_replica
from tests.test_e2e import cli, enrich_env, outcome

WORLD = load_seeds_world()
QUICK = {"ENRICH_S2_RPS": "500", "ENRICH_ARXIV_DELAY": "0"}


def test_a_nul_byte_is_dropped_with_the_line_named_and_the_list_kept():
    text, warning = decode_list(b"# Papers\n- Orca: A Distributed\x00 Serving System\n- B\x1b\n")
    assert text == "# Papers\n- Orca: A Distributed Serving System\n- B\n"
    assert warning == "dropped 2 control character(s) (NUL, U+001B) on lines 2, 3"


def test_binary_files_are_still_skipped():
    assert decode_list(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR")[0] is None
    assert decode_list(b"%PDF-1.7\n" + bytes(range(32)) * 20)[0] is None


def test_drop_controls_names_at_most_a_few_lines():
    text, warning = drop_controls("\n".join(f"t{i}\x00" for i in range(9)))
    assert "\x00" not in text
    assert warning.endswith("on lines 1, 2, 3, 4, 5 and 4 more")


def test_an_unreadable_folder_is_warned_not_silently_skipped(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    (raw / "locked").mkdir(parents=True)
    (raw / "locked" / "l.md").write_text("- A\n")
    (raw / "ok.md").write_text("- B\n")
    scandir = os.scandir

    def refusing(path="."):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)  # root reads everything: pretend
    found, warnings = walk_lists(raw)
    assert [p.name for p in found] == ["ok.md"]
    assert warnings == ["locked: unreadable folder (Permission denied), skipped"]


@pytest.mark.e2e
def test_control_characters_and_odd_file_names_keep_every_entry(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    lists = sorted(SEEDS.iterdir())
    for path in lists:
        shutil.copy(path, raw / path.name)
    first = raw / lists[0].name
    lines = first.read_bytes().split(b"\n")
    line = next(i for i, text in enumerate(lines) if len(text) > 30)
    lines[line] = lines[line][:20] + b"\x00" + lines[line][20:]
    first.write_bytes(b"\n".join(lines))
    odd = os.fsencode(raw) + b"/caf\xe9 list.md"  # not UTF-8
    os.rename(raw / lists[1].name, odd)
    with start_replica(WORLD) as replica:
        env = enrich_env(replica, tmp_path / "clean.sqlite", **QUICK)
        clean = cli("run", "--out", str(tmp_path / "clean"), env=env)
        assert clean.returncode == 0, clean.stderr
        env = enrich_env(replica, tmp_path / "cache.sqlite", **QUICK)
        result = cli("run", "--out", str(tmp_path / "out"), env=env, raw=raw)
    assert result.returncode == 0, result.stderr
    assert f"dropped 1 control character(s) (NUL) on line {line + 1}" in result.stdout
    assert "caf\ufffd list.md" in result.stdout
    assert outcome(tmp_path / "out") == outcome(tmp_path / "clean")


@pytest.mark.e2e
def test_lists_that_all_cannot_be_read_stop_the_run_before_any_request(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "gone.md").symlink_to(tmp_path / "nowhere.md")
    (raw / "empty.md").write_bytes(b"")
    with start_replica(WORLD) as replica:
        env = enrich_env(replica, tmp_path / "cache.sqlite", **QUICK)
        result = cli("run", "--out", str(tmp_path / "out"), env=env, raw=raw)
        assert list(replica.log) == []
    assert result.returncode == 2, result.stderr
    assert "gone.md: unreadable" in result.stderr and "nothing written" in result.stderr


# ---- issue 25: line endings, files that are no regular files ---------------------------------

LIST = (
    "# Serving\n\n- [OSDI '22] Orca: A Distributed Serving System\n\n"
    "- Efficient Memory Management for Large Language Model Serving with PagedAttention\n"
)


def _mentions(raw):
    import pyarrow.parquet as pq

    from enrich.settings import Settings
    from enrich.stages.ingest import run_ingest

    settings = Settings(raw_dir=raw, out_dir=raw.parent / "out")
    summary = run_ingest(settings)
    table = pq.read_table(settings.stage_dir / "mentions.parquet")
    return summary, sorted(zip(table["source_file"].to_pylist(), table["line"].to_pylist(),
                               table["title"].to_pylist(), strict=True))  # fmt: skip


def test_lone_cr_crlf_and_lf_line_endings_give_the_same_entries_on_the_same_lines(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, end in (("lf.md", "\n"), ("crlf.md", "\r\n"), ("cr.md", "\r")):
        (raw / name).write_bytes(LIST.replace("\n", end).encode())
    summary, rows = _mentions(raw)
    by_file = {}
    for source, line, title in rows:
        by_file.setdefault(source, []).append((line, title))
    assert [line for line, _ in by_file["lf.md"]] == [3, 5]
    assert by_file["cr.md"] == by_file["crlf.md"] == by_file["lf.md"]
    assert not summary.warnings


def test_a_cr_file_names_control_characters_on_their_own_lines():
    text, warning = decode_list(b"- Alpha\r- Beta\x00 paper\r- Gamma\r\n- Delta\x1b paper\n")
    assert text == "- Alpha\n- Beta paper\n- Gamma\n- Delta paper\n"
    assert warning == "dropped 2 control character(s) (NUL, U+001B) on lines 2, 4"


def _odd_files(raw):
    os.mkfifo(raw / "pipe.md")
    (raw / "zero.md").symlink_to("/dev/zero")


def test_a_named_pipe_and_a_link_to_dev_zero_are_named_and_never_read(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "ok.md").write_text(LIST)
    _odd_files(raw)
    summary, rows = _mentions(raw)  # a read would block on the pipe or fill memory
    assert {r[0] for r in rows} == {"ok.md"}
    warnings = {f.path: f.warning for f in summary.files}
    assert warnings["pipe.md"] == "not a regular file (a named pipe), skipped"
    assert warnings["zero.md"] == "not a regular file (a character device), skipped"


def test_the_manifest_lists_a_named_pipe_and_dev_zero_without_reading_them(tmp_path):
    from enrich.stages.snapshot import input_files

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "ok.md").write_text(LIST)
    _odd_files(raw)
    os.mkfifo(raw / "overrides.csv")
    rows = {r["file"]: r for r in input_files(raw)}
    assert rows["ok.md"]["bytes"] == len(LIST)
    assert rows["pipe.md"] == {"file": "pipe.md", "unreadable": "not a regular file (a named pipe)"}
    assert rows["zero.md"]["unreadable"] == "not a regular file (a character device)"
    assert rows["overrides.csv"]["unreadable"] == "not a regular file (a named pipe)"


def test_an_overrides_file_that_is_a_named_pipe_is_an_error_naming_it(tmp_path):
    from enrich.errors import InputError
    from enrich.overrides import load_overrides

    os.mkfifo(tmp_path / "overrides.csv")
    with pytest.raises(InputError, match=r"overrides\.csv: not a regular file \(a named pipe\)"):
        load_overrides(tmp_path)
