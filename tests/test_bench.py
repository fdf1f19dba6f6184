"""The CPU benchmarks still run (on a small list): they are not run otherwise, and would rot."""

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.mark.parametrize(
    ("script", "args", "last_lines"),
    [
        ("cpu_path.py", ["--entries", "400"], ["total CPU path", "peak RSS"]),
        ("stages.py", ["--entries", "400", "--refs", "4"], ["snapshot rows: papers", "peak RSS"]),
        ("ingest.py", ["--entries", "400", "--repeat", "2"], ["peak RSS"]),
        (
            "datasets.py",
            ["--papers", "2000", "--citations", "10000", "--shards", "2"],
            ["import:", "peak RSS", "store size", "resolve:", "fetch:", "seed lists"],
        ),
    ],
)
def test_a_cpu_benchmark_runs_to_its_summary(script, args, last_lines):
    r = subprocess.run(
        [sys.executable, str(BENCH / script), *args], capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 0, r.stderr
    tail = r.stdout.strip().splitlines()[-len(last_lines) :]
    for line, start in zip(tail, last_lines, strict=True):
        assert line.startswith(start), r.stdout


_FAKE_SCORER = '''import sys
print(f"{sys.argv[1]}: rows=3 judged=3 ambiguous=0 correct=2 wrong_title=1 duplicate=0 not_entry=0")
print("  precision=0.667")
print("  entries=4 found=2 recall=0.500 missed=2 wrong-only=0")
print("  venue ok 2/2 (stated 1/1); year ok 2/2 (stated 2/3)")
'''


def test_the_lists_benchmark_ingests_and_scores_every_labelled_list(tmp_path):
    # a labelled list folder shaped like ../shared/lists, with a stand-in for its scorer
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "mini.tsv").write_text("list.md\t1\t1\tP\tT\t\t\t\n")
    (tmp_path / "mini").mkdir()
    (tmp_path / "mini" / "list.md").write_text("- [OSDI'22] Orca: A Distributed Serving System\n")
    (tmp_path / "score.py").write_text(_FAKE_SCORER)
    r = subprocess.run(
        [sys.executable, str(BENCH / "lists.py"), "--lists", str(tmp_path), "--markdown",
         "--generated", "0"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert "| mini | 4 | 3 | 0.667 | 0.500 | 2 of 3 | 1 of 1 |" in r.stdout
    assert "| pooled | 4 | 3 | 0.667 | 0.500 | 2 of 3 | 1 of 1 |" in r.stdout


def test_the_lists_benchmark_without_lists_says_where_it_looked(tmp_path):
    r = subprocess.run(
        [sys.executable, str(BENCH / "lists.py"), "--lists", str(tmp_path / "none"),
         "--generated", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0
    assert f"no labelled lists under {tmp_path / 'none'}" in r.stdout


def test_the_lists_benchmark_scores_a_generated_corpus_per_style_and_layout(tmp_path):
    r = subprocess.run(
        [sys.executable, str(BENCH / "lists.py"), "--lists", str(tmp_path / "none"),
         "--generated", "300", "-v"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "generated corpus: seed 22," in out
    for head in ("family ", "style ", "layout ", "variant ", "pooled "):
        assert any(line.startswith(head) for line in out.splitlines()), head
    assert "pooled recall:" in out and "(target >= 0.97)" in out
    assert "--- MISSED" in out and "--- VENUE/YEAR" in out


def test_the_lists_benchmark_generates_only_the_styles_and_layouts_asked(tmp_path):
    r = subprocess.run(
        [sys.executable, str(BENCH / "lists.py"), "--lists", str(tmp_path / "none"),
         "--generated", "40", "--style", "ieee", "--layout", "bare,wrapped"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    tables = r.stdout.split("\n\n")

    def names(head: str) -> set[str]:
        rows = next(t for t in tables if t.startswith(head)).splitlines()[1:]
        return {row.split()[0] for row in rows}

    assert names("style ") == {"ieee"}
    assert {"bare", "wrapped"} <= names("layout ") <= {"bare", "wrapped", "-", "(no"}


def test_the_e2e_bench_compiles_the_sources_python_then_reads(tmp_path, monkeypatch):
    # issue 24: under PYTHONDONTWRITEBYTECODE=1 every timed CLI run compiled enrich from source
    import importlib.util
    import shutil

    sys.path.insert(0, str(BENCH))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    try:
        from e2e import compile_sources
    finally:
        sys.path.remove(str(BENCH))
    package = tmp_path / "enrich"
    http = BENCH.parent / "src" / "enrich" / "http"
    shutil.copytree(http, package / "http", ignore=shutil.ignore_patterns("__pycache__"))
    (package / "__init__.py").write_text("")
    compile_sources(package)
    sources = sorted(package.rglob("*.py"))
    assert len(sources) > 5
    assert all(Path(importlib.util.cache_from_source(str(p))).is_file() for p in sources)


def test_the_wild_benchmark_scores_each_held_out_list_the_same_in_memory_and_by_ingest():
    def pooled(*args: str) -> str:
        r = subprocess.run([sys.executable, str(BENCH / "wild.py"), *args], capture_output=True,
                           text=True, timeout=120)
        assert r.returncode == 0, r.stderr
        rows = [line for line in r.stdout.splitlines() if line.startswith(("pooled", "rst.txt"))]
        assert len(rows) == 2, r.stdout
        return rows[1]

    assert pooled() == pooled("--ingest")
