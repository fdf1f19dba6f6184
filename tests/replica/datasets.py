"""Synthetic S2 bulk-dataset releases and diffs, in the official shard format.

A release folder as S2 ships it (``papers/``, ``abstracts/``, ``citations/``, ``paper-ids/``,
each a folder of gzipped JSON Lines shards) with the keys, key order and value types of the
official sample shards (``tests/fixtures/s2-datasets/``: corpus ids are numbers in papers and
strings in citations, ``url`` carries the paperId, ...):

* the replica world's papers (``worlds/seeds.json``) with the corpus ids, externalIds, titles,
  abstracts and references the replica serves, plus a paper for each reference the replica
  does not serve (``Unserved reference ...``), so the store and the replica tell one story;
* filler papers, any number, written by DuckDB straight to gzip (a million papers with
  abstracts and ten million citation edges in about a minute), with titles in several scripts.

:func:`next_release` derives a newer release from one (deleted, retitled, recounted and new
papers; dropped and new citations) and writes the diff between them in the layout
``enrich datasets update`` reads. Used by the tests and by ``bench/datasets.py``::

    python -m tests.replica.datasets OUT --filler 100000 --shards 4 --citations 1000000
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from tests.replica import SEEDS_WORLD
from tests.replica.build import corpus_id

FOLDERS = ("papers", "abstracts", "citations", "paper-ids")
UPDATED = "2025-01-14T00:00:00.000Z"
FILLER_BASE = 300_000_000
"""Filler corpus ids start here: the world's are below 269,000,000 (``build.corpus_id``)."""

WORDS = [
    "adaptive",
    "scalable",
    "distributed",
    "learning",
    "inference",
    "serving",
    "training",
    "efficient",
    "sparse",
    "graph",
    "neural",
    "network",
    "transformer",
    "attention",
    "memory",
    "cache",
    "scheduling",
    "cluster",
    "gpu",
    "pipeline",
    "parallel",
    "federated",
    "robust",
    "secure",
    "private",
    "quantized",
    "compression",
    "model",
    "data",
    "stream",
    "query",
    "index",
    "storage",
    "system",
    "kernel",
    "compiler",
    "runtime",
    "optimization",
    "analysis",
    "benchmark",
    "workload",
    "elastic",
    "fault",
    "tolerant",
    "consensus",
    "replication",
    "edge",
    "cloud",
    "hybrid",
    "large",
    "language",
    "vision",
    "speech",
    "retrieval",
    "ranking",
    "recommendation",
    "reinforcement",
    "policy",
]
FOREIGN = [
    "深度学习",
    "分布式",
    "系统",
    "模型",
    "推理",
    "训练",
    "图神经网络",
    "数据",
    "注意力",
    "高效",
    "機械翻訳",
    "情報処理",
    "最新",
    "技術",
    "研究",
    "저주파",
    "영역",
    "고분자",
    "재료",
    "측정",
    "análisis",
    "datos",
    "redes",
    "através",
    "eficiência",
    "über",
    "lösung",
    "système",
    "réseau",
]
EXTERNAL = ("ACL", "DBLP", "ArXiv", "MAG", "CorpusId", "PubMed", "DOI", "PubMedCentral")
"""externalids keys in the official sample's order."""


@dataclass(frozen=True)
class ReleaseCounts:
    papers: int
    abstracts: int
    citations: int
    paper_ids: int


# ---- the world's papers ---------------------------------------------------------------------


