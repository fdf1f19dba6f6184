"""Stable batches: groups placed in a binary trie on the SHA-1 of their title key. Pure.

A node is split (by the next bit of the hash) only while it does not fit (a URL budget, a title
count), so a batch's composition depends only on the titles sharing its hash prefix: adding one
title to a list changes the one batch it falls in (or splits it in two), never every batch, and
a warm rerun asks that batch alone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from enrich.stages.resolve.groups import Group

_HASH_BITS = 160


@dataclass(frozen=True, slots=True)
class Batch:
    """Groups sharing a prefix of ``depth`` bits of their title key's hash, in hash order."""

    groups: tuple[Group, ...]
    depth: int = 0


def _hash(group: Group) -> int:
    return int.from_bytes(hashlib.sha1(group.title_key.encode()).digest(), "big")


def split(batch: Batch) -> list[Batch]:
    """The two children of a trie node (deeper while every title shares the next bit)."""
    depth = batch.depth
    while depth < _HASH_BITS:
        shift = _HASH_BITS - 1 - depth
        depth += 1
        left = tuple(g for g in batch.groups if not (_hash(g) >> shift) & 1)
        right = tuple(g for g in batch.groups if (_hash(g) >> shift) & 1)
        if left and right:
            return [Batch(left, depth), Batch(right, depth)]
    half = len(batch.groups) // 2  # the same title key twice: cannot happen for groups
    return [Batch(batch.groups[:half], depth), Batch(batch.groups[half:], depth)]


def plan(groups: Iterable[Group], fits: Callable[[Batch], bool]) -> list[Batch]:
    """The trie's leaves: batches that ``fits``, each as large as the trie allows (pure)."""
    root = Batch(tuple(sorted(groups, key=_hash)))
    out: list[Batch] = []
    stack = [root] if root.groups else []
    while stack:
        batch = stack.pop()
        if fits(batch) or len(batch.groups) == 1:
            out.append(batch)
        else:
            stack.extend(reversed(split(batch)))
    return out


