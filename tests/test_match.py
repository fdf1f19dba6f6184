"""Candidate verification: accept the right paper, never a look-alike."""

from dataclasses import replace

import pytest

from enrich.match import ListEvidence, system_name, title_similarity, venue_agrees, verify
from enrich.normalize import title_key


def ev(*titles, year=None, venue=None, alias=None):
    return ListEvidence(tuple(titles), year, venue, alias)


def test_exact_title_accepted_with_high_confidence():
    v = verify(
        ev("Gandiva: Introspective Cluster Scheduling for Deep Learning", year=2018, venue="OSDI"),
        "Gandiva: Introspective Cluster Scheduling for Deep Learning",
        2018,
        "USENIX Symposium on Operating Systems Design and Implementation",
    )
    assert v.accepted and v.confidence >= 0.97
    assert "venue agrees" in v.reason


def test_case_and_punctuation_differences_are_the_same_title():
    assert (
        title_similarity(
            "Efficient large-scale language model training on GPU clusters using megatron-LM",
            "Efficient Large-Scale Language Model Training on GPU Clusters Using Megatron-LM",
        )
        == 1.0
    )


def test_look_alike_with_same_system_name_rejected():
    v = verify(
        ev(
            "Gemini: Fast Failure Recovery in Distributed Training with In-Memory Checkpoints",
            year=2023,
            venue="SOSP",
        ),
        "Gemini: A Family of Highly Capable Multimodal Models",
        2023,
        "arXiv.org",
    )
    assert not v.accepted
    assert "not similar enough" in v.reason


def test_different_system_name_rejected_even_when_the_rest_is_close():
    v = verify(
        ev(
            "Optimus: An Efficient Dynamic Resource Scheduler for Deep Learning Clusters", year=2018
        ),
        "Optimus-CC: Efficient Large NLP Model Training with 3D Parallelism Aware Communication "
        "Compression",
        2023,
    )
    assert not v.accepted
    assert "different system name" in v.reason


def test_reworded_subtitle_accepted_with_same_system_name_and_year():
    v = verify(
        ev(
            "Orca: A Distributed Serving System for Transformer-Based Language Generation Tasks",
            year=2022,
            venue="OSDI",
        ),
        "Orca: A Distributed Serving System for Transformer-Based Generative Models",
        2022,
        "USENIX Symposium on Operating Systems Design and Implementation",
    )
    assert v.accepted
    assert v.confidence <= 0.85


def test_reworded_subtitle_needs_the_year_to_agree():
    v = verify(
        ev("Orca: A Distributed Serving System for Transformer-Based Language Generation Tasks"),
        "Orca: A Distributed Serving System for Transformer-Based Generative Models",
        2022,
    )
    assert not v.accepted


def test_similar_title_without_system_name_rejected():
    # the MPE look-alike: 0.83 similar, a different paper
    v = verify(
        ev("Fast Performance Prediction for Efficient Distributed DNN Training"),
        "Fast and Accurate Performance Prediction for Distributed DNN Training",
        2023,
    )
    assert not v.accepted


def test_year_far_off_rejects_same_title():
    v = verify(ev("MLPerf Inference Benchmark", year=2020), "MLPerf Inference Benchmark", 2009)
    assert not v.accepted
    assert "year contradicts" in v.reason


def test_arxiv_year_one_before_venue_is_normal():
    v = verify(
        ev(
            "GPipe: Efficient Training of Giant Neural Networks using Pipeline Parallelism",
            year=2019,
        ),
        "GPipe: Efficient Training of Giant Neural Networks using Pipeline Parallelism",
        2018,
        preprint=True,
    )
    assert v.accepted


def test_alias_alone_is_no_evidence():
    v = verify(
        ev(
            "Efficient Memory Management for Large Language Model Serving with PagedAttention",
            alias="vLLM",
        ),
        "vLLM",
        2023,
    )
    assert not v.accepted


def test_candidate_without_title_rejected():
    assert not verify(ev("Anything"), None).accepted
    assert not verify(ev("Anything"), "   ").accepted


def test_title_zero_is_a_title_not_missing():
    v = verify(ev("0"), "0", None)
    assert v.accepted


