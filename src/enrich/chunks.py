"""Stable chunks: ids shared out over request bodies by a hash of each id. Pure.

Cut in order every ``size`` ids, one added id would shift every later chunk's body, and a rerun
after a one-line edit would ask them all again; by hash, it changes one chunk and the others are
answered from the cache (their request bodies, hence their cache keys, are unchanged).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence


def stable_chunks(ids: Sequence[str], size: int) -> list[list[str]]:
    """``ids`` in ``ceil(n / size)`` buckets by a hash of each id, sorted within (pure).

    The bucket count changes only when ``n`` crosses a multiple of ``size``. A bucket may pass
    ``size`` by chance (a few percent on a thousand): the caller splits one that an upstream
    limit cannot take.
    """
    if not ids:
        return []
    n = -(-len(ids) // size)
    buckets: list[list[str]] = [[] for _ in range(n)]
    for i in ids:
        h = int.from_bytes(hashlib.sha1(i.encode()).digest()[:8], "big")
        buckets[(h * n) >> 64].append(i)
    return [sorted(b) for b in buckets if b]
