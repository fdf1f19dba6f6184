"""Layouts of round five of ``tests/wild``: wiki links, ``#1``/``No. 1`` numbering, titles in
code spans, quoted titles in prose (:mod:`enrich.parse.marks`)."""

from __future__ import annotations

from enrich.parse import parse_list

TITLE = "Efficient Streaming Language Models with Attention Sinks"


def _rows(text: str) -> list[tuple[int, str, str | None, int | None]]:
    return [(e.line, e.title, e.venue, e.year) for e in parse_list(text, "list.md").entries]


def test_a_wiki_link_is_its_page_title():
    text = (f"= Papers =\n\n* [[{TITLE}]] (ICLR 2024)\n"
            "* [[Zero Bubble Pipeline Parallelism|Zero Bubble]] (ICLR 2024)\n\n"
            "[[Category:Reading lists]]\n")
    assert _rows(text) == [(3, TITLE, "ICLR", 2024),
                           (4, "Zero Bubble Pipeline Parallelism", "ICLR", 2024)]


def test_hash_and_no_numbering_is_a_numbered_item():
    text = (f"## Week 1\n\n#1 {TITLE} (ICLR 2024)\n#2. Mixed Precision Training (ICLR 2018)\n"
            "No. 3 Scaling Laws for Neural Language Models (arXiv 2020)\n"
            "No.4 — LoRA: Low-Rank Adaptation of Large Language Models (ICLR 2022)\n")
    assert [r[1:] for r in _rows(text)] == [
        (TITLE, "ICLR", 2024), ("Mixed Precision Training", "ICLR", 2018),
        ("Scaling Laws for Neural Language Models", "arXiv", 2020),
        ("LoRA: Low-Rank Adaptation of Large Language Models", "ICLR", 2022)]


def test_a_title_in_a_code_span_is_text_but_code_is_not_a_title():
    text = f"# x\n\n* `{TITLE}` [ICLR 2024]\n* `torch.compile` docs\n* `pip install -e .` first\n"
    assert _rows(text) == [(3, TITLE, "ICLR", 2024)]


def test_a_quoted_title_in_prose_with_its_venue_is_an_entry():
    text = ("# Week 1\n\n"
            f"We start with “{TITLE}” (ICLR'24) to see the other side.\n"
            "If you have time, skim “Ray: A Distributed Framework for Emerging AI Applications”"
            " from OSDI 2018.\n"
            "Questions to “the organisers” by email in 2024.\n"
            "We liked “A Talk About Things Nobody Wrote” a lot.\n")
    assert _rows(text) == [
        (3, TITLE, "ICLR", 2024),
        (4, "Ray: A Distributed Framework for Emerging AI Applications", "OSDI", 2018)]
