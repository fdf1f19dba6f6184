"""Shared test fixtures. No test touches the network: HTTP is mocked with ``responses``
or served by the local replica in ``tests/replica``."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
API_SAMPLES = FIXTURES / "api-samples"
SEEDS = Path(__file__).resolve().parents[1] / "data" / "raw"


def sample_bytes(name: str) -> bytes:
    """The exact bytes of a recorded upstream response in ``tests/fixtures/api-samples``."""
    return (API_SAMPLES / name).read_bytes()


@pytest.fixture
def api_sample():
    return sample_bytes
