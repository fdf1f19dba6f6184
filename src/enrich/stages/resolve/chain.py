"""The order in which resolve's strategies take the groups still open: the one place that says it.

1. ``list_link`` (:mod:`.links`): S2's records for the arXiv ids and DOIs the lists link, 500 a
   ``/paper/batch`` call;
2. ``s2_bulk`` (:mod:`.bulk`): distinctive titles, dozens a ``/paper/search/bulk`` call;
3. ``arxiv_batch`` (:mod:`.arxiv_batch`): up to a hundred titles an arXiv query, OR-ed, sent
   as a form POST (halved when arXiv refuses it);
4. ``s2_match`` (:mod:`.title_match`): ``/paper/search/match``, one title a call;
5. ``arxiv_search`` (:mod:`.arxiv_single`): one title an arXiv query, for what no complete
   batch answer covered.

The arXiv batch comes before the title match: what bulk did not find is mostly not in S2 under
that title (arXiv-only papers, renamed ones, look-alikes S2's match would hand back), and a
hundred titles every three seconds cost fewer requests *and* less time than one title a
second. A paper arXiv accepts is linked to its S2 record by ``ARXIV:<id>`` in fetch's batch, as
before. What arXiv does not hold (S2 papers missing from S2's search index, titles no one
holds) goes to the title match.

``ENRICH_SOURCE=datasets`` (``source="datasets"``) puts ``s2_datasets`` (:mod:`.datasets`: the
local store of S2's bulk datasets, no S2 request) in place of the S2 steps (1, 2 and 4).

``ENRICH_S2_BULK=0`` (``s2_bulk=False``) leaves out the two title batches (2 and 3): one
request a title, the path before them.

Each strategy takes the open groups and closes those it verifies; the rest stay ``unresolved``
with the reasons the candidates were rejected. The steps run at the same time
(:mod:`.stream`): a group goes on to the next one as soon as the current one is done with it,
so S2 and arXiv work at once, each at its own pace; each group still meets the steps in this
order, and each batch holds the groups it would hold if the steps ran one after another.
"""

from __future__ import annotations

from enrich.records import Resolution
from enrich.stages.resolve import arxiv_batch, arxiv_single, bulk, datasets, links, title_match
from enrich.stages.resolve.groups import Group
from enrich.stages.resolve.state import Attempts
from enrich.stages.resolve.stream import Step, run_steps


def strategies(*, s2_bulk: bool = True, source: str = "api") -> list[Step]:
    """The strategies in order, each with the host it asks."""
    if source == "datasets":
        return [
            Step(datasets.METHOD, "store", datasets.step),
            Step(arxiv_batch.METHOD, "arxiv", arxiv_batch.step),
            Step(arxiv_single.METHOD, "arxiv", arxiv_single.step),
        ]
    chain = [Step(links.METHOD, "s2", links.step)]
    if s2_bulk:
        chain.append(Step(bulk.METHOD, "s2", bulk.step))
        chain.append(Step(arxiv_batch.METHOD, "arxiv", arxiv_batch.step))
    chain.append(Step(title_match.METHOD, "s2", title_match.step))
    chain.append(Step(arxiv_single.METHOD, "arxiv", arxiv_single.step))
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
    attempts.planned_with = planned_with(chain, attempts)
    if groups:
        run_steps(chain, groups, attempts)
    for group in attempts.open(groups):
        attempts.close(attempts.unresolved(group))
    return dict(attempts.closed)


def planned_with(chain: list[Step], attempts: Attempts) -> dict[str, list[Group]]:
    """The kept groups each step plans with: those an earlier run resolved there or later."""
    methods = [s.method for s in chain]
    return {
        m: [g for g, res in attempts.kept.items() if res.method in methods[i:]]
        for i, m in enumerate(methods)
    }
