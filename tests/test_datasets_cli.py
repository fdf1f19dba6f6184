"""``enrich datasets import|update|info``: what they print and their exit codes."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

from enrich.cli import main
from enrich.datasets import layout

SAMPLES = Path(__file__).resolve().parent / "fixtures" / "s2-datasets"


def test_import_then_info(tmp_path, capsys):
    store = tmp_path / "s2"
    assert (
        main(["datasets", "import", str(SAMPLES), "--release", "2023-03-28", "--store", str(store)])
        == 0
    )
    out = capsys.readouterr().out.splitlines()
    assert [line[:11] for line in out[:4]] == [f"import: {i}/4" for i in range(1, 5)]
    lines = [line.split(" ", 2)[2] for line in out[:4]]  # in the order they finished
    assert "papers/papers-sample: 100 rows in " in "\n".join(lines)
    assert out[4].startswith("import: release 2023-03-28: papers 100, abstracts 100, citations")
    assert out[5].startswith(f"store: {store} -> 2023-03-28.")
    assert main(["datasets", "info", "--store", str(store)]) == 0
    info = capsys.readouterr().out.splitlines()
    assert info[1].startswith("release: 2023-03-28 (imported ")
    assert info[2] == "rows: papers 100, abstracts 100, citations 77, paper_ids 100"
    assert info[3].startswith("size on disk: ")


def test_the_store_setting_is_the_default_store(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ENRICH_DATASETS", str(tmp_path / "elsewhere"))
    assert main(["datasets", "import", str(SAMPLES), "-q"]) == 0
    assert capsys.readouterr().out == ""
    assert layout.open_store(tmp_path / "elsewhere").counts["papers"] == 100


def test_info_without_a_store_says_what_to_run(tmp_path, capsys):
    assert main(["datasets", "info", "--store", str(tmp_path / "none")]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"Error: {tmp_path / 'none'}: no datasets store here (no STORE.json); build one with "
        "`enrich datasets import DIR` or set ENRICH_DATASETS to where it is\n"
    )


def test_a_damaged_shard_exits_2_naming_file_and_line(tmp_path, capsys):
    bad = tmp_path / "rel"
    shutil.copytree(SAMPLES, bad)
    shard = bad / "citations" / "citations-sample.jsonl.gz"
    lines = gzip.decompress(shard.read_bytes()).decode().splitlines(keepends=True)
    lines[2] = lines[2].replace('"isinfluential":', '"isinfluential";')
    shard.write_bytes(gzip.compress("".join(lines).encode()))
    code = main(["datasets", "import", str(bad), "-q", "--store", str(tmp_path / "s2")])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"Error: {shard}:3: damaged shard: ")
    assert err.rstrip().endswith("download it again (the store was not changed)")
    assert not (tmp_path / "s2").exists()


def test_a_missing_release_folder_exits_2(tmp_path, capsys):
    assert main(["datasets", "import", str(tmp_path / "nope"), "--store", str(tmp_path)]) == 2
    assert "not a folder; give the release folder" in capsys.readouterr().err


def test_update_prints_the_change(tmp_path, capsys):
    from tests.replica.datasets import next_release, write_release

    write_release(tmp_path / "2025-01-14", filler=50, citations=100, world=None)
    next_release(
        tmp_path / "2025-01-14",
        tmp_path / "2025-01-21",
        tmp_path / "diff",
        start="2025-01-14",
        end="2025-01-21",
    )
    store = str(tmp_path / "s2")
    assert main(["datasets", "import", str(tmp_path / "2025-01-14"), "-q", "--store", store]) == 0
    assert main(["datasets", "update", str(tmp_path / "diff"), "--store", store]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("update: 2025-01-14 -> 2025-01-21: records updated/deleted papers +")
    assert layout.open_store(Path(store)).release_id == "2025-01-21"
