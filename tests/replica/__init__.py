"""A local replica of the Semantic Scholar Graph API and the arXiv API, for end-to-end tests and
benchmarks. See ``README.md`` in this directory.

    from tests.replica import start_replica, SEEDS_WORLD
    with start_replica(SEEDS_WORLD, s2_rps=20, arxiv_interval=0.15) as replica:
        env = {"ENRICH_S2_URL": replica.s2_url, "ENRICH_ARXIV_URL": replica.arxiv_url}
"""

from __future__ import annotations

from pathlib import Path

from tests.replica.server import Replica, RequestRecord, start_replica
from tests.replica.world import World, normalize_title

SEEDS_WORLD = Path(__file__).resolve().parent / "worlds" / "seeds.json"
"""The committed world for the four seed lists in ``data/raw`` (built by build_seeds_world.py)."""


def load_seeds_world() -> World:
    return World.load(SEEDS_WORLD)


__all__ = [
    "SEEDS_WORLD",
    "Replica",
    "RequestRecord",
    "World",
    "load_seeds_world",
    "normalize_title",
    "start_replica",
]
