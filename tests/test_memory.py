"""paused_gc: the collector is off inside, and back to how it was after, errors included.
frozen_gc: what lives is out of the collector's passes inside, and thawed after."""

from __future__ import annotations

import gc
import weakref

import pytest

from enrich.memory import frozen_gc, paused_gc


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


class _Node:
    """A weak-referenceable object that can sit in a reference cycle."""

    def __init__(self) -> None:
        self.other: object = None


def _cycle() -> weakref.ref[_Node]:
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    return weakref.ref(a)


def test_frozen_gc_freezes_what_lives_and_thaws_it_after():
    assert gc.get_freeze_count() == 0
    with frozen_gc():
        assert gc.get_freeze_count() > 0
        assert gc.isenabled()  # the collector stays on for the loop's own cycles
    assert gc.get_freeze_count() == 0


def test_frozen_gc_collects_garbage_before_freezing_it():
    dead = _cycle()  # unreachable, but only the collector frees a cycle
    with frozen_gc():
        assert dead() is None


def test_cycles_made_inside_frozen_gc_are_still_collected():
    with frozen_gc():
        dead = _cycle()
        gc.collect()
        assert dead() is None


def test_frozen_gc_thaws_after_an_error():
    with pytest.raises(RuntimeError), frozen_gc():
        raise RuntimeError("upstream down")
    assert gc.get_freeze_count() == 0


def test_frozen_gc_collects_only_the_young_generations_before_freezing():
    """A full pass over a heap holding pandas and pyarrow was a visible part of a small run's
    own time (issue 24); the young generations hold the fresh garbage."""
    seen: list[int] = []

    def record(phase: str, info: dict) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(record)
    try:
        with frozen_gc():
            pass
    finally:
        gc.callbacks.remove(record)
    assert seen and max(seen) <= 1
