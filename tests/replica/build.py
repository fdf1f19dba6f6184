"""Turn compact paper facts into world records shaped exactly like S2 and arXiv data.

Shared by ``build_seeds_world.py`` (curated seed-list facts) and ``gen.py`` (synthetic worlds).
Everything is deterministic: ids and every "random" choice derive from the title via sha1, so the
same facts always give the same bytes.
"""

from __future__ import annotations

import hashlib
import random
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from tests.replica.world import World, normalize_title, stable_fraction

VENUES: dict[str, tuple[str, str, str]] = {
    # code: (S2 venue string, publicationVenue type, short name used in proceedings / comments)
    "OSDI": ("USENIX Symposium on Operating Systems Design and Implementation", "conference",
             "OSDI"),
    "SOSP": ("Symposium on Operating Systems Principles", "conference", "SOSP"),
    "NSDI": ("Symposium on Networked Systems Design and Implementation", "conference", "NSDI"),
    "ATC": ("USENIX Annual Technical Conference", "conference", "USENIX ATC"),
    "EuroSys": ("European Conference on Computer Systems", "conference", "EuroSys"),
    "ASPLOS": ("International Conference on Architectural Support for Programming Languages and "
               "Operating Systems", "conference", "ASPLOS"),
    "PPoPP": ("ACM SIGPLAN Symposium on Principles & Practice of Parallel Programming",
              "conference", "PPoPP"),
    "SC": ("International Conference for High Performance Computing, Networking, Storage and "
           "Analysis", "conference", "SC"),
    "MLSys": ("Conference on Machine Learning and Systems", "conference", "MLSys"),
    "NeurIPS": ("Neural Information Processing Systems", "conference", "NeurIPS"),
    "ICML": ("International Conference on Machine Learning", "conference", "ICML"),
    "ICLR": ("International Conference on Learning Representations", "conference", "ICLR"),
    "CVPR": ("Computer Vision and Pattern Recognition", "conference", "CVPR"),
    "ICCV": ("IEEE International Conference on Computer Vision", "conference", "ICCV"),
    "ACL": ("Annual Meeting of the Association for Computational Linguistics", "conference",
            "ACL"),
    "NAACL": ("North American Chapter of the Association for Computational Linguistics",
              "conference", "NAACL"),
    "EMNLP": ("Conference on Empirical Methods in Natural Language Processing", "conference",
              "EMNLP"),
    "IJCAI": ("International Joint Conference on Artificial Intelligence", "conference", "IJCAI"),
    "arXiv": ("arXiv.org", "journal", "arXiv"),
    "VLDB": ("Proceedings of the VLDB Endowment", "journal", "PVLDB"),
    "HPDC": ("IEEE International Symposium on High-Performance Parallel Distributed Computing",
             "conference", "HPDC"),
    "TPDS": ("IEEE Transactions on Parallel and Distributed Systems", "journal", "TPDS"),
    "ISCA": ("International Symposium on Computer Architecture", "conference", "ISCA"),
    "HPCA": ("International Symposium on High-Performance Computer Architecture", "conference",
             "HPCA"),
    "MICRO": ("Micro", "conference", "MICRO"),
    "SIGCOMM": ("Conference on Applications, Technologies, Architectures, and Protocols for "
                "Computer Communication", "conference", "SIGCOMM"),
    "PLDI": ("ACM-SIGPLAN Symposium on Programming Language Design and Implementation",
             "conference", "PLDI"),
    "FAST": ("USENIX Conference on File and Storage Technologies", "conference", "FAST"),
    "MobiSys": ("ACM SIGMOBILE International Conference on Mobile Systems, Applications, and "
                "Services", "conference", "MobiSys"),
    "MobiCom": ("ACM/IEEE International Conference on Mobile Computing and Networking",
                "conference", "MobiCom"),
    "RTSS": ("IEEE Real-Time Systems Symposium", "conference", "RTSS"),
    "HPCC": ("IEEE International Conference on High Performance Computing and Communications",
             "conference", "HPCC"),
    "CF": ("ACM International Conference on Computing Frontiers", "conference", "CF"),
    "OSDI-HotCloud": ("USENIX Workshop on Hot Topics in Cloud Computing", "conference",
                      "HotCloud"),
    "SoCC": ("ACM Symposium on Cloud Computing", "conference", "SoCC"),
    "MASCOTS": ("IEEE International Symposium on Modeling, Analysis, and Simulation On Computer "
                "and Telecommunication Systems", "conference", "MASCOTS"),
    "ICDCS": ("IEEE International Conference on Distributed Computing Systems", "conference",
              "ICDCS"),
    "": ("", "conference", ""),
}

