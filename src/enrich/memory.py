"""The cyclic garbage collector and batch work.

Stages that build hundreds of thousands of small, long-lived, acyclic objects (entries, groups,
papers) pause the collector while they do: its full passes over the growing heap cost a fifth
to a third of such a step and free nothing. Reference counting frees everything as usual.
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
