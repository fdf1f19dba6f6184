"""Mention groups: all mentions of one normalized title, collapsed into the evidence a
candidate is checked against. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from enrich.match import ListEvidence
from enrich.memory import paused_gc


@dataclass(slots=True, unsafe_hash=True)
class Group:
    """All mentions of one normalized title, as evidence for matching."""

    group_id: str
    title_key: str
    title: str  #: representative title (the most frequent spelling, then the longest)
    titles: tuple[str, ...]
    year: int | None
    venue: str | None
    alias: str | None
    title_keys: tuple[str, ...] = ()  #: ``title_key`` of each title (empty: not known)
    arxiv_id: str | None = None  #: the arXiv id the lists link or cite (the most common)
    doi: str | None = None  #: the DOI the lists link or cite (the most common)
    years: tuple[int, ...] = ()  #: every year the mentions give, ascending (empty: ``year``)

    @property
    def link_id(self) -> str | None:
        """The S2 id of the paper the lists link (``ARXIV:<id>``, else ``DOI:<doi>``)."""
        if self.arxiv_id:
            return f"ARXIV:{self.arxiv_id}"
        return f"DOI:{self.doi}" if self.doi else None

    @property
    def evidence(self) -> ListEvidence:
        return ListEvidence(
            self.titles, self.year, self.venue, self.alias, self.title_keys, self.years
        )


_GROUP_COLUMNS = (
    "group_id",
    "title_key",
    "title",
    "year",
    "venue",
    "alias",
    "arxiv_id",
    "doi",
)


@paused_gc()  # 85k groups are long-lived and acyclic: no collector passes while they are made
def groups_from_table(mentions: pa.Table) -> list[Group]:
    """The mentions table's rows collapsed into groups, sorted by group id (pure).

    Read column by column (no dict per row). Most groups have one mention: those are built
    straight from the columns; the others go through :func:`_voted_group`, their rows in table
    order.
    """
    gids, keys, titles, years, venues, aliases, arxiv_ids, dois = (
        mentions.column(name).to_pylist() for name in _GROUP_COLUMNS
    )
    first: dict[str, int] = {}
    more: dict[str, list[int]] = {}
    for i, gid in enumerate(gids):
        j = first.setdefault(gid, i)
        if j != i:
            if gid in more:
                more[gid].append(i)
            else:
                more[gid] = [j, i]
    groups = []
    for gid in sorted(first):
        rows = more.get(gid)
        if rows is None:
            i = first[gid]
            title, key, year = titles[i], keys[i], years[i] or None
            groups.append(
                Group(
                    gid,
                    key,
                    title,
                    (title,),
                    year,
                    venues[i] or None,
                    aliases[i] or None,
                    (key,),
                    arxiv_ids[i] or None,
                    dois[i] or None,
                    (year,) if year else (),
                )
            )
        else:
            groups.append(
                _voted_group(
                    gid,
                    [keys[i] for i in rows],
                    [titles[i] for i in rows],
                    [years[i] for i in rows],
                    [venues[i] for i in rows],
                    [aliases[i] for i in rows],
                    [arxiv_ids[i] for i in rows],
                    [dois[i] for i in rows],
                )
            )
    return groups


def _voted_group(
    gid: str,
    keys: list[str],
    titles: list[str],
    years: list[int | None],
    venues: list[str | None],
    aliases: list[str | None],
    arxiv_ids: list[str | None],
    dois: list[str | None],
) -> Group:
    """A group of several mentions (in row order): the most common spelling, then the longest;
    the most common given year, venue, alias, arXiv id and DOI; every given year."""
    counts: dict[str, int] = {}
    key_of: dict[str, str] = {}
    for t, k in zip(titles, keys, strict=True):
        counts[t] = counts.get(t, 0) + 1
        key_of.setdefault(t, k)
    ordered = sorted(counts, key=lambda t: (-counts[t], -len(t), t))
    return Group(
        group_id=gid,
        title_key=keys[0],
        title=ordered[0],
        titles=tuple(ordered),
        year=_most_common(years),
        venue=_most_common(venues),
        alias=_most_common(aliases),
        title_keys=tuple(key_of[t] for t in ordered),
        arxiv_id=_most_common(arxiv_ids),
        doi=_most_common(dois),
        years=tuple(sorted({y for y in years if y})),
    )


def _most_common(values: list[Any]) -> Any:
    """The most common truthy value, the first given among equals (as ``Counter.most_common``,
    without its cost: a Counter per column per group was most of the grouping time)."""
    if len(values) == 2:  # most groups with a vote: the first given value wins either way
        return values[0] or values[1] or None
    counts: dict[Any, int] = {}
    for v in values:
        if v:
            counts[v] = counts.get(v, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None
