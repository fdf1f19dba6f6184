"""Shared test fixtures. No test touches the network: HTTP is mocked with ``responses``
or served by the local replica in ``tests/replica``."""

from __future__ import annotations

from pathlib import Path

import pytest
import responses

from enrich.http import EnrichSession, make_session
from enrich.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"
API_SAMPLES = FIXTURES / "api-samples"
SEEDS = Path(__file__).resolve().parents[1] / "data" / "raw"


def sample_bytes(name: str) -> bytes:
    """The exact bytes of a recorded upstream response in ``tests/fixtures/api-samples``."""
    return (API_SAMPLES / name).read_bytes()


@pytest.fixture
def api_sample():
    return sample_bytes


class FakeTime:
    """An injected clock that only moves when the code under test sleeps (no test really sleeps)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(float(seconds))
        self.now += float(seconds)


@pytest.fixture
def fake() -> FakeTime:
    return FakeTime()


@pytest.fixture
def rm():
    """``responses`` mock for one test (unfired registrations are fine)."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def new_session(tmp_path, fake):
    """Build sessions on a per-test cache; ``new_session(**settings_overrides)``."""
    made: list[EnrichSession] = []

    def build(**overrides) -> EnrichSession:
        overrides.setdefault("cache_path", tmp_path / "http.sqlite")
        session = make_session(Settings(**overrides), sleep=fake.sleep, clock=fake.clock)
        made.append(session)
        return session

    yield build
    for session in made:
        session.close()
