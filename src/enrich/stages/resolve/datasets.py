"""Strategy ``s2_datasets``: every open title against the local S2 datasets store at once.

``ENRICH_SOURCE=datasets`` (``enrich run --source datasets``) puts this strategy in place of
the S2 API ones (:mod:`.chain`); ``attempts.s2`` is then the
:class:`~enrich.datasets.lookup.Store`. Three set-based passes, each a few joins however many
titles are asked:

1. the papers the lists link (arXiv id, else DOI), checked like ``list_link``;
2. every spelling of each title by its store title key (exact);
3. for titles still open, near keys (a typo in one half of the title, see
   :meth:`~enrich.datasets.lookup.Store.near`).

Every candidate is checked by :func:`enrich.match.verify`, as on the API path; several papers
with one title are chosen as the bulk strategy chooses (:func:`.bulk.choose`). What the store
does not hold goes on to arXiv (not with ``--offline``).
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from enrich.datasets.key import title_key
from enrich.records import Resolution, S2Paper
from enrich.stages.resolve.bulk import choose
from enrich.stages.resolve.groups import Group
from enrich.stages.resolve.state import Attempts, s2_verdict
from enrich.stages.resolve.stream import Done, Inbox

log = logging.getLogger(__name__)

METHOD = "s2_datasets"


def step(inbox: Inbox, attempts: Attempts, done: Done) -> None:
    """Every title at once: the store answers the whole set in a few joins."""
    groups = inbox.everything()
    resolve(groups, attempts)
    for group in groups:
        done(group)


def resolve(groups: list[Group], attempts: Attempts) -> None:
    store: Any = attempts.s2
    note = f"S2 datasets {store.release_id}: "
    _by_links(groups, attempts, store, note)
    keys = {g.group_id: _keys(g) for g in attempts.open(groups)}
    exact = store.exact(k for ks in keys.values() for k in ks)
    _choose_each(attempts.open(groups), keys, exact, attempts, note, "")
    near = store.near(k for g in attempts.open(groups) for k in keys[g.group_id])
    _choose_each(attempts.open(groups), keys, near, attempts, note, "near title: ")
    for group in attempts.open(groups):
        if not any(r.startswith(note) for r in attempts.reasons.get(group.group_id, [])):
            attempts.reject(group, f"{note}no paper with this title")


def _keys(group: Group) -> tuple[str, ...]:
    """The store title keys of every spelling the lists use."""
    return tuple(dict.fromkeys(k for t in group.titles if (k := title_key(t))))


def _by_links(groups: list[Group], attempts: Attempts, store: Any, note: str) -> None:
    linking = [g for g in groups if g.link_id]
    if not linking:
        return
    ids = sorted({g.link_id for g in linking if g.link_id})
    found = dict(zip(ids, store.get_batch(ids), strict=True))
    for group in linking:
        record = found.get(group.link_id or "")
        if record is None:
            continue
        verdict = s2_verdict(
            group, record, METHOD, arxiv_id=group.arxiv_id, note=f"{note}by the linked id; "
        )
        if isinstance(verdict, str):
            attempts.reject(group, f"{note}the linked {group.link_id} rejected: {verdict}")
        else:
            attempts.close(verdict)


def _choose_each(
    groups: list[Group],
    keys: dict[str, tuple[str, ...]],
    found: dict[str, list[S2Paper]],
    attempts: Attempts,
    note: str,
    how: str,
) -> None:
    """Close each group whose candidates (the papers found for any of its keys) verify."""
    for group in groups:
        candidates = list(
            {p.paper_id: p for k in keys[group.group_id] for p in found.get(k, ())}.values()
        )
        if not candidates:
            continue
        if len(candidates) == 1:  # most titles: one paper, no choice to explain
            one = s2_verdict(group, candidates[0], METHOD, note=note + how)
            if isinstance(one, Resolution):
                attempts.close(one)
            else:
                attempts.reject(group, f"{note}{how}{candidates[0].paper_id}: {one}")
            continue
        verdict = choose(group, candidates)
        if isinstance(verdict, Resolution):
            attempts.close(
                dataclasses.replace(verdict, method=METHOD, reason=note + how + verdict.reason)
            )
        else:
            attempts.reject(group, f"{note}{how}{verdict}")