USENIX = {"OSDI", "NSDI", "ATC", "FAST"}

DISCLAIMER = (
    "Notice: Paper or abstract available at {where}, which is subject to the license by the "
    "author or copyright owner provided with this content. Please go to the source to verify the "
    "license and copyright information for your use."
)
ELIDED = "Notice: The following paper fields have been elided by the publisher: {'abstract'}. "


@dataclass
class Spec:
    """Facts about one paper. ``title`` is the S2 title (``None``: S2 does not hold it)."""

    key: str
    title: str | None
    year: int | None
    venue: str
    arxiv: str | None = None
    ax_title: str | None = None
    authors: str | None = None
    doi: str | None = None
    lists: tuple[str, ...] = ()
    kind: str = "listed"  # listed | lookalike | outside | decoy
    citations: int | None = None
    abstract: str | None = None
    null_abstract: bool | None = None
    categories: tuple[str, ...] | None = None
    salt: str = ""
    """Set for a second S2 record with the same title (a preprint and its venue version, an
    unmerged duplicate, another paper of that name): it gets its own paperId and CorpusId."""

    @property
    def any_title(self) -> str:
        return self.title or self.ax_title or self.lists[0]

    @property
    def pid(self) -> str:
        """The S2 paperId of this spec's record (``title`` must be set)."""
        return paper_id(self.title or "", self.salt)


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def paper_id(title: str, salt: str = "") -> str:
    """Deterministic 40-hex S2 paperId: sha1 of the S2 title (and the salt of a second record
    with that title)."""
    return sha1(title + (f"|{salt}" if salt else ""))


def corpus_id(title: str, salt: str = "") -> int:
    return int(sha1("corpus|" + title + (f"|{salt}" if salt else ""))[:8], 16) % 268_000_000 \
        + 1_000_000


def author_id(name: str) -> str:
    return str(int(sha1("author|" + name)[:8], 16) % 2_300_000_000 + 1_000_000)


FIRST = ("Wei", "Jun", "Yifan", "Hao", "Lei", "Xin", "Ming", "Jing", "Chen", "Tao", "Anna",
         "Rahul", "Priya", "Daniel", "Sarah", "Michael", "Elena", "Kenji", "Minho", "Jiwon",
         "Sofia", "Omar", "Luca", "Ananya", "Tomas", "Mei", "Ravi", "Jonas", "Hyun", "Carlos")
LAST = ("Zhang", "Wang", "Li", "Liu", "Chen", "Yang", "Zhao", "Huang", "Kim", "Park", "Lee",
        "Sharma", "Gupta", "Patel", "Smith", "Johnson", "Garcia", "Müller", "Rossi", "Tanaka",
        "Suzuki", "Nguyen", "Ivanov", "Kowalski", "Silva", "Costa", "Singh", "Jung", "Sun", "Xu")


def synth_authors(seed: str, n: int | None = None) -> list[str]:
    rng = random.Random(sha1("authors|" + seed))
    n = n or rng.randint(2, 7)
    names: list[str] = []
    while len(names) < n:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name not in names:
            names.append(name)
    return names


def split_authors(spec: Spec) -> list[str]:
    if spec.authors:
        return [a.strip() for a in spec.authors.split(";") if a.strip()]
    return synth_authors(spec.any_title)


def system_name(title: str) -> str | None:
    head, sep, _ = title.partition(":")
    if sep and len(head.split()) <= 3:
        return head.strip()
    return None


METRICS = ("throughput", "job completion time", "GPU utilization", "tail latency",
           "training time", "memory footprint", "serving cost", "goodput")


