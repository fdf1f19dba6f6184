"""The reading-list parser: the seed lists exactly, every entry shape, every rejection rule."""

from __future__ import annotations

import pytest

from enrich.parse import (
    MAX_LINE_CHARS,
    MAX_TITLE_WORDS,
    Item,
    Rejected,
    parse_item,
    parse_list,
)
from tests.conftest import FIXTURES, SEEDS

SEED_000 = "000_8e4e2985fcc63d55.txt"
SEED_001 = "001_70aeca1ca53db0f4.txt"
SEED_002 = "002_931f8c2ef4bbc31a.txt"
SEED_004 = "004_f996db01aff3b9b6.txt"


def _r(*spans: tuple[int, int] | int) -> list[int]:
    out: list[int] = []
    for s in spans:
        out += list(range(s[0], s[1] + 1)) if isinstance(s, tuple) else [s]
    return out


# fmt: off
EXPECTED_LINES = {
    # every bullet under the numbered topic lines, nothing else
    SEED_000: _r((9, 23), (25, 28), (30, 32), (34, 35), (37, 39), (41, 44), (46, 49), (51, 52),
                 (54, 55), (57, 59), (61, 73), (75, 89), (91, 93), 95, 97, (99, 106), 108),
    # tagged entries (22 wraps onto 23), bare titles from 44; no description bullet
    SEED_001: _r(7, 9, 11, 12, 14, 16, 18, 22, 25, 27, 29, 30, 31, 32, 34, 36, 38, 41, (44, 49),
                 51, 52, 54, 56, 57, 59, 62, (64, 66)),
    # no front matter, no Chinese sub-bullet; 40 repeats 30 and still counts
    SEED_002: _r(17, 18, 20, 21, 25, 26, 30, 31, 34, 38, 39, 40, 46, 50, 51, (58, 61), (65, 67)),
    # bullet-less tagged entries (26, 40, ...) and bulleted ones; no note or name sub-bullet
    SEED_004: _r((3, 6), (8, 24), 26, 40, 55, 71, 79, 92, 105, 113, 114, 123, 131, 140, 151, 169,
                 184, (204, 213), 215, 216, (242, 249), 263, 264, 275, (277, 290), 292, 293,
                 (295, 298), (300, 310), 312, 313, (315, 317), 319, 320),
}
# fmt: on


def _seed(name: str):
    return parse_list((SEEDS / name).read_text(encoding="utf-8"), name)


def _by_line(name: str):
    return {e.line: e for e in _seed(name).entries}


def _one(text: str, *, bullet: bool = True) -> Item:
    item = parse_item(text, bullet=bullet)
    assert isinstance(item, Item), item
    return item


def _titles(text: str) -> list[str]:
    return [e.title for e in parse_list(text, "t.md").entries]


def _fields(e) -> tuple:
    return (e.line, e.title, e.venue, e.year, e.alias, e.section)


# --------------------------------------------------------------------------- seed acceptance
@pytest.mark.parametrize(
    ("name", "count"), [(SEED_000, 84), (SEED_001, 34), (SEED_002, 22), (SEED_004, 97)]
)
def test_seed_entry_counts(name, count):
    result = _seed(name)
    assert len(result.entries) == count
    assert result.warnings == []


def test_seed_total_is_237():
    assert sum(len(_seed(n).entries) for n in EXPECTED_LINES) == 237


@pytest.mark.parametrize("name", sorted(EXPECTED_LINES))
def test_seed_entries_are_exactly_the_expected_lines(name):
    assert [e.line for e in _seed(name).entries] == EXPECTED_LINES[name]


@pytest.mark.parametrize("name", sorted(EXPECTED_LINES))
def test_seed_titles_carry_no_tags_links_or_notes(name):
    for e in _seed(name).entries:
        assert e.source_file == name
        assert e.title == e.title.strip() and e.title
        for junk in ("[link]", "[", "(OSDI", "\u2018", "\u2019", "\uff1a", "  "):
            assert junk not in e.title, (e.line, e.title)
        assert not any("\u4e00" <= c <= "\u9fff" for c in e.title), (e.line, e.title)


# fmt: off
SPOT_CHECKS = {
    SEED_000: [
        (9, "AntMan: Dynamic Scaling on GPU Clusters for Deep Learning", "OSDI", 2020, None,
         "Cluster Scheduling"),
        (12, "Heterogeneity-Aware Cluster Scheduling Policies for Deep Learning Workloads", "OSDI",
         2020, "Gavel", "Cluster Scheduling"),
        (18, "Optimus: An Efficient Dynamic Resource Scheduler for Deep Learning Clusters",
         "EuroSys", 2018, None, "Cluster Scheduling"),
        (22, "Looking Beyond GPUs for DNN Scheduling on Multi-Tenant Clusters", "OSDI", 2022,
         "Synergy", "Cluster Scheduling"),
        (26, "Megatron-LM: Training Multi-Billion Parameter Language Models Using Model "
         "Parallelism", "arXiv", 2020, None, "Hybrid Parallelism"),
        (38, "GPipe: Efficient Training of Giant Neural Networks using Pipeline Parallelism",
         "NeurIPS", 2019, None, "Pipeline"),
        (44, "Whale: Efficient Giant Model Training over Heterogeneous GPUs", "ATC", 2022, None,
         "Graph Optimization"),
        (54, "Large Scale Distributed Deep Networks", None, None, "DistBelief",
         "Training Hyperparameters"),
        (55, "Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour", "arXiv", 2018, None,
         "Training Hyperparameters"),
        (66, "Harmony: Overcoming the Hurdles of GPU Memory Capacity to Train Massive DNN Models "
         "on Commodity Servers", "VLDB", 2022, None, "Training"),
        (88, "Efficient Memory Management for Large Language Model Serving with PagedAttention",
         "SOSP", 2023, "vLLM", "Inference"),
        (91, "Characterization and Prediction of Deep Learning Workloads in Large-Scale GPU "
         "Datacenters", "SC", 2021, "Helios", "Cluster Trace Analysis"),
        (100, "DistSim: A performance model of large-scale hybrid distributed DNN training", "CF",
         2023, None, "Performance Modeling"),
        (101, "dPRO: A Generic Performance Diagnosis and Optimization Toolkit for Expediting "
         "Distributed DNN Training", "MLSys", 2022, None, "Performance Modeling"),
        (105, "Machine Learning-enabled Performance Model for DNN Applications and AI "
         "Accelerator", "HPCC", 2022, None, "Performance Modeling"),
        (106, "Fast Performance Prediction for Efficient Distributed DNN Training", None, None,
         "MPE", "Performance Modeling"),
        (108, "Learn From Model Beyond Fine-Tuning: A Survey", "arXiv", 2023, None, "Survey"),
    ],
    SEED_001: [
        (7, "Parcae: Proactive, Liveput-Optimized DNN Training on Preemptible Instances", "NSDI",
         2024, None, "Model training Framework"),
        (11, "LightSeq: Sequence Level Parallelism for Distributed Training of Long Context "
         "Transformers", "arXiv", 2023, None, "Model training Framework"),
        (12, "Pathways: Asynchronous Distributed Dataflow for ML", "MLSys", 2022, None,
         "Model training Framework"),
        (16, "Efficient large-scale language model training on GPU clusters using megatron-LM",
         "SC", 2021, None, "Model training Framework"),
        (22, "SpotServe: Serving Generative Large Language Models on Preemptible Instances",
         "ASPLOS", 2024, None, "Model Inference Framework"),
        (25, "Efficient Memory Management for Large Language Model Serving with PagedAttention",
         "SOSP", 2023, "vLLM", "Model Inference Framework"),
        (36, "Hydro: Surrogate-Based Hyperparameter Tuning Service in the Datacenter", "OSDI",
         2023, None, "Scheduling and Resource Management"),
        (44, "Bagpipe: Accelerating Deep Recommendation Model Training", None, None, None,
         "Accelerate and optimize Machine Learning"),
        (45, "gSampler: General and Efficient GPU-based Graph Sampling for Graph Learning", None,
         None, None, "Accelerate and optimize Machine Learning"),
        (49, "Accelerating Large Language Model Decoding with Speculative Sampling", None, None,
         None, "Accelerate and optimize Machine Learning"),
        (54, "Gradient Compression Supercharged High-Performance Data Parallel DNN Training", None,
         None, None, "Parallelism"),
        (65, "Generating Complex, Realistic Cloud Workloads using Recurrent Neural Networks", None,
         None, None, "Reliability"),
    ],
    SEED_002: [
        (17, "MegaScale: Scaling Large Language Model Training to More Than 10,000 GPUs", "NSDI",
         2024, None, "GPU Cluster"),
        (18, "Resiliency at Scale: Managing Google's TPUv4 Machine Learning Supercomputer", "NSDI",
         2024, None, "GPU Cluster"),
        (38, "Aceso: Efficient Parallel DNN Training through Iterative Bottleneck Alleviation",
         "EuroSys", 2024, None, "Parallelism"),
        (40, "Centauri: Enabling Efficient Scheduling for Communication-Computation Overlap in "
         "Large Model Training via Communication Partitioning", "ASPLOS", 2024, None,
         "Parallelism"),
        (46, "ScheMoE: An Extensible Mixture-of-Experts Distributed Training System with Tasks "
         "Scheduling", "EuroSys", 2024, None, "LLM Training"),
        (58, "Taming Throughput-Latency Tradeoff in LLM Inference with Sarathi-Serve", "OSDI", 2024,
         None, "LLM Serving"),
        (67, "ACES: Accelerating Sparse Matrix Multiplication with Adaptive Execution Flow and "
         "Concurrency-Aware Cache Optimizations", "ASPLOS", 2024, None, "Sparse"),
    ],
    SEED_004: [
        (3, "PyTorch Distributed: Experiences on Accelerating Data Parallel Training", "VLDB", 2020,
         None, "Frameworks"),
        (11, "Chimera: Efficiently Training Large-Scale Neural Networks with Bidirectional "
         "Pipelines", "SC", 2021, None, "Parallelism & Distributed Systems"),
        (14, "HetPipe: Enabling Large DNN Training on (Whimpy) Heterogeneous GPU Clusters through "
         "Integration of Pipelined Model Parallelism and Data Parallelism", "ATC", 2020, None,
         "Parallelism & Distributed Systems"),
        (24, "Large Scale Distributed Deep Networks", "NeurIPS", 2012, None,
         "Parallelism & Distributed Systems"),
        (26, "Transparent GPU Sharing in Container Clouds for Deep Learning Workloads", "NSDI",
         2023, None, "GPU Cluster Management"),
        (92, "Singularity: Planet-Scale, Preemptive and Elastic Scheduling of AI Workloads",
         "arXiv", 2022, None, "GPU Cluster Management"),
        (184, "Gandiva: Introspective cluster scheduling for deep learning", "OSDI", 2018, None,
         "GPU Cluster Management"),
        (206, "Memory-efficient DNN Training on Mobile Devices", "MobiSys", 2022, None,
         "Memory Management for Machine Learning"),
        (247, "KungFu: Making Training in Distributed Machine Learning Adaptive", "OSDI", 2020,
         None, "Scheduling & Resource Management"),
        (281, "Achieving \u03bcs-scale Preemption for Concurrent GPU-accelerated DNN Inferences",
         "OSDI", 2022, None, "Serving Systems (& inference acceleration)"),
        (296, "ZeRO-Infinity: Breaking the GPU Memory Wall for Extreme Scale Deep Learning",
         "arXiv", 2021, None, "Very Large Models"),
        (316, "Pipelined Data-Parallel CPU/GPU Scheduling for Multi-DNN Real-Time Inference",
         "RTSS", 2019, None, "ML at Mobile & Embedded Systems"),
        (320, "Learning Memory Access Patterns", "ICML", 2018, None, "ML Techniques for Systems"),
    ],
}
# fmt: on


