"""The layouts of issue 12, each in a fixture of its own: what every entry reads as.

The fixtures under ``tests/fixtures/lists/`` are written for these tests, shaped like public
lists (a system name linked with the title after it, labelled code/paper links, citations in
sub-bullets, headings that give the year and venue, tables with dates, plain-text blocks).
"""

from __future__ import annotations

import pytest

from enrich.parse import parse_list
from tests.conftest import FIXTURES


def _read(name: str) -> list[tuple[int, str, str | None, int | None]]:
    text = (FIXTURES / "lists" / name).read_text(encoding="utf-8")
    return [(e.line, e.title, e.venue, e.year) for e in parse_list(text, name).entries]


def _entries(name: str):
    text = (FIXTURES / "lists" / name).read_text(encoding="utf-8")
    return {e.line: e for e in parse_list(text, name).entries}


def test_a_linked_system_name_joins_the_title_after_it():
    assert _read("linked_names.md") == [
        (3, "Nimbus: Elastic Batching for Low-Latency Model Serving", "SOSP", 2024),
        (4, "Quill: A Sparse Attention Kernel Library for Long Prompts", None, None),
        (5, "Harbor: Scheduling Prefill and Decode on Separate Pools", "NSDI", 2025),
        (6, "Tidewater with Streaming Checkpoints for Fault-Tolerant Training", None, None),
        # a Title Case subtitle joins; a description in sentence case does not
        (
            7,
            "Adaptive KV Cache Placement for Multi-Tenant Inference: A Measurement-Driven Approach",
            None,
            None,
        ),
        (8, "Prompt Scheduling across Heterogeneous Accelerators", "MLSys", 2026),
        # a date after the publisher's name gives the year
        (9, "Open Weights Foundation Model Report", None, 2024),
        # not papers: a blog post, a GitHub tool, another file of the repository, a TOC anchor
    ]


def test_the_joined_title_keeps_its_links_arxiv_id():
    assert _entries("linked_names.md")[3].arxiv_id == "2401.00001"


def test_labelled_code_and_paper_links_are_one_entry():
    assert _read("labelled_pairs.md") == [
        (3, "Strata: Pipeline Parallel Training with Elastic Microbatches", "OSDI", 2022),
        (7, "Lattice: Hierarchical All-Reduce for Multi-Rack Clusters", "SC", 2021),
        (9, "Meshwork: Tensor Sharding Plans from Cost Models", None, None),
    ]
    # the "paper" line under the "code" line gives the entry its paper's link
    assert _entries("labelled_pairs.md")[3].arxiv_id == "2201.00007"


def test_nested_citations_describe_the_entry_above_and_are_not_rows():
    assert _read("nested_citations.md") == [
        (3, "Ferry: A Low-Latency Prediction Serving System", "NSDI", 2017),
        # BibTeX braces leave the title; the full stop before [[Paper]] ends it
        (7, "Kestrel: A GPU Cluster Manager for Distributed Training", "NSDI", 2019),
        # escaped brackets are link words, not title
        (10, "Cirrus: Stateful Functions for Serverless Inference", None, None),
        # a URL holding parentheses leaves nothing behind
        (11, "Spacetime Scheduling for Shared GPU Inference", "ICML", 2018),
        # a GitHub tool is not a paper; a title wrapped before its links is joined
        (
            14,
            "Unified Communication for Accelerating Distributed DNN Training on Mixed "
            "GPU/CPU Clusters",
            None,
            None,
        ),
    ]


def test_a_summary_under_an_entry_does_not_give_it_a_venue():
    # "Summary: ... compared with Orca (OSDI 2022)" is a note, and the authors line came first
    assert _entries("nested_citations.md")[3].venue == "NSDI"


def test_headings_give_the_entries_under_them_a_year_and_a_venue():
    assert _read("heading_context.md") == [
        (7, "Throughput-Latency Tradeoffs in Batched Language Model Inference", "OSDI", 2024),
        # the entry's own tag wins over the heading's venue
        (8, "Serverless Loading of Large Model Checkpoints", "ATC", 2024),
        # a topic heading under "## 2024" keeps the year, not the venue
        (12, "Fairness in Multi-Tenant Language Model Serving", None, 2024),
        # a new "##" heading ends the year
        (16, "Parameter Servers for Sparse Embedding Models", None, None),
    ]


