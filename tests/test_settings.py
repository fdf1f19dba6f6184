"""Settings from the environment: the public contract names, validation, secrecy."""

import logging
import re
from dataclasses import fields
from pathlib import Path

import pytest

from enrich import settings as settings_module
from enrich.defaults import DEFAULT_ARXIV_DELAY, DEFAULT_S2_URL
from enrich.errors import ConfigError
from enrich.settings import ENV_VARS, Settings, unknown_env


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
        ("ENRICH_S2_RPS", "0", "ENRICH_S2_RPS must be a number > 0"),
        ("ENRICH_ARXIV_DELAY", "-1", "ENRICH_ARXIV_DELAY must be a number >= 0"),
        (
            "ENRICH_MAX_ATTEMPTS",
            "many",
            "ENRICH_MAX_ATTEMPTS must be a whole number >= 1 and <= 100, got 'many'",
        ),
        ("ENRICH_MAX_ATTEMPTS", "2.5", "ENRICH_MAX_ATTEMPTS must be a whole number"),
        ("ENRICH_TIMEOUT", "soon", "ENRICH_TIMEOUT must be a number > 0 and <= 3600, got 'soon'"),
        ("ENRICH_KEEP_SNAPSHOTS", "-1", r"ENRICH_KEEP_SNAPSHOTS must be a whole number >= 0 and"),
        ("ENRICH_KEEP_SNAPSHOTS", "all", "ENRICH_KEEP_SNAPSHOTS must be a whole number"),
        ("ENRICH_OFFLINE", "maybe", "ENRICH_OFFLINE must be one of"),
        ("ENRICH_BACKOFF_BASE", "100", "ENRICH_BACKOFF_BASE must be <= ENRICH_BACKOFF_MAX"),
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


def test_the_settings_doc_table_is_the_declared_one():
    """Each setting declares its variable once (on its field); the table in docs/settings.md is
    generated from those declarations and must not drift from them."""
    doc = (Path(__file__).resolve().parents[1] / "docs" / "settings.md").read_text()
    assert settings_module.settings_table() in doc
    assert unknown_env({var: "1" for var in ENV_VARS}) == []


def test_the_documented_workflow_and_readme_name_only_real_settings():
    root = Path(__file__).resolve().parents[1]
    for doc in ("docs/refresh-workflow.yml", "README.md", "docs/settings.md"):
        named = set(re.findall(r"\b(ENRICH_[A-Z0-9_]+)\b", (root / doc).read_text()))
        # the README names a misspelt variable on purpose, to show the warning
        assert named - {"ENRICH_ARXIV_INTERVAL"} <= set(ENV_VARS), doc
    table = (root / "docs" / "settings.md").read_text()
    assert all(f"| `{var}` |" in table for var in ENV_VARS)  # each has a row in the table


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


# -- issue 25: every numeric setting is finite and in its declared range; the key is one line --

NUMERIC = [f for f in fields(Settings) if f.metadata.get("kind") in ("int", "float")]


def test_every_numeric_setting_declares_its_range():
    """A range declared on the field is what the checks below read: a numeric setting added
    without one would take nan, inf and -1 without a word."""
    assert [f.name for f in NUMERIC if "range" not in f.metadata] == []
    assert {"ENRICH_S2_RPS", "ENRICH_MAX_WAIT", "ENRICH_REQUEST_DEADLINE"} <= {
        f.metadata.get("env") for f in NUMERIC
    }


def _bad_values() -> list:
    """nan, inf, -inf, -1 (where the range excludes it) and the first values past each end."""
    out = []
    for f in NUMERIC:
        if "env" not in f.metadata:
            continue
        values = f.metadata["range"]
        below = values.low if values.above else values.low - 1
        bad = ["nan", "inf", "-inf", f"{below:g}", f"{values.high + 1:g}"]
        if not values.holds(-1):
            bad.append("-1")
        out += [pytest.param(f, v, id=f"{f.metadata['env']}={v}") for v in dict.fromkeys(bad)]
    return out


@pytest.mark.parametrize(("setting", "value"), _bad_values())
def test_a_numeric_setting_out_of_range_is_exit_2_naming_it_and_its_range(
    setting, value, tmp_path, monkeypatch, capsys
):
    """issue 25 row 11: `ENRICH_S2_RPS=nan` and `ENRICH_MAX_WAIT=-1` were accepted, others gave
    a traceback (exit 1)."""
    from enrich.cli import main

    var, values = setting.metadata["env"], setting.metadata["range"]
    monkeypatch.setenv(var, value)
    code = main(["status", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2, err
    whole = setting.metadata["kind"] == "int"
    assert f"Error: {var} must be {values.describe(whole)}, got " in err
    assert "Traceback" not in err


def test_a_setting_built_in_code_is_checked_like_one_from_the_environment():
    with pytest.raises(ConfigError, match=r"ENRICH_MAX_WAIT must be a number >= 0 and <= 86400"):
        Settings(max_wait=float("inf"))
    with pytest.raises(ConfigError, match=r"connect_timeout must be a number > 0"):
        Settings(connect_timeout=float("nan"))


@pytest.mark.parametrize(
    ("key", "named"),
    [
        ("sk-secret-0123\nXYZW-4567", "a newline (character 15 of 24)"),
        ("sk-secret-0123\rXYZW-4567", "a carriage return"),
        ("sk-secret-0123\x1bXYZW-4567", "a control character (U+001B)"),
        ("sk-secret-0123 XYZW-4567", "a space"),
        ("sk-secret-0123\u00e9XYZW-4567", "a character that is not printable ASCII (U+00E9)"),
    ],
)
def test_a_key_with_a_newline_is_exit_2_and_never_printed(
    key, named, tmp_path, monkeypatch, capsys
):
    """issue 25 row 3: a key holding a newline was exit 1 with a traceback printing the key."""
    from enrich.cli import main

    monkeypatch.setenv("S2_API_KEY", key)
    code = main(["status", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"Error: S2_API_KEY holds {named}" in err
    assert "sk-secret" not in err and "XYZW" not in err


def test_a_key_with_a_trailing_newline_is_read_without_it():
    assert Settings.from_env({"S2_API_KEY": "sk-0123\n"}).s2_api_key == "sk-0123"
