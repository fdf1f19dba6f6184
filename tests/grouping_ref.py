"""Entries grouped one record at a time: the tests' readable view of what ingest computes
column by column (:func:`enrich.grouping.read_titles`, :func:`enrich.grouping.near_variants`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from enrich.grouping import near_variants, read_titles
from enrich.records import Entry


@dataclass(slots=True)
class Mention:
    """An :class:`Entry` with its normalized title key and group."""

    source_file: str
    line: int
    section: str | None
    raw: str
    title: str
    venue: str | None
    year: int | None
    alias: str | None
    arxiv_id: str | None
    doi: str | None
    title_key: str  #: normalized title used for grouping and matching
    group_id: str  #: shared by mentions of the same paper (stable hash of the group's key)
    near_group_id: str | None = None  #: a group with a nearly equal title (see grouping)


def group_entries(entries: Sequence[Entry]) -> list[Mention]:
    """One :class:`Mention` per entry, in order, with its title key, group and near group."""
    read = read_titles([e.title for e in entries])
    near = near_variants(read.group_index)
    return [
        Mention(
            e.source_file,
            e.line,
            e.section,
            e.raw,
            e.title,
            e.venue,
            e.year,
            e.alias,
            e.arxiv_id,
            e.doi,
            key,
            gid,
            near.get(group),
        )
        for e, key, gid, group in zip(
            entries, read.title_key, read.group_id, read.group_key, strict=True
        )
    ]
