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


# -- file modes -------------------------------------------------------------------------------


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_written_files_follow_the_umask(tmp_path, umask, mode):
    import pyarrow as pa

    from enrich.atomic import write_json, write_parquet

    old = os.umask(umask)
    try:
        write_parquet(pa.table({"a": [1]}), tmp_path / "t.parquet")
        write_json({"a": 1}, tmp_path / "t.json")
    finally:
        os.umask(old)
    for name in ("t.parquet", "t.json"):
        assert (tmp_path / name).stat().st_mode & 0o777 == mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.json", "t.parquet"]  # no temp left


# -- a run against the replica: file modes, an unchanged rerun -------------------------------

FAST = {
    "ENRICH_S2_RPS": "50",
    "ENRICH_ARXIV_DELAY": "0.02",
    "ENRICH_BACKOFF_BASE": "0.02",
    "ENRICH_BACKOFF_MAX": "0.5",
}


def _umask_022():
    os.umask(0o022)


@pytest.mark.e2e
def test_seed_run_files_are_0644_and_an_unchanged_rerun_adds_no_snapshot(tmp_path):
    from tests.replica import SEEDS_WORLD, start_replica

    out = tmp_path / "out"
    with start_replica(SEEDS_WORLD) as replica:
        env = clean_env(
            **FAST,
            ENRICH_S2_URL=replica.s2_url,
            ENRICH_ARXIV_URL=replica.arxiv_url,
            ENRICH_CACHE=str(tmp_path / "c.sqlite"),
        )

        def run():
            return subprocess.run(
                [sys.executable, "-m", "enrich.cli", "run", "--raw", str(SEEDS), "--out", str(out)],
                capture_output=True, text=True, env=env, timeout=120, preexec_fn=_umask_022,
            )  # fmt: skip

        first = run()
        assert first.returncode == 0, first.stderr
        again = run()
    assert again.returncode == 0, again.stderr
    files = [p for p in out.rglob("*") if p.is_file() and not p.is_symlink()]
    assert files and {oct(p.stat().st_mode & 0o777) for p in files} == {"0o644"}
    stamp = (out / "latest").resolve().name
    unchanged = f"snapshot: unchanged since {stamp} (tables equal latest's); none written"
    assert unchanged in again.stdout.splitlines()
    assert len(list((out / "manifests").glob("*.json"))) == 1
    status = enrich("status", "--out", str(out), "--raw", str(SEEDS), env=env)
    assert f": unchanged since {stamp}" in status.stdout


# -- enrich demo --------------------------------------------------------------------------------


@pytest.mark.e2e
def test_demo_runs_against_the_replica_in_its_own_dir_and_shows_status(tmp_path):
    env = clean_env(
        S2_API_KEY="sk-not-for-the-replica",
        ENRICH_OFFLINE="1",  # the replica is local: the demo runs anyway
        ENRICH_CACHE=str(tmp_path / "users-cache.sqlite"),
    )
    started = time.monotonic()
    r = enrich("demo", env=env, cwd=tmp_path)
    seconds = time.monotonic() - started
    assert r.returncode == 0, r.stderr
    assert seconds < 60
    lines = r.stdout.splitlines()
    assert lines[0].startswith("demo: Semantic Scholar and arXiv are played by the local replica")
    assert "the replica's invented data for the seed lists, not the real APIs'" in lines[0]
    assert "resolve: 196 titles: resolved 192, unresolved 4" in lines
    assert "$ enrich status --out data/demo" in lines
    assert any(line.startswith("latest snapshot ") for line in lines)
    assert lines[-1].startswith("demo: done; the tables in data/demo hold the replica's data")
    assert (tmp_path / "data" / "demo" / "latest" / "papers.parquet").exists()
    assert (tmp_path / "data" / "demo" / "latest" / "report.html").exists()  # the report too
    assert (tmp_path / "data" / "demo" / "cache" / "http.sqlite").exists()
    # the user's output and cache are not touched
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["demo"]
    assert not (tmp_path / "users-cache.sqlite").exists()


