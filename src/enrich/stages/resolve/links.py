"""Strategy ``list_link``: S2's records for the arXiv ids and DOIs the lists link, in batches."""

from __future__ import annotations

import logging

from enrich.errors import UpstreamError
from enrich.records import S2Paper
from enrich.stages import progress as bars
from enrich.stages.resolve.groups import Group
from enrich.stages.resolve.state import Attempts, S2Like, s2_verdict, stops_the_stage
from enrich.stages.resolve.stream import Done, Inbox

log = logging.getLogger(__name__)

METHOD = "list_link"


def resolve(groups: list[Group], attempts: Attempts) -> None:
    step(Inbox(groups), attempts, lambda group: None)


def step(inbox: Inbox, attempts: Attempts, done: Done) -> None:
    """Check each linking group against S2's record for its link (found by ``ARXIV:<id>``, it
    is that arXiv paper even if S2 does not list the id); a rejected record leaves its reason
    and the title lookups go on. The groups without a link go on at once."""
    groups = inbox.everything()
    for group in groups:
        if not group.link_id:
            done(group)
    linking = [g for g in groups if g.link_id]
    if not linking:
        return
    linked = linked_records(linking, attempts.s2, attempts, attempts.progress_bar)
    for group in linking:
        record = linked.get(group.link_id or "")
        found = s2_verdict(group, record, METHOD, arxiv_id=group.arxiv_id) if record else None
        if isinstance(found, str):
            attempts.reject(group, f"S2's record of the linked {group.link_id} rejected: {found}")
        elif found is not None:
            attempts.close(found)
        done(group)


def linked_records(
    groups: list[Group], s2: S2Like, attempts: Attempts, progress_bar: bool = False
) -> dict[str, S2Paper]:
    """S2's records for the papers the groups link, by :attr:`Group.link_id` (``ARXIV:<id>``
    or ``DOI:<doi>``), in batch calls (500 ids a call where a title match is one call a
    title).

    The ids are sorted, so an unchanged list asks with the same bodies and a rerun is answered
    from the cache. If S2 fails (an outage, ``--offline`` without these answers), the groups
    are looked up by title as if they had no link; a refused API key or an unreachable host
    stops the stage.
    """
    from enrich.sources.s2 import MATCH_FIELDS

    ids = sorted({g.link_id for g in groups if g.link_id})
    if not ids:
        return {}
    try:
        with (
            bars.progress_bar(len(ids), "resolve links", "paper", progress_bar) as shown,
            attempts.lanes["s2"],
        ):
            found = s2.get_batch(ids, done=shown.update, fields=MATCH_FIELDS)
    except UpstreamError as exc:
        if stops_the_stage(exc):
            raise
        log.warning("resolve: S2's records for the lists' links: %s; titles instead", exc)
        attempts.note_error(str(exc))
        return {}
    return {i: rec for i, rec in zip(ids, found, strict=True) if rec is not None}
