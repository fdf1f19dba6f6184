"""The records the parser returns: an entry's parts, a rejection, a list's result."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from enrich.records import Entry


class Item(NamedTuple):
    """A paper entry's parts, as :func:`parse_item` reads them from one entry text.

    A named tuple rather than a dataclass: one is built per candidate line, and a frozen
    dataclass costs several times more to construct.
    """

    title: str
    venue: str | None
    year: int | None
    alias: str | None


class Rejected(NamedTuple):
    """Why a candidate text is not a paper entry (see the module docstring for each reason)."""

    reason: str


@dataclass(frozen=True, slots=True)
class ParseResult:
    """Entries of one list, in line order, and warnings about lines that were skipped."""

    entries: list[Entry]
    warnings: list[str]
