"""Other markups and layouts read as Markdown (``enrich.parse.dialects``, ``fields``).

Each test is a small list in one structure the dev lists and the generator lack, shaped like
public lists (``tests/wild/`` holds whole ones), and what its entries read as.
"""

from __future__ import annotations

from enrich.parse import parse_list
from enrich.parse.dialects import as_markdown


def _read(text: str, name: str = "list.md") -> list[tuple[int, str, str | None, int | None]]:
    return [(e.line, e.title, e.venue, e.year) for e in parse_list(text, name).entries]


def test_restructured_text_links_targets_and_enumerators():
    text = "\n".join([
        "Optimization",
        "============",
        "",
        ".. contents:: Table of Contents",
        "   :depth: 2",
        "",
        "* `Adam: A Method for Stochastic Optimization <https://arxiv.org/abs/1412.6980>`_"
        " -- Kingma and Ba, ICLR 2015",
        "- `Deep Residual Learning for Image Recognition`_ (CVPR 2016)",
        "#. **Proximal Policy Optimization Algorithms**, Schulman et al., arXiv 2017."
        " `[pdf] <https://arxiv.org/abs/1707.06347>`__",
        "",
        ".. _Deep Residual Learning for Image Recognition: https://arxiv.org/abs/1512.03385",
    ])
    entries = parse_list(text, "list.txt").entries
    assert [(e.line, e.title, e.venue, e.year) for e in entries] == [
        (7, "Adam: A Method for Stochastic Optimization", "ICLR", 2015),
        (8, "Deep Residual Learning for Image Recognition", "CVPR", 2016),
        (9, "Proximal Policy Optimization Algorithms", "arXiv", 2017),
    ]
    assert entries[1].arxiv_id == "1512.03385"  # the target's URL


def test_org_mode_headings_links_keywords_and_drawers():
    text = "\n".join([
        "#+TITLE: Paper notes",
        "* Key-value stores",
        "** DONE [[https://example.org/dynamo.pdf][Dynamo: Amazon's Highly Available Key-value"
        " Store]] (SOSP 2007)",
        "** TODO The Log-Structured Merge-Tree :classic:",
        "   :PROPERTIES:",
        "   :YEAR: 1996",
        "   :END:",
        "** DONE Spanner: Google's Globally-Distributed Database -- Corbett et al., OSDI 2012",
        "* Tools",
        "** [[https://github.com/facebook/rocksdb][RocksDB]]",
    ])
    assert _read(text, "notes.txt") == [
        (3, "Dynamo: Amazon's Highly Available Key-value Store", "SOSP", 2007),
        (4, "The Log-Structured Merge-Tree", None, None),
        (8, "Spanner: Google's Globally-Distributed Database", "OSDI", 2012),
    ]


def test_an_org_heading_is_a_heading_outside_org_documents():
    assert as_markdown("* Systems\n** DONE Title") == ["* Systems", "** DONE Title"]


def test_a_shields_badge_or_a_backtick_tag_gives_the_venue():
    text = "\n".join([
        "- **Orca: A Distributed Serving System for Transformer-Based Generative Models**"
        " [[pdf]](https://example.org/orca.pdf) ![](https://img.shields.io/badge/OSDI-2022-red)",
        "- **Mooncake: A KVCache-centric Disaggregated Architecture for LLM Serving**"
        " [[code]](https://github.com/kvcache-ai/Mooncake) `FAST'25`",
        "- **vLLM** ![](https://img.shields.io/github/stars/vllm-project/vllm.svg?style=social)",
    ])
    assert _read(text) == [
        (1, "Orca: A Distributed Serving System for Transformer-Based Generative Models", "OSDI",
         2022),
        (2, "Mooncake: A KVCache-centric Disaggregated Architecture for LLM Serving", "FAST",
         2025),
    ]


def test_a_badge_that_names_no_venue_is_left_alone():
    line = "x ![](https://img.shields.io/badge/PRs-welcome-brightgreen.svg)"
    assert as_markdown(line) == [line]


def test_a_hard_line_break_ends_the_title_and_the_next_line_describes_it():
    text = "\n".join([
        "- [PyTorch FSDP: Experiences on Scaling Fully Sharded Data Parallel]"
        "(https://arxiv.org/abs/2304.11277)<br>",
        "  Yanli Zhao, Andrew Gu, Rohan Varma, et al. VLDB 2023.",
        "",
        "[Tutel: Adaptive Mixture-of-Experts at Scale](https://arxiv.org/abs/2206.03382) \\",
        "Changho Hwang, Wei Cui, Yifan Xiong, et al. MLSys 2023.",
    ])
    assert _read(text) == [
        (1, "PyTorch FSDP: Experiences on Scaling Fully Sharded Data Parallel", "VLDB", 2023),
        (4, "Tutel: Adaptive Mixture-of-Experts at Scale", "MLSys", 2023),
    ]


