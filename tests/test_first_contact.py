"""What a new user meets on a fresh clone (issue #17): a run without a network fails fast with
one line per upstream, the demo, file modes, unchanged reruns, and messages true in every
state. CLI cases run through a subprocess (or ``main``), runs against the local replica."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from enrich.errors import UpstreamUnreachable
from enrich.settings import Settings
from enrich.stages.resolve import run_resolve
from tests.conftest import SEEDS
from tests.pipeline_fakes import FakeArxiv, mention_row, write_mentions

NOWHERE_S2 = "http://s2.nonexistent.invalid/graph/v1"  # .invalid never resolves (RFC 6761)
NOWHERE_ARXIV = "http://arxiv.nonexistent.invalid/api/query"


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "S2_API_KEY" and not k.startswith("ENRICH_")}
    return {**env, **extra}


def enrich(*args: str, env: dict[str, str], cwd: Path | None = None, timeout: float = 120):
    return subprocess.run(
        [sys.executable, "-m", "enrich.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=timeout,
    )


def free_port() -> int:
    """A port that was free a moment ago: nothing listens on it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- an unreachable host ----------------------------------------------------------------------


@pytest.mark.parametrize("quiet", [False, True])
def test_a_run_without_dns_stops_within_seconds_with_one_line_per_upstream(tmp_path, quiet):
    env = clean_env(
        ENRICH_S2_URL=NOWHERE_S2,
        ENRICH_ARXIV_URL=NOWHERE_ARXIV,
        ENRICH_CACHE=str(tmp_path / "c.sqlite"),
    )
    args = ["run", "--raw", str(SEEDS), "--out", str(tmp_path / "out")] + (["-q"] if quiet else [])
    started = time.monotonic()
    r = enrich(*args, env=env)
    assert time.monotonic() - started < 15
    assert r.returncode == 3
    advice = "Check the network, or set {0} to the right URL; `enrich demo` runs against a local"
    assert r.stderr.splitlines() == [
        "Error: cannot reach s2.nonexistent.invalid (ENRICH_S2_URL): its name does not resolve. "
        + advice.format("ENRICH_S2_URL")
        + " replica without a network",
        "Error: cannot reach arxiv.nonexistent.invalid (ENRICH_ARXIV_URL): its name does not "
        "resolve. " + advice.format("ENRICH_ARXIV_URL") + " replica without a network",
    ]
    assert "Rerun later" not in r.stdout + r.stderr
    if quiet:
        assert r.stdout == ""
    assert not (tmp_path / "out" / "latest").exists()


def test_a_wrong_s2_url_is_told_and_a_reachable_arxiv_too(tmp_path):
    from tests.replica import SEEDS_WORLD, start_replica

    port = free_port()
    with start_replica(SEEDS_WORLD) as replica:
        env = clean_env(
            ENRICH_S2_URL=f"http://127.0.0.1:{port}/graph/v1",
            ENRICH_ARXIV_URL=replica.arxiv_url,
            ENRICH_CACHE=str(tmp_path / "c.sqlite"),
        )
        started = time.monotonic()
        r = enrich("run", "-q", "--raw", str(SEEDS), "--out", str(tmp_path / "out"), env=env)
    assert time.monotonic() - started < 15
    assert r.returncode == 3 and r.stdout == ""
    lines = r.stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(
        f"Error: cannot reach 127.0.0.1:{port} (ENRICH_S2_URL): the connection was refused. "
    )
    arxiv_host = replica.arxiv_url.split("/")[2]
    assert lines[1] == f"Error: {arxiv_host} (ENRICH_ARXIV_URL) accepts connections"


def test_resolve_stops_at_the_first_unreachable_title_and_keeps_its_stage_file(tmp_path):
    settings = Settings(
        raw_dir=tmp_path / "raw", out_dir=tmp_path / "out", cache_path=tmp_path / "c.sqlite"
    )
    write_mentions(settings, [mention_row(f"Title number {i}", group_id=f"g{i}") for i in range(6)])

    class Offline:
        calls = 0

        def match_title(self, title):
            self.calls += 1
            raise UpstreamUnreachable(
                "cannot reach x", url="u", host="x", setting="ENRICH_S2_URL", reason="dns"
            )

        def get_batch(self, ids, **kw):  # pragma: no cover (no linked ids here)
            raise AssertionError

    s2 = Offline()
    with pytest.raises(UpstreamUnreachable):
        run_resolve(settings, s2=s2, arxiv=FakeArxiv())
    assert s2.calls == 1  # not three titles in a row: every title would fail the same way
    assert not (settings.stage_dir / "resolutions.parquet").exists()
