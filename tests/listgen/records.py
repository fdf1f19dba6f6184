"""Paper records for generated lists: titles, authors, venues, years, pages, DOIs, arXiv ids.

Pure and seeded: :func:`make_records` draws from the tables here and the seed titles the pool
file carries (:mod:`tests.listgen.pool`), so the same seed gives the same records.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Venue:
    """A venue as lists and reference styles name it.

    ``canonical``: the spelling the parser should give (the gold); ``long``: the full name a
    reference style prints (``{n}`` is the edition's ordinal); ``short``: the abbreviated
    container a style may print instead; ``kind``: ``conf``, ``journal`` or ``preprint``.
    """

    canonical: str
    long: str
    short: str
    kind: str


# fmt: off
VENUES: tuple[Venue, ...] = (
    Venue("OSDI", "Proceedings of the {n} USENIX Symposium on Operating Systems Design and "
          "Implementation", "OSDI", "conf"),
    Venue("SOSP", "Proceedings of the {n} Symposium on Operating Systems Principles", "SOSP",
          "conf"),
    Venue("NSDI", "{n} USENIX Symposium on Networked Systems Design and Implementation", "NSDI",
          "conf"),
    Venue("ATC", "Proceedings of the USENIX Annual Technical Conference", "USENIX ATC", "conf"),
    Venue("EuroSys", "Proceedings of the {n} European Conference on Computer Systems", "EuroSys",
          "conf"),
    Venue("ASPLOS", "Proceedings of the {n} ACM International Conference on Architectural Support "
          "for Programming Languages and Operating Systems", "ASPLOS", "conf"),
    Venue("MLSys", "Proceedings of Machine Learning and Systems", "MLSys", "conf"),
    Venue("SC", "Proceedings of the International Conference for High Performance Computing, "
          "Networking, Storage and Analysis", "SC", "conf"),
    Venue("PPoPP", "Proceedings of the {n} ACM SIGPLAN Symposium on Principles and Practice of "
          "Parallel Programming", "PPoPP", "conf"),
    Venue("NeurIPS", "Advances in Neural Information Processing Systems", "NeurIPS", "conf"),
    Venue("ICML", "Proceedings of the {n} International Conference on Machine Learning", "ICML",
          "conf"),
    Venue("ICLR", "International Conference on Learning Representations", "ICLR", "conf"),
    Venue("ISCA", "Proceedings of the {n} Annual International Symposium on Computer "
          "Architecture", "ISCA", "conf"),
    Venue("SIGCOMM", "Proceedings of the ACM SIGCOMM {y} Conference", "SIGCOMM", "conf"),
    Venue("FAST", "{n} USENIX Conference on File and Storage Technologies", "FAST", "conf"),
    Venue("SoCC", "Proceedings of the ACM Symposium on Cloud Computing", "SoCC", "conf"),
    Venue("HPCA", "IEEE International Symposium on High-Performance Computer Architecture",
          "HPCA", "conf"),
    Venue("MICRO", "Proceedings of the {n} IEEE/ACM International Symposium on "
          "Microarchitecture", "MICRO", "conf"),
    Venue("ACL", "Proceedings of the {n} Annual Meeting of the Association for Computational "
          "Linguistics", "ACL", "conf"),
    Venue("VLDB", "Proceedings of the VLDB Endowment", "Proc. VLDB Endow.", "journal"),
    Venue("TPDS", "IEEE Transactions on Parallel and Distributed Systems",
          "IEEE Trans. Parallel Distrib. Syst.", "journal"),
    Venue("CACM", "Communications of the ACM", "Commun. ACM", "journal"),
    Venue("arXiv", "arXiv", "arXiv", "preprint"),
)
# fmt: on
"""Venues the project's vocabulary (``enrich.venues``) knows, so the gold is its canonical name."""

VENUE_WEIGHTS = tuple({"preprint": 6, "journal": 2}.get(v.kind, 3) for v in VENUES)

# fmt: off
GIVEN = (
    "Woosuk", "Zhuohan", "Siyuan", "Ion", "Matei", "Gyeong-In", "Joo Seong", "Jiaao", "Xin",
    "Yuxin", "Hao", "Ana", "José", "Zoë", "Björn", "François", "Anuj", "Deepak", "Priya", "Ravi",
    "Emma", "Michael", "Sarah", "Daniel", "Tianqi", "Yang", "Kaiming", "Jeff", "Sanjay",
    "Amar", "Eun-Ji", "Min-Jun", "Hyeontaek", "Saurabh", "Aurélien", "Łukasz", "Marta", "Søren",
    "Noam", "Yoshua", "Rajeev", "Jinyang", "Xinyu", "Wei", "Li", "Chen", "Mohammad", "Fatima",
    "Juan Carlos", "Mary Jane", "Kai", "Olga", "Ilya", "Hiroshi", "Yuki", "Ayşe", "Mehmet",
)
FAMILY = (
    "Kwon", "Li", "Zhuang", "Stoica", "Zaharia", "Yu", "Jeong", "Zhang", "Wang", "Chen", "Liu",
    "Gonzalez", "García", "Müller", "Nørgaard", "Narayanan", "Patel", "Sharma", "Smith", "Johnson",
    "Dean", "Ghemawat", "Lim", "Park", "Kim", "Agrawal", "Géron", "Kaiser", "Shazeer", "Bengio",
    "van der Berg", "de la Cruz", "O'Neil", "Martín-Sánchez", "Dubois", "Rossi", "Nakamura",
    "Tanaka", "Yılmaz", "Kowalski", "Ivanova", "Sutskever", "Hinton", "Ng", "Xu", "Zhou", "Qiao",
    "Ousterhout", "Shenker", "Crankshaw", "Moritz", "Nishihara", "Huang", "He", "Sun", "Al-Fares",
)
# fmt: on

SYSTEM_NAMES = (
    "Orca", "Flux", "Tetris", "Nimbus", "Quill", "Helix", "Mosaic", "Prism", "Aegis", "Kestrel",
    "ZipLM", "vTrain", "GPipe++", "DistServe", "Tpu-Lite", "HiveMind", "S3-FIFO", "FlashRoute",
    "Pathfinder", "μServe", "Lóttó", "Arbor", "Zephyr", "Caravan", "Ditto", "Nexus", "Sailor",
)
ADJ = ("Efficient", "Scalable", "Elastic", "Adaptive", "Fast", "Fault-Tolerant", "Low-Latency",
       "High-Throughput", "Cost-Effective", "Heterogeneity-Aware", "Memory-Efficient", "Fair",
       "Decentralized", "Speculative", "Energy-Efficient", "Verifiable", "Serverless")
NOUN = ("Scheduling", "Serving", "Training", "Inference", "Checkpointing", "Pipeline Parallelism",
        "Tensor Parallelism", "Gradient Compression", "KV-Cache Management", "Operator Fusion",
        "Graph Partitioning", "Embedding Caching", "Autoscaling", "Memory Offloading",
        "Collective Communication", "Job Placement", "Query Optimization", "Log Analysis")
OBJ = ("Large Language Models", "Deep Learning Clusters", "Mixture-of-Experts Models",
       "Recommendation Models", "Diffusion Models", "Graph Neural Networks", "Edge Devices",
       "Multi-Tenant GPU Clusters", "Serverless Platforms", "Heterogeneous Accelerators",
       "Transformer Models", "Spot Instances", "Vector Databases", "Key-Value Stores")
SUBTITLE = (
    "Lessons Learned from Three Years of Operating a Production Cluster at Scale",
    "Towards Predictable Performance for Mixed Workloads on Shared Infrastructure",
    "An Empirical Study of Failures, Stragglers and Their Root Causes in the Wild",
    "Design, Implementation, and Evaluation on Thousands of Accelerators",
)
CJK_TITLES = (
    "面向大语言模型推理的高效显存管理", "基于强化学习的深度学习集群调度方法研究",
    "分布式训练中的梯度压缩技术综述", "大規模言語モデルの効率的な推論システム",
)
SHORT_TITLES = ("Spanner", "Dremel", "Borg", "Orca", "TVM", "Ray", "Ansor", "Pathways")


@dataclass(frozen=True, slots=True)
class Record:
    """One paper as a generated entry names it (the gold comes from here)."""

    key: str
    title: str
    authors: tuple[tuple[str, str], ...]  #: (given, family)
    venue: Venue
    year: int
    pages: str | None
    doi: str | None
    arxiv_id: str | None
    edition: int  #: the conference's edition, for ``{n}`` in long names


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def container(record: Record) -> str:
    """The venue's full name as the record's proceedings or journal print it."""
    return record.venue.long.format(n=_ordinal(record.edition), y=record.year)


def synthetic_title(rng: random.Random) -> str:
    """A systems-paper title, in one of the shapes that make parsing hard."""
    name = rng.choice(SYSTEM_NAMES)
    body = f"{rng.choice(ADJ)} {rng.choice(NOUN)} for {rng.choice(OBJ)}"
    shape = rng.randrange(14)
    if shape == 8:
        return f"{name} — {body}"
    if shape == 9:  # not "Title (Name)": lists write that for an alias, not as the title
        return f"{name} (v2): {body}"
    if shape == 0:
        return f"{name}: {body}: {rng.choice(SUBTITLE)}"
    if shape == 1:
        return f"Is {rng.choice(NOUN)} All You Need for {rng.choice(OBJ)}?"
    if shape == 2:
        return f"{name}! {body}"
    if shape == 3:
        return f'"{rng.choice(NOUN)} Is Hard": {body}'
    if shape == 4:
        return f"{{{name}}}: {body} with {{GPUs}}"
    if shape == 5:
        return rng.choice(CJK_TITLES)
    if shape == 6:
        return rng.choice(SHORT_TITLES)
    if shape == 7:
        return f"{name}: Une approche {rng.choice(('légère', 'élastique', 'réfléchie'))} for {body}"
    return f"{name}: {body}"


def _authors(rng: random.Random) -> tuple[tuple[str, str], ...]:
    n = rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5, 6, 7, 8))
    return tuple((rng.choice(GIVEN), rng.choice(FAMILY)) for _ in range(n))


