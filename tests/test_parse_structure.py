"""The structural steps of the parser: inline tokens, candidates, link kinds, context."""

from __future__ import annotations

import pytest

from enrich.parse import Item, Rejected, heading_splits, parse_list
from enrich.parse.candidates import candidates, title_cased
from enrich.parse.choose import read_entry
from enrich.parse.context import described, heading_tags, is_meta_line
from enrich.parse.inline import read_inline
from enrich.parse.links import CODE, LOCAL, MEDIA, OTHER, PAPER, link_kind
from tests.conftest import SEEDS

TITLE = "Efficient Memory Management for Large Language Model Serving"


def test_inline_resolves_escapes_and_drops_images_and_html():
    inline = read_inline(r"Title \[Paper\] <b>x</b> ![badge](b.svg) [code](https://github.com/a)")
    assert inline.text == "Title [Paper] x  code"
    assert inline.markdown == "Title [Paper] x  [code](https://github.com/a)"
    (link,) = inline.links
    assert (link.text, link.href) == ("code", "https://github.com/a")
    assert inline.markdown[link.md_start : link.md_end] == "[code](https://github.com/a)"


def test_inline_keeps_a_urls_parentheses_inside_the_link():
    inline = read_inline("Title [[Paper]](http://x.org/a%20(8).pdf) more")
    assert inline.links[0].href == "http://x.org/a%20(8).pdf"
    assert "%288%29.pdf)" in inline.markdown  # re-escaped, so the link still ends there


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("[Nimbus](https://arxiv.org/abs/1): Elastic Batching | SOSP' 24", "name_join"),
        ("code [Nimbus: Elastic Batching OSDI'22](https://github.com/a)", "labelled_link"),
        ("Nimbus: Elastic Batching. [[Paper]](https://a.org/p.pdf)", "before_link_words"),
        (r"Nimbus: Elastic Batching \[Paper\]", "unescaped"),
        ("[Ring Attention](https://a.org) with Blockwise Transformers", "link_continued"),
    ],
)
def test_each_structure_gives_its_candidate(text, evidence):
    assert evidence in [c.evidence for c in candidates(read_inline(text), text)]


def test_the_text_as_written_is_always_a_candidate():
    text = "[Nimbus](https://arxiv.org/abs/1): Elastic Batching"
    assert candidates(read_inline(text), text)[-1].text == text


def test_title_case_tells_a_subtitle_from_a_description():
    assert title_cased("A Communication-Driven Approach")
    assert title_cased("Scaling a 300B Mixture-of-Experts LLM without Premium GPUs")
    assert not title_cased("scheduling prompts across devices with a cost model")
    assert not title_cased("Efficient LLM serving system for structured program execution")


@pytest.mark.parametrize(
    ("href", "kind"),
    [
        ("https://arxiv.org/abs/2309.06180", PAPER),
        ("https://dl.acm.org/doi/10.1145/3600006.3613165", PAPER),
        ("https://www.usenix.org/conference/osdi24/presentation/x", PAPER),
        ("https://openreview.net/pdf?id=abc", PAPER),
        ("https://someone.github.io/pub/paper.pdf", PAPER),
        ("papers/ours.pdf", PAPER),
        ("https://github.com/org/repo", CODE),
        ("https://huggingface.co/spaces/org/app", CODE),
        ("https://www.youtube.com/watch?v=x", MEDIA),
        ("https://lab.example.com/blog/post-title/", MEDIA),
        ("https://example.com/leaderboard", MEDIA),
        ("#serving", LOCAL),
        ("neurips25/architecture.md", LOCAL),
        ("https://example.org/about", OTHER),
        ("url", OTHER),
    ],
)
def test_link_kinds(href, kind):
    assert link_kind(href) == kind


@pytest.mark.parametrize(
    "text",
    [
        "Gantry: a tool that serves models from the command line [[GitHub]](https://github.com/a/b)",
        "[Fast Decoding for Everyone](https://blog.example.com/fast-decoding/)",
        "[Architecture Notes for Our Serving Stack](notes/architecture.md) - caches",
    ],
)
def test_an_item_linking_only_code_posts_or_the_repository_is_not_a_paper(text):
    assert read_entry(text) == Rejected("not_a_paper_link")


def test_a_venue_or_a_paper_link_keeps_an_item_with_a_code_link():
    assert isinstance(read_entry(f"{TITLE} (SOSP 2023) [[GitHub]](https://github.com/a/b)"), Item)
    text = f"{TITLE} [[arXiv]](https://arxiv.org/abs/2309.06180) [[GitHub]](https://github.com/a)"
    assert isinstance(read_entry(text), Item)


def test_a_labelled_code_link_names_its_paper():
    text = f"code [{TITLE}](https://github.com/a/b)"
    assert read_entry(text) == Item(TITLE, None, None, None)


