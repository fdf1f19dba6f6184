"""The publish gate: is a new snapshot too different from the previous one to publish unasked?

Pure: both snapshots come in as ``title_key -> paper_id`` of their resolved titles (``None``
for a title not resolved). Only titles in both count, so a list the user shortened is not a
drop; but a title that left with a list that became empty or unreadable (a failed sync, a
file cut to 0 bytes) is lost, not removed (``gone``). Two changes hold a snapshot back
(:meth:`Changes.held`):

* **lost**: more than ``max_lost`` of the titles the previous snapshot resolved now have no
  paper, or another one (an upstream answering wrongly or not at all; a daily refresh moves a
  few titles, not a share of them);
* **collapsed**: more than ``max_collapse`` papers that were distinct before are now one (a
  batch answering one paper for every id merges the titles of all of them).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

SHOWN = 10
"""How many lost titles and collapsed papers the message lists."""


@dataclass(frozen=True)
class Changes:
    """What changed between two snapshots over the titles both hold."""

    compared: int  #: titles resolved in the previous snapshot and still in the lists
    lost: list[tuple[str, str, str | None]] = field(default_factory=list)  #: title, was, now
    collapsed: dict[str, list[str]] = field(default_factory=dict)  #: new paper -> old papers
    gone: dict[str, str] = field(default_factory=dict)  #: lost title -> its list, now unusable

    @property
    def lost_share(self) -> float:
        return len(self.lost) / self.compared if self.compared else 0.0

    def too_many_lost(self, max_lost: float) -> bool:
        return self.lost_share > max_lost

    def too_collapsed(self, max_collapse: int) -> dict[str, list[str]]:
        return {new: old for new, old in self.collapsed.items() if len(old) > max_collapse}

    def held(self, max_lost: float, max_collapse: int) -> bool:
        return self.too_many_lost(max_lost) or bool(self.too_collapsed(max_collapse))

    def lines(self, max_lost: float, max_collapse: int) -> list[str]:
        """Exactly what changed, for the error message and the held snapshot's report."""
        out = [
            f"{len(self.lost)} of {self.compared} titles the previous snapshot resolved lost "
            f"their paper ({self.lost_share:.0%}; ENRICH_GATE_MAX_LOST allows {max_lost:.0%})"
        ]
        if self.gone:
            lists = sorted(set(self.gone.values()))
            out.append(
                f"{len(self.gone)} of them left with lists now empty or unreadable: "
                + "; ".join(lists[:SHOWN])
            )
        for title, was, now in self.lost[:SHOWN]:
            then = f"gone with {self.gone[title]}" if title in self.gone else "not resolved"
            out.append(f"  {title}: {was} -> {now or then}")
        if len(self.lost) > SHOWN:
            out.append(f"  ... and {len(self.lost) - SHOWN} more")
        collapsed = self.too_collapsed(max_collapse)
        for new, old in sorted(collapsed.items(), key=lambda kv: -len(kv[1]))[:SHOWN]:
            out.append(
                f"{len(old)} papers that were distinct are now one, {new} "
                f"(ENRICH_GATE_MAX_COLLAPSE allows {max_collapse}): {', '.join(old[:5])}"
                + (" ..." if len(old) > 5 else "")
            )
        return out


def title_papers(
    title_keys: Iterable[str], paper_ids: Iterable[str | None], resolved: Mapping[str, bool]
) -> dict[str, str | None]:
    """``title_key -> paper_id`` from a mentions table's columns; ``None`` where the paper is
    not resolved (``resolved`` says, by paper id)."""
    out: dict[str, str | None] = {}
    for key, pid in zip(title_keys, paper_ids, strict=True):
        paper = pid if pid is not None and resolved.get(pid, False) else None
        if out.get(key) is None:
            out[key] = paper
    return out


def compare(
    previous: Mapping[str, str | None],
    current: Mapping[str, str | None],
    gone: Mapping[str, str] | None = None,
) -> Changes:
    """What changed for the titles both snapshots hold, and for the titles of ``previous``
    that ``gone`` names (``title_key -> why``: their list became empty or unreadable) and that
    ``current`` lacks (see the module docstring)."""
    common = [t for t in current if t in previous and previous[t] is not None]
    left = {
        t: why
        for t, why in (gone or {}).items()
        if t not in current and previous.get(t) is not None
    }
    lost = sorted(
        [(t, str(previous[t]), current[t]) for t in common if current[t] != previous[t]]
        + [(t, str(previous[t]), None) for t in left]
    )
    old_of_new: dict[str, set[str]] = defaultdict(set)
    for t in common:
        now = current[t]
        if now is not None:
            old_of_new[now].add(str(previous[t]))
    collapsed = {new: sorted(old) for new, old in old_of_new.items() if len(old) > 1}
    return Changes(compared=len(common) + len(left), lost=lost, collapsed=collapsed, gone=left)