def test_best_of_several_list_titles_counts():
    v = verify(
        ev(
            "Hydro: Surrogate-Based Hyperparameter Tuning Service in Datacenters",
            "Hydro: Surrogate-Based Hyperparameter Tuning Service in the Datacenter",
            year=2023,
        ),
        "Hydro: Surrogate-Based Hyperparameter Tuning Service in the Datacenter",
        2023,
    )
    assert v.accepted and v.confidence >= 0.97


def test_system_name_parsing():
    assert system_name("Orca: A Distributed Serving System") == "orca"
    assert system_name("Optimus-CC: Efficient Large NLP Model Training") not in (None, "optimus")
    assert system_name("GEMINI: Fast Failure Recovery") == system_name(
        "Gemini: Fast Failure Recovery"
    )
    assert system_name("Large Scale Distributed Deep Networks") is None


def test_venue_agreement():
    assert venue_agrees("OSDI", "USENIX Symposium on Operating Systems Design and Implementation")
    assert venue_agrees("NeurIPS", "Neural Information Processing Systems")
    assert venue_agrees("SOSP", "Proceedings of the 29th Symposium on Operating Systems Principles")
    assert venue_agrees("OSDI", "International Conference on Machine Learning") is False
    assert venue_agrees("SC", "Scientific Reports") is False
    assert venue_agrees("arXiv", "Anything") is None
    assert venue_agrees("OSDI", "arXiv.org") is None
    assert venue_agrees(None, "OSDI") is None


def test_venue_disagreement_blocks_near_identical_title():
    # 0.95 similar: accepted when nothing objects, rejected when the venue does
    title = "Scaling Distributed Machine Learning with the Parameter Server"
    candidate = "Scaling Distributed Machine Learning with a Parameter Server System"
    assert verify(ev(title, year=2014, venue="OSDI"), candidate, 2014, "OSDI").accepted
    v = verify(
        ev(title, year=2014, venue="OSDI"),
        candidate,
        2014,
        "International Conference on Machine Learning",
    )
    assert not v.accepted


def test_renamed_system_with_identical_long_subtitle_accepted():
    v = verify(
        ev("LUMOS: Efficient Kernel Concurrency Testing using a Learned Coverage Predictor"),
        "Snowcat: Efficient Kernel Concurrency Testing using a Learned Coverage Predictor",
        2023,
    )
    assert v.accepted and v.confidence <= 0.75
    assert "renamed" in v.reason


def test_renamed_system_with_short_subtitle_rejected():
    v = verify(ev("Nimble: A Survey"), "Agile: A Survey", 2020)
    assert not v.accepted


def test_renamed_system_rejected_when_the_year_contradicts():
    v = verify(
        ev(
            "LUMOS: Efficient Kernel Concurrency Testing using a Learned Coverage Predictor",
            year=2019,
        ),
        "Snowcat: Efficient Kernel Concurrency Testing using a Learned Coverage Predictor",
        2023,
    )
    assert not v.accepted


def test_reworded_title_accepted_when_year_and_venue_both_agree():
    listed = "Achieving μs-scale Preemption for Concurrent GPU-accelerated DNN Inferences"
    cand = "Microsecond-scale Preemption for Concurrent GPU-accelerated DNN Inferences"
    osdi = "USENIX Symposium on Operating Systems Design and Implementation"
    assert verify(ev(listed, year=2022, venue="OSDI"), cand, 2022, osdi).accepted
    assert not verify(ev(listed, year=2022), cand, 2022, osdi).accepted  # venue unknown
    assert not verify(ev(listed, year=2021, venue="OSDI"), cand, 2022, osdi).accepted


ORCA = "Orca: A Distributed Serving System"

