"""Stage 2, *resolve*: find each mention group's paper and verify it ourselves.

Modules: :mod:`.groups` (mentions collapsed into evidence), :mod:`.chain` (the strategies'
order, the one place that says it), one module per strategy (:mod:`.links`, :mod:`.bulk`,
:mod:`.title_match`, :mod:`.arxiv_batch`, :mod:`.arxiv_single`), :mod:`.state` (what they
share), :mod:`.stage` (the stage job: overrides, refresh, stage files, summary). How titles are
resolved and what it costs: ``docs/resolution.md``.
"""

from enrich.stages.resolve.groups import Group, groups_from_table
from enrich.stages.resolve.links import linked_records
from enrich.stages.resolve.stage import (
    FINAL_STATUSES,
    ResolveSummary,
    apply_override,
    read_arxiv_entries,
    read_earlier,
    read_resolutions,
    resolve_group,
    run_resolve,
)
from enrich.stages.resolve.state import MAX_CONSECUTIVE_ERRORS, ArxivLike, S2Like

__all__ = [
    "FINAL_STATUSES",
    "MAX_CONSECUTIVE_ERRORS",
    "ArxivLike",
    "Group",
    "ResolveSummary",
    "S2Like",
    "apply_override",
    "groups_from_table",
    "linked_records",
    "read_arxiv_entries",
    "read_earlier",
    "read_resolutions",
    "resolve_group",
    "run_resolve",
]