def world_records(world_path: Path = SEEDS_WORLD) -> dict[str, list[dict[str, Any]]]:
    """The world's papers (and unserved references) as release records, per dataset folder."""
    papers = json.loads(world_path.read_text(encoding="utf-8"))["s2"]["papers"]
    corpus = {p["paperId"]: int(p["externalIds"]["CorpusId"]) for p in papers}
    out: dict[str, list[dict[str, Any]]] = {f: [] for f in FOLDERS}
    unserved: dict[str, str] = {}
    for p in papers:
        cid = corpus[p["paperId"]]
        out["papers"].append(_paper(p, cid))
        out["paper-ids"].append({"sha": p["paperId"], "corpusid": cid, "primary": True})
        if p.get("abstract"):
            out["abstracts"].append(_abstract(p, cid))
        for i, ref in enumerate(p.get("references") or []):
            rid = ref.get("paperId")
            if rid and rid not in corpus:
                unserved[rid] = ref["title"]
            cited = corpus.get(rid) if rid in corpus else corpus_id(ref["title"]) if rid else None
            out["citations"].append(_citation(cid, cited, i))
    for rid, title in sorted(unserved.items()):
        cid = corpus_id(title)
        out["papers"].append(_paper({"paperId": rid, "title": title, "externalIds": {}}, cid))
        out["paper-ids"].append({"sha": rid, "corpusid": cid, "primary": True})
    return out


def _paper(p: dict[str, Any], cid: int) -> dict[str, Any]:
    ext = p.get("externalIds") or {}
    ids = {k: (str(cid) if k == "CorpusId" else ext.get(k)) for k in EXTERNAL}
    journal = p.get("journal")
    return {
        "corpusid": cid,
        "externalids": ids,
        "url": f"https://www.semanticscholar.org/paper/{p['paperId']}",
        "title": p["title"],
        "authors": [
            {"authorId": a.get("authorId"), "name": a["name"]} for a in p.get("authors") or []
        ],
        "venue": p.get("venue") or "",
        "publicationvenueid": (p.get("publicationVenue") or {}).get("id"),
        "year": p.get("year"),
        "referencecount": p.get("referenceCount", 0),
        "citationcount": p.get("citationCount", 0),
        "influentialcitationcount": p.get("influentialCitationCount", 0),
        "isopenaccess": bool(p.get("isOpenAccess")),
        "s2fieldsofstudy": p.get("s2FieldsOfStudy"),
        "publicationtypes": p.get("publicationTypes"),
        "publicationdate": p.get("publicationDate"),
        "journal": None
        if journal is None
        else {
            "name": journal.get("name", ""),
            "pages": journal.get("pages"),
            "volume": journal.get("volume", ""),
        },
        "updated": UPDATED,
    }


def _abstract(p: dict[str, Any], cid: int) -> dict[str, Any]:
    ext = p.get("externalIds") or {}
    oa = p.get("openAccessPdf") or {}
    return {
        "corpusid": cid,
        "openaccessinfo": {
            "externalids": {k: ext.get(k) for k in ("MAG", "ACL", "DOI", "PubMedCentral", "ArXiv")},
            "license": oa.get("license"),
            "url": oa.get("url") or None,
            "status": oa.get("status"),
        },
        "abstract": p["abstract"],
        "updated": UPDATED,
    }


def _citation(citing: int, cited: int | None, i: int) -> dict[str, Any]:
    return {
        "citingcorpusid": str(citing),
        "citedcorpusid": None if cited is None else str(cited),
        "isinfluential": (citing + i) % 7 == 0,
        "contexts": None,
        "intents": None,
        "updated": UPDATED,
    }


def write_jsonl_gz(path: Path, records: Iterable[dict[str, Any]]) -> int:
    """Records as one gzipped JSON Lines shard, compact like S2's (``{"a":1,...}``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")))
            fh.write("\n")
            n += 1
    return n


def read_jsonl_gz(folder: Path) -> Iterator[dict[str, Any]]:
    for path in sorted(folder.glob("*.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line)


# ---- filler, written by DuckDB --------------------------------------------------------------


def _title_sql(seed: int) -> str:
    """A title of 5-9 words from :data:`WORDS` (every tenth from :data:`FOREIGN`), plus the
    paper's number so titles stay distinct."""
    words = "[" + ", ".join(f"'{w}'" for w in WORDS) + "]"
    foreign = "[" + ", ".join(f"'{w}'" for w in FOREIGN) + "]"
    pick = (
        f"CASE WHEN i % 10 = 7 THEN {foreign}[1 + (hash(i, j, {seed}) % {len(FOREIGN)})::INT] "
        f"ELSE {words}[1 + (hash(i, j, {seed}) % {len(WORDS)})::INT] END"
    )
    return (
        f"array_to_string(list_transform(range(5 + (hash(i, {seed}) % 5)::INT), "
        f"lambda j: {pick}), ' ') || ' ' || i::VARCHAR"
    )


