"""Records built per group or candidate are plain slotted classes: still values."""

import pytest

from enrich.match import ListEvidence
from enrich.records import Resolution, S2Author, S2Paper, Verdict
from enrich.stages.resolve import Group


@pytest.mark.parametrize(
    "make",
    [
        lambda: S2Author("Woosuk Kwon", "1"),
        lambda: S2Paper("a" * 40, "T", authors=(S2Author("A"),), references=("b" * 40,)),
        lambda: Verdict(True, 0.99, "same title"),
        lambda: Resolution("g1", "T", "resolved", "s2_match", 0.99, "same title", "a" * 40),
        lambda: Group("g1", "t", "T", ("T",), 2023, "OSDI", None, ("t",)),
        lambda: ListEvidence(("T",), 2023, title_keys=("t",)),
    ],
)
def test_equal_and_hashed_by_value(make):
    a, b = make(), make()
    assert a == b and a is not b
    assert hash(a) == hash(b) and len({a, b}) == 1
    assert not hasattr(a, "__dict__")  # slotted