# Verdicts as verify gave them before it reused the list's title keys and skipped work for a
# candidate spelled like a list title (recorded at d4a0ec2): the fast paths change nothing.
PINNED = [
    (
        ev(ORCA, year=2022, venue="OSDI"),
        (ORCA, 2022, "OSDI"),
        (True, 1.0, f"same title; title similarity 1.00 with {ORCA!r}; year 2022 vs list 2022; "
         "venue agrees ('OSDI' vs 'OSDI')"),
    ),
    (
        ev(ORCA, year=2022),
        (ORCA.upper(), 2021, "USENIX OSDI"),
        (True, 1.0, f"same title; title similarity 1.00 with {ORCA.upper()!r}; "
         "year 2021 vs list 2022"),
    ),
    (  # the first of two equally good list titles is the best
        ev(ORCA.lower(), ORCA),
        (ORCA, 2022, None),
        (True, 1.0, f"same title; title similarity 1.00 with {ORCA!r}"),
    ),
    (  # a title without a key scores 0 and is replaced
        ev("--", ORCA, year=2022, venue="SOSP"),
        (ORCA, 2022, "OSDI"),
        (True, 0.98, f"same title; title similarity 1.00 with {ORCA!r}; year 2022 vs list 2022; "
         "venue differs ('OSDI' vs 'SOSP')"),
    ),
    (  # same key, but the best list title (the first) has another system name
        ev("Orca A: Distributed Serving System", ORCA),
        (ORCA, 2022, None),
        (False, 0.5, f"different system name ('orca' vs 'orca a'); title similarity 1.00 with "
         f"{ORCA!r}"),
    ),
    (
        ev("Hydro: Tuning Service in Datacenters", "Hydro: Tuning Service in the Datacenter",
           year=2023),
        ("Hydro: Tuning Service in the Datacenter", 2023, None),
        (True, 1.0, "same title; title similarity 1.00 with 'Hydro: Tuning Service in the "
         "Datacenter'; year 2023 vs list 2023"),
    ),
    (
        ev(ORCA, year=2022, venue="OSDI"),
        ("Orca: A Distributed the Serving System", 2022, "OSDI"),
        (True, 1.0, "near-identical title; title similarity 0.94 with 'Orca: A Distributed the "
         "Serving System'; year 2022 vs list 2022; venue agrees ('OSDI' vs 'OSDI')"),
    ),
    (
        ev(ORCA, year=2022, venue="OSDI"),
        ("Unrelated: System Serving Distributed A Orca", 2022, "OSDI"),
        (False, 0.434, "different system name ('unrelated' vs 'orca'); title similarity 0.87 "
         "with 'Unrelated: System Serving Distributed A Orca'"),
    ),
    (
        ev("Large Scale Distributed Deep Networks", year=2012),
        ("Large Scale Distributed Deep Networks", 2009, None),
        (False, 0.5, "year contradicts the list; title similarity 1.00 with 'Large Scale "
         "Distributed Deep Networks'; year 2009 vs list 2012"),
    ),
    (
        ev(""),
        ("Anything at all", None, None),
        (False, 0.0, "not similar enough; title similarity 0.00 with 'Anything at all'"),
    ),
]  # fmt: skip


@pytest.mark.parametrize(("evidence", "candidate", "expected"), PINNED)
def test_verdicts_with_and_without_known_title_keys(evidence, candidate, expected):
    keyed = replace(evidence, title_keys=tuple(title_key(t) for t in evidence.titles))
    for e in (evidence, keyed):
        v = verify(e, *candidate)
        assert (v.accepted, v.confidence, v.reason) == expected
        # a copy of the string, not the list's own object, takes the same path
        v = verify(e, "".join(candidate[0]), *candidate[1:])
        assert (v.accepted, v.confidence, v.reason) == expected


def test_title_keys_must_match_the_titles():
    with pytest.raises(ValueError):
        verify(ListEvidence((ORCA, ORCA.lower()), title_keys=("orca",)), ORCA)


# -- issue 13, item 5: lists that disagree on the year ------------------------------------------

VLLM_TITLE = "Efficient Memory Management for Large Language Model Serving with PagedAttention"


def test_every_mentions_year_is_evidence_not_only_the_most_common():
    # one list says 2018, another 2020; S2 has the preprint's 2020
    evidence = ListEvidence((VLLM_TITLE,), 2018, None, None, years=(2018, 2020))
    v = verify(evidence, VLLM_TITLE, 2020)
    assert v.accepted and "year 2020 vs list 2018/2020" in v.reason
    assert "weak evidence" not in v.reason  # one of the lists' years agrees outright


