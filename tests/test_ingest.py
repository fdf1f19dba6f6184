"""The ingest stage: finding lists, surviving bad files, writing mentions.parquet."""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import shutil
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from enrich.errors import InputError
from enrich.parse import MAX_LINE_CHARS
from enrich.schema import MENTIONS_STAGE
from enrich.settings import Settings
from enrich.stages.ingest import (
    FileResult,
    IngestSummary,
    _parse_piece,
    decode_list,
    find_lists,
    group_counts,
    run_ingest,
)
from tests.conftest import SEEDS
from tests.grouping_ref import group_entries

GOOD = "- Gandiva: Introspective Cluster Scheduling for Deep Learning (OSDI18)\n"


def _settings(tmp_path: Path, raw: Path | None = None) -> Settings:
    return Settings(raw_dir=raw or tmp_path / "raw", out_dir=tmp_path / "out")


def _raw(tmp_path: Path, files: dict[str, bytes | str]) -> Path:
    raw = tmp_path / "raw"
    for name, content in files.items():
        path = raw / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
    return raw


def _table(tmp_path: Path):
    return pq.read_table(tmp_path / "out" / "stage" / "mentions.parquet")


def test_seed_lists_end_to_end(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(SEEDS, raw)
    summary = run_ingest(_settings(tmp_path))
    assert [(f.path, f.entries, f.warning) for f in summary.files] == [
        ("000_8e4e2985fcc63d55.txt", 84, None),
        ("001_70aeca1ca53db0f4.txt", 34, None),
        ("002_931f8c2ef4bbc31a.txt", 22, None),
        ("004_f996db01aff3b9b6.txt", 97, None),
    ]
    assert summary.total_entries == 237
    assert summary.warnings == []
    table = _table(tmp_path)
    assert table.schema.equals(MENTIONS_STAGE, check_metadata=False)
    assert table.num_rows == 237
    assert summary.groups == len(set(table.column("group_id").to_pylist()))
    assert summary.near_flags == len(
        {
            g
            for g, n in zip(
                *table.select(["group_id", "near_group_id"]).to_pydict().values(), strict=True
            )
            if n
        }
    )
    row = table.slice(3, 1).to_pylist()[0]
    assert row["source_file"] == "000_8e4e2985fcc63d55.txt"
    assert (row["line"], row["alias"], row["venue"], row["year"]) == (12, "Gavel", "OSDI", 2020)
    assert row["section"] == "Cluster Scheduling"


def test_summary_lines_one_per_file_and_a_total(tmp_path):
    _raw(tmp_path, {"a.md": GOOD, "sub/b.txt": GOOD + GOOD, "empty.md": ""})
    lines = run_ingest(_settings(tmp_path)).lines()
    assert len(lines) == 4
    assert lines[0].startswith("a.md") and lines[0].rstrip().endswith("1 entries")
    assert lines[1].startswith("empty.md") and "(warning: empty file, skipped)" in lines[1]
    assert lines[2].startswith("sub/b.txt") and "2 entries" in lines[2]
    assert lines[3].startswith("total: 3 entries in 3 files, 1 groups, 0 near-variant flags")
    assert "1 warnings" in lines[3]


def test_summary_lines_without_files():
    summary = IngestSummary(files=[], total_entries=0, groups=0, near_flags=0)
    assert summary.lines() == ["total: 0 entries in 0 files, 0 groups, 0 near-variant flags"]
    assert FileResult("x.md", 0).warning is None


def test_missing_raw_dir_is_an_input_error_naming_it(tmp_path):
    missing = tmp_path / "nope"
    with pytest.raises(InputError, match="raw dir not found") as exc:
        run_ingest(_settings(tmp_path, missing))
    assert str(missing) in str(exc.value)
    assert exc.value.path == str(missing)


def test_raw_dir_that_is_a_file_is_an_input_error(tmp_path):
    f = tmp_path / "raw"
    f.write_text("x")
    with pytest.raises(InputError, match="not a directory"):
        run_ingest(_settings(tmp_path, f))


def test_raw_dir_without_lists_says_where_and_which_suffixes(tmp_path):
    raw = _raw(tmp_path, {"notes.rst": GOOD, "data.csv": "a,b"})
    with pytest.raises(InputError) as exc:
        run_ingest(_settings(tmp_path, raw))
    message = str(exc.value)
    assert str(raw) in message
    for suffix in (".md", ".markdown", ".txt"):
        assert suffix in message
    assert not (tmp_path / "out" / "stage" / "mentions.parquet").exists()


def test_suffixes_are_case_insensitive_and_search_is_recursive_and_sorted(tmp_path):
    raw = _raw(
        tmp_path,
        {
            "b/LIST.MD": GOOD,
            "a.Markdown": GOOD,
            "c/d/e.TXT": GOOD,
            "skip.rst": GOOD,
            ".git/HEAD.txt": GOOD,
            ".hidden.md": GOOD,
        },
    )
    found = [p.relative_to(raw).as_posix() for p in find_lists(raw)]
    assert found == ["a.Markdown", "b/LIST.MD", "c/d/e.TXT"]
    summary = run_ingest(_settings(tmp_path, raw))
    assert [f.path for f in summary.files] == found
    assert _table(tmp_path).column("source_file").to_pylist() == found


def test_binary_file_is_skipped_with_a_warning_and_good_files_keep_their_entries(tmp_path):
    _raw(tmp_path, {"a.md": GOOD, "b.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "c.md": GOOD})
    summary = run_ingest(_settings(tmp_path))
    assert [(f.path, f.entries) for f in summary.files] == [("a.md", 1), ("b.md", 0), ("c.md", 1)]
    assert summary.files[1].warning == "binary file (NUL bytes), skipped"
    assert summary.warnings == ["b.md: binary file (NUL bytes), skipped"]
    assert _table(tmp_path).num_rows == 2


def test_empty_and_whitespace_only_files_are_warned(tmp_path):
    _raw(tmp_path, {"a.md": "", "b.md": " \n\n\t\n", "c.md": GOOD})
    summary = run_ingest(_settings(tmp_path))
    assert [f.warning for f in summary.files] == ["empty file, skipped"] * 2 + [None]
    assert summary.total_entries == 1


def test_lists_without_any_entry_are_an_input_error_and_keep_the_previous_mentions(tmp_path):
    raw = _raw(tmp_path, {"a.md": GOOD})
    run_ingest(_settings(tmp_path))
    before = (tmp_path / "out" / "stage" / "mentions.parquet").read_bytes()
    (raw / "a.md").write_text("")  # as a failed sync leaves a list
    (raw / "b.md").write_text("# Reading list\n\nNothing here yet.\n")
    with pytest.raises(InputError) as info:
        run_ingest(_settings(tmp_path))
    assert str(info.value) == (
        f"no paper entries in 2 list file(s) under {raw} (a.md: empty file, skipped); "
        "nothing written, the previous output is kept"
    )
    assert (tmp_path / "out" / "stage" / "mentions.parquet").read_bytes() == before
    (raw / "a.md").unlink()
    with pytest.raises(InputError, match=r"\(no line reads as a paper entry\)"):
        run_ingest(_settings(tmp_path))


def test_a_dangling_symlink_to_a_list_is_warned_not_skipped_silently(tmp_path):
    raw = _raw(tmp_path, {"a.md": GOOD})
    (raw / "moved.md").symlink_to(tmp_path / "no-longer-here.md")
    summary = run_ingest(_settings(tmp_path))
    assert [(f.path, f.entries) for f in summary.files] == [("a.md", 1), ("moved.md", 0)]
    assert summary.files[1].warning == "unreadable (No such file or directory), skipped"


def test_invalid_utf8_is_decoded_with_replacement_and_warned(tmp_path):
    latin1 = "- Caf\u00e9: A Paper About Coffee Scheduling (OSDI20)\n".encode("latin-1")
    _raw(tmp_path, {"a.md": latin1 + GOOD.encode()})
    summary = run_ingest(_settings(tmp_path))
    (f,) = summary.files
    assert f.entries == 2
    assert f.warning.startswith("not valid UTF-8 (first bad byte at offset 5)")
    assert _table(tmp_path).column("title").to_pylist()[0] == (
        "Caf\ufffd: A Paper About Coffee Scheduling"
    )


def test_utf8_bom_is_dropped():
    text, problem = decode_list(b"\xef\xbb\xbf# Title\n")
    assert (text, problem) == ("# Title\n", None)


def test_utf16_with_bom_is_decoded_not_taken_for_binary(tmp_path):
    _raw(tmp_path, {"win.txt": GOOD.encode("utf-16")})
    summary = run_ingest(_settings(tmp_path))
    assert (summary.files[0].entries, summary.files[0].warning) == (1, None)


def test_five_megabyte_line_is_skipped_with_a_warning_naming_file_and_line(tmp_path):
    huge = "- " + "A" * (5 * 1024 * 1024) + "\n"
    _raw(tmp_path, {"lists/big.md": GOOD + huge + GOOD, "ok.md": GOOD})
    summary = run_ingest(_settings(tmp_path))
    assert [(f.path, f.entries) for f in summary.files] == [("lists/big.md", 2), ("ok.md", 1)]
    (warning,) = summary.warnings
    assert warning.startswith("lists/big.md:2: skipped a line of 5,242,882 characters")
    assert summary.files[0].warning.startswith("line 2: skipped a line")
    assert MAX_LINE_CHARS < 5 * 1024 * 1024


def test_many_warnings_are_summarised_on_the_file_line(tmp_path):
    long_line = "x" * (MAX_LINE_CHARS + 1) + "\n"
    _raw(tmp_path, {"a.md": long_line * 5 + GOOD})
    summary = run_ingest(_settings(tmp_path))
    assert len(summary.warnings) == 5
    assert summary.files[0].warning.endswith("; and 2 more")


def test_rerun_is_deterministic(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(SEEDS, raw)
    run_ingest(_settings(tmp_path))
    first = _table(tmp_path).to_pylist()
    run_ingest(_settings(tmp_path))
    assert _table(tmp_path).to_pylist() == first


def test_same_title_in_two_files_shares_a_group(tmp_path):
    _raw(
        tmp_path,
        {
            "a.md": GOOD,
            "b.txt": "[OSDI'18] GANDIVA: Introspective cluster scheduling for deep learning\n",
        },
    )
    run_ingest(_settings(tmp_path))
    table = _table(tmp_path).to_pylist()
    assert table[0]["group_id"] == table[1]["group_id"]
    assert [r["source_file"] for r in table] == ["a.md", "b.txt"]


def test_progress_bar_only_on_a_tty(tmp_path, capsys):
    _raw(tmp_path, {"a.md": GOOD})
    run_ingest(_settings(tmp_path), progress=True)  # pytest's stderr is not a TTY
    assert capsys.readouterr().err == ""


def _load_bench():
    path = Path(__file__).resolve().parents[1] / "bench" / "ingest.py"
    spec = importlib.util.spec_from_file_location("bench_ingest", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_ingest"] = module
    spec.loader.exec_module(module)
    return module


def test_bench_generator_shapes_all_parse():
    """The benchmark's generated list parses to exactly the entries it generated."""
    from enrich.parse import parse_list

    bench = _load_bench()
    text, expected = bench.generate(600, seed=1)
    assert len(parse_list(text, "g.md").entries) == expected == 600


# ---- parsing a large document on several cores -------------------------------------------


def _big_list() -> str:
    parts = ["---", "title: t", "---"]
    for s in range(120):
        parts += [f"## Topic {s}", ""]
        if s == 60:  # a fence and a comment holding heading-like lines are not cut points
            parts += ["```", "# not a heading", "- [OSDI '20] Not An Entry In Code", "```"]
            parts += ["<!--", "## hidden", "-->"]
        for k in range(5):
            parts.append(f"- [OSDI '2{k}] System{s}x{k}: Scalable Training of Model {s}-{k}")
            parts.append("- 这是一个中文注释")
        parts.append("- [SOSP '23] Wrapped Title Number " + str(s))
        parts.append("  continued on the next line [link]")
    return "\n".join(parts) + "\n"


def test_parse_document_on_two_cores_equals_one_sequential_parse(monkeypatch):
    import enrich.stages.ingest as ingest_mod
    from enrich.parse import parse_list

    text = _big_list()
    monkeypatch.setattr(ingest_mod, "PARALLEL_MIN_CHARS", 0)
    parallel = ingest_mod.parse_document(text, "big.md", workers=2)
    sequential = parse_list(text, "big.md")
    assert parallel.entries == sequential.entries
    assert parallel.warnings == sequential.warnings
    assert len(parallel.entries) == 120 * 6
    # and each piece's mention columns, made where it was parsed, make the same table
    assert ingest_mod.mentions_table(parallel).equals(
        ingest_mod.mentions_table(ingest_mod.parse_document(text, "big.md", workers=1))
    )


def test_mentions_table_equals_grouping_entry_by_entry():
    import enrich.stages.ingest as ingest_mod

    doc = ingest_mod.parse_document(_big_list() + _near_variant_list(), "big.md", workers=1)
    table = ingest_mod.mentions_table(doc)
    assert table.schema == MENTIONS_STAGE and table.num_rows == len(doc) == 120 * 6 + 2
    assert table.to_pylist() == [dataclasses.asdict(m) for m in group_entries(doc.entries)]
    *_, a, b = table.to_pylist()  # the two Quincy spellings: two groups, flagged as near
    assert a["near_group_id"] == b["group_id"] != a["group_id"] == b["near_group_id"]
    groups, near = group_counts(table)
    assert groups == table.num_rows and near >= 2


def _near_variant_list() -> str:
    return (
        "## Near\n"
        "- Quincy: Fair Scheduling for Distributed Computing Clusters In The Datacenter\n"
        "- Quincy: Fair Scheduling for Distributed Computing Clusters In Datacenters\n"
    )


def test_a_list_without_entries_gives_an_empty_mentions_table():
    import enrich.stages.ingest as ingest_mod

    table = ingest_mod.mentions_table(ingest_mod.parse_document("# Only a heading\n", "a.md"))
    assert table.num_rows == 0 and table.schema == MENTIONS_STAGE


_TEST_PROCESS = os.getpid()


def _piece_that_kills_its_worker(job):
    if os.getpid() != _TEST_PROCESS:
        os._exit(9)  # as the OOM killer would end a worker
    return _parse_piece(job)


def test_a_worker_that_dies_costs_no_entries(monkeypatch, caplog):
    import enrich.stages.ingest as ingest_mod
    from enrich.parse import parse_list

    text = _big_list()
    monkeypatch.setattr(ingest_mod, "PARALLEL_MIN_CHARS", 0)
    monkeypatch.setattr(ingest_mod, "_parse_piece", _piece_that_kills_its_worker)
    with caplog.at_level("WARNING", logger="enrich.stages.ingest"):
        doc = ingest_mod.parse_document(text, "big.md", workers=2)
    assert doc.entries == parse_list(text, "big.md").entries
    assert "a parser process failed" in caplog.text
    assert "parsing big.md in this process instead" in caplog.text


def test_heading_splits_skip_fences_comments_and_the_top():
    from enrich.parse import heading_splits

    lines = _big_list().split("\n")
    cuts = heading_splits(lines, 4)
    assert len(cuts) == 3 and cuts == sorted(cuts)
    for c in cuts:
        assert c > 200 and lines[c].startswith("## Topic ")
    assert heading_splits(["- a", "- b"], 2) == []  # nowhere to cut: parse in one piece


def test_small_documents_are_parsed_in_process():
    import enrich.stages.ingest as ingest_mod

    result = ingest_mod.parse_document(
        "- [OSDI '22] Orca: A Distributed Serving System\n", "a.md", workers=8
    )
    assert [e.title for e in result.entries] == ["Orca: A Distributed Serving System"]


def test_heading_splits_ignore_an_over_long_line_like_the_parser_does():
    from enrich.parse import MAX_LINE_CHARS, heading_splits

    lines = ["- x"] * 250 + ["```" + "a" * (MAX_LINE_CHARS + 1)] + ["## After", "- y"] * 100
    # parse_list skips the over-long line outright (it opens no fence), so the headings after it
    # are real and may be cut at
    assert heading_splits(lines, 2) != []


# ---- many lists on several cores ----------------------------------------------------------


def test_share_jobs_cuts_consecutive_runs_of_about_equal_size():
    from enrich.stages.ingest import share_jobs

    assert share_jobs([5, 5], 2) == [[0], [1]]
    assert share_jobs([1] * 10, 2) == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]
    assert share_jobs([10, 1, 1], 2) == [[0], [1, 2]]
    assert share_jobs([1, 1, 10], 2) == [[0, 1], [2]]
    assert share_jobs([7], 2) == [[0]]  # one job: nothing to share
    assert share_jobs([3, 3, 3], 1) == [[0, 1, 2]]
    assert share_jobs([], 2) == []
    assert share_jobs([0, 0, 0], 2) == [[0, 1, 2]]


def test_many_lists_on_two_cores_give_what_one_core_gives(tmp_path, monkeypatch):
    import enrich.stages.ingest as ingest_mod

    files: dict[str, bytes | str] = {
        f"list{i}.md": f"# Topic {i}\n- [OSDI '2{i}] System{i}: Scalable Serving of Model {i}\n"
        + GOOD
        for i in range(6)
    }
    files["bin.md"] = b"\x00\x01binary"
    files["long.md"] = GOOD + "x" * (MAX_LINE_CHARS + 1) + "\n"
    _raw(tmp_path, files)
    monkeypatch.setattr(ingest_mod, "PARALLEL_MIN_CHARS", 0)
    results = {}
    for cores in (1, 2):
        monkeypatch.setattr(ingest_mod.os, "cpu_count", lambda cores=cores: cores)
        settings = Settings(raw_dir=tmp_path / "raw", out_dir=tmp_path / f"out{cores}")
        summary = run_ingest(settings)
        results[cores] = (summary.lines()[:-1], summary.warnings, pq.read_table(summary.output))
    (lines1, warnings1, table1), (lines2, warnings2, table2) = results[1], results[2]
    assert lines2 == lines1 and warnings2 == warnings1 and table2.equals(table1)
    assert table1.num_rows == 6 * 2 + 1
    assert any("binary" in w for w in warnings1) and any("long.md:2" in w for w in warnings1)


def test_no_thread_runs_beside_the_parser_when_it_forks(tmp_path, monkeypatch):
    import threading

    import enrich.stages.ingest as ingest_mod
    import enrich.stages.progress as stages

    _raw(tmp_path, {"a.md": GOOD, "b.md": GOOD})
    seen = []
    real = ingest_mod.parse_jobs

    def watching(jobs, workers, done=None):
        seen.append(threading.active_count())
        return real(jobs, workers, done)

    monkeypatch.setattr(ingest_mod, "parse_jobs", watching)
    monkeypatch.setattr(stages.sys.stderr, "isatty", lambda: True)  # the bar is shown
    run_ingest(_settings(tmp_path), progress=True)
    assert seen == [threading.active_count()] == [1]


def test_parser_workers_die_with_a_killed_parent(tmp_path):
    # kill -9 of the parent during a parallel ingest once left a worker waiting forever
    import signal
    import subprocess
    import sys
    import time

    script = (
        "import multiprocessing, sys, time\n"
        "import enrich.stages.ingest as ingest\n"
        "ingest.PARALLEL_MIN_CHARS = 0\n"
        "def slow(jobs):\n"
        "    time.sleep(60)\n"
        "ingest._parse_pieces = slow\n"
        "import threading\n"
        "def show():\n"
        "    time.sleep(1)\n"
        "    print(' '.join(str(p.pid) for p in multiprocessing.active_children()), flush=True)\n"
        "threading.Thread(target=show, daemon=True).start()\n"
        "ingest.parse_jobs([('- A\\n', 'a.md', 0), ('- B\\n', 'b.md', 0)], 2)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    workers = [int(p) for p in proc.stdout.readline().split()]
    assert workers
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    alive = workers
    while alive and time.monotonic() < deadline:
        time.sleep(0.1)
        alive = [p for p in workers if _alive(p)]
    assert alive == []


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split()[2] != "Z"
    except OSError:
        return False
