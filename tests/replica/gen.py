"""Synthetic worlds and reading lists of any size, with the seed world's quirks in similar shares.

``generate(n_titles, seed)`` returns ``(world, list_text)``: a world document (same format as
``worlds/seeds.json``, truth included) and a reading list of ``n_titles`` entries in mixed shapes
(``- [OSDI '22] Title``, ``    • Title (SOSP19)`` with an optional ``(Alias)``, bare ``- Title``
under a heading). Used by the 3,000-title benchmark; deterministic for a seed.
``generate(..., linked=P)``: each entry of a paper with an arXiv id also gets an
``[[arXiv](https://arxiv.org/abs/<id>)]`` link with probability P (decided by a random stream of
its own, so the list is otherwise the same as with ``linked=0``).

Shares (of distinct papers, roughly as in the seed world): about 4% arXiv-only, 3% held by S2
under a different title, 3% answered by S2's match with a look-alike, 2.5% nowhere at all, ~30%
null S2 abstracts; about 8% of entries repeat an earlier paper under a variant title. About 20%
of the ordinary papers become one of ``hard.py``'s cases (preprint and venue records, duplicates,
decoys of other years, shared system names, titles bulk search misses); truth rows name their
case (``case``) and the other S2 ids that are right too (``also``) or wrong (``decoys``).
"""

from __future__ import annotations

import random
from typing import Any

from tests.replica import hard
from tests.replica.build import Spec, assemble, check_world
from tests.replica.world import World

SYLLABLES = ("ka", "lo", "mi", "ra", "ze", "to", "vi", "qu", "an", "dor", "fen", "gal", "hex",
             "jin", "kor", "lum", "mar", "nex", "pyr", "sol", "tar", "ul", "vox", "wen", "xel",
             "yor", "zin", "bri", "cas", "del")
ADJ = ("Efficient", "Scalable", "Elastic", "Adaptive", "Fast", "Fault-Tolerant", "Low-Latency",
       "High-Throughput", "Cost-Effective", "Heterogeneity-Aware", "Memory-Efficient",
       "Predictable", "Fair", "Decentralized", "Speculative", "Energy-Efficient")
NOUN = ("Scheduling", "Serving", "Training", "Inference", "Checkpointing", "Pipeline Parallelism",
        "Tensor Parallelism", "Gradient Compression", "KV-Cache Management", "Operator Fusion",
        "Graph Partitioning", "Parameter Synchronization", "Embedding Caching", "Autoscaling",
        "Memory Offloading", "Collective Communication", "Job Placement", "Model Compression",
        "Hyperparameter Tuning", "Data Loading")
OBJ = ("Large Language Models", "Deep Learning Clusters", "Mixture-of-Experts Models",
       "Recommendation Models", "Diffusion Models", "Graph Neural Networks",
       "Multi-Tenant GPU Clusters", "Serverless Platforms", "Edge Devices",
       "Heterogeneous Accelerators", "Transformer Models", "Spot Instances", "Vision Transformers",
       "Long-Context Inference", "Distributed DNN Training")
OTHER_FIELD = ("A Benchmark for Code Generation", "Learning to Rank Product Reviews",
               "A Family of Multimodal Foundation Models", "Robust Visual Tracking from Drones",
               "Protein Structure Prediction with Geometric Priors",
               "Interpretable Credit Scoring with Gradient Boosting",
               "Sentence Embeddings via Contrastive Pretraining",
               "A Dataset of Annotated Radiology Reports",
               "Reinforcement Learning for Robot Grasping",
               "Weld Defect Localization with Residual Networks")
VENUES = ("OSDI", "SOSP", "NSDI", "ATC", "EuroSys", "ASPLOS", "MLSys", "SC", "PPoPP", "ICML",
          "NeurIPS", "arXiv", "VLDB", "ISCA", "HPCA")


def _name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3)))).capitalize()
        if rng.random() < 0.15:
            name = name.upper()
        if name.casefold() not in used and len(name) >= 4:
            used.add(name.casefold())
            return name


def _subtitle(rng: random.Random, used: set[tuple[str, str, str]]) -> tuple[str, str, str]:
    while True:
        combo = (rng.choice(ADJ), rng.choice(NOUN), rng.choice(OBJ))
        if combo not in used or len(used) > 4500:
            used.add(combo)
            return combo


