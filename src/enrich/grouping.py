"""Group entries that name the same paper, and flag near-variants for the resolve stage. Pure.

Exact grouping is by :func:`group_key`: the title key (:func:`enrich.normalize.title_key`)
without a leading article, so case, punctuation, spacing and a dropped ``A``/``The`` never
split a paper (``A Generic Communication Scheduler ...`` and ``Generic Communication
Scheduler ...`` are one group). The group id is a hash of that key, so it is the same in every
run and for every list that spells the title this way.

Everything fuzzier is only *flagged* (``near_group_id``), never merged: two papers can share a
system name and most of a subtitle (``Optimus: ...`` vs ``Optimus-CC: ...``), and only the
upstream records can tell whether two spellings are one paper. Each group is resolved on its
own (S2's match for the exact spelling is the best judge); groups that land on one paper
become one paper in fetch. The flag is kept in the mentions table for analysts.
Flagged pairs are:

* titles whose keys are at least :data:`NEAR_RATIO` similar (``... Service in Datacenters`` vs
  ``... Service in the Datacenter``), or :data:`NEAR_RATIO_SAME_NAME` when both start with the
  same ``Name:`` (``Orca: ... Generative Models`` vs ``Orca: ... Language Generation Tasks``);
* a title given without its system name (``Fast and Efficient Model Serving ...``) and one
  with it (``DeepPlan: Fast and Efficient Model Serving ...``).

Candidates are only compared within blocks that share the first two or the last two words of
the key, so 100k entries take well under a second instead of 5·10⁹ comparisons.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from rapidfuzz import fuzz, process

from enrich.normalize import title_key

NEAR_RATIO = 90.0
"""``fuzz.ratio`` from which two keys are flagged: a plural, an article or a word or two."""

NEAR_RATIO_SAME_NAME = 84.0
"""With the same ``Name:`` prefix a reworded subtitle is likely the same paper (Orca: 85)."""

MIN_SUBTITLE_WORDS = 4
"""A subtitle must be this long to match a title that omits the system name (not ``Survey``)."""

SMALL_BLOCK = 6
"""Blocks up to this size are compared pair by pair; larger ones with one ``cdist`` call."""

MAX_BLOCK = 256
"""Blocks larger than this are compared in sorted windows of this size (neighbours only)."""

WINDOW_OVERLAP = 32
"""Consecutive windows of a large block overlap by this many keys."""

_ARTICLES = frozenset(("a", "an", "the"))

KEYS_VERSION = 1
"""The version of the title keys and group ids: :func:`enrich.normalize.title_key`,
:func:`group_key` and :func:`stable_group_id` together. Bump it with any change to what they
return: ingest stamps the mentions file with it, and the stages after ingest refuse a file
keyed by another version (its keys would not match this version's, nor its group ids the
overrides and previous resolutions). ``tests/test_grouping.py`` pins the keys of sample
titles to this number, so a change to them fails there until it is bumped."""


def group_key(key: str) -> str:
    """A title key without a leading article: the key exact groups are formed on."""
    space = key.find(" ")
    if 0 < space <= 3 and key[:space] in _ARTICLES and key.find(" ", space + 1) > 0:
        return key[space + 1 :]
    return key


def stable_group_id(key: str) -> str:
    """The first 16 hex digits of the SHA-1 of a group key: stable across runs and machines."""
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


class _TitleInfo(NamedTuple):
    """What grouping needs of one title; computed once per distinct title."""

    key: str  #: title_key
    group: str  #: group_key
    name: str | None  #: key of the ``Name:`` prefix (one or two words before a colon)
    subtitle: str | None  #: group key of what follows ``Name:`` when long enough


def _title_info(title: str) -> _TitleInfo:
    key = title_key(title)
    group = group_key(key)
    head, sep, tail = title.partition(":")
    if not sep or head.count(" ") > 1 or not head.strip():
        return _TitleInfo(key, group, None, None)
    folded = head.strip().lower()
    name = folded if folded.isascii() and folded.isalnum() else title_key(head) or None
    if name and key.startswith(name + " "):
        sub = group_key(key[len(name) + 1 :])  # the key of "Name: rest" is "name rest"
    else:
        sub = group_key(title_key(tail))
    if sub.count(" ") + 1 < MIN_SUBTITLE_WORDS:
        return _TitleInfo(key, group, name, None)
    return _TitleInfo(key, group, name, sub)


def _similar_pairs(members: list[str]) -> Iterator[tuple[str, str, float]]:
    """Pairs of a block scoring at least the lower threshold, scored in C by ``cdist``.

    A block larger than :data:`MAX_BLOCK` (``... for deep learning`` shares its last words
    with thousands of titles) is sorted and compared in overlapping windows, so the cost
    stays linear in the block size.
    """
    cutoff = min(NEAR_RATIO, NEAR_RATIO_SAME_NAME)
    m = len(members)
    if m <= SMALL_BLOCK:  # most blocks: calling ratio directly beats building a matrix
        for i in range(m):
            a = members[i]
            for j in range(i + 1, m):
                score = fuzz.ratio(a, members[j], score_cutoff=cutoff)
                if score:
                    yield a, members[j], score
        return
    if m > MAX_BLOCK:
        members = sorted(members)
    step = MAX_BLOCK - WINDOW_OVERLAP
    for start in range(0, max(m - WINDOW_OVERLAP, 1), step):
        chunk = members[start : start + MAX_BLOCK]
        if len(chunk) < 2:
            break
        scores = np.triu(process.cdist(chunk, chunk, scorer=fuzz.ratio, score_cutoff=cutoff), 1)
        for i, j in zip(*np.nonzero(scores), strict=True):
            yield chunk[i], chunk[j], float(scores[i, j])


def _near_pairs(
    keys: list[str], names: dict[str, str | None], subtitles: dict[str, str | None]
) -> dict[str, tuple[float, str]]:
    """For each group key, its best near-variant key and score (only those above threshold).

    Two titles with different system names (``Optimus:`` vs ``Optimus-CC:``) are different
    papers however alike the rest is, so they are never flagged.
    """
    best: dict[str, tuple[float, str]] = {}

    def offer(a: str, b: str, score: float) -> None:
        for x, y in ((a, b), (b, a)):
            cur = best.get(x)
            if cur is None or score > cur[0] or (score == cur[0] and y < cur[1]):
                best[x] = (score, y)

    heads: dict[str, list[str]] = defaultdict(list)
    tails: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        first = k.find(" ")
        second = k.find(" ", first + 1)
        last = k.rfind(" ")
        if first < 0 or second < 0 or last <= second:
            continue  # fewer than three words: too little to compare
        heads[k[:second]].append(k)
        tails[k[k.rfind(" ", 0, last) + 1 :]].append(k)
    for blocks in (heads, tails):
        for members in blocks.values():
            if len(members) < 2:
                continue
            for a, b, score in _similar_pairs(members):
                name_a, name_b = names[a], names[b]
                if name_a is not None and name_b is not None and name_a != name_b:
                    continue
                same_name = name_a is not None and name_a == name_b
                if score >= (NEAR_RATIO_SAME_NAME if same_name else NEAR_RATIO):
                    offer(a, b, score)
    key_set = set(keys)
    for k in keys:
        sub = subtitles[k]
        if sub and sub != k and sub in key_set:
            offer(k, sub, 95.0)
    return best


@dataclass(slots=True)
class GroupIndex:
    """Each group key's system name and subtitle (from its first title that has one)."""

    names: dict[str, str | None]
    subtitles: dict[str, str | None]

    def update(self, later: GroupIndex) -> None:
        """Add the groups of titles that come after this index's (a later piece or file)."""
        for group, name in later.names.items():
            if self.names.get(group) is None:
                self.names[group] = name
        for group, subtitle in later.subtitles.items():
            if self.subtitles.get(group) is None:
                self.subtitles[group] = subtitle


