"""The warm-up while resolve waits (issue 24): it runs beside the stage, does the later stages'
first work, and a step that fails changes nothing."""

from __future__ import annotations

import logging
import threading

import pyarrow.parquet as pq

from enrich import warmup
from enrich.report import html
from enrich.warmup import warm_up


def test_the_steps_run_while_the_block_runs_and_the_block_waits_for_them():
    inside = threading.Event()
    done: list[str] = []

    def step() -> None:
        assert inside.wait(10), "the warm-up did not run beside the block"
        done.append("step")

    with warm_up([step]):
        inside.set()
    assert done == ["step"]


def test_a_failing_step_is_logged_and_the_next_ones_still_run(caplog):
    done: list[str] = []

    def boom() -> None:
        raise RuntimeError("no template today")

    with (
        caplog.at_level(logging.DEBUG, logger="enrich.warmup"),
        warm_up([boom, lambda: done.append("next")]),
    ):
        pass
    assert done == ["next"]
    assert "warm-up step" in caplog.text and "no template today" in caplog.text


def test_the_default_steps_compile_the_report_template_once():
    html.template.cache_clear()
    with warm_up():
        pass
    assert html.template.cache_info().currsize == 1
    assert html.template() is html.template()


def test_a_run_whose_warm_up_fails_writes_what_a_run_without_it_writes(tmp_path, monkeypatch):
    from enrich.cli import main

    def boom() -> None:
        raise ImportError("a broken install")

    monkeypatch.setattr(warmup, "STEPS", (boom,))
    assert main(["demo", "--out", str(tmp_path / "broken"), "-q"]) == 0
    monkeypatch.setattr(warmup, "STEPS", ())
    assert main(["demo", "--out", str(tmp_path / "none"), "-q"]) == 0
    for name in ("papers", "mentions", "references"):
        broken = pq.read_table(tmp_path / "broken" / "latest" / f"{name}.parquet")
        plain = pq.read_table(tmp_path / "none" / "latest" / f"{name}.parquet")
        assert broken.equals(plain), name
    assert (tmp_path / "broken" / "latest" / "report.html").exists()
