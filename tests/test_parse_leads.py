"""Line openings, BibTeX records and field blocks other lists use (``enrich.parse.leads``,
``bibtex``, ``fields``), each a small list shaped like a public one (``tests/wild/`` holds
whole ones) and what its entries read as."""

from __future__ import annotations

from enrich.parse import parse_list


def _read(text: str, name: str = "list.md") -> list[tuple[int, str, str | None, int | None]]:
    return [(e.line, e.title, e.venue, e.year) for e in parse_list(text, name).entries]


def _titles(text: str, name: str = "list.md") -> list[str]:
    return [title for _, title, _, _ in _read(text, name)]


def test_roman_letter_and_parenthesised_item_marks_are_items():
    text = "\n".join([
        "I. Cross-lingual representations",
        "",
        "  i. Alexis Conneau, Shijie Wu, Haoran Li, Luke Zettlemoyer, and Veselin Stoyanov. 2020."
        " Emerging Cross-lingual Structure in Pretrained Language Models. In Proceedings of the"
        " 58th Annual Meeting of the ACL, pages 6022–6034.",
        "  ii. Alexis Conneau and Guillaume Lample. 2019. Cross-lingual Language Model"
        " Pretraining. In Advances in Neural Information Processing Systems 32.",
        "  b) Rico Sennrich, Barry Haddow, and Alexandra Birch. 2016. Neural Machine Translation"
        " of Rare Words with Subword Units. In Proceedings of the 54th Annual Meeting of the"
        " Association for Computational Linguistics, pages 1715–1725.",
        "  (c) Kishore Papineni, Salim Roukos, Todd Ward, and Wei-Jing Zhu. 2002. BLEU: a Method"
        " for Automatic Evaluation of Machine Translation. In Proceedings of ACL, pages 311–318.",
    ])
    assert _titles(text, "list.txt") == [
        "Emerging Cross-lingual Structure in Pretrained Language Models",
        "Cross-lingual Language Model Pretraining",
        "Neural Machine Translation of Rare Words with Subword Units",
        "BLEU: a Method for Automatic Evaluation of Machine Translation"]


def test_cjk_and_circled_enumeration_and_a_full_width_comma():
    text = "\n".join([
        "（一）经典模型",
        "",
        "1、Factorization Machines（ICDM 2010）",
        "一、DeepFM: A Factorization-Machine based Neural Network for CTR Prediction"
        "（IJCAI 2017）",
        "⑴ Neural Graph Collaborative Filtering / SIGIR 2019 / NGCF",
        "① MCUNet: Tiny Deep Learning on IoT Devices (Lin et al., NeurIPS 2020)",
        "",
        "2. Self-Attentive Sequential Recommendation，ICDM 2018",
    ])
    assert _read(text) == [
        (3, "Factorization Machines", "ICDM", 2010),
        (4, "DeepFM: A Factorization-Machine based Neural Network for CTR Prediction", "IJCAI",
         2017),
        (5, "Neural Graph Collaborative Filtering", "SIGIR", 2019),
        (6, "MCUNet: Tiny Deep Learning on IoT Devices", "NeurIPS", 2020),
        (8, "Self-Attentive Sequential Recommendation", "ICDM", 2018),
    ]


def test_a_copyright_mark_before_a_year_is_no_item():
    assert _titles("(c) 2024 The Authors. Released under CC BY 4.0.\n") == []


def test_an_arxiv_identifier_before_the_title_is_its_tag():
    text = "\n".join([
        "- arXiv:2212.09748 - Scalable Diffusion Models with Transformers",
        "2006.11239: Denoising Diffusion Probabilistic Models",
        "* [1907.05600] Generative Modeling by Estimating Gradients of the Data Distribution"
        " (2019)",
        "",
        "arxiv.org/abs/2208.11970 Understanding Diffusion Models: A Unified Perspective",
    ])
    assert _titles(text) == [
        "Scalable Diffusion Models with Transformers", "Denoising Diffusion Probabilistic Models",
        "Generative Modeling by Estimating Gradients of the Data Distribution",
        "Understanding Diffusion Models: A Unified Perspective"]
    assert [e.arxiv_id for e in parse_list(text, "list.md").entries] == [
        "2212.09748", "2006.11239", "1907.05600", "2208.11970"]


