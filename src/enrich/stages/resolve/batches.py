"""Stable batches: groups placed in a binary trie on the SHA-1 of their title key. Pure.

A node is split (by the next bit of the hash) only while it does not fit (a URL budget, a title
count), so a batch's composition depends only on the titles sharing its hash prefix: adding one
title to a list changes the one batch it falls in (or splits it in two), never every batch, and
a warm rerun asks that batch alone.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from enrich.stages.resolve.groups import Group

_HASH_BITS = 160


@dataclass(frozen=True, slots=True)
class Batch:
    """Groups sharing a prefix of ``depth`` bits of their title key's hash, in hash order."""

    groups: tuple[Group, ...]
    depth: int = 0


def hash_of(group: Group) -> int:
    """The SHA-1 of the group's title key, as an integer: its place in the trie."""
    return _key_hash(group.title_key)


@lru_cache(maxsize=1 << 17)
def _key_hash(key: str) -> int:
    """SHA-1 of a title key (memoized: a streaming plan asks again as groups arrive)."""
    return int.from_bytes(hashlib.sha1(key.encode()).digest(), "big")


def split(batch: Batch) -> list[Batch]:
    """The two children of a trie node (deeper while every title shares the next bit)."""
    depth = batch.depth
    while depth < _HASH_BITS:
        shift = _HASH_BITS - 1 - depth
        depth += 1
        left = tuple(g for g in batch.groups if not (hash_of(g) >> shift) & 1)
        right = tuple(g for g in batch.groups if (hash_of(g) >> shift) & 1)
        if left and right:
            return [Batch(left, depth), Batch(right, depth)]
    half = len(batch.groups) // 2  # the same title key twice: cannot happen for groups
    return [Batch(batch.groups[:half], depth), Batch(batch.groups[half:], depth)]


def plan(groups: Iterable[Group], fits: Callable[[Batch], bool]) -> list[Batch]:
    """The trie's leaves: batches that ``fits``, each as large as the trie allows (pure)."""
    root = Batch(tuple(sorted(groups, key=hash_of)))
    out: list[Batch] = []
    stack = [root] if root.groups else []
    while stack:
        batch = stack.pop()
        if fits(batch) or len(batch.groups) == 1:
            out.append(batch)
        else:
            stack.extend(reversed(split(batch)))
    return out


def ready(known: Iterable[Group], edge: int | None, fits: Callable[[Batch], bool]) -> list[Batch]:
    """The leaves of ``plan(all groups, fits)`` already certain while groups of a hash at or
    past ``edge`` may still join the ``known`` ones (``None``: none will): those whose hash
    range ends at or before ``edge`` (pure).

    A trie node is a range of hashes; its leaf is final once no group that may still come
    falls in it. A node that does not fit with its known groups alone splits whatever comes
    (``fits`` must only turn false as groups join), so its children can be ready before it
    is complete. With nothing coming, the result is :func:`plan`'s.
    """
    pairs = sorted(((hash_of(g), g) for g in known), key=lambda p: p[0])
    hashes = [h for h, _ in pairs]
    out: list[Batch] = []
    stack = [(0, 0)]  # (depth, prefix): the node of hashes starting with ``prefix``
    while stack:
        depth, prefix = stack.pop()
        lo, hi = prefix << (_HASH_BITS - depth), (prefix + 1) << (_HASH_BITS - depth)
        i, j = bisect_left(hashes, lo), bisect_left(hashes, hi)
        if i == j:
            continue  # nothing known here yet: a leaf only once something comes
        batch = Batch(tuple(g for _, g in pairs[i:j]), depth)
        complete = edge is None or hi <= edge
        if complete and (j - i == 1 or fits(batch)):
            out.append(batch)
        elif j - i > 1 and (complete or not fits(batch)):
            stack.extend([(depth + 1, 2 * prefix + 1), (depth + 1, 2 * prefix)])
    return out
