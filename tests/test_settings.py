"""Settings from the environment: the public contract names, validation, secrecy."""

import logging
import re
from pathlib import Path

import pytest

from enrich import settings as settings_module
from enrich.errors import ConfigError
from enrich.settings import DEFAULT_ARXIV_DELAY, DEFAULT_S2_URL, ENV_VARS, Settings, unknown_env


def test_environment_names_are_wired():
    s = Settings.from_env(
        {
            "S2_API_KEY": "k-123",
            "ENRICH_S2_URL": "http://127.0.0.1:9/graph/v1/",
            "ENRICH_ARXIV_URL": "http://127.0.0.1:8/api/query",
            "ENRICH_S2_RPS": "20",
            "ENRICH_ARXIV_DELAY": "0.15",
            "ENRICH_CACHE": "/tmp/x.sqlite",
            "ENRICH_TIMEOUT": "5",
            "ENRICH_MAX_ATTEMPTS": "3",
            "ENRICH_MAX_WAIT": "9",
            "ENRICH_BACKOFF_BASE": "0.01",
            "ENRICH_BACKOFF_MAX": "0.1",
            "ENRICH_OFFLINE": "1",
            "ENRICH_KEEP_SNAPSHOTS": "30",
            "ENRICH_S2_BULK": "0",
        }
    )
    assert s.s2_api_key == "k-123"
    assert s.s2_url == "http://127.0.0.1:9/graph/v1"  # trailing slash dropped
    assert (s.s2_rps, s.arxiv_delay, s.timeout, s.max_attempts, s.max_wait) == (20, 0.15, 5, 3, 9)
    assert (s.backoff_base, s.backoff_max, s.offline) == (0.01, 0.1, True)
    assert s.cache_path == Path("/tmp/x.sqlite")
    assert s.keep_snapshots == 30
    assert s.s2_bulk is False


def test_defaults():
    s = Settings.from_env({})
    assert s.s2_url == DEFAULT_S2_URL and s.arxiv_delay == DEFAULT_ARXIV_DELAY and not s.offline
    assert s.s2_api_key is None
    assert s.keep_snapshots == 0  # every snapshot is kept
    assert s.s2_bulk is True  # title batches on unless ENRICH_S2_BULK=0


def test_cli_overrides_win_and_none_is_ignored():
    s = Settings.from_env({"ENRICH_OFFLINE": "0"}, offline=True, raw_dir="lists", out_dir=None)
    assert s.offline and s.raw_dir == Path("lists") and s.out_dir == Path("data/enriched")


@pytest.mark.parametrize(
    ("var", "value", "message"),
    [
        ("ENRICH_S2_URL", "ftp://x", "ENRICH_S2_URL must be an http or https URL"),
        ("ENRICH_S2_URL", "http://[::1/graph", r"ENRICH_S2_URL is not a valid URL \(Invalid IPv6"),
        ("ENRICH_ARXIV_URL", "http://h:port/api", "ENRICH_ARXIV_URL is not a valid URL"),
        ("ENRICH_S2_RPS", "0", "ENRICH_S2_RPS must be > 0"),
        ("ENRICH_ARXIV_DELAY", "-1", "ENRICH_ARXIV_DELAY must be >= 0"),
        ("ENRICH_MAX_ATTEMPTS", "many", "ENRICH_MAX_ATTEMPTS must be a whole number, got 'many'"),
        ("ENRICH_MAX_ATTEMPTS", "2.5", "ENRICH_MAX_ATTEMPTS must be a whole number"),
        ("ENRICH_TIMEOUT", "soon", "ENRICH_TIMEOUT must be a number, got 'soon'"),
        ("ENRICH_KEEP_SNAPSHOTS", "-1", r"ENRICH_KEEP_SNAPSHOTS must be >= 0 \(0 keeps every"),
        ("ENRICH_KEEP_SNAPSHOTS", "all", "ENRICH_KEEP_SNAPSHOTS must be a whole number"),
        ("ENRICH_OFFLINE", "maybe", "ENRICH_OFFLINE must be one of"),
        ("ENRICH_BACKOFF_BASE", "100", "ENRICH_BACKOFF_BASE must be"),
    ],
)
def test_bad_values_say_which_variable(var, value, message):
    with pytest.raises(ConfigError, match=message):
        Settings.from_env({var: value})


def test_key_never_in_repr_or_public_dict():
    s = Settings.from_env({"S2_API_KEY": "sekret-key"})
    assert "sekret-key" not in repr(s)
    assert "sekret-key" not in str(s.public_dict())
    assert s.public_dict()["s2_api_key_set"] is True


def test_a_misspelt_enrich_variable_is_named_in_a_warning(caplog):
    env = {"ENRICH_ARXIV_INTERVAL": "0.15", "ENRICH_S2_RPS": "20", "PATH": "/bin"}
    with caplog.at_level(logging.WARNING, logger="enrich.settings"):
        settings = Settings.from_env(env)
    assert settings.arxiv_delay == DEFAULT_ARXIV_DELAY and settings.s2_rps == 20
    assert [r.getMessage() for r in caplog.records] == [
        "ENRICH_ARXIV_INTERVAL is not an enrich setting and is ignored; the settings are "
        + ", ".join(ENV_VARS)
    ]
    assert "ENRICH_ARXIV_DELAY" in ENV_VARS


def test_the_readme_settings_table_is_the_declared_one():
    """Each setting declares its variable once (on its field); the README's table is generated
    from those declarations and must not drift from them."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    assert settings_module.settings_table() in readme
    assert unknown_env({var: "1" for var in ENV_VARS}) == []


def test_the_documented_workflow_and_readme_name_only_real_settings():
    root = Path(__file__).resolve().parents[1]
    for doc in ("docs/refresh-workflow.yml", "README.md"):
        named = set(re.findall(r"\b(ENRICH_[A-Z0-9_]+)\b", (root / doc).read_text()))
        # the README names a misspelt variable on purpose, to show the warning
        assert named - {"ENRICH_ARXIV_INTERVAL"} <= set(ENV_VARS), doc
    readme = (root / "README.md").read_text()
    assert all(f"| `{var}` |" in readme for var in ENV_VARS)  # each has a row in the table


def test_from_env_reads_exactly_the_variables_it_warns_about_the_others_of():
    """ENV_VARS and from_env's reads are written apart: a setting added to one only would be
    ignored, or warned about as "not a setting" while it is read."""

    class Watched(dict):
        def __init__(self):
            super().__init__()
            self.asked: set[str] = set()

        def get(self, key, default=None):
            self.asked.add(key)
            return super().get(key, default)

        def __contains__(self, key):
            self.asked.add(key)
            return super().__contains__(key)

        def __getitem__(self, key):
            self.asked.add(key)
            return super().__getitem__(key)

    env = Watched()
    Settings.from_env(env)
    assert {k for k in env.asked if k.startswith("ENRICH_")} == set(ENV_VARS)