@pytest.mark.parametrize(
    ("line", "tags"),
    [
        ("Crankshaw, Daniel, et al. (*NSDI 2017*)", ("NSDI", 2017)),
        (
            "In 16th {USENIX} Symposium on Networked Systems Design ({NSDI} 19) (pp. 1-2).",
            ("NSDI", 2019),
        ),
        (
            "In 2019 IEEE International Parallel and Distributed Processing Symposium (IPDPS)",
            ("IPDPS", 2019),
        ),
        ("arXiv preprint arXiv:2008.12260 (2020).", ("arXiv", 2020)),
        ("Summary: compared with Orca (OSDI 2022)", (None, None)),
        # a sentence under an entry names other papers' venues, not its own
        ("We compare it with Orca (OSDI 2022)", (None, None)),
        ("Orca outperforms vLLM (SOSP 2023) by 2x", (None, None)),
    ],
)
def test_what_a_nested_line_says_about_its_entry(line, tags):
    assert described(line) == tags


@pytest.mark.parametrize(
    ("heading", "tags"),
    [
        ("2024", (None, 2024)),
        ("OSDI", ("OSDI", None)),
        ("NeurIPS 2025", ("NeurIPS", 2025)),
        ("Serving", (None, None)),
        ("Top 10", (None, None)),
    ],
)
def test_what_a_heading_says_about_its_entries(heading, tags):
    assert heading_tags(heading) == tags


@pytest.mark.parametrize(
    ("line", "meta"),
    [
        ("SOSP 2023", True),
        ("https://arxiv.org/abs/2309.06180", True),
        ("(OSDI '22)", True),
        ("Woosuk Kwon, Zhuohan Li, and Ion Stoica", True),
        ("We propose a new system.", False),
    ],
)
def test_lines_that_describe_a_plain_text_title(line, meta):
    assert is_meta_line(line) is meta


def test_a_document_is_not_cut_under_a_heading_that_gives_a_year():
    lines = ["# Top"] + ["filler"] * 201
    for year in range(2015, 2025):
        lines.append(f"## {year}")
        for venue in ("OSDI", "Serving"):
            lines.append(f"### {venue}")
            lines += [f"- A Paper Title Number {year} {venue} {k} on Systems" for k in range(20)]
    cuts = heading_splits(lines, 4)
    assert cuts and all(lines[c].startswith("## ") for c in cuts)
    bounds = [0, *cuts, len(lines)]
    pieces = [
        e
        for a, b in zip(bounds, bounds[1:], strict=False)
        for e in parse_list("\n".join(lines[a:b]), "l.md", line_offset=a).entries
    ]
    assert pieces == parse_list("\n".join(lines), "l.md").entries


def test_the_seed_entries_read_the_same_with_a_link_after_them():
    # [[arXiv](...)] appended to every one-line seed entry changes no title, venue or year
    for path in sorted(SEEDS.iterdir()):
        text = path.read_text(encoding="utf-8")
        entries = parse_list(text, path.name).entries
        lines = text.split("\n")
        for e in entries:
            if lines[e.line - 1].strip().endswith(e.raw):
                lines[e.line - 1] += " [[arXiv](https://arxiv.org/abs/2101.00001v1)]"
        linked = parse_list("\n".join(lines), path.name).entries
        assert [(e.line, e.title, e.venue, e.year) for e in linked] == [
            (e.line, e.title, e.venue, e.year) for e in entries
        ]


def test_a_course_site_is_media():
    assert link_kind("https://cs229s.stanford.edu/fall2023/") == MEDIA
    assert link_kind("https://www.example.edu/courses/ml-systems/") == MEDIA


def test_a_tag_in_lenticular_brackets_reads_as_one_in_square_brackets():
    text = "【OSDI 2024】 DistServe: Disaggregating Prefill and Decoding for Serving"
    assert read_entry(text) == Item(
        "DistServe: Disaggregating Prefill and Decoding for Serving", "OSDI", 2024, None
    )


def test_a_heading_with_a_venue_tag_is_an_entry_and_its_notes_are_not():
    text = "\n".join([
        "## Frameworks",
        "",
        "### TensorFlow: A System for Large-Scale Machine Learning (OSDI'16)",
        "",
        "Dataflow graph with mutable state; I liked the discussion of backup workers.",
        "",
        "### JAX: composable transformations of Python+NumPy programs (2018)",
        "",
        "### Compilers (2)",
        "### NeurIPS 2023",
        "### Communications of the ACM (CACM 2024)",
    ])
    got = [(e.line, e.title, e.venue, e.year) for e in parse_list(text, "notes.md").entries]
    assert got == [
        (3, "TensorFlow: A System for Large-Scale Machine Learning", "OSDI", 2016),
        (7, "JAX: composable transformations of Python+NumPy programs", None, 2018),
    ]


