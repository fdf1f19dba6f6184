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
