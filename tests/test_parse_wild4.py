"""Round four's layouts of the field's own lists (``tests/wild/``): each rule on a small list."""

from __future__ import annotations

from enrich.parse import Item, parse_item, parse_list

DISTSERVE = ("DistServe: Disaggregating Prefill and Decoding for Goodput-optimized Large Language"
             " Model Serving")
EAGLE = "EAGLE: Speculative Sampling Requires Rethinking Feature Uncertainty"
POWERINFER = "PowerInfer: Fast Large Language Model Serving with a Consumer-grade GPU"
BAMBOO = "Bamboo: Making Preemptible Instances Resilient for Affordable Training of Large DNNs"
CACHEGEN = "CacheGen: KV Cache Compression and Streaming for Fast Large Language Model Serving"
PAGED = "Efficient Memory Management for Large Language Model Serving with PagedAttention"


def _read(text: str) -> list[tuple[int, str, str | None, int | None]]:
    return [(e.line, e.title, e.venue, e.year) for e in parse_list(text, "x.md").entries]


def test_chinese_field_labels_open_a_block_under_a_section_heading():
    text = (f"## 推理服务\n\n- 论文：{DISTSERVE}\n  - 作者：Yinmin Zhong, Shengyu Liu\n"
            "  - 会议：OSDI 2024\n  - 链接：[论文](https://arxiv.org/abs/2401.09670)\n")
    assert _read(text) == [(3, DISTSERVE, "OSDI", 2024)]


def test_an_arxiv_listing_entry_opens_with_its_id_line():
    text = (f"arXiv:2401.15077 [cs.LG]\nTitle: {EAGLE}\nAuthors: Yuhui Li, Fangyun Wei\n"
            "Comments: Accepted at ICML 2024\nSubjects: Machine Learning (cs.LG)\n")
    assert _read(text) == [(1, EAGLE, "ICML", 2024)]


def test_a_footnote_definition_is_an_entry():
    text = (f"The KV cache dominates memory[^1].\n\n[^1]: Woosuk Kwon, Zhuohan Li. {PAGED}."
            " SOSP 2023.\n[^2]: [Mixtral of Experts](https://arxiv.org/abs/2401.04088),"
            " arXiv 2024\n")
    assert [(line, title) for line, title, _v, _y in _read(text)] == [
        (3, PAGED), (4, "Mixtral of Experts")]


def test_a_venue_tag_opening_an_item_before_its_link_or_a_colon_is_read_and_cut():
    text = (f"- <sup>SOSP'24</sup> [{POWERINFER}](https://arxiv.org/abs/2312.12456)\n"
            f"- NSDI 2023: {BAMBOO} ([paper](https://x.org/b))\n")
    assert _read(text) == [(1, POWERINFER, "SOSP", 2024), (2, BAMBOO, "NSDI", 2023)]


def test_a_first_author_et_al_before_the_title_is_cut():
    item = parse_item(f"Liu et al., {CACHEGEN}, SIGCOMM 2024")
    assert item == Item(CACHEGEN, "SIGCOMM", 2024, None)


def test_a_venue_and_year_that_end_the_sentence_are_read():
    item = parse_item(f"{CACHEGEN}, SIGCOMM 2024.")
    assert item == Item(CACHEGEN, "SIGCOMM", 2024, None)
    assert not isinstance(parse_item("In OSDI, 2016."), Item)  # a source line, not a title
