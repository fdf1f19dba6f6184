"""Venue and year tags the parser reads: dates, award notes, long venue names, a publisher."""

from __future__ import annotations

import pytest

from enrich.parse import Item, Rejected, parse_item
from enrich.parse.dates import month_year, without_month

TITLE = "Efficient Memory Management for Large Language Model Serving"


@pytest.mark.parametrize(
    ("text", "year"),
    [("Jul 2024", 2024), ("Feb,2024", 2024), ("July 15, 2024", 2024), ("Sept. 2023", 2023)],
)
def test_a_month_and_a_year_is_a_date(text, year):
    assert month_year(text) == ("", year)


def test_a_lower_case_may_is_not_a_month():
    assert month_year("Serving as you may 2020") is None


def test_a_month_after_a_venue_tag_is_dropped():
    assert without_month("Arxiv'25,Jan") == "Arxiv'25"


@pytest.mark.parametrize(
    ("text", "venue", "year"),
    [
        (f"{TITLE} (Jul 2024)", None, 2024),
        (f"[{TITLE}](https://arxiv.org/abs/2309.06180) - Meta (Jul 2024)", None, 2024),
        (f"{TITLE} (Arxiv May 2025)", "arXiv", 2025),
        (f"{TITLE} (Eurosys'25 Best Paper)", "EuroSys", 2025),
        (f"{TITLE} (Communications of the ACM'1970)", "CACM", 1970),
    ],
)
def test_dates_awards_and_long_venue_names_are_tags(text, venue, year):
    assert parse_item(text) == Item(TITLE, venue, year, None)


def test_a_description_after_a_link_does_not_give_its_tag():
    # only a short name (who published it) may stand between the link and the tag
    text = f"[{TITLE}](https://x.org) - we compare it with Orca and others here (OSDI 2022)"
    assert parse_item(text) == Item(TITLE, None, None, None)


def test_a_named_venue_with_a_year_tags_even_a_one_word_title():
    assert parse_item("Nucleus (Communications of the ACM'1970)") == Item(
        "Nucleus", "CACM", 1970, None
    )


def test_a_citation_with_its_authors_and_et_al_first():
    text = "Zhong, Y. et al. DistServe: Disaggregating Prefill and Decoding. OSDI 2024."
    assert parse_item(text) == Item(
        "DistServe: Disaggregating Prefill and Decoding", "OSDI", 2024, None
    )


def test_a_numbered_reference_list_reads_as_citations():
    text = (
        '[1] W. Kwon, Z. Li, et al., "Efficient Memory Management for Large Language Model '
        'Serving with PagedAttention," in Proc. SOSP, 2023.\n'
        "4. Agrawal, A., et al. (2024). Taming Throughput-Latency Tradeoff in LLM Inference. "
        "In OSDI 24.\n"
    )
    from enrich.parse import parse_list

    assert [(e.venue, e.year) for e in parse_list(text, "refs.txt").entries] == [
        ("SOSP", 2023),
        ("OSDI", 2024),
    ]


def test_a_venue_tag_glued_after_a_full_stop():
    text = "code [Hidet: Task-Mapping Programming for Tensor Programs.ASPLOS'23](https://g.com/h)"
    from enrich.parse.choose import read_entry

    assert read_entry(text) == Item(
        "Hidet: Task-Mapping Programming for Tensor Programs", "ASPLOS", 2023, None
    )


def test_a_quoted_title_after_et_al_needs_no_venue():
    text = 'Wanling Gao, Fei Tang, et al. "AIBench: A Datacenter AI Benchmark Suite".'
    assert parse_item(text) == Item("AIBench: A Datacenter AI Benchmark Suite", None, None, None)


def test_a_persons_name_is_not_a_title():
    assert parse_item("Joseph E. Gonzalez") == Rejected("person_name")
    assert parse_item("Paxos Made Simple") == Item("Paxos Made Simple", None, None, None)


def test_a_joined_title_drops_its_own_full_stop():
    text = "[DeepSpeed Inference](https://arxiv.org/abs/2207.00032) : Enabling Efficient Inference."
    from enrich.parse.choose import read_entry

    assert read_entry(text) == Item(
        "DeepSpeed Inference: Enabling Efficient Inference", None, None, None
    )


def test_surnames_joined_by_and_after_a_known_title_are_its_authors():
    """After a link's text or inside the parentheses after a title, the title is known, so
    ``Kingma and Ba`` is an author list and the tag after it the entry's; three names, or bare
    names elsewhere, are not enough (``Orca, Sarathi and Splitwise`` may be systems)."""
    link = "[Adam: A Method for Stochastic Optimization](https://x.org/a) -- Kingma and Ba, ICLR 15"
    assert parse_item(link) == Item("Adam: A Method for Stochastic Optimization", "ICLR", 2015,
                                    None)
    three = "[Layer Normalization in Deep Nets](https://x.org/ln) -- Ba, Kiros and Hinton, 2016"
    assert parse_item(three) == Item("Layer Normalization in Deep Nets", None, None, None)
    cited = "MapReduce: Simplified Data Processing on Large Clusters (Dean and Ghemawat, OSDI 2004)"
    assert parse_item(cited) == Item(
        "MapReduce: Simplified Data Processing on Large Clusters", "OSDI", 2004, None
    )
    described = "[Fast Serving at Scale](https://x.org/a) - unlike Orca and Sarathi, OSDI 2022"
    assert parse_item(described) == Item("Fast Serving at Scale", None, None, None)


def test_a_verb_after_a_systems_name_and_colon_is_the_titles():
    """``Arrakis: The Operating System is the Control Plane`` is a title (the name, a colon, a
    title going on in Title Case); ``Arrakis is a ...``, ``Arrakis: it is a ...`` and
    ``Nexus: Nexus is a scalable ...`` describe it."""
    title = "Arrakis: The Operating System is the Control Plane"
    assert parse_item(f"{title} (OSDI 2014)") == Item(title, "OSDI", 2014, None)
    assert parse_item("Arrakis is a new operating system") == Rejected("subject_verb")
    assert parse_item("Arrakis: it is a new operating system") == Rejected("subject_verb")
    assert parse_item("Nexus: Nexus is a scalable serving system") == Rejected("subject_verb")


def test_an_unknown_venues_acronym_with_a_four_digit_year_is_a_tag():
    title = "Generative Agents: Interactive Simulacra of Human Behavior"
    assert parse_item(f"{title} (UIST 2023)") == Item(title, "UIST", 2023, None)
    assert parse_item(f"{title} (Figure 2023)") == Item(title, None, None, None)
    assert parse_item(f"{title} (UIST 23)") == Item(title, None, None, None)  # (Top 10)'s shape


def test_an_award_after_a_bare_venue_tag_at_the_end():
    title = "AWQ: Activation-aware Weight Quantization for LLM Compression and Acceleration"
    links = "[[pdf]](https://arxiv.org/abs/2306.00978) [[code]](https://github.com/mit-han-lab/a)"
    assert parse_item(f"**{title}** {links} MLSys 2024 Best Paper") == Item(
        title, "MLSys", 2024, None)
    assert parse_item("How to Win the Best Paper Award") == Item(
        "How to Win the Best Paper Award", None, None, None)
