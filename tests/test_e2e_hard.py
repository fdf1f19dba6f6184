"""The hard cases of a big list (``tests/replica/hard.py``), small enough for CI: the real CLI
against the replica serving a generated world, scored against its truth (127.0.0.1 only).

The world holds every hard case, among them two that were wrong before ``match.verify``
rejected a subject swapped under one system name: papers S2 does not hold whose title match
hands back another paper of that name (``Marze: ...``, ``VOXKOR: ...``). The other wrong case
of the 3,000-title bench, a paper bulk search misses beside a same-titled paper of another
year, is rare; ``test_resolve_bulk.py`` and ``test_match.py`` have it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.replica import World, start_replica
from tests.replica.gen import generate
from tests.replica.hard import KINDS
from tests.replica.scoring import score
from tests.test_e2e import ROOT, enrich_env

pytestmark = pytest.mark.e2e

TITLES, SEED = 200, 7
"""A small generated list that holds every hard case (and a wrong match before the fix)."""


def test_hard_cases_resolve_with_no_wrong_paper_and_none_missed(tmp_path: Path):
    data, text = generate(TITLES, SEED)
    world = World(data)
    assert {kind for kind, _ in KINDS} <= {row["case"] for row in world.truth}
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "generated.md").write_text(text, encoding="utf-8")
    with start_replica(world, s2_rps=50, arxiv_interval=0.02) as replica:
        env = enrich_env(replica, tmp_path / "cache.sqlite")
        result = subprocess.run(
            [sys.executable, "-m", "enrich.cli", "run", "--raw", str(raw), "--out",
             str(tmp_path / "out")],
            env=env, capture_output=True, text=True, timeout=300, cwd=ROOT,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    s = score(world.truth, tmp_path / "out" / "latest")
    assert s.wrong == [], s.summary()
    assert s.missed == [], s.summary()
    assert s.absent == []