@pytest.mark.parametrize(
    ("name", "expected"),
    [(name, row) for name, rows in SPOT_CHECKS.items() for row in rows],
    ids=lambda v: str(v[0]) if isinstance(v, tuple) else v[:3],
)
def test_seed_spot_checks(name, expected):
    assert _fields(_by_line(name)[expected[0]]) == expected


def test_seed_001_wrapped_title_keeps_first_line_and_joins_raw():
    e = _by_line(SEED_001)[22]
    assert e.raw == (
        "- [ASPLOS \u201824] SpotServe: Serving Generative Large Language Models "
        "on Preemptible Instances [link]"
    )
    assert 23 not in _by_line(SEED_001)


@pytest.mark.parametrize("line", [8, 10, 13, 15, 17, 19, 24, 26, 28, 35, 37, 39, 42])
def test_seed_001_description_bullets_are_not_entries(line):
    assert line not in _by_line(SEED_001)


def test_seed_002_repeated_title_with_best_paper_note_counts_twice():
    entries = _by_line(SEED_002)
    assert entries[30].title == entries[40].title
    assert entries[40].raw.startswith("- [ASPLOS'24, Best Paper] Centauri")


@pytest.mark.parametrize("line", [27, 46, 75, 93, 104, 141, 150, 170, 185, 222, 254, 265, 274])
def test_seed_004_notes_and_system_name_sub_bullets_are_not_entries(line):
    assert line not in _by_line(SEED_004)


# --------------------------------------------------------------------------- venue tags
@pytest.mark.parametrize(
    ("text", "venue", "year"),
    [
        ("[NSDI \u201824] Parcae: Proactive Training on Preemptible Instances", "NSDI", 2024),
        ("[SC \u201821\u2019] Chimera: Training Networks with Bidirectional Pipelines", "SC", 2021),
        ("[OSDI\u2019 20] KungFu: Making Training Adaptive", "OSDI", 2020),
        ("[ASPLOS'24, Best Paper] Centauri: Enabling Efficient Scheduling", "ASPLOS", 2024),
        ("[Eurosys'24] DynaPipe: Optimizing Multi-task Training", "EuroSys", 2024),
        ("[Arxiv \u201823] LightSeq: Sequence Level Parallelism", "arXiv", 2023),
        ("[NSDI'23] Transparent GPU Sharing in Container Clouds", "NSDI", 2023),
        ("[ICLR 2021] An Image is Worth 16x16 Words", "ICLR", 2021),
        ("[2019] Some Paper Without a Venue", None, 2019),
        ("[OSDI] Some Paper Without a Year", "OSDI", None),
    ],
)
def test_leading_venue_tag_forms(text, venue, year):
    item = _one(text)
    assert (item.venue, item.year) == (venue, year)
    assert not item.title.startswith("[")


def test_arxiv_id_as_leading_tag_gives_venue_and_year():
    item = _one("[arXiv 2307.12345] Some Systems Paper Title")
    assert item == Item("Some Systems Paper Title", "arXiv", 2023, None)


@pytest.mark.parametrize("label", ["[WIP]", "[Best Paper]", "[New!]"])
def test_short_leading_bracket_label_is_dropped(label):
    assert _one(f"{label} Some Systems Paper Title") == Item(
        "Some Systems Paper Title", None, None, None
    )


def test_leading_label_then_venue_tag():
    assert _one("[Best Paper] [OSDI'20] Some Systems Paper") == Item(
        "Some Systems Paper", "OSDI", 2020, None
    )


def test_venue_tag_with_curly_quote_after_year():
    assert _one("[SC \u201821\u2019] Chimera: Bidirectional Pipelines").year == 2021