def _variant(title: str, rng: random.Random) -> str:
    """A list-style spelling of ``title``: case, punctuation or a dropped article."""
    choice = rng.randrange(6)
    if choice == 0:
        return title.lower()
    if choice == 1:
        return title.replace("-", " ")
    if choice == 2 and ":" in title:
        head, _, tail = title.partition(":")
        return f"{head.upper()}:{tail}"
    if choice == 3:
        return title.title()
    if choice == 4 and title.endswith("Models"):
        return title[:-1]  # "... Language Model" for "... Language Models"
    return title.replace(":", " -", 1) if ":" in title else title + "."


def _arxiv_id(rng: random.Random, year: int, used: set[str]) -> str:
    while True:
        ident = f"{year % 100:02d}{rng.randint(1, 12):02d}.{rng.randint(1, 19999):05d}"
        if ident not in used:
            used.add(ident)
            return ident


def generate(n_titles: int, seed: int, linked: float = 0.0) -> tuple[dict[str, Any], str]:
    """A synthetic world and a reading list with ``n_titles`` entries (see module docstring)."""
    rng = random.Random(seed)
    names: set[str] = set()
    combos: set[tuple[str, str, str]] = set()
    arxiv_ids: set[str] = set()
    specs: list[Spec] = []
    overrides: dict[str, str | None] = {}
    entries: list[tuple[str, Spec]] = []  # (list title, paper) in list order
    paths: dict[str, str] = {}  # key -> truth path (match, arxiv, arxiv-only, nowhere)
    kinds: dict[str, str] = {}
    system: dict[str, str] = {}  # key -> system name, for "(Alias) Title" list entries
    cases = hard.Cases()

    n_papers = max(1, round(n_titles * 0.92))
    i = 0
    while len(entries) + len(cases.entries) < n_papers:
        key = f"p{i:05d}"
        i += 1
        spec, kind, name, subtitle = _paper(key, rng, names, combos, arxiv_ids)
        specs.append(spec)
        kinds[key] = kind
        system[key] = name
        entries.append((spec.lists[0], spec))
        title = spec.lists[0]
        hard_kind = hard.pick(rng.random()) if kind == "match" else None
        if hard_kind:
            kinds[key] = hard_kind
            paths[key] = hard.apply(hard_kind, spec, name, subtitle, rng, PARTS, cases, combos)
            continue
        paths[key] = {"arxiv-only": "arxiv-only", "nowhere": "nowhere", "match": "match"}.get(
            kind, "arxiv")
        if kind in ("lookalike", "nowhere") or (kind == "arxiv-only" and rng.random() < 0.5):
            other = Spec(key=f"{key}-lookalike", title=f"{name}: {rng.choice(OTHER_FIELD)}",
                         year=rng.randint(2015, 2024), venue=rng.choice(("arXiv", "ICML", "")),
                         kind="lookalike")
            if other.title not in {s.title for s in specs[-3:]}:
                specs.append(other)
                overrides[title] = other.key
                overrides[name] = other.key
        if kind == "retitled":
            overrides[title] = None
        if kind == "nowhere" and title not in overrides:
            overrides[title] = None
    specs.extend(cases.specs)
    overrides.update(cases.overrides)
    for title, spec in cases.entries:
        entries.insert(rng.randrange(len(entries) + 1), (title, spec))
        kinds[spec.key] = paths[spec.key] = "match"
        system[spec.key] = title.partition(":")[0]

    # Repeats: later entries naming an earlier paper with a variant spelling.
    listed = [s for s in specs if s.kind == "listed" and kinds.get(s.key) == "match"]
    while len(entries) < n_titles:
        spec = rng.choice(listed)
        variant = _variant(spec.lists[0], rng)
        if variant not in spec.lists:
            spec.lists = (*spec.lists, variant)
        entries.insert(rng.randrange(len(entries) + 1), (variant, spec))

    # Outside papers for references.
    for j in range(max(5, n_titles // 50)):
        name = _name(rng, names)
        adj, noun, obj = _subtitle(rng, combos)
        specs.append(Spec(key=f"out{j:04d}", title=f"{name}: {adj} {noun} for {obj}",
                          year=rng.randint(2010, 2020), venue=rng.choice(VENUES),
                          kind="outside"))

    text, dated = _render(entries, system, rng, linked, random.Random(f"{seed}-links"))
    truth = _truth(entries, paths, kinds, cases, dated)
    meta = {"name": f"generated-{n_titles}-{seed}", "entries": n_titles, "seed": seed,
            "description": "Synthetic world from tests/replica/gen.py",
            "unindexed": sorted(s.pid for s in cases.unindexed if s.title)}
    world = assemble(specs, overrides=overrides, truth=truth, meta=meta)
    problems = check_world(World(world))
    if problems:
        raise AssertionError(f"generated world is inconsistent ({len(problems)} problems): "
                             + "; ".join(problems[:5]))
    return world, text


PARTS = (ADJ, NOUN, OBJ)


def _paper(key: str, rng: random.Random, names: set[str], combos: set[tuple[str, str, str]],
           arxiv_ids: set[str]) -> tuple[Spec, str, str, tuple[str, str, str]]:
    """One listed paper: its spec, kind, system name and subtitle parts."""
    name = _name(rng, names)
    adj, noun, obj = _subtitle(rng, combos)
    venue = rng.choice(VENUES)
    year = rng.randint(2016, 2024)
    if rng.random() < 0.1:
        title = f"{adj} {noun} for {obj} with {name}"
    else:
        title = f"{name}: {adj} {noun} for {obj}"
    roll = rng.random()
    kind = ("arxiv-only" if roll < 0.04 else "retitled" if roll < 0.07 else
            "lookalike" if roll < 0.10 else "nowhere" if roll < 0.125 else "match")
    has_arxiv = kind in ("arxiv-only", "retitled", "lookalike") or rng.random() < 0.5
    arxiv = _arxiv_id(rng, year - (venue != "arXiv" and rng.random() < 0.5), arxiv_ids) \
        if has_arxiv and kind != "nowhere" else None
    s2_title: str | None = title
    ax_title = None
    if kind == "arxiv-only":
        s2_title = None
        venue = "arXiv"
    elif kind == "nowhere":
        s2_title = None
    elif kind == "retitled":
        adj2, noun2, obj2 = _subtitle(rng, combos)
        s2_title = f"{name}: {adj2} {noun2} for {obj2}"
        ax_title = title
    spec = Spec(key=key, title=s2_title, year=year, venue=venue, arxiv=arxiv,
                ax_title=ax_title, lists=(title,))
    return spec, kind, name, (adj, noun, obj)


def _truth(entries: list[tuple[str, Spec]], paths: dict[str, str], kinds: dict[str, str],
           cases: hard.Cases, dated: set[str]) -> list[dict[str, Any]]:
    truth: list[dict[str, Any]] = []
    seen: set[str] = set()
    for title, spec in entries:
        if title in seen:
            continue
        seen.add(title)
        path = paths[spec.key]
        if path == "arxiv-only":
            expect: str | None = f"arxiv:{spec.arxiv}"
        elif path == "nowhere":
            expect = None
        else:
            expect = f"s2:{spec.pid}"
        row = {"list_title": title, "expect": expect, "path": path, "arxiv": spec.arxiv,
               "key": spec.key, "case": kinds[spec.key], "files": ["generated.txt"]}
        row.update(cases.truth_fields(spec.key, spec.key in dated))
        truth.append(row)
    return truth


def _tag(spec: Spec, style: str) -> str:
    year = spec.year or 2020
    venue = spec.venue or "x"
    if style == "bracket":
        return f"[{venue} '{year % 100:02d}]"
    return f"({venue}{year % 100:02d})"


def _render(entries: list[tuple[str, Spec]], system: dict[str, str], rng: random.Random,
            linked: float = 0.0, link_rng: random.Random | None = None
            ) -> tuple[str, set[str]]:
    """The list's text and the keys of the papers an entry of it gives a year for."""
    lines = ["A generated reading list", ""]
    dated: set[str] = set()
    link_rng = link_rng or random.Random(0)
    section = 0
    i = 0
    while i < len(entries):
        size = rng.randint(8, 40)
        shape = rng.choice(("bracket", "bullet", "bare"))
        section += 1
        lines.append(f"{section}. Topic {section}" if shape == "bullet" else f"Topic {section}")
        for title, spec in entries[i : i + size]:
            if shape != "bare":
                dated.add(spec.key)
            if shape == "bracket":
                lines.append(f"- {_tag(spec, 'bracket')} {title}")
            elif shape == "bullet":
                # "(Gavel) Heterogeneity-Aware ..." : an alias only where the title lacks it
                alias = f"({system[spec.key]}) " if ":" not in title and rng.random() < 0.7 \
                    else ""
                lines.append(f"    • {alias}{title} {_tag(spec, 'paren')}")
            else:
                lines.append(f"- {title}")
            if spec.arxiv and linked and link_rng.random() < linked:
                lines[-1] += f" [[arXiv](https://arxiv.org/abs/{spec.arxiv})]"
        lines.append("")
        i += size
    return "\n".join(lines), dated
