"""Work the later stages need, done while resolve waits on the hosts' pace (issue 24).

Resolve's threads spend most of the stage waiting for their host's next slot (0.8 s on the
seed lists, 12 s on 3,000 titles) while the main thread waits for them. Meanwhile a warm-up
thread imports the modules fetch, snapshot and the report load and compiles the report's
template: work those stages would do first anyway, and that cannot change what they compute
(a module is imported once a process; the template is the same file). It computes no output.

A warm-up step that fails is logged at DEBUG and ignored: the stage then does that work itself,
and a real problem shows there, with the stage's own error.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial

log = logging.getLogger(__name__)

LATER_MODULES = ("enrich.stages.fetch", "enrich.stages.snapshot", "enrich.report")
"""What ``run`` imports after resolve (resolve itself imports none of them, so the two threads
never wait on each other's imports)."""


def _report_template() -> None:
    from enrich.report.html import template

    template()


STEPS: tuple[Callable[[], object], ...] = (
    *(partial(importlib.import_module, name) for name in LATER_MODULES),
    _report_template,
)


@contextmanager
def warm_up(steps: Sequence[Callable[[], object]] | None = None) -> Iterator[None]:
    """Run ``steps`` (default :data:`STEPS`) in a thread while the block runs; the block's end
    waits for them."""
    chosen = STEPS if steps is None else steps
    thread = threading.Thread(target=_run, args=(chosen,), name="enrich-warm-up", daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join()


def _run(steps: Sequence[Callable[[], object]]) -> None:
    for step in steps:
        try:
            step()
        except Exception:  # the stage that needs it does it again, and reports its own error
            log.debug("warm-up step %r failed; ignored", step, exc_info=True)