@pytest.mark.parametrize(
    ("text", "title", "venue", "year"),
    [
        ("AntMan: Dynamic Scaling (OSDI20)", "AntMan: Dynamic Scaling", "OSDI", 2020),
        ("Megatron-LM: Training Models (arxiv20)", "Megatron-LM: Training Models", "arXiv", 2020),
        ("GPipe: Efficient Training (NIPS19)", "GPipe: Efficient Training", "NeurIPS", 2019),
        (
            "Helios: Characterization of Workloads (SC21)",
            "Helios: Characterization of Workloads",
            "SC",
            2021,
        ),
        ("Lyra: Elastic Scheduling (EuroSys23)", "Lyra: Elastic Scheduling", "EuroSys", 2023),
        ("Gandiva: Cluster Scheduling (OSDI 2020)", "Gandiva: Cluster Scheduling", "OSDI", 2020),
        ("Gandiva: Cluster Scheduling (OSDI'2020)", "Gandiva: Cluster Scheduling", "OSDI", 2020),
        ("Gandiva: Cluster Scheduling (2020)", "Gandiva: Cluster Scheduling", None, 2020),
        (
            "PipeDream: Pipeline Parallelism SOSP'19",
            "PipeDream: Pipeline Parallelism",
            "SOSP",
            2019,
        ),
        (
            "Scaling Distributed Machine Learning, NSDI '14",
            "Scaling Distributed Machine Learning",
            "NSDI",
            2014,
        ),
        ("TVM: An Optimizing Compiler [OSDI'18]", "TVM: An Optimizing Compiler", "OSDI", 2018),
        ("Ray: A Framework for AI OSDI 2018", "Ray: A Framework for AI", "OSDI", 2018),
        ("Zico: GPU Memory Sharing USENIX ATC '21", "Zico: GPU Memory Sharing", "ATC", 2021),
        ("HPCC Paper: Performance Model (hpcc22)", "HPCC Paper: Performance Model", "HPCC", 2022),
    ],
)
def test_trailing_venue_tag_forms(text, title, venue, year):
    assert _one(text) == Item(title, venue, year, None)


def test_unknown_venue_x_is_a_tag_without_venue():
    item = _one("(DistBelief) Large Scale Distributed Deep Networks (x)")
    assert (item.title, item.venue, item.year, item.alias) == (
        "Large Scale Distributed Deep Networks",
        None,
        None,
        "DistBelief",
    )


def test_words_and_number_in_parentheses_are_not_a_venue():
    item = _one("Ranking Systems Compared Across Benchmarks (Top 10)")
    assert (item.title, item.venue, item.year) == (
        "Ranking Systems Compared Across Benchmarks",
        None,
        None,
    )


def test_model_name_with_digits_is_an_alias_not_a_1950_venue():
    item = _one("Deep Residual Learning for Image Recognition (ResNet50)")
    assert (item.venue, item.year, item.alias) == (None, None, "ResNet50")


def test_first_venue_tag_wins():
    item = _one("[OSDI'20] Some Systems Paper Title (arxiv19)")
    assert (item.venue, item.year) == ("OSDI", 2020)


# --------------------------------------------------------------------------- aliases and notes
def test_alias_prefix_in_parentheses():
    item = _one("(Gavel) Heterogeneity-Aware Cluster Scheduling Policies (OSDI20)")
    assert (item.alias, item.title) == (
        "Gavel",
        "Heterogeneity-Aware Cluster Scheduling Policies",
    )


def test_alias_after_title_before_link_marker():
    item = _one("[SOSP \u201823] Efficient Memory Management with PagedAttention (vLLM) [link]")
    assert (item.title, item.alias, item.venue) == (
        "Efficient Memory Management with PagedAttention",
        "vLLM",
        "SOSP",
    )


def test_multiword_parenthesised_prefix_is_dropped_not_an_alias():
    item = _one("(fine-tuning survey) Learn From Model Beyond Fine-Tuning: A Survey (arxiv23)")
    assert (item.title, item.alias) == ("Learn From Model Beyond Fine-Tuning: A Survey", None)


def test_parenthesis_inside_title_is_kept():
    item = _one("[ATC \u201820] HetPipe: Training on (Whimpy) Heterogeneous GPU Clusters")
    assert item.title == "HetPipe: Training on (Whimpy) Heterogeneous GPU Clusters"


def test_trailing_parenthetical_note_removed():
    assert _one("Ray: A Framework for Emerging AI Applications (must read)").title == (
        "Ray: A Framework for Emerging AI Applications"
    )


def test_trailing_single_note_word_in_parentheses_is_not_an_alias():
    item = _one("Deep Learning Systems: Where We Stand (Survey)")
    assert (item.title, item.alias) == ("Deep Learning Systems: Where We Stand", None)


def test_trailing_backtick_note_removed():
    assert _one("Clipper: A Low-Latency Serving System `classic`").title == (
        "Clipper: A Low-Latency Serving System"
    )


def test_trailing_bracket_note_removed():
    assert _one("Clipper: A Low-Latency Serving System [WIP]").title == (
        "Clipper: A Low-Latency Serving System"
    )


def test_fullwidth_colon_note_dropped():
    item = _one("[NSDI\u201924] MegaScale: Scaling to More Than 10,000 GPUs\uff1a字节万卡集群实践")
    assert item.title == "MegaScale: Scaling to More Than 10,000 GPUs"


def test_fullwidth_colon_as_the_title_colon_is_kept():
    item = _one("MegaScale\uff1aScaling Large Language Model Training")
    assert item.title == "MegaScale: Scaling Large Language Model Training"


def test_fullwidth_colon_after_a_title_colon_starts_a_note():
    item = _one("Aceso: Efficient Parallel DNN Training\uff1aa note in English")
    assert item.title == "Aceso: Efficient Parallel DNN Training"


def test_ascii_colon_followed_by_cjk_note_dropped():
    item = _one("[OSDI'24] DistServe: Disaggregating Prefill and Decoding: 解耦prefill和decoding")
    assert item.title == "DistServe: Disaggregating Prefill and Decoding"


def test_untagged_title_with_fullwidth_colon_note_is_an_entry():
    item = _one("Aceso: Efficient Parallel DNN Training\uff1a根据集群配置生成并行化配置")
    assert item.title == "Aceso: Efficient Parallel DNN Training"


def test_title_in_quotes_is_unquoted():
    assert _one('"Attention Is All You Need" (NeurIPS 2017)').title == "Attention Is All You Need"


ORCA = "Orca: A Distributed Serving System for Transformer-Based Generative Models"
VLLM = "Efficient Memory Management for Large Language Model Serving with PagedAttention"


# fmt: off
@pytest.mark.parametrize(("text", "title", "venue", "year"), [
    # a quoted title after the authors (MLA, ACM with quotes)
    (f'Kwon, W., et al. "{VLLM}." SOSP 2023.', VLLM, "SOSP", 2023),
    (f"W. Kwon et al., \"{VLLM}\", SOSP '23", VLLM, "SOSP", 2023),
    # IEEE: curly quotes, the comma inside them, "in Proc.", pages after the year
    (f"G.-I. Yu, J. S. Jeong, and B.-G. Chun, “{ORCA},” in Proc. OSDI, 2022, pp. 521–538.",
     ORCA, "OSDI", 2022),
    # APA: the year in parentheses before the title
    (f"Yu, G.-I., Jeong, J. S., & Chun, B.-G. (2022). {ORCA}. In OSDI 22 (pp. 521-538).",
     ORCA, "OSDI", 2022),
    # the title first, then the authors with "et al."
    (f"{ORCA}. Gyeong-In Yu et al. OSDI 2022.", ORCA, "OSDI", 2022),
    ("Leviathan, Y., Kalman, M. \"Fast Inference from Transformers via Speculative Decoding.\" "
     "arXiv 2022.", "Fast Inference from Transformers via Speculative Decoding", "arXiv", 2022),
    # the quoted title first, then the authors or the venue
    ('"Attention Is All You Need" by Vaswani et al., NeurIPS 2017', "Attention Is All You Need",
     "NeurIPS", 2017),
    (f'"{VLLM}." SOSP 2023.', VLLM, "SOSP", 2023),
    # ACM: no quotes; the title is the last sentence before "In" and a known venue
    (f"Woosuk Kwon, Zhuohan Li, Siyuan Zhuang. {VLLM}. In SOSP '23.", VLLM, "SOSP", 2023),
    (f"G.-I. Yu, J. S. Jeong, and B.-G. Chun. {ORCA}. In Proceedings of OSDI 2022, pages 521-538.",
     ORCA, "OSDI", 2022),
    # Markdown sets the title in italics or bold where a bibliography quotes it
    (f"*{VLLM}*, Kwon et al., SOSP 2023", VLLM, "SOSP", 2023),
    (f"Kwon et al. *{VLLM}*. SOSP 2023.", VLLM, "SOSP", 2023),
    (f"**{VLLM}** - Woosuk Kwon et al. (SOSP'23)", VLLM, "SOSP", 2023),
    (f"**{VLLM}**. Woosuk Kwon, Zhuohan Li. SOSP 2023.", VLLM, "SOSP", 2023),
    (f'**Kwon, W., et al.** "{VLLM}." *SOSP 2023*.', VLLM, "SOSP", 2023),
    # authors after a plain title are not part of it
    (f"{VLLM} - Woosuk Kwon et al., SOSP 2023", VLLM, "SOSP", 2023),
    (f"{VLLM}, Kwon et al. (SOSP 2023)", VLLM, "SOSP", 2023),
    (f"[SOSP'23] {VLLM} by W. Kwon et al.", VLLM, "SOSP", 2023),
    # the quotes open a longer title: not a citation, the whole title is kept
    ('"Why Should I Trust You?": Explaining the Predictions of Any Classifier (KDD 2016)',
     '"Why Should I Trust You?": Explaining the Predictions of Any Classifier', "KDD", 2016),
    # a venue name only counts written as one: "Fast" and "Micro" in a phrase are words
    ('Smith, J. "A Micro-Benchmark Suite for Serving Systems." Fast Company, 2021.',
     "A Micro-Benchmark Suite for Serving Systems", None, 2021),
])
# fmt: on
def test_citation_style_entries_give_the_cited_title_venue_and_year(text, title, venue, year):
    item = _one(text)
    assert (item.title, item.venue, item.year) == (title, venue, year)