def test_a_reference_in_bold_is_read_as_the_reference():
    text = ("- **Christiano, P. F., Leike, J., Brown, T., Martic, M., Legg, S., & Amodei, D."
            " (2017). Deep reinforcement learning from human preferences. *Advances in Neural"
            " Information Processing Systems, 30*.**\n")
    assert _read(text) == [(1, "Deep reinforcement learning from human preferences", "NeurIPS",
                            2017)]


def test_bibtex_records_in_a_fence_are_entries():
    text = "\n".join([
        "## Message passing",
        "",
        "```bibtex",
        "@inproceedings{kipf2017semi,",
        "  title={Semi-Supervised Classification with Graph Convolutional Networks},",
        "  author={Kipf, Thomas N. and Welling, Max},",
        "  booktitle={International Conference on Learning Representations (ICLR)},",
        "  year={2017}",
        "}",
        "@misc{bronstein2021geometric,",
        "  title={Geometric Deep Learning: Grids, Groups, Graphs, Geodesics, and Gauges},",
        "  author={Michael M. Bronstein and Joan Bruna and Taco Cohen and"
        " Petar Veli{\\v{c}}kovi{\\'c}},",
        "  year={2021}, eprint={2104.13478}, archivePrefix={arXiv}",
        "}",
        "```",
        "",
        "```python",
        "@dataclass",
        "class Paper: ...",
        "```",
    ])
    result = parse_list(text, "list.md")
    assert [(e.line, e.title, e.venue, e.year) for e in result.entries] == [
        (4, "Semi-Supervised Classification with Graph Convolutional Networks", "ICLR", 2017),
        (10, "Geometric Deep Learning: Grids, Groups, Graphs, Geodesics, and Gauges", "arXiv",
         2021),
    ]
    assert result.entries[1].arxiv_id == "2104.13478"


def test_a_bibtex_record_without_a_title_is_left_alone():
    text = "```bibtex\n@misc{key,\n  author={A. Person},\n  year={2020}\n}\n```\n"
    assert _titles(text) == []


def test_a_heading_then_its_paper_link_and_notes_is_an_entry():
    text = "\n".join([
        "### ReAct: Synergizing Reasoning and Acting in Language Models",
        "Paper: https://arxiv.org/abs/2210.03629",
        "Code: https://github.com/ysymyth/ReAct",
        "Venue: ICLR 2023",
        "TL;DR: interleave thoughts with tool calls.",
        "#agents #planning",
        "",
        "### LangGraph (framework, not a paper)",
        "Code: https://github.com/langchain-ai/langgraph",
    ])
    assert _read(text) == [
        (1, "ReAct: Synergizing Reasoning and Acting in Language Models", "ICLR", 2023)]


def test_a_physics_journal_tail_ends_the_title():
    text = "\n".join([
        "[1] J. Carrasquilla and R. G. Melko, Machine learning phases of matter, Nat. Phys. 13,"
        " 431 (2017).",
        "[2] P. T. Komiske, E. M. Metodiev, and J. Thaler, Energy flow networks: deep sets for"
        " particle jets, J. High Energy Phys. 01 (2019) 121.",
    ])
    assert [(title, year) for _, title, _, year in _read(text)] == [
        ("Machine learning phases of matter", 2017),
        ("Energy flow networks: deep sets for particle jets", 2019)]


def test_a_google_docs_export_gives_each_level_its_glyph():
    text = "\n".join([
        "● Pruning and sparsity",
        "○ The Lottery Ticket Hypothesis: Finding Sparse, Trainable Neural Networks"
        " – Frankle & Carbin, ICLR 2019",
        "○ SparseGPT: Massive Language Models Can Be Accurately Pruned in One-Shot"
        " – Frantar & Alistarh, ICML 2023",
        "● Quantization",
        "■ HAQ: Hardware-Aware Automated Quantization with Mixed Precision — Wang et al."
        " (CVPR 2019)",
    ])
    assert _read(text, "list.txt") == [
        (2, "The Lottery Ticket Hypothesis: Finding Sparse, Trainable Neural Networks", "ICLR",
         2019),
        (3, "SparseGPT: Massive Language Models Can Be Accurately Pruned in One-Shot", "ICML",
         2023),
        (5, "HAQ: Hardware-Aware Automated Quantization with Mixed Precision", "CVPR", 2019),
    ]
