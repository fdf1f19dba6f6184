"""The hard cases a big reading list has, added to a generated world (``gen.py``).

Each kind turns one listed paper (its :class:`~tests.replica.build.Spec`, made by ``gen.py``)
into a case that a resolver can get wrong, and records what the truth accepts:

* ``twin``: a preprint and its venue version are two S2 records with one title (the preprint:
  venue arXiv, a year earlier, the arXiv id; the venue version: the venue, the list's year).
  Either is the paper; the list's year and venue point at the venue version.
* ``dup``: S2 holds the paper twice (an unmerged duplicate: same title and year, no venue,
  few citations). Either record is the paper.
* ``decoy-year``: another paper with the same title, or the title with one word changed, from a
  year 3-6 years away. The list's year tells them apart; a list entry without a year cannot tell
  an exactly same-titled decoy from the paper, so there either is accepted.
* ``shared-name``: another paper with the same system name and a subtitle that differs in one
  part (``Name: Efficient Serving for X`` / ``Name: Efficient Training for X``), a year apart.
  The listed paper is in S2 (half of them), only on arXiv or nowhere, and then S2's match hands
  back the other one. Half the time the other paper is listed too.
* ``unindexed``: bulk search misses the paper (S2's index lags its corpus): the title match
  finds it.
* ``hidden``: bulk search misses the paper and S2's match finds nothing for its title: only
  arXiv finds it (and links it to its S2 record).

Truth rows get ``also`` (other S2 ids that are right too) and ``decoys`` (ids that are wrong but
that S2 may offer for the title); ``world["meta"]["unindexed"]`` lists the paperIds the replica's
bulk search must miss.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from tests.replica.build import Spec

KINDS = (("twin", 0.05), ("dup", 0.02), ("decoy-year", 0.04), ("shared-name", 0.04),
         ("unindexed", 0.03), ("hidden", 0.015))
"""Each hard kind and its share of the generated papers."""

LAST_YEAR = 2025
"""No paper of a generated world is from a later year."""

DECOY_AUTHORS = "Ines Moreau; Pavel Novak; Aiko Mori"
"""Authors of a decoy: the same title by other people is another paper."""


@dataclass
class Cases:
    """What the hard cases add to a world, by the key of the listed paper they belong to."""

    specs: list[Spec] = field(default_factory=list)  #: further S2 records
    overrides: dict[str, str | None] = field(default_factory=dict)  #: title -> spec key
    entries: list[tuple[str, Spec]] = field(default_factory=list)  #: further list entries
    also: dict[str, list[Spec]] = field(default_factory=dict)
    decoys: dict[str, list[Spec]] = field(default_factory=dict)
    exact_decoys: dict[str, list[Spec]] = field(default_factory=dict)  #: decoys with the title
    unindexed: list[Spec] = field(default_factory=list)

    def truth_fields(self, key: str, dated: bool) -> dict[str, list[str]]:
        """``also`` and ``decoys`` for a truth row of the paper ``key``; ``dated``: a mention
        of it gives a year."""
        also = [s.pid for s in self.also.get(key, [])]
        decoys = [s.pid for s in self.decoys.get(key, [])]
        if not dated:
            also += [s.pid for s in self.exact_decoys.get(key, [])]
        else:
            decoys += [s.pid for s in self.exact_decoys.get(key, [])]
        out = {}
        if also:
            out["also"] = also
        if decoys:
            out["decoys"] = decoys
        return out


def pick(roll: float) -> str | None:
    """The hard kind for ``roll`` in [0, 1) (``None``: an ordinary paper)."""
    edge = 0.0
    for kind, share in KINDS:
        edge += share
        if roll < edge:
            return kind
    return None


def swap_part(subtitle: tuple[str, str, str], rng: random.Random,
              parts: tuple[tuple[str, ...], ...], used: set[tuple[str, str, str]]
              ) -> tuple[str, str, str]:
    """``(adj, noun, obj)`` with one part replaced by another of its kind, a subtitle no other
    paper has (``used``, updated): two systems with one long subtitle would be a rename."""
    i = rng.randrange(3)
    choices = [p for p in parts[i] if p != subtitle[i]]
    rng.shuffle(choices)
    for other in choices:
        out = list(subtitle)
        out[i] = other
        swapped = (out[0], out[1], out[2])
        if swapped not in used:
            break
    used.add(swapped)
    return swapped


def apply(kind: str, spec: Spec, name: str, subtitle: tuple[str, str, str],
          rng: random.Random, parts: tuple[tuple[str, ...], ...], cases: Cases,
          used: set[tuple[str, str, str]]) -> str:
    """Turn ``spec`` into a ``kind`` case (adding what it needs to ``cases``); returns the
    truth kind of the listed paper (``match``, ``arxiv``, ``arxiv-only`` or ``nowhere``)."""
    title = spec.lists[0]
    if kind == "twin":
        if spec.venue == "arXiv":
            spec.venue = "OSDI"
        if spec.arxiv is None:
            return "match"  # gen.py gives twins an arXiv id; without one there is no preprint
        preprint = Spec(key=f"{spec.key}-preprint", title=spec.title, year=(spec.year or 2020) - 1,
                        venue="arXiv", arxiv=spec.arxiv, lists=spec.lists, kind="twin",
                        salt="preprint")
        spec.arxiv = None
        cases.specs.append(preprint)
        cases.also[spec.key] = [preprint]
        return "match"
    if kind == "dup":
        dup = Spec(key=f"{spec.key}-dup", title=spec.title, year=spec.year, venue="",
                   kind="dup", salt="dup", citations=rng.randint(0, 3))
        cases.specs.append(dup)
        cases.also[spec.key] = [dup]
        return "match"
    if kind == "decoy-year":
        base = spec.year or 2020
        year = rng.choice([base + d for d in (-6, -5, -4, -3, 3, 4, 5, 6) if 2010 <= base + d
                           <= LAST_YEAR])
        exact = rng.random() < 0.5
        if exact:
            decoy_title = spec.title
        else:
            adj, noun, obj = swap_part(subtitle, rng, parts, used)
            decoy_title = f"{name}: {adj} {noun} for {obj}"
        decoy = Spec(key=f"{spec.key}-decoy", title=decoy_title, year=year,
                     venue=rng.choice(("ICML", "NeurIPS", "SC", "")), kind="decoy-year",
                     authors=DECOY_AUTHORS, salt="decoy" if exact else "")
        cases.specs.append(decoy)
        (cases.exact_decoys if exact else cases.decoys)[spec.key] = [decoy]
        return "match"
    if kind == "shared-name":
        return _shared_name(spec, name, subtitle, rng, parts, cases, title, used)
    if kind in ("unindexed", "hidden"):
        cases.unindexed.append(spec)
        if kind == "hidden" and spec.arxiv:
            cases.overrides[title] = None  # S2's match finds nothing either
            return "arxiv"
        return "match"
    raise ValueError(f"unknown hard kind {kind!r}")


def _shared_name(spec: Spec, name: str, subtitle: tuple[str, str, str], rng: random.Random,
                 parts: tuple[tuple[str, ...], ...], cases: Cases, title: str,
                 used: set[tuple[str, str, str]]) -> str:
    adj, noun, obj = swap_part(subtitle, rng, parts, used)
    other = Spec(key=f"{spec.key}-namesake", title=f"{name}: {adj} {noun} for {obj}",
                 year=(spec.year or 2020) + rng.choice((-1, 0, 1)), venue=rng.choice(
                     ("OSDI", "SOSP", "NSDI", "EuroSys", "MLSys")), kind="listed",
                 authors=DECOY_AUTHORS)
    cases.specs.append(other)
    cases.decoys[spec.key] = [other]
    if rng.random() < 0.5:
        other.lists = (other.title or "",)
        cases.entries.append((other.lists[0], other))
    where = rng.random()
    if where < 0.5:
        return "match"
    cases.overrides[title] = other.key  # S2's match hands back the namesake
    if where < 0.75 and spec.arxiv:
        spec.title, spec.venue = None, "arXiv"
        return "arxiv-only"
    spec.title, spec.arxiv = None, None
    return "nowhere"
