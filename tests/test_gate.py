"""The publish gate's comparison (:mod:`enrich.stages.gate`), pure."""

from __future__ import annotations

from enrich.stages.gate import compare, title_papers

BEFORE = {f"t{i}": f"p{i}" for i in range(100)} | {"open": None}


def test_an_unchanged_snapshot_passes():
    changes = compare(BEFORE, dict(BEFORE))
    assert changes.compared == 100 and changes.lost == [] and not changes.held(0.05, 3)


def test_titles_losing_their_paper_over_the_share_hold_it_back():
    now = dict(BEFORE) | {f"t{i}": None for i in range(6)}
    changes = compare(BEFORE, now)
    assert len(changes.lost) == 6 and changes.held(0.05, 3)
    assert not compare(BEFORE, dict(BEFORE) | {"t1": None, "t2": "other"}).held(0.05, 3)
    assert "t0: p0 -> not resolved" in changes.lines(0.05, 3)[1]


def test_a_shortened_list_is_not_a_drop():
    now = {t: p for t, p in BEFORE.items() if t < "t5"}
    assert compare(BEFORE, now).lost == []


def test_a_title_newly_resolved_is_not_a_change():
    assert compare(BEFORE, dict(BEFORE) | {"open": "p7"}).lost == []


def test_distinct_papers_collapsing_onto_one_hold_it_back():
    now = dict(BEFORE) | {f"t{i}": "p0" for i in range(4)}
    changes = compare(BEFORE, now)
    assert changes.collapsed == {"p0": ["p0", "p1", "p2", "p3"]}
    assert changes.held(0.5, 3) and not changes.held(0.5, 4)
    assert "4 papers that were distinct are now one, p0" in "\n".join(changes.lines(0.5, 3))


def test_title_papers_keeps_resolved_papers_only():
    got = title_papers(["a", "a", "b", "c"], ["p1", "p1", "p2", None], {"p1": True, "p2": False})
    assert got == {"a": "p1", "b": None, "c": None}


def test_titles_gone_with_a_list_that_became_empty_are_lost_not_removed():
    # issue 25, row 9: a list cut to 0 bytes by a failed sync took 10 titles with it
    now = {t: p for t, p in BEFORE.items() if t not in {f"t{i}" for i in range(10)}}
    gone = {f"t{i}": "b.md (empty file, skipped)" for i in range(10)} | {"t50": "b.md (...)"}
    changes = compare(BEFORE, now, gone)
    assert len(changes.lost) == 10 and changes.compared == 100 and changes.held(0.05, 3)
    lines = changes.lines(0.05, 3)
    assert lines[1] == (
        "10 of them left with lists now empty or unreadable: b.md (empty file, skipped)"
    )
    assert "  t0: p0 -> gone with b.md (empty file, skipped)" in lines
    assert compare(BEFORE, now).lost == []  # without the list's news: a shortened list
