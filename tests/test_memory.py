"""paused_gc: the collector is off inside, and back to how it was after, errors included."""

from __future__ import annotations

import gc

import pytest

from enrich.memory import paused_gc


def test_collector_is_paused_inside_and_enabled_again_after():
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_collector_is_enabled_again_after_an_error():
    with pytest.raises(RuntimeError), paused_gc():
        raise RuntimeError("bad list")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_as_a_decorator_each_call_pauses_the_collector():
    seen = []

    @paused_gc()
    def build() -> None:
        seen.append(gc.isenabled())

    build()
    build()
    assert seen == [False, False] and gc.isenabled()