def synth_abstract(title: str) -> str:
    """A short synthetic abstract that reads like one and mentions the system name."""
    rng = random.Random(sha1("abstract|" + title))
    name = system_name(title)
    rest = title.partition(":")[2].strip() if name else title
    rest = rest[:1].lower() + rest[1:]
    metric = rng.choice(METRICS)
    gain = round(rng.uniform(1.2, 9.5), 1)
    if name:
        first = f"We present {name}, {rest.rstrip('.')}."
    else:
        first = f"This paper studies {rest.rstrip('.')}."
    who = name or "Our approach"
    return (
        f"{first} Existing systems leave significant performance on the table because they "
        f"ignore the structure of modern deep learning workloads. {who} exploits this structure "
        f"with a new scheduling and placement design. Our evaluation on production traces and "
        f"real clusters shows that {who} improves {metric} by up to {gain}x over "
        f"state-of-the-art baselines."
    )


def _publication_venue(code: str) -> dict[str, Any] | None:
    name, kind, short = VENUES[code]
    if not name:
        return None
    return {
        "id": str(uuid.UUID(sha1("venue|" + name)[:32])),
        "name": name,
        "type": kind,
        "alternate_names": [short] if short and short != name else [],
        "url": None,
    }


def _date(seed: str, year: int, month: int | None = None) -> str:
    rng = random.Random(sha1("date|" + seed))
    month = month or rng.randint(1, 12)
    return f"{year:04d}-{month:02d}-{rng.randint(1, 28):02d}"


def s2_record(spec: Spec) -> dict[str, Any]:
    """The full S2 record for ``spec`` (references are filled in later by :func:`link`)."""
    assert spec.title is not None
    title = spec.title
    rng = random.Random(sha1("s2|" + title))
    pid = spec.pid
    year = spec.year
    venue_name = VENUES[spec.venue][0]
    if spec.venue != "arXiv" and stable_fraction("empty-venue", title) < 0.06:
        venue_name = ""  # S2 often knows the year but not the venue
    ext: dict[str, Any] = {}
    if spec.venue not in ("arXiv", "") and stable_fraction("dblp", title) < 0.8:
        words = normalize_title(title).split()
        ext["DBLP"] = f"conf/{spec.venue.lower()}/{split_authors(spec)[0].split()[-1]}" \
                      f"{''.join(w[0].upper() for w in words[:3])}{str(year)[-2:]}"
    if year and year < 2021 and stable_fraction("mag", title) < 0.7:
        ext["MAG"] = str(int(sha1("mag|" + title)[:8], 16) % 3_100_000_000 + 1_000_000)
    if spec.arxiv:
        ext["ArXiv"] = spec.arxiv
    doi = spec.doi
    if doi is None and spec.arxiv and spec.venue == "arXiv" and \
            stable_fraction("arxiv-doi", title) < 0.5:
        doi = f"10.48550/arXiv.{spec.arxiv}"
    if doi:
        ext["DOI"] = doi
    ext["CorpusId"] = corpus_id(title, spec.salt)

    null_abstract = spec.null_abstract
    if null_abstract is None:
        null_abstract = stable_fraction("null-abstract", title) < 0.3
    abstract = None if null_abstract else (spec.abstract or synth_abstract(title))

    if spec.citations is not None:
        cites = spec.citations
    else:
        age = max(1, 2025 - (year or 2020))
        cites = int(rng.lognormvariate(3.0 + 0.35 * age, 0.9))
    influential = int(cites * rng.uniform(0.02, 0.12))

    if spec.venue == "arXiv":
        journal: dict[str, Any] | None = {"name": "ArXiv", "volume": f"abs/{spec.arxiv}"}
    else:
        roll = stable_fraction("journal", title)
        first_page = rng.randint(1, 900)
        pages = f"{first_page}-{first_page + rng.randint(10, 18)}"
        if roll < 0.15:
            journal = None
        elif roll < 0.35:
            journal = {"pages": pages}  # journal without name, like Attention's
        elif roll < 0.75:
            journal = {"name": f"Proceedings of the {VENUES[spec.venue][2]} {year}",
                       "pages": pages}
        else:
            journal = {"name": VENUES[spec.venue][2] or "Conference", "volume": str(year),
                       "pages": pages}

    if spec.arxiv and stable_fraction("oa", title) < 0.5:
        url = f"https://arxiv.org/pdf/{spec.arxiv}"
        oa = {"url": url, "status": "GREEN", "license": None,
              "disclaimer": DISCLAIMER.format(where=f"https://arxiv.org/abs/{spec.arxiv}")}
        is_oa = True
    elif spec.venue in USENIX and year:
        last = normalize_title(split_authors(spec)[0].split()[-1]).replace(" ", "")
        url = f"https://www.usenix.org/system/files/{spec.venue.lower()}{str(year)[-2:]}-{last}.pdf"
        oa = {"url": url, "status": "BRONZE", "license": None,
              "disclaimer": DISCLAIMER.format(where=url)}
        is_oa = True
    else:
        if spec.arxiv:
            where = f"https://arxiv.org/abs/{spec.arxiv}"
        elif doi:
            where = (f"https://api.unpaywall.org/v2/{doi}?email=<INSERT_YOUR_EMAIL> or "
                     f"https://doi.org/{doi}")
        else:
            where = f"https://www.semanticscholar.org/paper/{pid}"
        text = DISCLAIMER.format(where=where)
        if abstract is None and doi:
            text = ELIDED + text[len("Notice: "):]
        oa = {"url": "", "status": None, "license": None, "disclaimer": text}
        is_oa = False

    if spec.venue == "arXiv":
        types: list[str] | None = ["JournalArticle"]
    elif stable_fraction("types", title) < 0.12:
        types = None
    else:
        types = ["JournalArticle", "Conference"] if rng.random() < 0.6 else ["Conference"]

    fos_roll = stable_fraction("fos", title)
    fos: list[str] | None = (
        None if fos_roll < 0.08 else
        ["Computer Science", "Engineering"] if fos_roll < 0.25 else ["Computer Science"]
    )
    s2fos = [{"category": f, "source": "external"} for f in (fos or [])]
    s2fos.append({"category": "Computer Science", "source": "s2-fos-model"})

    month = None
    if spec.arxiv and re.match(r"^\d{4}\.", spec.arxiv) and spec.venue == "arXiv":
        month = int(spec.arxiv[2:4])
    pub_date = None if stable_fraction("no-date", title) < 0.1 or not year else \
        _date(title, year, month)

    record: dict[str, Any] = {
        "paperId": pid,
        "externalIds": ext,
        "publicationVenue": None if (not venue_name or stable_fraction("pv", title) < 0.2)
        else _publication_venue(spec.venue),
        "title": title,
        "abstract": abstract,
        "venue": venue_name,
        "year": year,
        "referenceCount": 0,
        "citationCount": cites,
        "influentialCitationCount": influential,
        "isOpenAccess": is_oa,
        "openAccessPdf": oa,
        "fieldsOfStudy": fos,
        "s2FieldsOfStudy": s2fos,
        "publicationTypes": types,
        "publicationDate": pub_date,
        "journal": journal,
        "authors": [{"authorId": author_id(n), "name": n} for n in split_authors(spec)],
        "references": [],
    }
    return record