def test_a_link_alone_then_its_authors_line():
    text = "\n".join([
        "[Megatron-LM: Training Multi-Billion Parameter Language Models Using Model Parallelism]"
        "(https://arxiv.org/abs/1909.08053)",
        "- Mohammad Shoeybi, Mostofa Patwary, Raul Puri, Patrick LeGresley, Jared Casper,"
        " Bryan Catanzaro. arXiv 2019.",
        "",
        "[Mixed Precision Training](https://arxiv.org/abs/1710.03740)",
        "Paulius Micikevicius, Sharan Narang, Jonah Alben, et al. *ICLR 2018*.",
    ])
    assert _read(text) == [
        (1, "Megatron-LM: Training Multi-Billion Parameter Language Models Using Model "
            "Parallelism", "arXiv", 2019),
        (4, "Mixed Precision Training", "ICLR", 2018),
    ]


def test_links_one_a_line_are_not_described_by_each_other():
    lines = ["[Awesome Adversarial Machine Learning](https://github.com/a/b)",
             "[Awesome LLM Security](https://github.com/c/d)"]
    assert as_markdown("\n".join(lines)) == lines


def test_labelled_field_blocks():
    text = "\n".join([
        "Title: Lucid: A Non-intrusive, Scalable and Interpretable Scheduler for Deep Learning"
        " Training Jobs",
        "Authors: Qinghao Hu, Meng Zhang, Peng Sun, Yonggang Wen, Tianwei Zhang",
        "Venue: ASPLOS 2023",
        "Link: https://dl.acm.org/doi/10.1145/3575693.3575705",
        "Presenter: Alice",
        "",
        "- **Title**: Multi-Resource Interleaving for Deep Learning Training",
        "- **Authors**: Yihao Zhao, Yuanqiang Liu, Yanghua Peng, Yibo Zhu, Xuanzhe Liu, Xin Jin",
        "- **Conference**: SIGCOMM 2022",
        "",
        "**Paper:** Chronus: A Novel Deadline-aware Scheduler for Deep Learning Training Jobs",
        "**Published:** SoCC 2021",
        "",
        "* Title: Sparrow: Distributed, Low Latency Scheduling",
        "  Authors: Kay Ousterhout, Patrick Wendell, Matei Zaharia, Ion Stoica",
        "  Venue: SOSP 2013",
        "",
        "Date: 2024-10-03",
        "Presenter: Dave",
    ])
    entries = parse_list(text, "list.md").entries
    assert [(e.line, e.title, e.venue, e.year) for e in entries] == [
        (1, "Lucid: A Non-intrusive, Scalable and Interpretable Scheduler for Deep Learning "
            "Training Jobs", "ASPLOS", 2023),
        (7, "Multi-Resource Interleaving for Deep Learning Training", "SIGCOMM", 2022),
        (11, "Chronus: A Novel Deadline-aware Scheduler for Deep Learning Training Jobs", "SoCC",
         2021),
        (14, "Sparrow: Distributed, Low Latency Scheduling", "SOSP", 2013),
    ]
    assert entries[0].doi == "10.1145/3575693.3575705"


def test_a_title_field_without_reference_fields_is_no_block():
    lines = ["Title: Notes from the meeting", "Presenter: Bob"]
    assert as_markdown("\n".join(lines)) == lines


def test_reading_labels_and_leading_dates_are_no_part_of_the_title():
    text = "\n".join([
        "- (required) The Google File System. Ghemawat, Gobioff, Leung, et al. SOSP 2003.",
        "Optional: Mesos: A Platform for Fine-Grained Resource Sharing in the Data Center."
        " Hindman et al. NSDI 2011.",
        "- Naiad: A Timely Dataflow System (SOSP 2013) -- optional",
        "- 2023.02 | Toolformer: Language Models Can Teach Themselves to Use Tools |"
        " NeurIPS 2023 | [paper](https://arxiv.org/abs/2302.04761)",
        "- `2023.09` [The Rise and Potential of Large Language Model Based Agents: A Survey]"
        "(https://arxiv.org/abs/2309.07864) - arXiv 2023",
        "2020-04-10 · Dense Passage Retrieval for Open-Domain Question Answering · EMNLP 2020 ·"
        " [arXiv](https://arxiv.org/abs/2004.04906)",
    ])
    assert [(t, v, y) for _, t, v, y in _read(text)] == [
        ("The Google File System", "SOSP", 2003),
        ("Mesos: A Platform for Fine-Grained Resource Sharing in the Data Center", "NSDI", 2011),
        ("Naiad: A Timely Dataflow System", "SOSP", 2013),
        ("Toolformer: Language Models Can Teach Themselves to Use Tools", "NeurIPS", 2023),
        ("The Rise and Potential of Large Language Model Based Agents: A Survey", "arXiv", 2023),
        ("Dense Passage Retrieval for Open-Domain Question Answering", "EMNLP", 2020),
    ]


def test_a_list_without_other_markup_is_left_as_it_is():
    lines = ["# Papers", "", "- Orca: A Distributed Serving System (OSDI 2022) `2022-07`"]
    assert as_markdown("\n".join(lines)) == lines