def test_table_dates_and_venue_spellings():
    assert _read("tables_dates.md") == [
        (5, "Tessellate: Spatial Sharing of Accelerators for Inference", "SIGMETRICS", 2026),
        (6, "Conveyor: Preemptive Scheduling for Diverse Accelerators", "OSDI", 2025),
        (7, "Sparrow: Prefix Caching for Hybrid Attention Models", "EuroSys", 2025),
        (8, "Lantern: Lookahead Decoding Without a Draft Model", None, 2024),
        (9, "Cascade: Two-Tier Architecture for High-Throughput Inference", "arXiv", 2025),
        (10, "Mooring: A Cache-Centric Disaggregated Serving Design", None, 2024),
        # a table of papers: a name alone is an entry; the reading dates are not years
        (16, "Weaver", "OSDI", 2020),
        (17, "Fantastic Flash Internals and How to Use Them", "SYSTOR", 2022),
        (18, "Kiln", "ASPLOS", 2023),
        (19, "FIFO can be Better than LRU", "HotOS", 2023),
        (20, "Halyard", None, None),
        (21, "Kernel", "CACM", 1968),
        # the tools table: names alone, no tags, not papers
    ]


def test_a_plain_text_block_is_one_entry():
    entries = _entries("plain_blocks.txt")
    assert [(e.line, e.title, e.venue, e.year) for e in entries.values()] == [
        (3, "Paged Memory Management for Large Language Model Serving", "SOSP", 2023),
        (7, "Iteration-Level Scheduling for Transformer Inference", "OSDI", 2022),
    ]
    assert entries[3].arxiv_id == "2309.00016"


@pytest.mark.parametrize(
    "text",
    [
        # a title line followed by a sentence is not a block
        "Paged Memory Management for Serving\nWe show that paging works.\n",
        # nor one followed by more text after its venue line
        "Paged Memory Management for Serving\nSOSP 2023\nand then some notes here\n",
    ],
)
def test_a_plain_line_without_describing_lines_is_not_an_entry(text):
    assert parse_list(text, "l.txt").entries == []


def test_a_nested_paper_with_its_own_link_is_its_own_entry():
    # the authors line is nested under the first entry (a sibling of the second): not a row
    text = (
        "- Orbit: Fast Checkpointing for Training Jobs (OSDI 2022)\n"
        "  - Follow-up: Orbit2: Incremental Checkpointing at Scale "
        "[[Paper]](https://arxiv.org/abs/2301.00017)\n"
        "  - Doe, Jane, and John Roe (*ATC 2023*)\n"
    )
    entries = parse_list(text, "l.md").entries
    assert [(e.line, e.venue, e.year) for e in entries] == [(1, "OSDI", 2022), (2, None, None)]
    assert entries[1].arxiv_id == "2301.00017"


def test_a_plain_text_list_of_titles_one_a_line():
    assert _read("plain_titles.txt") == [
        (3, "Efficient Memory Management for Large Language Model Serving with PagedAttention",
         None, None),
        (4, "Orca: A Distributed Serving System for Transformer-Based Generative Models", None,
         None),
        (5, "FlexGen: High-Throughput Generative Inference of Large Language Models with a "
            "Single GPU", None, None),
        (6, "DistServe: Disaggregating Prefill and Decoding for Goodput-optimized Large "
            "Language Model Serving", None, None),
        # "Training" alone is a topic line; the tagged lines under it read as always
        (9, "Megatron-LM: Training Multi-Billion Parameter Language Models Using Model "
            "Parallelism", None, 2019),
        (10, "ZeRO: Memory Optimizations Toward Training Trillion Parameter Models", "SC", 2020),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        # short topic lines in a row are topics, not titles
        "Topics of interest\nSystem for Machine Learning\nDistributed Systems\n",
        # one title-shaped line alone is a topic or a note, as before
        "Intro\n\nEfficient Memory Management for Large Language Model Serving\n\nMore notes.\n",
    ],
)
def test_plain_lines_that_are_not_a_run_of_titles_are_not_entries(text):
    assert parse_list(text, "l.txt").entries == []
