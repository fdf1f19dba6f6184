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
