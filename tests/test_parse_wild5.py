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


def test_a_semantic_scholar_card_is_an_entry_with_its_venue_line():
    text = ("Saved papers\n\n"
            "Sparse is Enough in Scaling Transformers\n"
            "Sebastian Jaszczur, Aakanksha Chowdhery, +4 authors Jonni Kanerva\n"
            "Neural Information Processing Systems · 2021\n"
            "95 Citations · Highly Influential\n"
            "TLDR This work proposes Scaling Transformers, a family of next generation models.\n\n"
            "Sparse Mixers: Combining MoE and Mixing to build a more efficient BERT\n"
            "J. Lee-Thorp, J. Ainslie\n"
            "Conference on Empirical Methods in Natural Language Processing · 2022\n"
            "15 Citations\n")
    assert _rows(text) == [
        (3, "Sparse is Enough in Scaling Transformers", "NeurIPS", 2021),
        (9, "Sparse Mixers: Combining MoE and Mixing to build a more efficient BERT",
         "EMNLP", 2022)]


def test_a_google_scholar_result_is_an_entry_with_its_venue_line():
    text = ("KV cache papers\n\n"
            "[PDF] Pyramidkv: Dynamic kv cache compression based on pyramidal information"
            " funneling\n"
            "Z Cai, Y Zhang, B Gao… - arXiv preprint arXiv:2406.02069, 2024 - arxiv.org\n\n"
            "H2O: Heavy-hitter oracle for efficient generative inference of large language models\n"
            "Z Zhang, Y Sheng, T Zhou… - Advances in Neural Information Processing Systems, 2023"
            " - proceedings.neurips.cc\n")
    assert _rows(text) == [
        (3, "Pyramidkv: Dynamic kv cache compression based on pyramidal information funneling",
         "arXiv", 2024),
        (6, "H2O: Heavy-hitter oracle for efficient generative inference of large language models",
         "NeurIPS", 2023)]


def test_surnames_after_an_em_dash_before_the_tag_are_not_the_title():
    text = ("# MoE\n\n"
            "- Adaptive Mixtures of Local Experts — Jacobs, Jordan, Nowlan, Hinton (JMLR 1991)\n"
            "- Fast Inference of Mixture-of-Experts Language Models with Offloading – Eliseev,"
            " Mazur (arXiv 2023)\n")
    assert [r[1:] for r in _rows(text)] == [
        ("Adaptive Mixtures of Local Experts", "JMLR", 1991),
        ("Fast Inference of Mixture-of-Experts Language Models with Offloading", "arXiv", 2023)]


def test_a_quoted_title_in_a_citation_is_left_to_the_reference_readers():
    text = ("# Refs\n\n"
            "Géron, P., Lim, Y.: “Is Graph Partitioning All You Need for Diffusion Models?”."
            " Commun. ACM. 26, 180–190 (2019).\n\n"
            "Olga Bengio, Ayşe Yu: “A Unified Architecture for Accelerating Distributed DNN"
            " Training”. CoRR abs/2410.75683 (2024)\n\n"
            "- J. Zhuang, R. Jeong, and Y. Kwon,\n"
            "“Attention is All you Need”, in ISCA, ACM, Apr. 2009, pp.\n"
            "775–791.\n")
    assert [r[2:] for r in _rows(text)] == [("CACM", 2019), ("arXiv", 2024), ("ISCA", 2009)]
