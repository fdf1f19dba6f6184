"""Rebuild ``pool.json.gz``: a pool of records rendered with every CSL style in ``../shared``.

Usage (from the repository root): ``.venv/bin/python -m tests.listgen.build_pool
[--styles DIR] [--records N] [--seed S]``

Rendering with citeproc-py takes a minute for the 34 styles, so it is done once and the
result committed; tests and benches read the file and never need citeproc or ``../shared``.
For each rendering the pool keeps the text (the bibliography number removed: layouts number
entries themselves), the span of the title in it (found case-insensitively, as styles re-case
titles; ``None`` when the style drops or rewrites it), and whether the text states the venue and
the year. The seed titles (``tests/replica/worlds/seeds.json``) are stored with the records.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import warnings
from pathlib import Path
from typing import Any

from enrich.venues import known_venue
from tests.listgen.pool import POOL_PATH
from tests.listgen.records import Record, container, make_records

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_STYLES = ROOT.parent.parent / "shared" / "csl-styles"
"""``/work/shared/csl-styles`` beside the worktrees."""
SEEDS_WORLD = ROOT / "tests" / "replica" / "worlds" / "seeds.json"

_URL = re.compile(r"https?://\S+")


def csl_item(record: Record) -> dict[str, Any]:
    """The record as CSL-JSON, typed by its venue's kind."""
    item: dict[str, Any] = {
        "id": record.key,
        "title": record.title,
        "author": [{"given": g, "family": f} for g, f in record.authors],
        "issued": {"date-parts": [[record.year, (record.edition % 12) + 1]]},
    }
    kind = record.venue.kind
    if kind == "preprint":
        item.update(type="article", number=record.arxiv_id, publisher="arXiv")
        item["container-title"] = "arXiv"
        item["URL"] = f"https://arxiv.org/abs/{record.arxiv_id}"
        return item
    item["type"] = "paper-conference" if kind == "conf" else "article-journal"
    # a third of the conference records carry only the acronym, as many BibTeX files do
    acronym = kind == "conf" and record.edition % 3 == 0
    item["container-title"] = record.venue.short if acronym else container(record)
    item["container-title-short"] = record.venue.short
    if kind == "journal":
        item.update(volume=str(record.edition + 10), issue=str(record.edition % 6 + 1))
    else:
        item["publisher"] = "ACM" if record.edition % 2 else "USENIX Association"
    item["page"] = record.pages
    if record.doi:
        item["DOI"] = record.doi
    return item


def words_pattern(text: str) -> re.Pattern[str]:
    """``text``'s words in order, anything not a word between them, any case."""
    words = re.findall(r"\w+", text)
    return re.compile(r"\W*".join(re.escape(w) for w in words), re.IGNORECASE)


def title_span(text: str, title: str) -> list[int] | None:
    """Where ``title`` is in ``text``, any case, with the title's own leading and trailing
    punctuation (``"``, ``{``, ``?``) when the text keeps it; ``None`` when it is not there."""
    m = words_pattern(title).search(text) if re.search(r"\w", title) else None
    if m is None:
        return None
    start, end = m.span()
    lead = re.match(r"\W*", title)
    trail = re.search(r"\W*$", title)
    for ch in reversed(lead.group() if lead else ""):
        if start and text[start - 1] == ch:
            start -= 1
    for ch in trail.group() if trail else "":
        if end < len(text) and text[end] == ch:
            end += 1
    return [start, end]


def _stated(text: str, record: Record) -> tuple[str, str]:
    """The gold venue and year of one rendering: what the text itself states."""
    bare = _URL.sub(" ", text)
    v = record.venue
    if v.kind == "preprint":
        venue = "arXiv" if re.search(r"\barxiv\b", bare, re.I) else "~arXiv"
    else:
        full = (container(record), v.canonical)
        short = (v.short, v.short.replace(".", ""))
        if any(words_pattern(n).search(bare) for n in full):
            venue = v.canonical
        else:
            found = [m.group() for n in short if (m := words_pattern(n).search(bare))]
            # an abbreviation the project's vocabulary does not know is acceptable unread
            venue = "" if not found else v.canonical if known_venue(found[0]) else f"~{v.canonical}"
    year = str(record.year)
    ids = " ".join(x for x in (record.arxiv_id, record.doi) if x)
    found = re.search(rf"(?<![\d./]){year}(?![\d])", bare.replace(ids, " ") if ids else bare)
    return venue, year if found else ""


def _strip_number(text: str) -> str:
    return re.sub(r"^\s*(\[1\]|\(1\)|1\.|1(?=\s|[A-Z]))\s*", "", text).strip()


def render_style(path: Path, records: list[Record]) -> list[list[Any]]:
    """Each record rendered alone with one style: ``[text, [start, end] | None, venue, year]``."""
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    style = CitationStylesStyle(str(path), validate=False)
    out: list[list[Any]] = []
    for record in records:
        source = CiteProcJSON([csl_item(record)])
        bib = CitationStylesBibliography(style, source, formatter.plain)
        bib.register(Citation([CitationItem(record.key)]))
        text = _strip_number(" ".join(str(bib.bibliography()[0]).split()))
        span = title_span(text, record.title)
        venue, year = _stated(text, record)
        out.append([text, span, venue, year])
    return out


def citation_format(path: Path) -> str:
    """The style's family as its CSL file declares it: ``numeric``, ``author-date``,
    ``author`` (MLA) or ``note``."""
    m = re.search(r'citation-format="([a-z-]+)"', path.read_text(encoding="utf-8"))
    return m.group(1) if m else "other"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--styles", type=Path, default=DEFAULT_STYLES)
    ap.add_argument("--records", type=int, default=150)
    ap.add_argument("--seed", type=int, default=22)
    args = ap.parse_args(argv)
    styles = sorted(Path(args.styles).glob("*.csl"))
    if not styles:
        print(f"no CSL styles under {args.styles}", file=sys.stderr)
        return 2
    world = json.loads(SEEDS_WORLD.read_text(encoding="utf-8"))
    titles = sorted({p["title"] for p in world["s2"]["papers"] if p.get("title")})
    records = make_records(random.Random(args.seed), args.records, titles)
    renders = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in styles:
            renders[path.stem] = render_style(path, records)
            print(f"{path.stem}: {len(records)} rendered", file=sys.stderr)
    pool = {
        "families": {p.stem: citation_format(p) for p in styles},
        "seed_titles": titles,
        "records": [record_json(r) for r in records],
        "renders": renders,
    }
    data = json.dumps(pool, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    with gzip.GzipFile(POOL_PATH, "wb", mtime=0) as fh:
        fh.write(data.encode("utf-8"))
    print(f"wrote {POOL_PATH} ({POOL_PATH.stat().st_size:,} bytes)", file=sys.stderr)
    return 0


def record_json(r: Record) -> dict[str, Any]:
    """A record as the pool stores it (the venue by its canonical name)."""
    return {
        "key": r.key, "title": r.title, "authors": [list(a) for a in r.authors],
        "venue": r.venue.canonical, "year": r.year, "pages": r.pages, "doi": r.doi,
        "arxiv_id": r.arxiv_id, "edition": r.edition,
    }


if __name__ == "__main__":
    raise SystemExit(main())