def test_latin_titles_in_cjk_marks_and_full_width_parentheses():
    text = "\n".join([
        "1. 《Training Compute-Optimal Large Language Models》（NeurIPS 2022）",
        "2. 《Scaling Laws for Neural Language Models》（2020）",
        "- 「Attention Is All You Need」（NeurIPS 2017）Vaswani ほか",
        "- 《动手学深度学习》（李沐等著）",
    ])
    assert _read(text) == [
        (1, "Training Compute-Optimal Large Language Models", "NeurIPS", 2022),
        (2, "Scaling Laws for Neural Language Models", None, 2020),
        (3, "Attention Is All You Need", "NeurIPS", 2017),
    ]


def test_emoji_shortcodes_are_no_part_of_a_title():
    text = "\n".join([
        "1. **Fast Inference from Transformers via Speculative Decoding**"
        " [[pdf]](https://arxiv.org/abs/2211.17192) (ICML 2023) :star:",
    ])
    assert _read(text) == [
        (1, "Fast Inference from Transformers via Speculative Decoding", "ICML", 2023),
    ]
    assert as_markdown("at 12:30:45 on http://x.org:8080:a:") == ["at 12:30:45 on http://x.org:8080:a:"]


def test_fields_of_a_record_on_one_line_separated_by_pipes():
    text = "\n".join([
        "- 2023.05 | Gorilla: Large Language Model Connected with Massive APIs | arXiv |"
        " [paper](https://arxiv.org/abs/2305.15334)",
        "- 2023.03 | LangChain | framework | [code](https://github.com/langchain-ai/langchain)",
        "2023-07-06 · Lost in the Middle: How Language Models Use Long Contexts · TACL 2024 ·"
        " [arXiv](https://arxiv.org/abs/2307.03172)",
    ])
    assert _read(text) == [
        (1, "Gorilla: Large Language Model Connected with Massive APIs", "arXiv", None),
        (3, "Lost in the Middle: How Language Models Use Long Contexts", "TACL", 2024),
    ]


def test_a_link_alone_over_plain_lines_stays_a_plain_text_block():
    text = "\n".join([
        "[分布式训练中的梯度压缩技术综述](https://arxiv.org/abs/1712.03888)",
        "Joo Seong van der Berg, Ayşe Agrawal, Hiroshi Johnson and Mohammad Jeong",
    ])
    assert _read(text) == [(1, "分布式训练中的梯度压缩技术综述", None, None)]


def test_a_blockquote_at_the_margin_is_read_as_its_lines():
    text = "\n".join([
        "> **Zeus: Understanding and Optimizing GPU Energy Consumption of DNN Training**",
        "> Jie You, Jae-Won Chung, Mosharaf Chowdhury",
        "> NSDI 2023",
        "",
        "- Orca: A Distributed Serving System for Transformer-Based Generative Models (OSDI 2022)",
        "  > Notes: iteration-level scheduling, as in Sarathi (OSDI 2024).",
    ])
    assert _read(text) == [
        (1, "Zeus: Understanding and Optimizing GPU Energy Consumption of DNN Training", "NSDI",
         2023),
        (5, "Orca: A Distributed Serving System for Transformer-Based Generative Models", "OSDI",
         2022),
    ]


def test_a_heading_over_labelled_fields_is_the_entrys_title():
    text = "\n".join([
        "### [Reformer: The Efficient Transformer](https://arxiv.org/abs/2001.04451)",
        "**Authors:** Nikita Kitaev, Łukasz Kaiser, Anselm Levskaya",
        "**Venue:** ICLR 2020",
        "**Code:** [google/trax](https://github.com/google/trax)",
        "",
        "### Efficient attention",
        "",
        "Our notes: the authors: all of them.",
    ])
    entries = parse_list(text, "pwc.md").entries
    assert [(e.line, e.title, e.venue, e.year, e.arxiv_id) for e in entries] == [
        (1, "Reformer: The Efficient Transformer", "ICLR", 2020, "2001.04451"),
    ]


def test_a_markdown_definition_list_of_titles():
    text = "\n".join([
        "P3: Distributed Deep Graph Learning at Scale",
        ": Swapnil Gandhi, Anand Padmanabha Iyer. OSDI 2021.",
        "",
        "Graph Attention Networks",
        ": Petar Veličković, Guillem Cucurull, Arantxa Casanova, et al. ICLR 2018.",
    ])
    assert _read(text) == [
        (1, "P3: Distributed Deep Graph Learning at Scale", "OSDI", 2021),
        (4, "Graph Attention Networks", "ICLR", 2018),
    ]


def test_pictographs_are_marks():
    text = "\n".join([
        "#### 🔥 FlashAttention-3: Fast and Accurate Attention with Asynchrony and Low-precision",
        "*NeurIPS 2024*",
        "",
        "📄 [Paper](https://arxiv.org/abs/2407.08608) | 💻 [Code](https://github.com/Dao-AILab/fa)",
        "",
        "➤ Orca: A Distributed Serving System for Transformer-Based Generative Models (OSDI 2022)",
    ])
    assert _read(text) == [
        (1, "FlashAttention-3: Fast and Accurate Attention with Asynchrony and Low-precision",
         "NeurIPS", 2024),
        (6, "Orca: A Distributed Serving System for Transformer-Based Generative Models", "OSDI",
         2022),
    ]
