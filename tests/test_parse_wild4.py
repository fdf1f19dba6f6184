"""Round four's layouts of the field's own lists (``tests/wild/``): each rule on a small list."""

from __future__ import annotations

from enrich.parse import parse_list


def _read(text: str) -> list[tuple[int, str, str | None, int | None]]:
    return [(e.line, e.title, e.venue, e.year) for e in parse_list(text, "x.md").entries]


def test_chinese_field_labels_open_a_block_under_a_section_heading():
    text = ("## 推理服务\n\n- 论文：DistServe: Disaggregating Prefill and Decoding for Goodput-optimized"
            " Large Language Model Serving\n  - 作者：Yinmin Zhong, Shengyu Liu\n"
            "  - 会议：OSDI 2024\n  - 链接：[论文](https://arxiv.org/abs/2401.09670)\n")
    assert _read(text) == [(3, "DistServe: Disaggregating Prefill and Decoding for Goodput-optimized"
                               " Large Language Model Serving", "OSDI", 2024)]


def test_an_arxiv_listing_entry_opens_with_its_id_line():
    text = ("arXiv:2401.15077 [cs.LG]\nTitle: EAGLE: Speculative Sampling Requires Rethinking Feature"
            " Uncertainty\nAuthors: Yuhui Li, Fangyun Wei\nComments: Accepted at ICML 2024\n"
            "Subjects: Machine Learning (cs.LG)\n")
    assert _read(text) == [(1, "EAGLE: Speculative Sampling Requires Rethinking Feature Uncertainty",
                            "ICML", 2024)]


def test_a_footnote_definition_is_an_entry():
    text = ("The KV cache dominates memory[^1].\n\n[^1]: Woosuk Kwon, Zhuohan Li. Efficient Memory"
            " Management for Large Language Model Serving with PagedAttention. SOSP 2023.\n"
            "[^2]: [Mixtral of Experts](https://arxiv.org/abs/2401.04088), arXiv 2024\n")
    assert [(line, title) for line, title, _v, _y in _read(text)] == [
        (3, "Efficient Memory Management for Large Language Model Serving with PagedAttention"),
        (4, "Mixtral of Experts")]