def make_record(rng: random.Random, title: str, key: str) -> Record:
    """A record for ``title`` with drawn authors, venue, year, pages and ids."""
    venue = rng.choices(VENUES, weights=VENUE_WEIGHTS)[0]
    year = rng.randrange(2009, 2026)
    month = rng.randrange(1, 13)
    arxiv_id = None
    if venue.kind == "preprint" or rng.random() < 0.3:
        # an arXiv id's digits are its year and month: 2004.05067 is April 2020
        arxiv_id = f"{year % 100:02d}{month:02d}.{rng.randrange(10000, 99999):05d}"
    doi = None if venue.kind == "preprint" else f"10.{rng.randrange(1000, 9999)}/{key}.{year}"
    first = rng.randrange(1, 900)
    pages = None if venue.kind == "preprint" else f"{first}-{first + rng.randrange(8, 20)}"
    return Record(key, title, _authors(rng), venue, year, pages, doi, arxiv_id,
                  edition=rng.randrange(1, 40))


def make_records(rng: random.Random, n: int, seed_titles: list[str]) -> list[Record]:
    """``n`` records: about half with a seed title, the rest synthetic (unique titles)."""
    out: list[Record] = []
    seen: set[str] = set()
    while len(out) < n:
        if seed_titles and rng.random() < 0.5:
            title = rng.choice(seed_titles)
        else:
            title = synthetic_title(rng)
        if title.casefold() in seen and len(seen) < len(seed_titles) + 200:
            continue
        seen.add(title.casefold())
        out.append(make_record(rng, title, f"r{len(out)}"))
    return out