def test_an_exact_distinctive_title_is_accepted_against_a_contradicting_year():
    v = verify(ev(VLLM_TITLE, year=2015), VLLM_TITLE, 2023)
    assert v.accepted and "the list's year is weak evidence" in v.reason
    assert v.confidence < verify(ev(VLLM_TITLE, year=2023), VLLM_TITLE, 2023).confidence


def test_a_short_exact_title_with_a_contradicting_year_is_still_rejected():
    v = verify(ev("Security in Cloud Computing", year=2010), "Security in Cloud Computing", 2021)
    assert not v.accepted and "year contradicts" in v.reason


def test_a_look_alike_with_a_contradicting_year_is_still_rejected():
    listed = "Gemini: Fast Failure Recovery in Distributed Training with In-Memory Checkpoints"
    v = verify(ev(listed, year=2015), "Gemini: A Family of Highly Capable Multimodal Models", 2023)
    assert not v.accepted
    near = "Efficient Memory Management for Large Language Model Serving with Paging"
    v = verify(ev(VLLM_TITLE, year=2015), near, 2023)
    assert not v.accepted and "year contradicts" in v.reason


def test_an_exact_title_whose_year_and_venue_both_differ_is_rejected():
    v = verify(ev(VLLM_TITLE, year=2015, venue="OSDI"), VLLM_TITLE, 2023, "ICML")
    assert not v.accepted


# ---- hard cases of a big list (tests/replica/hard.py) -----------------------------------------


def test_shared_name_another_subject_rejected():
    """Two papers named Rajin: one word of the subtitle replaced by an unrelated one. Without a
    year the 0.93 similarity would pass as near-identical."""
    v = verify(
        ev("Rajin: Speculative Graph Partitioning for Long-Context Inference"),
        "Rajin: Elastic Graph Partitioning for Long-Context Inference",
        2025,
        "Symposium on Operating Systems Principles",
    )
    assert not v.accepted
    assert "same system name, another subject ('elastic' for 'speculative')" in v.reason


def test_shared_name_another_subject_rejected_when_year_and_venue_agree():
    v = verify(
        ev(
            "HEXTOAN: Decentralized Operator Fusion for Long-Context Inference",
            year=2019,
            venue="MLSys",
        ),
        "HEXTOAN: Decentralized Graph Partitioning for Long-Context Inference",
        2019,
        "Conference on Machine Learning and Systems",
    )
    assert not v.accepted
    assert "another subject ('graph partitioning' for 'operator fusion')" in v.reason


def test_shared_name_with_a_word_reworded_or_added_is_the_same_paper():
    reworded = verify(
        ev("Orca: A Distributed Serving System for Transformer-Based Language Generation Tasks"),
        "Orca: A Distributed Serving System for Transformer-Based Generative Models",
        2022,
    )
    plural = verify(
        ev("Kalo: Efficient Serving for Large Language Model", year=2023),
        "Kalo: Efficient Serving for Large Language Models",
        2023,
    )
    added = verify(
        ev("Kalo: Efficient Serving for Large Language Models", year=2023),
        "Kalo: Efficient and Elastic Serving for Large Language Models",
        2023,
    )
    assert plural.accepted and added.accepted
    assert "another subject" not in reworded.reason


def test_decoy_year_exact_title_without_a_venue_rejected_when_the_list_names_one():
    """Vilumka, SOSP'23: S2's match answers with another paper of the exact title from 2017,
    held without a venue. Only the title speaks for it: rejected (missed beats wrong)."""
    title = "Vilumka: Fast Checkpointing for Spot Instances and Elastic Clusters"
    v = verify(ev(title, year=2023, venue="SOSP"), title, 2017, "")
    assert not v.accepted
    assert v.reason.startswith("year contradicts the list, and the record has no venue")
    same_venue = verify(ev(title, year=2023, venue="SOSP"), title, 2017, "SOSP")
    no_list_venue = verify(ev(title, year=2023), title, 2017, "")
    assert same_venue.accepted and no_list_venue.accepted  # the weak-year rule as before