def test_a_list_items_indented_lines_are_one_paragraph_with_its_first():
    """``1)`` items of plain text with the reference going on in indented lines (CommonMark
    reads them as one paragraph): the whole paragraph is the reference, its journal line no
    paper of its own; a description under a title that reads alone stays a description."""
    text = "\n".join([
        "1) (*) The UNIX Time-Sharing System.",
        "   D. M. Ritchie and K. Thompson.",
        "   Communications of the ACM, 17(7), 1974.",
        "2) A Fast File System for UNIX.",
        "   M. K. McKusick, W. N. Joy, S. J. Leffler, R. S. Fabry.",
        "   ACM Transactions on Computer Systems, 2(3), 1984.",
        "3) Orca: A Distributed Serving System for Transformer-Based Generative Models (OSDI 2022)",
        "   We read it for iteration-level scheduling, as in Sarathi (OSDI 2024).",
    ])
    got = [(e.line, e.title, e.venue, e.year) for e in parse_list(text, "quals.txt").entries]
    assert got == [
        (1, "The UNIX Time-Sharing System", "CACM", 1974),
        (4, "A Fast File System for UNIX", "TOCS", 1984),
        (7, "Orca: A Distributed Serving System for Transformer-Based Generative Models", "OSDI",
         2022),
    ]


def test_a_definition_list_of_titles_and_their_indented_authors_and_venue():
    """reStructuredText's (and plain text's) definition list: a title at the margin, its
    authors and venue, then its URL indented under it, the next title right after."""
    text = "\n".join([
        "Generative Adversarial Nets",
        "   Goodfellow et al. NIPS 2014.",
        "   https://arxiv.org/abs/1406.2661",
        "Auto-Encoding Variational Bayes",
        "   Kingma and Welling. ICLR 2014.",
        "   https://arxiv.org/abs/1312.6114",
    ])
    entries = parse_list(text, "gen.txt").entries
    assert [(e.line, e.title, e.venue, e.year, e.arxiv_id) for e in entries] == [
        (1, "Generative Adversarial Nets", "NeurIPS", 2014, "1406.2661"),
        (4, "Auto-Encoding Variational Bayes", "ICLR", 2014, "1312.6114"),
    ]


def test_a_paragraph_of_a_bold_title_and_its_links_is_an_entry():
    text = "\n".join([
        "## Quantization",
        "",
        "**GPTQ: Accurate Post-Training Quantization for Generative Pre-trained Transformers**"
        " [[pdf]](https://arxiv.org/abs/2210.17323) [[code]](https://github.com/IST-DASLab/gptq)",
        "",
        "**bitsandbytes** [[code]](https://github.com/TimDettmers/bitsandbytes)",
        "",
        "**Read these first** and then [the rest](#rest)",
    ])
    got = [(e.line, e.title, e.arxiv_id) for e in parse_list(text, "q.md").entries]
    assert got == [
        (3, "GPTQ: Accurate Post-Training Quantization for Generative Pre-trained Transformers",
         "2210.17323"),
    ]


def test_a_syllabus_labels_and_a_lists_dated_title_are_no_papers():
    text = "\n".join([
        "READING LIST -- OPERATING SYSTEMS QUALIFYING EXAM",
        "Last updated: August 2024",
        "",
        "- Guest lecture: Matei Zaharia on the history of Spark (slides)",
        "- Lecture 3: Scheduling and the Tail at Scale",
        "- Reading Between the Lines: Learning to Map Language (ACL 2023)",
    ])
    got = [(e.line, e.title) for e in parse_list(text, "syllabus.txt").entries]
    assert got == [(6, "Reading Between the Lines: Learning to Map Language")]


def test_an_author_line_opening_with_the_initial_i_still_describes_a_block():
    """``I. Narayanan`` opens like the pronoun ``I``: the author line of a block all the same
    (only ``Last updated:`` is a note that describes no title)."""
    text = "\n".join([
        "[Kestrel: Memory-Efficient Autoscaling for Transformer Models](https://x.org/k.pdf)",
        "I. Narayanan and C. Li",
        "In SOSP, 2020.",
    ])
    got = [(e.line, e.title, e.venue, e.year) for e in parse_list(text, "b.md").entries]
    title = "Kestrel: Memory-Efficient Autoscaling for Transformer Models"
    assert got == [(1, title, "SOSP", 2020)]


def test_a_nested_venue_label_says_where_the_entry_appeared():
    text = "\n".join([
        "+ AliGraph: A Comprehensive Graph Neural Network Platform",
        "    + Venue: VLDB 2019",
        "    + Authors: Rong Zhu, Kun Zhao, Hongxia Yang, et al.",
        "+ Orca: A Distributed Serving System for Transformer-Based Generative Models",
        "    + Summary: better than Sarathi (OSDI 2024)",
    ])
    got = [(e.line, e.title, e.venue, e.year) for e in parse_list(text, "n.md").entries]
    assert got == [
        (1, "AliGraph: A Comprehensive Graph Neural Network Platform", "VLDB", 2019),
        (4, "Orca: A Distributed Serving System for Transformer-Based Generative Models", None,
         None),
    ]
