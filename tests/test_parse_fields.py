"""Where an entry's fields come from besides its own text: a group item above it, a heading
that is itself the entry, the lines of a plain-text block, the link's own text (issue 22)."""

from __future__ import annotations

from enrich.parse import Item, parse_item, parse_list


def _read(text: str) -> list[tuple[int, str, str | None, int | None]]:
    return [(e.line, e.title, e.venue, e.year) for e in parse_list(text, "x.md").entries]


def test_a_group_item_gives_its_venue_and_year_to_the_items_under_it():
    text = (
        "- SOSP 2016\n"
        "  - **Capuchin: Tensor-based GPU Memory Management**, Mehmet Sharma et al.\n"
        "  - Clipper: A Low-Latency Online Prediction Serving System\n"
        "- **2019**\n"
        "  - AdaPipe: Optimizing Pipeline Parallelism with Recomputation\n"
        "- Another Paper Title In Title Case Here (OSDI 2020)\n"
    )
    assert _read(text) == [
        (2, "Capuchin: Tensor-based GPU Memory Management", "SOSP", 2016),
        (3, "Clipper: A Low-Latency Online Prediction Serving System", "SOSP", 2016),
        (5, "AdaPipe: Optimizing Pipeline Parallelism with Recomputation", None, 2019),
        (6, "Another Paper Title In Title Case Here", "OSDI", 2020),  # the group is closed
    ]


def test_a_heading_followed_by_its_paper_link_is_an_entry():
    text = (
        "### Parcae: Proactive, Liveput-Optimized DNN Training on Preemptible Instances\n\n"
        "F. Bengio, E. Ng and J. C. Tanaka · *OSDI 2020*\n\n"
        "[[Paper]](https://arxiv.org/abs/2001.12345) [[Code]](https://github.com/x/y)\n\n"
        "We present a system. It does things. It is good.\n\n"
        "### Related Work\n\n"
        "Some prose about other systems, which is no entry.\n"
    )
    entries = parse_list(text, "x.md").entries
    assert [(e.line, e.title, e.venue, e.year, e.arxiv_id) for e in entries] == [
        (1, "Parcae: Proactive, Liveput-Optimized DNN Training on Preemptible Instances",
         "OSDI", 2020, "2001.12345"),
    ]  # fmt: skip


def test_block_lines_in_reference_forms_describe_the_title_above():
    text = (
        "“Orca: High-Throughput Memory Offloading for Vector Databases”\n"
        "Agrawal, S.\n"
        "In Proceedings of Machine Learning and Systems, 2016.\n\n"
        '"SPFresh: Incremental In-Place Update for Billion-Scale Vector Search"\n'
        "Kai Dean et al.\n"
        "*arXiv 2016*\n"
    )
    assert _read(text) == [
        (1, "Orca: High-Throughput Memory Offloading for Vector Databases", "MLSys", 2016),
        (5, "SPFresh: Incremental In-Place Update for Billion-Scale Vector Search", "arXiv", 2016),
    ]


def test_venue_and_year_between_commas_in_link_text():
    title = "ZipLM: Cost-Effective Inference for Expert Models"
    assert parse_item(f"[{title}, NSDI, 2014](https://doi.org/10.1/x)") == Item(
        title, "NSDI", 2014, None
    )


def test_a_name_alone_is_an_entry_under_a_venue():
    text = "### ASPLOS 2019\n\n- **TVM**\n- [Orca](https://doi.org/10.1/x), Rajeev Sun et al.\n"
    assert _read(text) == [(3, "TVM", "ASPLOS", 2019), (4, "Orca", "ASPLOS", 2019)]
    assert _read("## Tools\n\n- **TVM**\n") == []  # a topic heading: a name alone is a tool


def test_a_year_said_in_words_groups_entries():
    text = "- **Year 2011**\n  - Harmony: Overcoming the Hurdles of GPU Memory\n"
    assert _read(text) == [(2, "Harmony: Overcoming the Hurdles of GPU Memory", None, 2011)]


def test_a_block_line_names_a_venue_in_full_with_an_apostrophe_year():
    text = (
        "**HiveMind: High-Throughput Serving for Accelerators**\n"
        "Kwon, S., He, M. and Sutskever, J.\n"
        "(Proceedings of Machine Learning and Systems '24)\n"
    )
    assert _read(text) == [(1, "HiveMind: High-Throughput Serving for Accelerators", "MLSys", 2024)]


def test_a_proceedings_group_item_gives_its_venue_and_is_no_entry():
    text = (
        "- Proceedings of the ACM Symposium on Cloud Computing (SoCC 2011)\n"
        "  - S3-FIFO: Adaptive Serving for Serverless Platforms\n"
    )
    assert _read(text) == [(2, "S3-FIFO: Adaptive Serving for Serverless Platforms", "SoCC", 2011)]


def test_topic_lines_and_cells_ending_in_a_colon_are_not_entries():
    text = (
        "Compilers:\n"
        "Crankshaw M, Li W (2010) [LLaMA: Open Foundation Models](https://x.org/1). In: FAST.\n"
        "- Systems for LLMs:<br/>\n"
    )
    assert _read(text) == [(2, "LLaMA: Open Foundation Models", "FAST", 2010)]


def test_a_heading_entry_may_be_one_word_or_cjk():
    for title in ("Dremel", "分布式训练中的梯度压缩技术综述"):
        text = f"### {title}\n\nJuan Zhuang, Anuj Ivanova · (arXiv '17)\n\n[[Paper]](https://x.org/a.pdf)\n"
        assert _read(text) == [(1, title, "arXiv", 2017)]