@pytest.mark.parametrize(
    "text",
    [
        'Pathways uses a "Single Controller Model For Accelerators" design',
        f'The system is described in "{VLLM}", which we extend.',
        'Smith et al. (2020) showed that "Large Batch Training Works" in practice.',
        "Alice Smith and Bob Jones. A Study of Things We Like a Lot. In our lab meeting.",
        "Great overview of cluster scheduling. Written by Zhang et al. Worth a read.",
        'Great talk by John, "How We Scaled Our Training Cluster" at the meetup.',
    ],
)
def test_prose_that_quotes_a_phrase_is_not_a_citation(text):
    assert isinstance(parse_item(text), Rejected)


def test_a_bold_label_before_a_title_is_not_taken_for_the_title():
    item = _one("**Highly recommended paper** Fast and Efficient Model Serving (SOSP 2023)")
    assert item.title != "Highly recommended paper" and item.venue == "SOSP"


def test_a_note_after_a_year_in_parentheses_is_not_taken_for_an_apa_title():
    text = "Fast and Efficient Model Serving on GPUs (2022). Worth reading for the batching part"
    item = parse_item(text)
    assert not (isinstance(item, Item) and item.title.startswith("Worth reading"))


def test_a_list_of_citations_parses_line_by_line():
    text = (
        f'## Serving\n\n1. Kwon, W., et al. "{VLLM}." SOSP 2023.\n'
        f"2. {ORCA}. Yu et al. OSDI 2022.\n"
    )
    entries = parse_list(text, "refs.md").entries
    assert [(e.line, e.title, e.venue, e.year, e.section) for e in entries] == [
        (3, VLLM, "SOSP", 2023, "Serving"),
        (4, ORCA, "OSDI", 2022, "Serving"),
    ]


# --------------------------------------------------------------------------- Markdown shapes
def test_markdown_link_title():
    item = _one("[Attention Is All You Need](https://arxiv.org/abs/1706.03762)")
    assert (item.title, item.venue) == ("Attention Is All You Need", None)


def test_venue_tag_before_markdown_link():
    item = _one("[NSDI'23] [Transparent GPU Sharing in Container Clouds](https://x.org/p.pdf)")
    assert (item.title, item.venue, item.year) == (
        "Transparent GPU Sharing in Container Clouds",
        "NSDI",
        2023,
    )


def test_bold_link_title_with_italic_venue_after():
    item = _one(
        "[**Scaling Distributed Machine Learning with the Parameter Server**](u), _OSDI '14_"
    )
    assert (item.title, item.venue, item.year) == (
        "Scaling Distributed Machine Learning with the Parameter Server",
        "OSDI",
        2014,
    )


@pytest.mark.parametrize(
    ("after", "venue", "year", "alias"),
    [
        (" (OSDI 2020)", "OSDI", 2020, None),
        (" SOSP'19", "SOSP", 2019, None),
        (" [MLSys'22]", "MLSys", 2022, None),
        (" (vLLM) SOSP'23", "SOSP", 2023, "vLLM"),
        (" - a system that beats NSDI'19 baselines", None, None, None),
    ],
)
def test_venue_and_alias_right_after_a_link(after, venue, year, alias):
    item = _one(f"[Some Systems Paper Title](https://x.org){after}")
    assert (item.title, item.venue, item.year, item.alias) == (
        "Some Systems Paper Title",
        venue,
        year,
        alias,
    )


# fmt: off
@pytest.mark.parametrize(("line", "title", "venue", "year"), [
    (f"- [{VLLM}](https://arxiv.org/abs/2309.06180) - Kwon et al., SOSP 2023", VLLM, "SOSP", 2023),
    (f"- [{ORCA}](https://www.usenix.org/x) — Gyeong-In Yu, Joo Seong Jeong et al. (OSDI '22)",
     ORCA, "OSDI", 2022),
    (f"- [{VLLM}](url), W. Kwon, Z. Li, and S. Zhuang. SOSP'23.", VLLM, "SOSP", 2023),
    (f"- [{ORCA}](url) by Zhang et al., NSDI 2021", ORCA, "NSDI", 2021),
    # the citation in parentheses that end the entry, or after a full stop
    (f"- [{ORCA}](url) (Yu et al., OSDI 2022)", ORCA, "OSDI", 2022),
    (f"- [{ORCA}](url). Gyeong-In Yu, Joo Seong Jeong. OSDI 2022.", ORCA, "OSDI", 2022),
    # full names need two or more, between commas or "and"
    (f"- [{VLLM}](url) - Woosuk Kwon, Zhuohan Li, SOSP 2023", VLLM, "SOSP", 2023),
    (f"- [{VLLM}](url) - Kwon, W., Li, Z. [SOSP'23]", VLLM, "SOSP", 2023),
    (f"- [{ORCA}](url) - Yu, G.-I., & Chun, B.-G., OSDI 2022", ORCA, "OSDI", 2022),
    # "He" opens sentences, but "He et al." is Kaiming He
    ("- [Deep Residual Learning for Image Recognition](url) - He et al., CVPR 2016",
     "Deep Residual Learning for Image Recognition", "CVPR", 2016),
    # a note in parentheses may follow the venue
    (f"- [{VLLM}](url) - Kwon et al., SOSP 2023 (best paper)", VLLM, "SOSP", 2023),
])
# fmt: on
def test_venue_after_an_author_list_after_a_link(line, title, venue, year):
    (entry,) = parse_list(line, "t.md").entries
    assert (entry.title, entry.venue, entry.year) == (title, venue, year)


@pytest.mark.parametrize(
    "after",
    [
        " - we compare it with Orca (OSDI 2022)",
        " - builds on Zhang et al.'s OSDI 2020 work, great read",
        " - Zhang et al. (OSDI 2020) showed that batching hurts",
        " - Extends Zhang et al. (OSDI 2020)",
        " - See Zhang et al., OSDI 2020",
        " - Also, Zhang et al., OSDI 2020",
        # system names between commas are not authors
        " - Orca, Sarathi and Splitwise, OSDI 2022",
        " - compared with Orca, NSDI 2022",
        # the venue must end the entry
        " - Kwon et al., SOSP 2023, and the OSDI 2022 Orca paper",
        " (Zhang et al., OSDI 2020) showed that batching hurts",
        # a pointer to another paper is not the authors
        ". See Zhang et al. OSDI 2020.",
        " (Extends Zhang et al., OSDI 2020)",
    ],
)
def test_a_description_after_a_link_keeps_its_venues_to_itself(after):
    item = _one(f"[Some Systems Paper Title](https://x.org){after}")
    assert (item.title, item.venue, item.year) == ("Some Systems Paper Title", None, None)