class TitleGroups(NamedTuple):
    """What grouping reads from a run of titles, one list per title, and their groups' index.

    Runs of titles (the pieces of a large document) can be read separately, on several
    cores: only :func:`near_variants` needs all the groups at once (:meth:`GroupIndex.update`).
    """

    title_key: list[str]
    group_key: list[str]  #: :func:`group_key` of the title key
    group_id: list[str]  #: :func:`stable_group_id` of the group key
    group_index: GroupIndex


def read_titles(titles: Sequence[str]) -> TitleGroups:
    """Title key, group key and group id of each title (each distinct title is read once)."""
    infos: dict[str, _TitleInfo] = {}
    for title in titles:
        if title not in infos:
            infos[title] = _title_info(title)
    names: dict[str, str | None] = {}
    subtitles: dict[str, str | None] = {}
    ids: dict[str, str] = {}
    for info in infos.values():
        group = info.group
        if names.get(group) is None:
            names[group] = info.name
        if subtitles.get(group) is None:
            subtitles[group] = info.subtitle
        if group not in ids:
            ids[group] = stable_group_id(group)
    rows = [infos[t] for t in titles]
    groups = [info.group for info in rows]
    return TitleGroups(
        [info.key for info in rows],
        groups,
        [ids[g] for g in groups],
        GroupIndex(names, subtitles),
    )


def near_variants(index: GroupIndex) -> dict[str, str]:
    """Each flagged group key's best near-variant group id (see the module docstring)."""
    near = _near_pairs(sorted(index.names), index.names, index.subtitles)
    return {key: stable_group_id(other) for key, (_, other) in near.items()}
