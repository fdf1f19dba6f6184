"""Normalization: cleaned text, title keys, venue spellings and years."""

from __future__ import annotations

import pytest

from enrich.normalize import clean_text, parse_year, title_key
from enrich.venues import canonical_venue


def test_clean_text_unifies_curly_quotes_and_primes():
    assert clean_text("Google\u2019s \u201cTPUv4\u201d \u2018SC\u2032") == "Google's \"TPUv4\" 'SC'"


def test_clean_text_unifies_dashes():
    assert clean_text("Co\u2013design \u2014 Transformer\u2010Based \u2212") == (
        "Co-design - Transformer-Based -"
    )


def test_clean_text_nfkc_folds_fullwidth_forms():
    assert clean_text("\uff2d\uff45\uff47\uff41Scale\uff1a GPUs") == "MegaScale: GPUs"


def test_clean_text_removes_zero_width_characters_and_bom():
    assert clean_text("\ufeffPipe\u200bDream\u00ad") == "PipeDream"


def test_clean_text_collapses_whitespace_including_nbsp_and_tabs():
    assert clean_text("  Ray:\u00a0A\t Distributed\n Framework ") == "Ray: A Distributed Framework"


def test_title_key_ignores_case_and_punctuation():
    a = "ORCA: A Distributed Serving System for Transformer-Based Generative Models"
    b = "Orca - a distributed serving system, for transformer based generative models!"
    assert (
        title_key(a) == "orca a distributed serving system for transformerbased generative models"
    )
    assert (
        title_key(b) == "orca a distributed serving system for transformer based generative models"
    )
    assert title_key(a.lower()) == title_key(a)


def test_title_key_curly_and_straight_apostrophes_agree():
    assert title_key("Facebook\u2019s DNN-based Recommendation") == title_key(
        "Facebook's DNN-based Recommendation"
    )
    assert title_key("Facebook's DNN") == "facebooks dnn"


def test_title_key_hyphen_variants_agree():
    assert title_key("Co\u2013adaptive Scheduling") == title_key("Co-adaptive Scheduling")
    assert title_key("Co-adaptive") == title_key("Coadaptive")


def test_title_key_keeps_digits_and_letters_of_any_script():
    assert title_key("Scaling to 10,000 GPUs") == "scaling to 10 000 gpus"
    assert title_key("\u03bcLayer: Low Latency") == "\u03bclayer low latency"
    assert title_key("字节万卡集群实践") == "字节万卡集群实践"


def test_title_key_keeps_combining_marks():
    hindi = "\u0939\u093f\u0928\u094d\u0926\u0940"  # हिन्दी: vowel signs are combining marks
    assert title_key(hindi) == hindi


def test_title_key_micro_sign_and_greek_mu_agree():
    assert title_key("\u00b5s-scale Preemption") == title_key("\u03bcs-scale Preemption")


def test_title_key_collapses_whitespace_and_strips():
    assert title_key("  Ray :   A  Framework  ") == "ray a framework"


def test_title_key_of_punctuation_only_is_empty():
    assert title_key(" -- : ! ") == ""


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("OSDI", "OSDI"),
        ("osdi", "OSDI"),
        ("Eurosys", "EuroSys"),
        ("EUROSYS", "EuroSys"),
        ("Arxiv", "arXiv"),
        ("arxiv", "arXiv"),
        ("NIPS", "NeurIPS"),
        ("nips", "NeurIPS"),
        ("NeurIPS", "NeurIPS"),
        ("SysML", "MLSys"),
        ("mlsys", "MLSys"),
        ("ppopp", "PPoPP"),
        ("USENIX ATC", "ATC"),
        ("atc", "ATC"),
        ("sc", "SC"),
        ("PVLDB", "VLDB"),
        ("Mobisys", "MobiSys"),
        ("iclr", "ICLR"),
        (" 'SOSP' ", "SOSP"),
    ],
)
def test_canonical_venue_known_spellings(tag, expected):
    assert canonical_venue(tag) == expected


@pytest.mark.parametrize("tag", ["x", "X", "?", "-", "n/a", "unknown", "", "  "])
def test_canonical_venue_placeholder_is_none(tag):
    assert canonical_venue(tag) is None


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("hpcc", "HPCC"),  # short lower-case: an acronym
        ("HPCC", "HPCC"),
        ("MobiHoc", "MobiHoc"),  # capitals kept as written
        ("workshops", "Workshops"),  # a longer lower-case word is capitalised
    ],
)
def test_canonical_venue_unknown_tags_kept_with_sensible_capitalisation(tag, expected):
    assert canonical_venue(tag) == expected


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("'22", 2022),
        ("22", 2022),
        ("19", 2019),
        ("2020", 2020),
        ("'2020", 2020),
        ("\u201823", 2023),  # curly quote
        ("21'", 2021),
        ("00", 2000),
        ("69", 2069),
        ("70", 1970),
        ("99", 1999),
        (" 2016 ", 2016),
    ],
)
def test_parse_year_two_and_four_digits(text, year):
    assert parse_year(text) == year


@pytest.mark.parametrize("text", ["", "abc", "123", "20201", "3000", "1899", "OSDI20"])
def test_parse_year_rejects_non_years(text):
    assert parse_year(text) is None
