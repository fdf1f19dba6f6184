"""The one venue vocabulary: parser, normalize and match read the same table."""

from __future__ import annotations

import pytest

from enrich import match
from enrich.venues import VENUE_NAMES, canonical_venue, known_venue, long_venue_name


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Communications of the ACM", "CACM"),
        ("Symposium on Operating Systems Principles", "SOSP"),
        ("Arvix", "arXiv"),  # a misspelling lists make
        ("SIGMETRICS", "SIGMETRICS"),
    ],
)
def test_long_names_and_misspellings_read_as_the_short_name(written, canonical):
    assert known_venue(written)
    assert canonical_venue(written) == canonical


def test_match_compares_venues_with_the_same_table():
    assert match.VENUE_NAMES is VENUE_NAMES
    assert match.venue_agrees("CACM", "Communications of the ACM") is True


def test_journals_written_out_in_full_are_their_short_names():
    assert canonical_venue("ACM Transactions on Computer Systems") == "TOCS"
    assert canonical_venue("Journal of Machine Learning Research") == "JMLR"
    assert long_venue_name("Transactions on Machine Learning Research, 2022") == "TMLR"


def test_security_venues():
    assert [canonical_venue(v) for v in ("IEEE S&P", "Oakland", "ccs", "NDSS")] == [
        "S&P", "S&P", "CCS", "NDSS"]
    assert known_venue("USENIX Security")
    assert long_venue_name("2019 IEEE Symposium on Security and Privacy (SP)") == "S&P"