def _papers_sql(lo: int, hi: int, seed: int) -> str:
    cid = f"({FILLER_BASE} + i)"
    sha = f"(md5('p' || i::VARCHAR || '{seed}') || substr(md5('q' || i::VARCHAR), 1, 8))"
    return f"""
    SELECT {cid} AS corpusid,
      {{'ACL': NULL::VARCHAR, 'DBLP': NULL::VARCHAR,
        'ArXiv': CASE WHEN i % 4 = 0 THEN '25' || lpad((i % 100)::VARCHAR, 2, '0') || '.'
                 || lpad((i % 100000)::VARCHAR, 5, '0') END,
        'MAG': (2000000000 + i)::VARCHAR, 'CorpusId': {cid}::VARCHAR, 'PubMed': NULL::VARCHAR,
        'DOI': CASE WHEN i % 3 = 0 THEN '10.5555/filler.' || i::VARCHAR END,
        'PubMedCentral': NULL::VARCHAR}} AS externalids,
      'https://www.semanticscholar.org/paper/' || {sha} AS url,
      {_title_sql(seed)} AS title,
      [{{'authorId': (1000 + hash(i, 1) % 900000)::VARCHAR, 'name': 'Author ' || (i % 977)}},
       {{'authorId': (1000 + hash(i, 2) % 900000)::VARCHAR, 'name': 'Writer ' || (i % 613)}}]
        AS authors,
      CASE WHEN i % 5 = 0 THEN '' ELSE 'Venue ' || (i % 50)::VARCHAR END AS venue,
      NULL::VARCHAR AS publicationvenueid,
      (1990 + i % 35)::INT AS year,
      (i % 40)::INT AS referencecount, (hash(i, 3) % 500)::INT AS citationcount,
      (hash(i, 4) % 20)::INT AS influentialcitationcount, i % 6 = 0 AS isopenaccess,
      [{{'category': 'Computer Science', 'source': 's2-fos-model'}}] AS s2fieldsofstudy,
      ['JournalArticle'] AS publicationtypes,
      (1990 + i % 35)::VARCHAR || '-0' || (1 + i % 9)::VARCHAR || '-1' || (i % 10)::VARCHAR
        AS publicationdate,
      {{'name': 'Journal ' || (i % 30)::VARCHAR, 'pages': '1-' || (i % 20 + 2)::VARCHAR,
        'volume': (i % 40)::VARCHAR}} AS journal,
      '{UPDATED}' AS updated
    FROM range({lo}, {hi}) t(i)"""


def _abstracts_sql(lo: int, hi: int, seed: int) -> str:
    words = "[" + ", ".join(f"'{w}'" for w in WORDS) + "]"
    return f"""
    SELECT ({FILLER_BASE} + i) AS corpusid,
      {{'externalids': {{'MAG': (2000000000 + i)::VARCHAR, 'ACL': NULL::VARCHAR,
        'DOI': NULL::VARCHAR, 'PubMedCentral': NULL::VARCHAR, 'ArXiv': NULL::VARCHAR}},
        'license': NULL::VARCHAR, 'url': NULL::VARCHAR, 'status': NULL::VARCHAR}}
        AS openaccessinfo,
      'We study ' || array_to_string(list_transform(range(40),
        lambda j: {words}[1 + (hash(i, j, {seed}) % {len(WORDS)})::INT]), ' ') || '.'
        AS abstract,
      '{UPDATED}' AS updated
    FROM range({lo}, {hi}) t(i)"""