@pytest.mark.parametrize(
    "tail",
    [
        " - Kwon et al., SOSP 2023",
        " by Kwon et al., SOSP 2023",
        ", Kwon et al. (SOSP'23)",
        " - W. Kwon, Z. Li, SOSP 2023",
        ", W. Kwon, Z. Li, and S. Zhuang. SOSP'23.",
        " - Kwon, W., Li, Z. [SOSP'23]",
        " - by W. Kwon, SOSP 2023",
        " by W. Kwon, SOSP 2023",
    ],
)
def test_a_bare_title_with_an_author_tail_reads_like_the_linked_one(tail):
    bare, linked = _one(f"{VLLM}{tail}"), _one(f"[{VLLM}](url){tail}")
    assert bare == linked == (VLLM, "SOSP", 2023, None)


# fmt: off
@pytest.mark.parametrize("tail", [
    # a dash, then names with "et al." and the tag in parentheses
    " - Gyeong-In Yu, Joo Seong Jeong et al. (OSDI '22)",
    # the authors and the venue in the final parentheses
    " (Yu et al., OSDI 2022)",
    " (Yu et al. OSDI 2022)",
    " (Gyeong-In Yu, Joo Seong Jeong, OSDI 2022)",
    # a citation's full stops: title, authors, venue
    ". Gyeong-In Yu, Joo Seong Jeong. OSDI 2022.",
    # an em dash (cleaned to "-") or "--", then initials
    " \u2014 G. Yu, J. S. Jeong, OSDI 2022",
    " -- G. Yu, J. S. Jeong, OSDI 2022",
    " - Yu, G.-I., & Chun, B.-G., OSDI 2022",
    # "by" then initials: the list starts at "by", not at the first comma inside it
    " by G. Yu, J. S. Jeong, OSDI 2022",
    " - Yu et al. (OSDI '22)",
])
# fmt: on
def test_a_bare_title_followed_by_its_authors_gives_the_title_venue_and_year(tail):
    (entry,) = parse_list(f"- {ORCA}{tail}", "t.md").entries
    assert (entry.title, entry.venue, entry.year) == (ORCA, "OSDI", 2022)


def test_authors_between_a_bare_title_and_its_tag_leave_an_alias_before_them():
    item = _one(f"{VLLM} (vLLM) - Kwon et al., SOSP 2023")
    assert item == (VLLM, "SOSP", 2023, "vLLM")


# fmt: off
@pytest.mark.parametrize(("line", "title", "venue", "year"), [
    # system names between commas are not authors
    ("Orca, Sarathi and Splitwise, OSDI 2022", "Orca, Sarathi and Splitwise", "OSDI", 2022),
    # capitalised words after a dash are the title's own
    ("FlexGen: High-Throughput Generative Inference - A Study (ICML 2023)",
     "FlexGen: High-Throughput Generative Inference - A Study", "ICML", 2023),
    ("Megatron-LM: Training Multi-Billion Parameter Language Models Using Model Parallelism "
     "(arxiv20)",
     "Megatron-LM: Training Multi-Billion Parameter Language Models Using Model Parallelism",
     "arXiv", 2020),
    # after a dash or a comma, two-word phrases joined by "and" may be the title's own: after
    # a dash without "et al" or an initial they stay (so plain full names after a dash stay too)
    ("Scaling Laws - Tensor Parallelism and Data Sharding (OSDI 2022)",
     "Scaling Laws - Tensor Parallelism and Data Sharding", "OSDI", 2022),
    ("Memory Systems, Load Balancing and Data Sharding, OSDI 2022",
     "Memory Systems, Load Balancing and Data Sharding", "OSDI", 2022),
    # topic words (-ing, -ism, plural -ems, ...) in a comma list are the title's own
    ("Scheduling with Deadlines, Load Balancing and Data Sharding, OSDI 2022",
     "Scheduling with Deadlines, Load Balancing and Data Sharding", "OSDI", 2022),
    ("Kernels for Deep Networks, Memory Systems and Cache Structures",
     "Kernels for Deep Networks, Memory Systems and Cache Structures", None, None),
    # "by" inside a title is a word of it, not the start of an author list
    ("Learning by Doing (ICML 2020)", "Learning by Doing", "ICML", 2020),
    ("Compression by Knowledge Distillation and Weight Pruning (ICML 2020)",
     "Compression by Knowledge Distillation and Weight Pruning", "ICML", 2020),
    # a line of authors alone (a sub-bullet under its title) has no title to cut
    ("W. Kwon, Z. Li, SOSP 2023", "W. Kwon, Z. Li", "SOSP", 2023),
    # prose after a title is not an author list (the trailing tag is read as it always was)
    ("Some Systems Paper Title - we compare with Orca (OSDI 2022)",
     "Some Systems Paper Title - we compare with Orca", "OSDI", 2022),
    (f"{ORCA} - Zhang et al. (OSDI 2020) showed that batching hurts",
     f"{ORCA} - Zhang et al. (OSDI 2020) showed that batching hurts", None, None),
    (f"{ORCA} - Kwon et al., SOSP 2023, and the OSDI 2022 Orca paper",
     f"{ORCA} - Kwon et al., SOSP 2023, and the OSDI 2022 Orca paper", None, None),
    # names with no tag after them: the tag that opens the line does not end it
    (f"[OSDI'22] {ORCA} - Gyeong-In Yu, Joo Seong Jeong",
     f"{ORCA} - Gyeong-In Yu, Joo Seong Jeong", "OSDI", 2022),
    # in the final parentheses, a surname alone or a description is not a citation
    (f"{ORCA} (Yu, OSDI 2022)", ORCA, None, None),
    (f"{ORCA} (Extends Zhang et al., OSDI 2020)", ORCA, None, None),
])
# fmt: on
def test_words_after_a_bare_title_that_are_not_its_authors_stay_as_they_were(
    line, title, venue, year
):
    (entry,) = parse_list(f"- {line}", "t.md").entries
    assert (entry.title, entry.venue, entry.year) == (title, venue, year)


# fmt: off
@pytest.mark.parametrize(("line", "title", "venue", "year"), [
    (f"{ORCA}, Gyeong-In Yu, Joo Seong Jeong, OSDI 2022", ORCA, "OSDI", 2022),
    ("MLaaS in the Wild: Workload Analysis and Scheduling in Large-Scale Heterogeneous GPU "
     "Clusters, Qizhen Weng, Wencong Xiao and Yinghao Yu",
     "MLaaS in the Wild: Workload Analysis and Scheduling in Large-Scale Heterogeneous GPU "
     "Clusters", None, None),
    ("Attention Is All You Need, Ashish Vaswani, Noam Shazeer, Niki Parmar",
     "Attention Is All You Need", None, None),
])
# fmt: on
def test_full_names_after_a_titles_comma_are_its_authors(line, title, venue, year):
    (entry,) = parse_list(f"- {line}", "t.md").entries
    assert (entry.title, entry.venue, entry.year) == (title, venue, year)


@pytest.mark.parametrize("line", [
    "vTrain: A Simulation Framework for Evaluating Cost-Effective LLM Training, J. Bang, "
    "Y. Choi and M. Kim",
    "dPRO: A Generic Performance Diagnosis and Optimization Toolkit for Expediting Distributed "
    "DNN Training, Hu, H., Jiang, C. et al.",
])
def test_title_first_reference_opening_with_a_lower_camel_case_name(line):
    (entry,) = parse_list(f"- {line}", "t.md").entries
    assert entry.title == line.split(", ")[0]


# fmt: off
@pytest.mark.parametrize(("line", "title"), [
    ("Pathways, P. Barham, A. Chowdhery, J. Dean and S. Ghemawat", "Pathways"),
    ("Ansor, Zheng, L. et al.", "Ansor"),
    ("Ray, P. Moritz and R. Nishihara", "Ray"),  # "Ray, P." alone would be a name
    # names read from the start as far: authors, not a title
    ("Kwon, W., Li, Z. Efficient Memory Management. SOSP 2023.", "Efficient Memory Management"),
    ("Kwon, Woosuk, Zhuohan Li, et al. Efficient Memory Management. SOSP 2023.",
     "Efficient Memory Management"),
])
# fmt: on
def test_a_name_alone_before_its_authors_with_initials_is_the_title(line, title):
    (entry,) = parse_list(f"- {line}", "t.md").entries
    assert entry.title == title


