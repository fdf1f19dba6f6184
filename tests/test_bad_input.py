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
