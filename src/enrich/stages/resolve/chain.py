"""The order in which resolve's strategies take the groups still open: the one place that says it.

1. ``list_link`` (:mod:`.links`): S2's records for the arXiv ids and DOIs the lists link, 500 a
   ``/paper/batch`` call;
2. ``s2_bulk`` (:mod:`.bulk`): distinctive titles, dozens a ``/paper/search/bulk`` call;
3. ``arxiv_batch`` (:mod:`.arxiv_batch`): twenty titles an arXiv query, OR-ed;
4. ``s2_match`` (:mod:`.title_match`): ``/paper/search/match``, one title a call;
5. ``arxiv_search`` (:mod:`.arxiv_single`): one title an arXiv query, for what no complete
   batch answer covered.

The arXiv batch comes before the title match: what bulk did not find is mostly not in S2 under
that title (arXiv-only papers, renamed ones, look-alikes S2's match would hand back), and twenty
titles every three seconds cost fewer requests *and* less time than one title a second. A paper
arXiv accepts is linked to its S2 record by ``ARXIV:<id>`` in fetch's batch, as before. What
arXiv does not hold (S2 papers missing from S2's search index, titles no one holds) goes to the
title match.

``ENRICH_SOURCE=datasets`` (``source="datasets"``) puts ``s2_datasets`` (:mod:`.datasets`: the
local store of S2's bulk datasets, no S2 request) in place of 1, 2 and 4.

``ENRICH_S2_BULK=0`` (``s2_bulk=False``) leaves out the two title batches (2 and 4): one
request a title, the path before them.

Each strategy takes the open groups and closes those it verifies; the rest stay ``unresolved``
with the reasons the candidates were rejected.
"""

from __future__ import annotations

from collections.abc import Callable

from enrich.records import Resolution
from enrich.stages.resolve import arxiv_batch, arxiv_single, bulk, datasets, links, title_match
from enrich.stages.resolve.groups import Group
from enrich.stages.resolve.state import Attempts

Strategy = Callable[[list[Group], Attempts], None]


def strategies(*, s2_bulk: bool = True, source: str = "api") -> list[tuple[str, Strategy]]:
    """The strategies in order, by method name."""
    if source == "datasets":
        return [
            (datasets.METHOD, datasets.resolve),
            (arxiv_batch.METHOD, arxiv_batch.resolve),
            (arxiv_single.METHOD, arxiv_single.resolve),
        ]
    chain: list[tuple[str, Strategy]] = [(links.METHOD, links.resolve)]
    if s2_bulk:
        chain.append((bulk.METHOD, bulk.resolve))
    if s2_bulk:
        chain.append((arxiv_batch.METHOD, arxiv_batch.resolve))
    chain.append((title_match.METHOD, title_match.resolve))
    chain.append((arxiv_single.METHOD, arxiv_single.resolve))
    return chain


def run_chain(
    groups: list[Group], attempts: Attempts, *, s2_bulk: bool = True, source: str = "api"
) -> dict[str, Resolution]:
    """Each group's resolution, by group id.

    A batching strategy plans its batches over the open groups and over the kept groups
    (:attr:`Attempts.kept`) that an earlier run resolved at this step or a later one: those
    reached this step then, so a refresh asks the batches that run asked (from the cache).
    """
    chain = strategies(s2_bulk=s2_bulk, source=source)
    for i, (_method, strategy) in enumerate(chain):
        still_open = attempts.open(groups)
        if not still_open:
            break
        later = {m for m, _ in chain[i:]}
        attempts.planned_with = [g for g, res in attempts.kept.items() if res.method in later]
        strategy(still_open, attempts)
    for group in attempts.open(groups):
        attempts.close(attempts.unresolved(group))
    return dict(attempts.closed)