def _citations_sql(lo: int, hi: int, papers: int, per: int) -> str:
    """Edges ``lo..hi``: edge k cites from filler paper k // per to a distinct paper each."""
    step = max(1, papers // per)
    cited = f"(k // {per} + 1 + (k % {per}) * {step} + hash(k // {per}) % {step}) % {papers}"
    return f"""
    SELECT ({FILLER_BASE} + k // {per})::VARCHAR AS citingcorpusid,
      ({FILLER_BASE} + {cited})::VARCHAR AS citedcorpusid,
      hash(k) % 10 = 0 AS isinfluential, NULL::VARCHAR[] AS contexts,
      NULL::VARCHAR[] AS intents, '{UPDATED}' AS updated
    FROM range({lo}, {hi}) t(k)"""


def write_filler(out: Path, papers: int, citations: int, shards: int, seed: int = 0) -> None:
    """``papers`` filler papers with abstracts and paper-ids, and ``citations`` edges among
    them, in ``shards`` shards per dataset."""
    con = duckdb.connect()
    try:
        for s in range(shards):
            lo, hi = papers * s // shards, papers * (s + 1) // shards
            _copy(con, _papers_sql(lo, hi, seed), _shard(out, "papers", s))
            _copy(con, _abstracts_sql(lo, hi, seed), _shard(out, "abstracts", s))
            ids = (
                "SELECT regexp_extract(url, '[0-9a-f]{40}$') AS sha, corpusid, "
                f'true AS "primary" FROM ({_papers_sql(lo, hi, seed)})'
            )
            _copy(con, ids, _shard(out, "paper-ids", s))
            if citations and papers > 1:
                per = max(1, citations // papers)
                total = min(citations, per * papers)
                clo, chi = total * s // shards, total * (s + 1) // shards
                _copy(con, _citations_sql(clo, chi, papers, per), _shard(out, "citations", s))
    finally:
        con.close()


def _shard(out: Path, folder: str, s: int) -> Path:
    return out / folder / f"{folder}-{s:03d}.jsonl.gz"


def _copy(con: Any, query: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    con.execute(f"COPY ({query}) TO '{path}' (FORMAT json, COMPRESSION gzip)")


def write_release(
    out: Path,
    *,
    filler: int = 0,
    citations: int = 0,
    shards: int = 1,
    seed: int = 0,
    world: Path | None = SEEDS_WORLD,
) -> Path:
    """A release folder at ``out``: the world's papers (one shard per dataset) and filler."""
    if world is not None:
        for folder, records in world_records(world).items():
            write_jsonl_gz(out / folder / f"{folder}-world.jsonl.gz", records)
    if filler:
        write_filler(out, filler, citations, shards, seed)
    return out


# ---- a newer release and the diff to it -------------------------------------------------------

KEYS = {
    "papers": ("corpusid",),
    "abstracts": ("corpusid",),
    "citations": ("citingcorpusid", "citedcorpusid"),
    "paper-ids": ("sha",),
}
"""Each dataset's primary key in the release records (what a diff is keyed by)."""


def _key(folder: str, rec: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(rec[k] for k in KEYS[folder])


def changed_records(
    records: dict[str, list[dict[str, Any]]], seed: int
) -> dict[str, list[dict[str, Any]]]:
    """A newer release's records from an older one's: about 4% of papers deleted (with their
    abstract, ids and citations), 4% retitled (so they move bucket), 8% recounted, 3% new
    papers with abstracts and citations, 5% of the remaining citations dropped."""
    rng = random.Random(seed)
    papers = records["papers"]
    gone = {p["corpusid"] for p in papers if rng.random() < 0.04}
    out: dict[str, list[dict[str, Any]]] = {f: [] for f in FOLDERS}
    for p in papers:
        if p["corpusid"] in gone:
            continue
        p = dict(p)
        roll = rng.random()
        if roll < 0.04:
            p["title"] = f"{p['title']} (extended version {seed})"
        elif roll < 0.12:
            p["citationcount"] = (p["citationcount"] or 0) + rng.randint(1, 9)
        out["papers"].append(p)
    keep = {p["corpusid"] for p in out["papers"]}
    out["abstracts"] = [a for a in records["abstracts"] if a["corpusid"] in keep]
    out["paper-ids"] = [i for i in records["paper-ids"] if i["corpusid"] in keep]
    out["citations"] = [
        c
        for c in records["citations"]
        if int(c["citingcorpusid"]) in keep
        and rng.random() >= 0.05
        and (c["citedcorpusid"] is None or int(c["citedcorpusid"]) not in gone)
    ]
    _add_papers(out, sorted(keep), seed, max(1, len(papers) * 3 // 100), rng)
    return out


def _add_papers(
    out: dict[str, list[dict[str, Any]]], keep: list[int], seed: int, n: int, rng: random.Random
) -> None:
    base = 900_000_000 + seed * 1_000_000
    for i in range(n):
        cid = base + i
        sha = f"{cid:040x}"
        title = f"New Paper {seed}-{i}: " + " ".join(rng.sample(WORDS, 5))
        rec = _paper({"paperId": sha, "title": title, "externalIds": {}, "year": 2025}, cid)
        out["papers"].append(rec)
        out["paper-ids"].append({"sha": sha, "corpusid": cid, "primary": True})
        out["abstracts"].append(_abstract({"abstract": f"About {title}."}, cid))
        for j, cited in enumerate(rng.sample(keep, min(3, len(keep)))):
            out["citations"].append(_citation(cid, cited, j))


def read_release(folder: Path) -> dict[str, list[dict[str, Any]]]:
    return {f: list(read_jsonl_gz(folder / f)) for f in FOLDERS if (folder / f).is_dir()}


def write_records(out: Path, records: dict[str, list[dict[str, Any]]], shards: int) -> None:
    """Records as a release folder, each dataset split into ``shards`` shards."""
    for folder, recs in records.items():
        for s in range(shards):
            part = recs[len(recs) * s // shards : len(recs) * (s + 1) // shards]
            write_jsonl_gz(out / folder / f"{folder}-{s:03d}.jsonl.gz", part)


def write_diff(
    old: dict[str, list[dict[str, Any]]],
    new: dict[str, list[dict[str, Any]]],
    diff: Path,
    start: str,
    end: str,
) -> None:
    """The diff from ``old`` to ``new`` as S2 ships it: per dataset, update files (records new
    or changed) and delete files (keys gone), under ``<dataset>/<start>_to_<end>/``."""
    for folder in new:
        before = {_key(folder, r): r for r in old.get(folder, [])}
        after = {_key(folder, r): r for r in new[folder]}
        step = diff / folder / f"{start}_to_{end}"
        updates = [r for k, r in after.items() if before.get(k) != r]
        deletes = [dict(zip(KEYS[folder], k, strict=True)) for k in before if k not in after]
        write_jsonl_gz(step / "update_files" / "part-000.jsonl.gz", updates)
        write_jsonl_gz(step / "delete_files" / "part-000.jsonl.gz", deletes)


def next_release(
    old: Path, new: Path, diff: Path, *, start: str, end: str, seed: int = 1, shards: int = 2
) -> None:
    """Write the release after ``old`` at ``new`` (:func:`changed_records`) and the diff
    between them into ``diff``."""
    before = read_release(old)
    after = changed_records(before, seed)
    write_records(new, after, shards)
    write_diff(before, after, diff, start, end)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description="write a synthetic S2 datasets release")
    p.add_argument("out", type=Path)
    p.add_argument("--filler", type=int, default=1000, help="filler papers")
    p.add_argument("--citations", type=int, default=10000, help="filler citation edges")
    p.add_argument("--shards", type=int, default=2, help="shards per dataset")
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args(argv)
    write_release(a.out, filler=a.filler, citations=a.citations, shards=a.shards, seed=a.seed)


if __name__ == "__main__":
    main()