def test_link_text_split_over_two_lines():
    text = (
        "- [Efficient Memory Management for Large Language\n"
        "  Model Serving with PagedAttention](https://arxiv.org/abs/2309.06180) SOSP'23\n"
        "- Next: Another Paper Title Here\n"
    )
    entries = parse_list(text, "t.md").entries
    assert [(e.line, e.title, e.venue) for e in entries] == [
        (
            1,
            "Efficient Memory Management for Large Language Model Serving with PagedAttention",
            "SOSP",
        ),
        (3, "Next: Another Paper Title Here", None),
    ]


def test_title_first_reference_wrapped_mid_title_is_joined():
    text = (
        "- Lucid: A Non-intrusive, Scalable and Interpretable Scheduler for Deep\n"
        "Learning Training Jobs. Qinghao Hu, Meng Zhang et al. ASPLOS 2023.\n"
        "- Next: Another Paper Title Here\n\n"
        "Pathfinder — Heterogeneity-Aware Inference for\n"
        "Heterogeneous Accelerators. Deepak Narayanan and Amar de la\n"
        "Cruz. ICML15.\n"
    )
    assert [(e.line, e.title, e.venue, e.year) for e in parse_list(text, "t.md").entries] == [
        (1, "Lucid: A Non-intrusive, Scalable and Interpretable Scheduler for Deep Learning "
         "Training Jobs", "ASPLOS", 2023),
        (3, "Next: Another Paper Title Here", None, None),
        (5, "Pathfinder - Heterogeneity-Aware Inference for Heterogeneous Accelerators", "ICML",
         2015),
    ]  # fmt: skip


def test_lines_that_end_as_an_entry_does_are_not_joined_to_the_next():
    text = (
        "Model Serving\n"
        "Orca: A Distributed Serving System for Transformer-Based Generative Models. Gyeong-In "
        "Yu et al. OSDI 2022.\n"
        "**Clockwork**, Arpan Gujarati and others\n"
        "**Clipper: A Low-Latency Online Prediction Serving System**, Daniel Crankshaw et al.\n"
        "[Ion Stoica](https://people.eecs.berkeley.edu/~istoica/) (UC Berkeley)\n"
        "Kwon, W. et al. Efficient Memory Management for LLM Serving. SOSP 2023.\n"
    )
    assert [(e.line, e.title) for e in parse_list(text, "t.md").entries] == [
        (2, "Orca: A Distributed Serving System for Transformer-Based Generative Models"),
        (4, "Clipper: A Low-Latency Online Prediction Serving System"),
        (6, "Efficient Memory Management for LLM Serving"),
    ]


def test_wrapped_title_continued_in_lower_case_is_joined():
    text = "- [ASPLOS'24] SpotServe: Serving Generative Models\non Preemptible Instances [link]\n"
    (e,) = parse_list(text, "t.md").entries
    assert (e.line, e.title) == (1, "SpotServe: Serving Generative Models on Preemptible Instances")


def test_capitalised_line_after_entry_is_not_joined():
    text = "- [OSDI'22] Orca: A Distributed Serving System\nModel Serving\n- [OSDI'20] Title Two\n"
    entries = parse_list(text, "t.md").entries
    assert [e.title for e in entries] == ["Orca: A Distributed Serving System", "Title Two"]
    assert entries[1].section == "Model Serving"


def test_double_bracket_link_clutter_removed():
    assert _one("Ray: A Framework for AI Applications [[Paper]] [[Code]]").title == (
        "Ray: A Framework for AI Applications"
    )


def test_bracketed_pdf_link_clutter_removed():
    item = _one("Ray: A Framework for AI Applications [[pdf](https://x.pdf)] [[code](https://g)]")
    assert item.title == "Ray: A Framework for AI Applications"


def test_link_word_clutter_removed():
    item = _one("Ray: A Framework for AI Applications [pdf](https://x) [code](https://y) [link]")
    assert item.title == "Ray: A Framework for AI Applications"


def test_badges_and_images_are_removed_from_titles():
    item = _one("Ray: A Framework for AI Applications ![stars](https://img.shields.io/x.svg)")
    assert item.title == "Ray: A Framework for AI Applications"


def test_task_list_checkbox_stripped():
    assert _one("[x] Ray: A Framework for AI Applications").title == (
        "Ray: A Framework for AI Applications"
    )


def test_yaml_front_matter_is_skipped():
    text = "---\ntitle: My List\ntags:\n - LLM Training Systems Here\n---\n- Real: A Paper Title\n"
    entries = parse_list(text, "t.md").entries
    assert [(e.line, e.title) for e in entries] == [(6, "Real: A Paper Title")]


def test_markdown_heading_sets_section_and_is_not_an_entry():
    text = "# Top [![badge](b.svg)](x)\n## GPU Cluster\n- Real: A Paper Title\n"
    (e,) = parse_list(text, "t.md").entries
    assert e.section == "GPU Cluster"


def test_setext_heading_sets_section():
    text = "Serving Systems\n===============\n- Clipper: A Low-Latency Serving System\n"
    (e,) = parse_list(text, "t.md").entries
    assert e.section == "Serving Systems"


def test_plain_topic_line_sets_section():
    text = "Model Serving\n- Clipper: A Low-Latency Serving System\n"
    (e,) = parse_list(text, "t.md").entries
    assert e.section == "Model Serving"


def test_cjk_plain_line_is_not_a_topic():
    text = (
        "Serving\n[OSDI'20] Clockwork: Serving DNNs\n"
        "调度框架旨在提供如下特性\n[OSDI'18] Gandiva: Scheduling\n"
    )
    entries = parse_list(text, "t.md").entries
    assert [e.section for e in entries] == ["Serving", "Serving"]


def test_numbered_topic_line_with_colon_sets_section():
    text = "  1. Cluster Scheduling:\n    \u2022 AntMan: Dynamic Scaling on GPU Clusters (OSDI20)\n"
    (e,) = parse_list(text, "t.md").entries
    assert (e.line, e.section) == (2, "Cluster Scheduling")


def test_bulleted_three_word_topic_with_colon_is_a_section_not_an_entry():
    text = "- Distributed Training Systems:\n- Alpa: Automating Parallelism (OSDI22)\n"
    (e,) = parse_list(text, "t.md").entries
    assert (e.line, e.section) == (2, "Distributed Training Systems")


def test_numbered_entry_with_venue_is_an_entry():
    (e,) = parse_list("1. Gandiva: Introspective Cluster Scheduling (OSDI18)\n", "t.md").entries
    assert (e.title, e.venue, e.year) == ("Gandiva: Introspective Cluster Scheduling", "OSDI", 2018)


def test_numbered_remarks_are_not_entries():
    text = "1. Note: papers are sorted by year\n2. We only list peer-reviewed papers here.\n"
    assert parse_list(text, "t.md").entries == []


def test_table_row_with_bold_title_and_venue_in_title_cell():
    text = (
        "| Paper | Venue | Links |\n"
        "|-------|:-----:|-------|\n"
        "| **Heterogeneity-Aware Cluster Scheduling Policies (OSDI'2020)** | | [pdf](x) |\n"
    )
    (e,) = parse_list(text, "t.md").entries
    assert (e.line, e.title, e.venue, e.year) == (
        3,
        "Heterogeneity-Aware Cluster Scheduling Policies",
        "OSDI",
        2020,
    )
    assert e.raw.startswith("| **Heterogeneity")


def test_table_venue_and_year_columns():
    text = (
        "| Year | Venue | Title |\n"
        "|---|---|---|\n"
        "| 2020 | osdi | [AntMan: Dynamic Scaling on GPU Clusters](https://x) |\n"
        "| 2019 | NSDI'19 | Tiresias: A GPU Cluster Manager |\n"
    )
    entries = parse_list(text, "t.md").entries
    assert [(e.title, e.venue, e.year) for e in entries] == [
        ("AntMan: Dynamic Scaling on GPU Clusters", "OSDI", 2020),
        ("Tiresias: A GPU Cluster Manager", "NSDI", 2019),
    ]


def test_heading_ends_a_table_and_its_column_roles():
    text = (
        "| Year | Venue | Title |\n"
        "|---|---|---|\n"
        "| 2020 | OSDI | AntMan: Dynamic Scaling on GPU Clusters |\n"
        "## Other\n"
        "| Tiresias: A GPU Cluster Manager (NSDI19) | notes |\n"
    )
    entries = parse_list(text, "t.md").entries
    assert [(e.title, e.section) for e in entries] == [
        ("AntMan: Dynamic Scaling on GPU Clusters", None),
        ("Tiresias: A GPU Cluster Manager", "Other"),
    ]