def test_nested_venue_in_full_with_an_apostrophe_year():
    text = (
        "- Centauri: Efficient Scheduling for Overlap\n"
        "  - (Proceedings of the 6th European Conference on Computer Systems '13)\n"
    )
    assert _read(text) == [(1, "Centauri: Efficient Scheduling for Overlap", "EuroSys", 2013)]


def test_a_cjk_title_with_a_venue_tag_is_an_entry():
    assert parse_item("[面向大语言模型推理的高效显存管理 (FAST 2013)](https://x.org/1)") == Item(
        "面向大语言模型推理的高效显存管理", "FAST", 2013, None
    )


def test_emphasis_left_open_goes_on_in_the_next_line():
    text = "4. [MICRO '10] _Tetris (v2): Serving for Diffusion\n   Models_\n"
    assert _read(text) == [(1, "Tetris (v2): Serving for Diffusion Models", "MICRO", 2010)]


def test_a_one_word_title_before_a_venue_and_year():
    assert parse_item("Borg. ASPLOS 2018.") == Item("Borg", "ASPLOS", 2018, None)
    assert parse_item("Dremel, Xin Zhuang and others") != Item("Dremel", None, None, None)


def test_a_group_item_named_in_full_is_a_group_not_an_entry():
    text = (
        "- **IEEE International Symposium on High-Performance Computer Architecture (HPCA 2019)**\n"
        "  - **Arbor: Cost-Effective Collective Communication**\n"
        "- IEEE Transactions on Parallel and Distributed Systems (TPDS 2016)\n"
        "  - *Borg*, Priya Narayanan et al.\n"
    )
    assert _read(text) == [
        (2, "Arbor: Cost-Effective Collective Communication", "HPCA", 2019),
        (4, "Borg", "TPDS", 2016),
    ]


def test_a_marked_title_alone_in_its_paragraph_is_an_entry():
    text = (
        "**Ditto: Scalable Serving for Transformer Models**\n\n"
        "**Training**\n\n"
        "_Nexus: Fault-Tolerant Checkpointing for Accelerators_\n"
    )
    assert _read(text) == [
        (1, "Ditto: Scalable Serving for Transformer Models", None, None),
        (5, "Nexus: Fault-Tolerant Checkpointing for Accelerators", None, None),
    ]


def test_a_name_alone_over_its_authors_or_venue_is_an_entry():
    text = (
        "- **Dremel**\n  - Olga Lim and Eun-Ji Zhang\n  - *ACL 2023*\n"
        "- Training\n  - Some Paper Title In Title Case (OSDI 2020)\n"  # a topic over a paper
    )
    assert _read(text) == [
        (1, "Dremel", "ACL", 2023),
        (5, "Some Paper Title In Title Case", "OSDI", 2020),
    ]


def test_a_name_alone_or_a_cjk_title_atop_a_block_with_authors_or_a_venue_is_its_title():
    text = (
        "**Borg**\n"
        "A. Verma, L. Pedrosa, M. Korupolu et al.\n"
        "EuroSys 2015\n\n"
        "面向大语言模型推理的高效显存管理\n"
        "Zhang, W., Li, H. and Wang, Y.\n"
        "*OSDI 2024*\n\n"
        "[Dremel](https://research.google/pubs/pub36632/)\n"
        "(VLDB '10)\n"
    )
    assert _read(text) == [
        (1, "Borg", "EuroSys", 2015),
        (5, "面向大语言模型推理的高效显存管理", "OSDI", 2024),
        (9, "Dremel", "VLDB", 2010),
    ]


def test_a_name_alone_over_a_url_alone_is_no_block():
    assert _read("Website\nhttps://example.org/\n\nBenchmarks\nhttps://example.org/b\n") == []


CLOCKWORK = "Serving DNNs like Clockwork: Performance Predictability from the Bottom Up"


def test_one_author_named_in_full_right_under_a_blocks_title():
    text = (
        "Gist: Efficient Data Encoding for Deep Neural Network Training\n"
        "Animesh Jain\n"
        "ISCA 2018\n\n"
        "_Serving DNNs like Clockwork: Performance Predictability from the Bottom Up_\n"
        "Arpan Gujarati\n"
    )
    assert _read(text) == [
        (1, "Gist: Efficient Data Encoding for Deep Neural Network Training", "ISCA", 2018),
        (5, CLOCKWORK, None, None),
    ]


def test_a_venue_columns_unknown_venue_with_its_year_and_a_note():
    text = "\n".join([
        "| Paper | Published | Code |",
        "| --- | --- | --- |",
        "| [Towards Evaluating the Robustness of Neural Networks](https://arxiv.org/abs/1608.04644)"
        " | IEEE S&P 2017 | [code](https://github.com/carlini/nn_robust_attacks) |",
        "| [Obfuscated Gradients Give a False Sense of Security](https://arxiv.org/abs/1802.00420)"
        " | ICML 2018 (Best Paper) | - |",
        "| [Not what you've signed up for: Compromising LLM-Integrated Applications]"
        "(https://arxiv.org/abs/2302.12173) | AISec Workshop 2023 | - |",
    ])
    got = [(e.venue, e.year) for e in parse_list(text, "sec.md").entries]
    assert got == [("S&P", 2017), ("ICML", 2018), ("AISec Workshop", 2023)]


def test_a_venue_column_names_the_venue_not_a_tags_column():
    text = "\n".join([
        "| Name | Status | Tags | Venue | Year |",
        "| --- | --- | --- | --- | --- |",
        "| Understanding Failure Tolerant Training for Recommendation | Read | recsys | MLSys |"
        " 2021 |",
    ])
    assert [(e.venue, e.year) for e in parse_list(text, "t.md").entries] == [("MLSys", 2021)]
