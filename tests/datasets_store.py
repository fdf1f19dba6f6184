"""Datasets stores for the read side's tests, built the way a user builds one: a release in the
official shard format generated from a replica world (``tests/replica/datasets.py``), imported
by ``enrich datasets import`` (:func:`enrich.datasets.importer.import_release`). The store then
holds the papers the replica's S2 serves, so a run from it can be compared with a run against
the replica."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from enrich.datasets.importer import import_release
from enrich.settings import Settings
from tests.replica import SEEDS_WORLD
from tests.replica.datasets import write_release

RELEASE = "2025-01-14"


def world_store(
    root: Path, world: Path | dict[str, Any] = SEEDS_WORLD, *, release: str = RELEASE
) -> Path:
    """The store at ``root`` of a release generated from ``world`` (a path or a world dict)."""
    work = root.parent / f"{root.name}-{release}-work"
    work.mkdir(parents=True, exist_ok=True)
    if isinstance(world, dict):
        path = work / "world.json"
        path.write_text(json.dumps(world), encoding="utf-8")
        world = path
    shards = write_release(work / release, world=world)
    settings = Settings(datasets_dir=root, cache_path=work / "cache.sqlite")
    import_release(settings, shards, release_id=release)
    return root


def seeds_world() -> dict[str, Any]:
    """The seed world as a dict, to change before :func:`world_store`."""
    return json.loads(SEEDS_WORLD.read_text(encoding="utf-8"))
