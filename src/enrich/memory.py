"""The cyclic garbage collector and batch work.

Stages that build hundreds of thousands of small, long-lived, acyclic objects (entries, groups,
papers) pause the collector while they do: its full passes over the growing heap cost a fifth
to a third of such a step and free nothing. Reference counting frees everything as usual.
A loop that must keep the collector on (network code) runs with what it reads frozen out of
the collector's passes instead (:func:`frozen_gc`).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small acyclic objects.

    Only around pure code: network code makes reference cycles (exceptions and their
    tracebacks), which would pile up until the collector runs again.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def frozen_gc() -> Iterator[None]:
    """Keep every object alive now out of the collector's passes until the block ends.

    For a long loop that must keep the collector on (network code makes reference cycles)
    over a large, long-lived input (85k groups): the collector still frees the loop's own
    cycles, but no longer walks the input at every full pass. The young generations' garbage
    is collected first; the old generation's (little, after the stages' acyclic work) stays
    until the block ends, since a full pass over a heap holding pandas and pyarrow cost a
    small run 0.05-0.1 s of CPU. Not reentrant: the freeze is process-wide, and the inner
    block's end would thaw the outer block's objects.
    """
    gc.collect(1)
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