def test_table_header_and_separator_rows_are_not_entries():
    text = "| Paper Title Column | Notes Column Here |\n| --- | --- |\n"
    assert parse_list(text, "t.md").entries == []


def test_table_of_contents_links_are_not_entries():
    text = (
        "## Contents\n- [Cluster Scheduling Papers](#cluster-scheduling)\n  - [Serving](#serving)\n"
    )
    assert parse_list(text, "t.md").entries == []


def test_badge_lines_are_not_entries():
    text = (
        "[![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n"
        "- ![badge](https://img.shields.io/badge/x-y-green)\n"
        '<p align="center"><img src="logo.png"></p>\n'
    )
    assert parse_list(text, "t.md").entries == []


def test_code_fence_contents_are_ignored():
    text = "```\n- Not: An Entry Inside a Code Block (OSDI20)\n```\n- Real: A Paper Title Here\n"
    assert _titles(text) == ["Real: A Paper Title Here"]


def test_html_comment_is_ignored():
    text = "<!--\n- Hidden: A Commented Out Paper (OSDI20)\n-->\n- Real: A Paper Title Here\n"
    assert _titles(text) == ["Real: A Paper Title Here"]


def test_crlf_line_endings():
    text = "Topic\r\n- Real: A Paper Title Here (OSDI20)\r\n"
    (e,) = parse_list(text, "t.md").entries
    assert (e.line, e.section, e.venue, e.raw) == (
        2,
        "Topic",
        "OSDI",
        "- Real: A Paper Title Here (OSDI20)",
    )


def test_empty_text_has_no_entries_and_no_warnings():
    assert parse_list("", "t.md") == parse_list("\n\n", "t.md")
    assert parse_list("", "t.md").entries == []


def test_absurdly_long_line_is_skipped_with_a_warning_naming_file_and_line():
    text = "- Real: A Paper Title Here\n" + "x" * (MAX_LINE_CHARS + 1) + "\n- Second: Paper Title\n"
    result = parse_list(text, "lists/big.md")
    assert [e.line for e in result.entries] == [1, 3]
    (warning,) = result.warnings
    assert warning.startswith("lists/big.md:2: skipped a line of 10,001 characters")


def test_fixture_awesome_style_list():
    """A list shaped like the public "awesome" lists: every non-seed shape in one file."""
    text = (FIXTURES / "lists" / "awesome_style.md").read_text(encoding="utf-8")
    entries = parse_list(text, "awesome_style.md").entries
    got = [(e.line, e.section, e.title, e.venue, e.year, e.alias) for e in entries]
    assert got == [
        (
            16,
            "Scheduling",
            "Gandiva: Introspective Cluster Scheduling for Deep Learning",
            "OSDI",
            2018,
            None,
        ),
        (
            19,
            "Scheduling",
            "Efficient Memory Management for Large Language Model Serving with PagedAttention",
            "SOSP",
            2023,
            "vLLM",
        ),
        (
            22,
            "Scheduling",
            "Pollux: Co-adaptive Cluster Scheduling for Goodput-Optimized Deep Learning",
            None,
            None,
            None,
        ),
        (23, "Scheduling", "Themis: Fair and Efficient GPU Cluster Scheduling", "NSDI", 2020, None),
        (
            24,
            "Scheduling",
            "Scaling Distributed Machine Learning with the Parameter Server",
            "OSDI",
            2014,
            None,
        ),
        (
            28,
            "Scheduling",
            "Heterogeneity-Aware Cluster Scheduling Policies for Deep Learning Workloads",
            "OSDI",
            2020,
            None,
        ),
        (
            29,
            "Scheduling",
            "AntMan: Dynamic Scaling on GPU Clusters for Deep Learning",
            "OSDI",
            2020,
            None,
        ),
        (
            39,
            "Serving",
            "Clipper: A Low-Latency Online Prediction Serving System",
            None,
            None,
            None,
        ),
        (
            40,
            "Serving",
            "PipeDream: Generalized Pipeline Parallelism for DNN Training",
            "SOSP",
            2019,
            None,
        ),
    ]


# --------------------------------------------------------------------------- rejection rules
def test_reject_toc_link():
    assert parse_item("[Cluster Scheduling](#cluster-scheduling)") == Rejected("toc_link")


@pytest.mark.parametrize(
    "text", ["![badge](https://img.shields.io/x.svg)", "[Paper](https://x)", "--"]
)
def test_reject_empty(text):
    assert parse_item(text) == Rejected("empty")


def test_reject_clutter_only():
    assert parse_item("Paper: https://arxiv.org/abs/1234") == Rejected("clutter_only")


@pytest.mark.parametrize(
    "text",
    [
        "容错路由指的是容什么错？",
        "TGS 对生产作业的吞吐量影响不大",
        "EasyScale根据我们的作业内和作业间调度策略",
        "容错路由: 指的是容什么错",  # a colon, so not the early exit: cut, then still CJK
    ],
)
def test_reject_cjk_note(text):
    assert parse_item(text) == Rejected("cjk_note")


@pytest.mark.parametrize(
    "text", ["Keywords: scheduling, GPU clusters", "Code: github.com/x/y", "TL;DR: it is fast"]
)
def test_reject_label_prefix(text):
    assert parse_item(text) == Rejected("label_prefix")


@pytest.mark.parametrize(
    "text",
    [
        "In this paper, we show how tensor and pipeline parallelism compose",
        "We only list peer reviewed papers",
        "This work extends the Gandiva scheduler",
        "Note that the papers below are sorted by year",
    ],
)
def test_reject_prose_start(text):
    assert parse_item(text) == Rejected("prose_start")


@pytest.mark.parametrize(
    "text",
    [
        "Hydro, a surrogate-based hyperparameter tuning service that optimizes tuning workloads",
        "vLLM, an LLM serving system that achieves near-zero waste in KV cache memory",
    ],
)
def test_reject_appositive(text):
    assert parse_item(text) == Rejected("appositive")


@pytest.mark.parametrize(
    "text",
    [
        "Parcae [NSDI\u201924] is a system for cheap, fast, and scalable LLM training on spot",
        "Oobleck enables resilient distributed training of large DNN models",
        "Pathways uses a sharded dataflow graph of asynchronous operators",
        "For serving, SpotServe [ASPLOS\u201924] is an LLM serving system on spot instances",
        "The new scheduler can pack jobs onto fewer GPUs",
    ],
)
def test_reject_subject_verb(text):
    assert parse_item(text) == Rejected("subject_verb")


@pytest.mark.parametrize(
    "text",
    [
        "Attention Is All You Need",
        "Attention is not Explanation",
        "An Image is Worth 16x16 Words: Transformers for Image Recognition",
        "Sia: Heterogeneity-aware, goodput-optimized ML-cluster scheduling",
    ],
)
def test_titles_with_verbs_are_not_sentences(text):
    assert isinstance(parse_item(text), Item)


@pytest.mark.parametrize(
    "text",
    [
        "Co-designing the model compiler, local clients, and the scheduler to bypass it.",
        "Partition a computational graph of DNN into multiple sub-graphs by abstracting away,",
        "Best paper award (OSDI 2022).",  # a description sub-bullet: no title before a source
    ],
)
def test_reject_sentence_end(text):
    assert parse_item(text) == Rejected("sentence_end")


def test_a_title_then_its_venue_and_year_after_a_full_stop_is_a_citation():
    # issue 22: "Title. VENUE YEAR." is a form lists copy from citations (it was rejected
    # as a sentence before the title-first reader, enrich.parse.titlefirst)
    text = "Ray: A Distributed Framework for Emerging AI Applications. OSDI 2018."
    assert parse_item(text) == ("Ray: A Distributed Framework for Emerging AI Applications",
                                "OSDI", 2018, None)  # fmt: skip


def test_title_ending_in_ellipsis_or_question_mark_is_kept():
    assert isinstance(parse_item("Is Network the Bottleneck of Distributed Training?"), Item)
    assert isinstance(parse_item("Scaling Laws for Everything..."), Item)


