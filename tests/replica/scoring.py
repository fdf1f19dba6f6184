"""Score a pipeline output against a replica world's ``truth`` (used by e2e tests and benches).

For each truth row (a list title and the paper it should land on: ``s2:<paperId>``,
``arxiv:<id>`` or ``None`` for a title that exists nowhere), look up the mention with that
title in the output and the paper it resolved to. A row's ``also`` lists other S2 ids that are
the same paper too (a preprint's record beside its venue version's, an unmerged duplicate, or a
same-titled paper when the list gives no year to tell them apart).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from enrich.normalize import title_key


@dataclass
class Score:
    right: int = 0
    wrong: list[tuple[str, str | None, str | None]] = field(
        default_factory=list
    )  #: accepted a wrong paper
    missed: list[tuple[str, str, str]] = field(default_factory=list)  #: the paper exists, not found
    absent: list[str] = field(default_factory=list)  #: the title is not among the mentions

    def summary(self) -> str:
        return (
            f"right {self.right}, wrong {len(self.wrong)}, missed {len(self.missed)}, "
            f"not parsed {len(self.absent)}"
        )


def resolved_as(paper: dict[str, Any]) -> str | None:
    """``s2:<id>`` / ``arxiv:<id>`` for a resolved paper, ``None`` otherwise."""
    if paper["match_status"] != "resolved":
        return None
    if paper["s2_paper_id"]:
        return f"s2:{paper['s2_paper_id']}"
    return f"arxiv:{paper['arxiv_id']}"


def score(truth: list[dict[str, Any]], latest_dir: Path) -> Score:
    papers = {
        p["paper_id"]: p for p in pq.read_table(Path(latest_dir) / "papers.parquet").to_pylist()
    }
    mentions = pq.read_table(Path(latest_dir) / "mentions.parquet").to_pylist()
    paper_of: dict[str, str | None] = {}
    for m in mentions:
        paper_of.setdefault(title_key(m["title"]), m["paper_id"])
    out = Score()
    for row in truth:
        key = title_key(row["list_title"])
        if key not in paper_of:
            out.absent.append(row["list_title"])
            continue
        pid = paper_of[key]
        paper = papers.get(pid) if pid else None
        got = resolved_as(paper) if paper else None
        expect = row["expect"]
        if got is None:
            if expect is None:
                out.right += 1
            else:
                out.missed.append(
                    (row["list_title"], expect, paper["match_reason"] if paper else "")
                )
        elif expect is not None and (
            got == expect
            or (expect.startswith("arxiv:") and paper["arxiv_id"] == expect[6:])
            or got.removeprefix("s2:") in row.get("also", ())
        ):
            out.right += 1
        else:
            out.wrong.append((row["list_title"], expect, got))
    return out