def arxiv_published(arxiv_id: str, seed: str) -> str:
    rng = random.Random(sha1("published|" + seed))
    yy, mm = int(arxiv_id[:2]), int(arxiv_id[2:4])
    return (f"20{yy:02d}-{mm:02d}-{rng.randint(1, 28):02d}T"
            f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z")


def arxiv_entry(spec: Spec, abstract: str | None = None) -> dict[str, Any]:
    """The arXiv entry for ``spec``: title is the arXiv title (``ax_title``, else the first list
    title as the authors wrote it, else the S2 title)."""
    assert spec.arxiv
    title = spec.ax_title or (spec.lists[0] if spec.lists else spec.title) or spec.any_title
    rng = random.Random(sha1("arxiv|" + spec.arxiv))
    versions = rng.choice((1, 1, 2, 2, 3))
    published = arxiv_published(spec.arxiv, spec.arxiv)
    y, m, d = int(published[:4]), int(published[5:7]), int(published[8:10])
    months = m + rng.randint(1, 9) * (versions - 1)
    updated = published if versions == 1 else (
        f"{y + (months - 1) // 12:04d}-{(months - 1) % 12 + 1:02d}-{min(d + 1, 28):02d}"
        f"{published[10:]}"
    )
    cats = list(spec.categories or rng.choice(
        (("cs.DC", "cs.LG"), ("cs.DC",), ("cs.LG", "cs.DC"), ("cs.DC", "cs.AI", "cs.LG"),
         ("cs.CL", "cs.DC"), ("cs.AR", "cs.LG"), ("cs.OS", "cs.DC"))
    ))
    comment = None
    roll = stable_fraction("comment", spec.arxiv)
    short = VENUES.get(spec.venue, ("", "", ""))[2]
    if spec.venue not in ("arXiv", "") and roll < 0.45 and spec.year:
        comment = f"Accepted to {short} {spec.year}"
    elif roll < 0.7:
        comment = f"{rng.randint(10, 24)} pages, {rng.randint(6, 22)} figures"
    journal_ref = None
    if spec.venue not in ("arXiv", "") and stable_fraction("jref", spec.arxiv) < 0.25:
        journal_ref = f"{short} {spec.year}"
    doi = spec.doi if spec.doi and stable_fraction("axdoi", spec.arxiv) < 0.6 else None
    return {
        "id": spec.arxiv,
        "versions": versions,
        "title": title,
        "summary": abstract or spec.abstract or synth_abstract(title),
        "authors": split_authors(spec),
        "published": published,
        "updated": updated,
        "categories": cats,
        "primary_category": cats[0],
        "comment": comment,
        "journal_ref": journal_ref,
        "doi": doi,
    }


UNRESOLVED_REFS = (
    "NVIDIA Collective Communications Library (NCCL)",
    "Kubernetes: Production-Grade Container Orchestration",
    "Horovod timeline documentation",
    "Microsoft Philly traces",
    "NVIDIA Multi-Process Service",
    "Alibaba cluster trace program",
    "Personal communication",
    "OpenAI. GPT-4 technical report (online)",
    "DeepSpeed: extreme-scale model training for everyone (blog)",
    "Amazon EC2 spot instances",
)


def link(records: dict[str, dict[str, Any]], specs: Sequence[Spec]) -> None:
    """Give every S2 record references: to earlier listed papers (internal citation edges), to
    outside papers, to ids S2 does not serve, and unresolved ones with ``paperId: null``."""
    listed = [s for s in specs if s.kind == "listed" and s.title]
    outside = [s for s in specs if s.kind == "outside" and s.title]
    for spec in specs:
        if not spec.title:
            continue
        rec = records[spec.pid]
        rng = random.Random(sha1("refs|" + spec.title))
        year = spec.year or 2020
        refs: list[dict[str, Any]] = []
        if spec.kind == "listed":
            earlier = [s for s in listed if (s.year or 0) < year and s.key != spec.key]
            for s in rng.sample(earlier, min(len(earlier), rng.randint(1, 6))):
                refs.append({"paperId": s.pid, "title": s.title})
        older = [s for s in outside if (s.year or 0) <= year and s.key != spec.key]
        for s in rng.sample(older, min(len(older), rng.randint(1, 4))):
            refs.append({"paperId": s.pid, "title": s.title})
        for i in range(rng.randint(0, 2)):
            fake = f"Unserved reference {i} of {spec.title}"
            refs.append({"paperId": sha1(fake), "title": fake})
        for title in rng.sample(UNRESOLVED_REFS, rng.randint(0, 2)):
            refs.append({"paperId": None, "title": title})
        rng.shuffle(refs)
        rec["references"] = refs
        rec["referenceCount"] = len(refs)


def assemble(
    specs: Sequence[Spec],
    *,
    overrides: dict[str, str | None],
    truth: list[dict[str, Any]],
    meta: dict[str, Any],
    extra_entries: Iterable[Spec] = (),
) -> dict[str, Any]:
    """Build the world document. ``overrides`` maps list titles to spec keys (or ``None``)."""
    by_key = {s.key: s for s in specs}
    records: dict[str, dict[str, Any]] = {}
    for spec in specs:
        if spec.title:
            rec = s2_record(spec)
            if rec["paperId"] in records:
                raise ValueError(f"duplicate S2 title {spec.title!r}")
            records[rec["paperId"]] = rec
    link(records, specs)
    entries: dict[str, dict[str, Any]] = {}
    for spec in list(specs) + list(extra_entries):
        if spec.arxiv:
            abstract = records[spec.pid]["abstract"] if spec.title else None
            if spec.arxiv in entries:
                raise ValueError(f"duplicate arXiv id {spec.arxiv}")
            entries[spec.arxiv] = arxiv_entry(spec, abstract)
    match_overrides = {
        normalize_title(title): (by_key[key].pid if key else None)
        for title, key in overrides.items()
    }
    return {
        "meta": meta,
        "s2": {"papers": sorted(records.values(), key=lambda r: r["paperId"])},
        "arxiv": {"entries": sorted(entries.values(), key=lambda e: e["id"])},
        "match_overrides": dict(sorted(match_overrides.items())),
        "truth": truth,
    }


def dump_world(world: dict[str, Any]) -> str:
    """JSON text with one record per line: diffable, and far smaller than indented JSON."""
    import json

    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))

    parts = ["{", f' "meta": {one(world["meta"])},']
    for section, key in (("s2", "papers"), ("arxiv", "entries")):
        rows = ",\n".join(f"  {one(r)}" for r in world[section][key])
        parts.append(f' "{section}": {{"{key}": [\n{rows}\n ]}},')
    rows = ",\n".join(f"  {one(k)}: {one(v)}" for k, v in world["match_overrides"].items())
    parts.append(f' "match_overrides": {{\n{rows}\n }},')
    rows = ",\n".join(f"  {one(r)}" for r in world["truth"])
    parts.append(f' "truth": [\n{rows}\n ]')
    parts.append("}")
    return "\n".join(parts) + "\n"