def test_reject_lowercase_start():
    assert parse_item("partition the graph into sub graphs") == Rejected("lowercase_start")


@pytest.mark.parametrize(
    "text",
    [
        "gSampler: General and Efficient GPU-based Graph Sampling",
        "dPRO: A Generic Performance Diagnosis and Optimization Toolkit",
        "vDNN: Virtualized Deep Neural Networks for Scalable Design",
    ],
)
def test_lowercase_system_names_start_titles(text):
    assert isinstance(parse_item(text), Item)


@pytest.mark.parametrize(
    "text", ["Gandiva-fair", "Optimus", "Singularity", "Lucid: 基于可解释模型的调度器"]
)
def test_reject_too_short_system_name_alone(text):
    assert parse_item(text) == Rejected("too_short")


def test_short_title_with_venue_tag_is_kept():
    assert _one("Clockwork (OSDI20)").title == "Clockwork"


def test_reject_too_long():
    text = "Scheduling " * (MAX_TITLE_WORDS + 1)
    assert parse_item(text.strip()) == Rejected("too_long")


def test_reject_plain_line_without_venue_tag():
    assert parse_item("Accelerate and optimize Machine Learning", bullet=False) == Rejected(
        "no_venue_tag"
    )
    assert isinstance(parse_item("[NSDI'23] Transparent GPU Sharing", bullet=False), Item)
    assert isinstance(parse_item("Transparent GPU Sharing (NSDI23)", bullet=False), Item)


def test_leading_venue_tag_keeps_the_entry_whatever_the_wording():
    item = _one("[OSDI'20] we propose a scheduler.")
    assert (item.title, item.venue) == ("we propose a scheduler", "OSDI")


# -- the arXiv id an entry links -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "arxiv_id"),
    [
        ("[Efficient Memory Management](https://arxiv.org/abs/2309.06180v2)", "2309.06180"),
        ("Title [[pdf](https://arxiv.org/pdf/2309.06180.pdf)] [[code](https://x)]", "2309.06180"),
        ("Title [[paper](http://arxiv.org/pdf/astro-ph/0601001v1)]", "astro-ph/0601001"),
        ("Title (arxiv.org/abs/math.GT/0309136)", "math.GT/0309136"),
        ('Kwon, W., et al. "Title." arXiv:2309.06180, 2023.', "2309.06180"),
        ("[arXiv 2307.12345] Title", "2307.12345"),
        ("[A](https://arxiv.org/abs/2309.06180) [pdf](https://arxiv.org/pdf/2309.06180v3)",
         "2309.06180"),  # the same paper twice
        ("[A](https://arxiv.org/abs/2309.06180), extends [B](https://arxiv.org/abs/2205.14135)",
         None),  # two papers: neither
        ("Title (arXiv 2023)", None),  # a venue tag, not an id
        ("Title [list](https://arxiv.org/list/cs.DC/recent)", None),
        ("Title https://arxiv.org/abs/2309.061801", None),  # not an id: six digits
        ("Title (SOSP 2023) https://github.com/vllm-project/vllm", None),
    ],
)
def test_linked_arxiv_id(raw, arxiv_id):
    from enrich.parse import linked_arxiv_id

    assert linked_arxiv_id(raw) == arxiv_id


def test_entries_carry_the_arxiv_id_they_link():
    text = (
        "# Serving\n"
        "- [Efficient Memory Management for Large Language Model Serving with PagedAttention]"
        "(https://arxiv.org/abs/2309.06180) (SOSP 2023)\n"
        "- Orca: A Distributed Serving System for Transformer-Based Generative Models (OSDI 22)\n"
        "- SARATHI: Efficient LLM Inference by Piggybacking Decodes with Chunked Prefills "
        "[[arXiv](https://arxiv.org/abs/2308.16369)] [[code](https://github.com/x/y)]\n"
    )
    entries = parse_list(text, "l.md").entries
    assert [(e.line, e.arxiv_id) for e in entries] == [
        (2, "2309.06180"),
        (3, None),
        (4, "2308.16369"),  # a clutter link beside the title
    ]


@pytest.mark.parametrize(
    ("raw", "doi"),
    [
        ("[Title](https://dl.acm.org/doi/10.1145/3600006.3613165)", "10.1145/3600006.3613165"),
        ("Title https://doi.org/10.1145/3600006.3613165.", "10.1145/3600006.3613165"),
        ("A. Author. Title. SC 2018. doi:10.1109/SC.2018.00050", "10.1109/sc.2018.00050"),
        ("[T](https://dl.acm.org/doi/abs/10.1145/3552326.3567505) "
         "[pdf](https://dl.acm.org/doi/pdf/10.1145/3552326.3567505)", "10.1145/3552326.3567505"),
        ("[T](https://link.springer.com/article/10.1007/s10586-020-03146-w)",
         "10.1007/s10586-020-03146-w"),
        ("[A](https://doi.org/10.1145/3600006.3613165), cf. https://doi.org/10.1145/3552326.3567505",
         None),  # two papers: neither
        ("Title (OSDI 2022) https://www.usenix.org/conference/osdi22/presentation/yu", None),
        ("Title, version 10.2 of the tool", None),
        # parentheses in pairs belong to the DOI, the link's closing one does not
        ("[Title](https://doi.org/10.1016/S0140-6736(20)30183-5) (Lancet 2020)",
         "10.1016/s0140-6736(20)30183-5"),
    ],
)
def test_linked_doi(raw, doi):
    from enrich.parse import linked_doi

    assert linked_doi(raw) == doi


def test_entries_carry_the_doi_they_link():
    text = (
        "- [Efficient Memory Management for Large Language Model Serving with PagedAttention]"
        "(https://dl.acm.org/doi/10.1145/3600006.3613165) (SOSP 2023)\n"
        "- Orca: A Distributed Serving System for Transformer-Based Generative Models (OSDI 22)\n"
    )
    assert [e.doi for e in parse_list(text, "l.md").entries] == ["10.1145/3600006.3613165", None]


def test_a_pointer_to_another_paper_after_a_title_is_not_its_citation():
    # "Title. Name et al. VENUE YEAR" is a citation form; "See Name et al." points elsewhere
    assert _one(f"{ORCA}. Gyeong-In Yu et al. OSDI 2022.") == (ORCA, "OSDI", 2022, None)
    assert isinstance(parse_item(f"{ORCA}. See Zhang et al. OSDI 2020."), Rejected)


def test_an_entry_too_long_for_a_citation_is_not_searched_for_authors(monkeypatch):
    # the search tries every separator: 0.2 s on a 10,000-character line of names
    import enrich.parse.items as rl

    # the author search is _cut_authors, or, since issue 22, the title-first reader before it
    searched: list[str] = []
    real = rl._cut_authors
    monkeypatch.setattr(rl, "_cut_authors", lambda s, tags: searched.append(s) or real(s, tags))
    first = rl.read_title_first
    monkeypatch.setattr(rl, "read_title_first", lambda s, **k: searched.append(s) or first(s, **k))
    names = ", ".join(f"{chr(65 + i % 26)}. Kwon" for i in range(10))
    assert _one(f"{ORCA} - {names}, OSDI 2022") == (ORCA, "OSDI", 2022, None)
    assert len(searched) == 1
    long = f"{ORCA} - " + ", ".join(["A. Kwon"] * (rl.MAX_AUTHOR_TAIL_CHARS // 9)) + ", OSDI 2022"
    assert len(long) > rl.MAX_AUTHOR_TAIL_CHARS
    parse_item(long)
    assert len(searched) == 1  # not searched again


def test_entries_citing_arxiv_in_any_case_carry_the_id():
    # the list reads "arXiv:" and "ArXiv" as often as the lower-case URL
    text = (
        f'- Kwon, W., et al. "{VLLM}." arXiv:2309.06180, 2023.\n'
        f"- [arXiv 2308.16369] SARATHI: Efficient LLM Inference by Piggybacking Decodes\n"
        f"- {ORCA} (OSDI 2022) ArXiv:2211.05102\n"
    )
    ids = [e.arxiv_id for e in parse_list(text, "l.md").entries]
    assert ids == ["2309.06180", "2308.16369", "2211.05102"]