def test_demo_without_the_repository_says_where_it_looked(tmp_path, monkeypatch):
    from enrich import demo
    from enrich.errors import ConfigError

    monkeypatch.setattr(demo, "REPO", tmp_path)
    clone = "run it from a clone installed with `pip install -e .`"
    with pytest.raises(ConfigError, match=clone), demo.serve_replica():
        pass  # pragma: no cover


# -- help -------------------------------------------------------------------------------------


def _help(capsys, *args: str) -> str:
    from enrich.cli import main

    with pytest.raises(SystemExit) as done:
        main([*args, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize(
    ("command", "has", "lacks"),
    [
        ("run", ["--raw", "--out", "--cache", "--offline", "-q"], []),
        ("refresh", ["--raw", "--out", "--cache", "--offline", "-q"], []),
        ("ingest", ["--raw", "--out", "-q"], ["--cache", "--offline"]),
        ("resolve", ["--raw", "--out", "--cache", "--offline"], []),  # --raw: overrides.csv
        ("fetch", ["--out", "--cache", "--offline"], ["--raw"]),
        ("snapshot", ["--raw", "--out"], ["--cache", "--offline"]),  # --raw: the manifest's inputs
        ("status", ["--out", "--all"], ["--cache", "--offline", "--quiet"]),
        ("demo", ["--out", "-q"], ["--raw", "--cache", "--offline"]),
    ],
)
def test_each_command_help_shows_its_own_options_and_no_epilog(capsys, command, has, lacks):
    text = _help(capsys, command)
    for option in has:
        assert f" {option}" in text, option
    for option in lacks:
        assert f" {option}" not in text, option
    assert "exit codes:" not in text and "ENRICH_S2_RPS" not in text
    assert text.rstrip().endswith("Exit codes and settings: enrich --help.")


def test_options_a_command_does_not_use_are_still_accepted_for_old_job_lines(tmp_path):
    r = enrich("status", "--offline", "-q", "--out", str(tmp_path / "o"), env=clean_env())
    assert r.returncode == 0 and r.stdout.startswith("no snapshot in")
    r = enrich("demo", "--raw", str(tmp_path), env=clean_env())  # a new command: only its own
    assert r.returncode == 2 and "unrecognized arguments: --raw" in r.stderr


def test_top_level_help_keeps_the_exit_codes_and_lists_demo(capsys):
    text = _help(capsys)
    assert "exit codes: 0 done" in text
    assert "demo" in text and "local replica" in text


# -- messages true in every state ---------------------------------------------------------------


def _one_title(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "l.md").write_text("- [OSDI '22] Orca: A Distributed Serving System\n")
    return raw


@pytest.mark.parametrize("how", [["--offline"], []])
def test_an_offline_run_says_to_go_online_once_not_to_rerun_later(tmp_path, how):
    raw = _one_title(tmp_path)
    env = clean_env(ENRICH_CACHE=str(tmp_path / "empty.sqlite"))
    if not how:
        env["ENRICH_OFFLINE"] = "yes"  # accepted, as the error text says
    r = enrich("run", *how, "--raw", str(raw), "--out", str(tmp_path / "out"), env=env)
    assert r.returncode == 3
    assert "resolve: 1 title has no answer in the HTTP cache; run once without --offline" in (
        r.stdout
    )
    assert r.stderr.splitlines()[-1] == (
        "Error: no title's answers are in the HTTP cache (offline); no snapshot written (there is "
        "no earlier snapshot). Run once without --offline (or with ENRICH_OFFLINE unset) to fill "
        "the cache."
    )
    assert "Rerun later" not in r.stdout + r.stderr and "rerun to resume" not in r.stdout


def test_nothing_resolved_says_the_previous_snapshot_stays_only_when_there_is_one(tmp_path):
    from enrich.pipeline import NothingResolved

    settings = Settings(out_dir=tmp_path / "out")
    assert "(there is no earlier snapshot). Rerun later to resume" in str(
        NothingResolved(settings)
    )
    (tmp_path / "out" / "latest").mkdir(parents=True)
    (tmp_path / "out" / "latest" / "manifest.json").write_text("{}")
    assert "(the previous one stays latest)" in str(NothingResolved(settings))


def test_a_bad_boolean_setting_lists_exactly_what_is_accepted():
    from enrich.errors import ConfigError
    from enrich.settings import _FALSE, _TRUE

    for value in _TRUE:
        assert Settings.from_env({"ENRICH_OFFLINE": value.upper()}).offline is True
    for value in _FALSE:
        assert Settings.from_env({"ENRICH_OFFLINE": value}).offline is False
    with pytest.raises(ConfigError) as info:
        Settings.from_env({"ENRICH_OFFLINE": "maybe"})
    assert str(info.value) == (
        "ENRICH_OFFLINE must be one of 1, true, yes, on (on) or 0, false, no, off or empty (off), "
        "got 'maybe'"
    )


def test_resolve_counts_titles_and_status_counts_papers_and_each_says_so():
    from collections import Counter

    from enrich.stages.resolve import ResolveSummary

    summary = ResolveSummary(groups=3, by_method=Counter({"s2_match": 3}))
    assert "resolve: titles found by s2_match 3" in summary.lines()
    # status: "papers found by: ..." (tests/test_e2e.py checks it on a real run)


def test_a_command_that_writes_nothing_leaves_no_output_folder(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.md").write_text("# Reading list\n\nNothing here yet.\n")
    out = tmp_path / "new" / "out"
    for command in ("ingest", "run"):
        r = enrich(command, "--raw", str(raw), "--out", str(out), env=clean_env(
            ENRICH_CACHE=str(tmp_path / "c.sqlite")))  # fmt: skip
        assert r.returncode == 2
        assert r.stderr.strip().endswith("(no line reads as a paper entry); nothing written")
        assert not (tmp_path / "new").exists()


# -- docs -------------------------------------------------------------------------------------


def test_the_readme_pandas_note_names_every_nullable_integer_column():
    import pyarrow as pa

    from enrich.schema import TABLES

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    note = " ".join(readme[readme.index("Integer columns with nulls") :].split("\n\n")[0].split())
    for table, schema in TABLES.items():
        for f in schema:
            if pa.types.is_integer(f.type) and f.nullable:
                assert f"`{f.name}`" in note or f"`{table}.{f.name}`" in note, (table, f.name)


def test_the_probe_of_the_other_upstream(monkeypatch):
    from enrich.http.reach import probe

    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        assert probe(f"http://127.0.0.1:{listening.getsockname()[1]}/api/query") is None
    assert probe(f"http://127.0.0.1:{free_port()}/x") == "the connection was refused"
    assert probe("http://arxiv.nonexistent.invalid/api/query") == "its name does not resolve"
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    assert probe("https://export.arxiv.org/api/query").startswith("not tried: requests to it go")
    from enrich.pipeline import every_upstream

    failed = UpstreamUnreachable(
        "cannot reach api.semanticscholar.org (ENRICH_S2_URL): ...",
        url="u", host="api.semanticscholar.org", setting="ENRICH_S2_URL", reason="dns",
    )  # fmt: skip
    assert str(every_upstream(Settings(), failed)).splitlines() == [
        "cannot reach api.semanticscholar.org (ENRICH_S2_URL): ...",
        "export.arxiv.org (ENRICH_ARXIV_URL): not tried: requests to it go through a proxy "
        "(HTTP_PROXY/HTTPS_PROXY)",
    ]


def test_a_latest_table_is_compared_a_few_rows_at_a_time(tmp_path, monkeypatch):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from enrich.stages import unchanged

    monkeypatch.setattr(unchanged, "COMPARE_ROWS", 2)
    t = pa.table({"a": pa.array(range(5), pa.int64()), "b": list("vwxyz")})
    pq.write_table(t, tmp_path / "t.parquet")
    assert unchanged._equals_file(t, tmp_path / "t.parquet")
    later = t.set_column(1, "b", pa.array(list("vwxyZ")))  # a difference in the last batch
    assert not unchanged._equals_file(later, tmp_path / "t.parquet")
    assert not unchanged._equals_file(t.slice(0, 4), tmp_path / "t.parquet")