def check_world(world: World) -> list[str]:
    """Internal consistency: every truth row is reachable the way its ``path`` says, and nothing
    else claims it. Returns human-readable problems (empty when the world is sound)."""
    problems: list[str] = []
    for paper in world.papers.values():
        arxiv_id = (paper.get("externalIds") or {}).get("ArXiv")
        if arxiv_id and arxiv_id not in world.entries:
            problems.append(f"S2 ArXiv id {arxiv_id} has no arXiv entry")
    for row in world.truth:
        title, expect, path = row["list_title"], row["expect"], row["path"]
        got = world.match(title)
        got_id = got[0]["paperId"] if got else None
        phrase = world.arxiv_search(f'ti:"{title}"')
        first = phrase[0]["id"] if phrase else None
        if path == "match":
            # several S2 records may carry the title (twins, duplicates, same-titled decoys):
            # S2's match answers with any of them
            others = {*row.get("also", ()), *row.get("decoys", ())}
            if expect != f"s2:{got_id}" and got_id not in others:
                problems.append(f"{title!r}: match gives {got_id}, truth {expect}")
        elif path == "arxiv":
            pid = expect.removeprefix("s2:") if expect else None
            linked = world.lookup(f"ARXIV:{row['arxiv']}")
            if got_id == pid:
                problems.append(f"{title!r}: match should not find {pid} directly")
            if first != row["arxiv"]:
                problems.append(f"{title!r}: arXiv phrase search gives {first}, "
                                f"want {row['arxiv']}")
            if not linked or linked["paperId"] != pid:
                problems.append(f"{title!r}: ARXIV:{row['arxiv']} does not resolve to {pid}")
        elif path == "arxiv-only":
            if expect != f"arxiv:{row['arxiv']}" or first != row["arxiv"]:
                problems.append(f"{title!r}: arXiv phrase search gives {first}, truth {expect}")
            if world.lookup(f"ARXIV:{row['arxiv']}") is not None:
                problems.append(f"{title!r}: arXiv-only paper {row['arxiv']} is in S2")
        elif path == "nowhere":
            norm = normalize_title(title)
            if expect is not None:
                problems.append(f"{title!r}: nowhere row must expect null")
            if any(normalize_title(p["title"]) == norm for p in world.papers.values()):
                problems.append(f"{title!r}: S2 holds a paper with exactly this title")
            if any(normalize_title(e["title"]) == norm for e in world.entries.values()):
                problems.append(f"{title!r}: arXiv holds an entry with exactly this title")
        else:
            problems.append(f"{title!r}: unknown path {path!r}")
        if expect and expect.startswith("s2:") and expect[3:] not in world.papers:
            problems.append(f"{title!r}: truth id {expect} not in S2")
        if expect and expect.startswith("arxiv:"):
            if expect[6:] not in world.entries:
                problems.append(f"{title!r}: truth id {expect} not in arXiv")
            if world.lookup(f"ARXIV:{expect[6:]}") is not None:
                problems.append(f"{title!r}: arXiv-only truth {expect} is also in S2")
    return problems
