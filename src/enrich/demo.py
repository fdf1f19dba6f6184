"""``enrich demo``: the whole pipeline against the bundled replica of both APIs, no network.

The replica (``tests/replica/``: two local HTTP servers playing Semantic Scholar and arXiv,
with the seed lists' world) is the one the end-to-end tests and benchmarks use. The demo runs
it as ``python -m tests.replica`` from the repository, the layout a fresh clone with
``pip install -e .`` has, rather than shipping a second copy inside the package: one replica,
kept honest by its own tests, and no test fixtures in the installed library. An install
without the repository (a wheel) says so instead.

What the demo never touches: the real APIs, the user's HTTP cache and the user's output. It
writes to its own directory (``data/demo``: tables, stage files and its own cache), sends no
API key, and ignores ``ENRICH_OFFLINE`` (the replica is local).
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING

import enrich
from enrich.errors import ConfigError
from enrich.settings import Settings

if TYPE_CHECKING:
    from enrich.pipeline import RunResult

REPO = Path(enrich.__file__).resolve().parents[2]
"""The repository an editable install runs from (``src/enrich/__init__.py`` is two levels in)."""

DEMO_OUT = Path("data/demo")
"""Where the demo writes, apart from ``data/enriched``."""

S2_RPS = 20.0
ARXIV_DELAY = 0.15
"""The real limits scaled 20x (S2 1/s, arXiv one request per 3 s), on both the replica and the
client, as the benchmarks run: the seed lists take about 11 s instead of four minutes."""

STARTUP_SECONDS = 30.0
"""How long the replica may take to print its URLs (it loads an 0.8 MB world)."""


@dataclasses.dataclass(frozen=True)
class Replica:
    s2_url: str
    arxiv_url: str


def demo_settings(base: Settings, replica: Replica, out_dir: Path | None) -> Settings:
    """``base`` pointed at the replica, the seed lists and the demo's own output and cache."""
    out = out_dir or DEMO_OUT
    return dataclasses.replace(
        base,
        raw_dir=REPO / "data" / "raw",
        out_dir=out,
        cache_path=out / "cache" / "http.sqlite",
        s2_url=replica.s2_url,
        arxiv_url=replica.arxiv_url,
        s2_rps=S2_RPS,
        arxiv_delay=ARXIV_DELAY,
        s2_api_key=None,
        offline=False,
    )


def run_demo(
    base: Settings, out_dir: Path | None, *, progress: bool, say: Callable[..., None]
) -> RunResult:
    """Serve the replica, run the whole pipeline against it into the demo's directory, show
    ``status``; the :class:`~enrich.pipeline.RunResult`. Every line says whose data it is."""
    from enrich.lock import LOCK_NAME, hold_lock
    from enrich.pipeline import open_upstreams, run_all, status_lines
    from enrich.report import write_report

    with serve_replica() as replica:
        demo = demo_settings(base, replica, out_dir)
        say(
            f"demo: Semantic Scholar and arXiv are played by the local replica at "
            f"{replica.s2_url} and {replica.arxiv_url} (tests/replica); every record below "
            "is the replica's invented data for the seed lists, not the real APIs'",
            f"demo: lists {demo.raw_dir}, output and cache {demo.out_dir} "
            "(data/enriched and your HTTP cache are not touched)",
        )
        with hold_lock(demo.out_dir / LOCK_NAME), open_upstreams(demo) as up:
            result = run_all(demo, up, refresh=False, progress=progress, say=say)
            say(*write_report(demo.out_dir).lines())
        say("", f"$ enrich status --out {demo.out_dir}", *status_lines(demo))
    say(
        "",
        f"demo: done; the tables in {demo.out_dir} hold the replica's data, and "
        f"{demo.out_dir / 'latest' / 'report.html'} shows them (open it in a browser). "
        "`enrich run` does the same against the real APIs, writing data/enriched",
    )
    return result


@contextmanager
def serve_replica() -> Iterator[Replica]:
    """Run ``python -m tests.replica`` (the seed world, scaled limits) until the block ends."""
    if not (REPO / "tests" / "replica" / "__main__.py").exists():
        raise ConfigError(
            f"enrich demo serves the replica in the repository's tests/replica/, which is not "
            f"beside this installation ({REPO}); run it from a clone installed with "
            "`pip install -e .`"
        )
    command = [
        sys.executable, "-m", "tests.replica",
        "--s2-rps", str(S2_RPS), "--arxiv-interval", str(ARXIV_DELAY),
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    # its errors go to a file, not a pipe nobody reads while the run goes on
    with tempfile.TemporaryFile("w+") as errors:
        proc = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=errors, text=True
        )
        try:
            urls = _read_urls(proc, errors)
            yield Replica(urls["ENRICH_S2_URL"], urls["ENRICH_ARXIV_URL"])
        finally:
            proc.terminate()
            try:
                proc.communicate(timeout=10)
            except subprocess.TimeoutExpired:  # pragma: no cover
                proc.kill()
                proc.communicate()


def _read_urls(proc: subprocess.Popen, errors: IO[str]) -> dict[str, str]:
    """The two ``NAME=url`` lines the replica prints once it serves (it is stopped if they
    take longer than :data:`STARTUP_SECONDS`)."""
    assert proc.stdout is not None
    timer = threading.Timer(STARTUP_SECONDS, proc.kill)
    timer.start()
    urls: dict[str, str] = {}
    try:
        while len(urls) < 2:
            line = proc.stdout.readline()
            if not line:  # it exited, or was stopped
                proc.wait()
                errors.seek(0)
                last = errors.read().strip().splitlines()[-1:] or ["(no output)"]
                raise ConfigError(f"the replica did not start: {last[0]}")
            name, _, url = line.strip().partition("=")
            urls[name] = url
    finally:
        timer.cancel()
    return urls
