"""The chain's steps one after another, each over the groups still open: the order before the
steps streamed (issue 24), kept as the reference the streaming chain must equal."""

from __future__ import annotations

from enrich.records import Resolution
from enrich.stages.resolve.chain import planned_with, strategies
from enrich.stages.resolve.groups import Group
from enrich.stages.resolve.state import Attempts
from enrich.stages.resolve.stream import Inbox


def run_in_turn(
    groups: list[Group], attempts: Attempts, *, s2_bulk: bool = True
) -> dict[str, Resolution]:
    chain = strategies(s2_bulk=s2_bulk)
    attempts.planned_with = planned_with(chain, attempts)
    for step in chain:
        step.run(Inbox(attempts.open(groups)), attempts, lambda group: None)
    for group in attempts.open(groups):
        attempts.close(attempts.unresolved(group))
    return dict(attempts.closed)
