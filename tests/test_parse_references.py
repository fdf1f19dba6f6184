"""References in citation styles: the author block, the year after it, the title's end, the
container's venue (``src/enrich/parse/authors.py`` and ``reference.py``).

One reference per style family that read nothing before the field reader (issue 22): each is
written as the CSL style renders it, with invented authors so no rule can key on a real one.
"""

from __future__ import annotations

import textwrap

import pytest

from enrich.parse import Item, Rejected, parse_item, parse_list
from enrich.parse.authors import author_block
from enrich.parse.choose import read_entry
from enrich.parse.reference import container_venue, last_year, read_reference, title_end
from enrich.parse.titlefirst import read_title_first

TITLE = "Efficient Memory Management for Large Language Model Serving with PagedAttention"
PROC = "Proceedings of the 29th Symposium on Operating Systems Principles"

STYLES = {
    "acm_sig": f"Kwon, W. et al. 2023. {TITLE}. {PROC} (2023), 611–626.",
    "acm_numbered": (
        f"Woosuk Kwon, Zhuohan Li, and Siyuan Zhuang. 2023. {TITLE}. In {PROC}, 2023. ACM, 611–626."
    ),
    "nature": f"Kwon, W., Li, Z. & Zhuang, S. {TITLE}. in {PROC} 611–626 (ACM, 2023).",
    "lncs": f"Kwon, W., Li, Z., Zhuang, S.: {TITLE}. In: {PROC}. pp. 611–626. ACM (2023).",
    "elsevier_harvard": f"Kwon, W., Li, Z., Zhuang, S., 2023. {TITLE}, in: {PROC}. ACM, pp. 611-6.",
    "elsevier_numbered": f"W. Kwon, Z. Li, S. Zhuang, {TITLE}, in: {PROC}, ACM, 2023: pp. 611–626.",
    "ama": f"Kwon W, Li Z, Zhuang S. {TITLE}. In: {PROC}. ACM; 2023:611-6. doi:10.1145/3600006.36",
    "plos": f"Kwon W, Li Z, Zhuang S. {TITLE}. {PROC}. ACM; 2023. pp. 611–626.",
    "gbt_numeric": f"KWON W, LI Z, ZHUANG S. {TITLE}[C/OL]//{PROC}. ACM, 2023: 611-626.",
    "gbt_author_date": f"KWON W, LI Z, ZHUANG S, 2023. {TITLE}[C/OL]//{PROC}. ACM: 611-626.",
    "iso690": f"KWON, Woosuk, LI, Zhuohan and ZHUANG, Siyuan, 2023. {TITLE}. In: {PROC}. ACM.",
    "din": f"Kwon, Woosuk ; Li, Zhuohan ; Zhuang, Siyuan: {TITLE}. In: {PROC} : ACM, 2023, S. 611",
    "copernicus": f"Kwon, W., Li, Z., and Zhuang, S.: {TITLE}, in: {PROC}, 611–626, 2023.",
    "springer_basic": f"Kwon W, Li Z, Zhuang S (2023) {TITLE}. In: {PROC}. ACM, pp 611–626",
    "aps": f"W. Kwon, Z. Li, and S. Zhuang, {TITLE}, in {PROC} (ACM, 2023), pp. 611–626.",
    "web_italics": f"Kwon, W., Li, Z., & Zhuang, S. (2023). {TITLE}. _{PROC}_, 611–626.",
}


@pytest.mark.parametrize("style", sorted(STYLES))
def test_a_reference_in_each_style_family_gives_title_venue_and_year(style):
    assert parse_item(STYLES[style]) == Item(TITLE, "SOSP", 2023, None)


def test_a_journal_after_a_comma_ends_the_title():
    ref = "G.-I. Yu, J.S. Jeong, Orca: A Serving System, Journal of Data Systems 12 (2022) 521–538."
    assert parse_item(ref) == Item("Orca: A Serving System", "Journal of Data Systems", 2022, None)


def test_an_arxiv_id_is_not_a_year():
    ref = "Vaswani A. Attention Is All You Need. arXiv. Preprint posted 2017:arXiv:2004.05067."
    assert parse_item(ref) == Item("Attention Is All You Need", "arXiv", 2017, None)
    only_id = "Vaswani, A.: Attention Is All You Need. arXiv:2004.05067"
    assert read_reference(only_id) == Item("Attention Is All You Need", "arXiv", 2020, None)
    assert last_year("arXiv 611–626 2019-2031") is None


def test_a_title_with_a_question_mark_and_an_abbreviation_keeps_going():
    ref = "Ribeiro, M.T., Singh, S.: Why Should I Trust You? Humans vs. Machines. In: KDD. (2016)"
    assert parse_item(ref) == Item("Why Should I Trust You? Humans vs. Machines", "KDD", 2016, None)


@pytest.mark.parametrize(
    ("text", "names", "strong"),
    [
        ("Kwon, W., Li, Z., and Stoica, I.. 2022. Title", 3, True),  # inverted initials
        ("O'Neil, P. and van Renesse, R. 2021. Title", 2, True),
        ("Kwon W, Yu GI, Jeong JS. Title", 3, True),  # bare initials (Vancouver)
        ("YU G I, JEONG J S. Title", 2, True),  # GB/T
        ("G.-I. Yu and J. S. Jeong, Title", 2, True),  # initials first
        ("Zhihao Jia, Sina Lin, Charles R. Qi, and Alex Aiken. (ICML 2018)", 4, False),
        ("Kwon, Woosuk, Zhuohan Li, and Siyuan Zhuang. 2023.", 3, False),  # Chicago
        ("Kwon, W. et al. 2023. Title", 1, True),
    ],
)
def test_author_block_forms(text, names, strong):
    block = author_block(text)
    assert block is not None and block.names == names and block.strong is strong


def test_after_initials_capitalised_words_are_the_title_not_a_full_name():
    text = "W. Kwon, Deep Residual Learning, Nature 521 (2016)"
    block = author_block(text)
    assert block is not None and text[: block.end] == "W. Kwon"


def test_title_end_evidence():
    assert title_end("Title [J]. Journal", 0) == 6  # a GB/T type mark (after the space)
    assert title_end("Title//Proceedings", 0) == 5
    title = "Serve Programs, Not Prompts"
    assert title_end(f"{title}, in: Proc. X", 0) == len(title)
    assert title_end("Title, Nature 521, 436–444", 0) == 5  # a comma before a volume


def test_container_venue_evidence():
    assert container_venue(f". In {PROC}. ACM") == "SOSP"  # a known venue's long name
    assert container_venue(". In NSDI '21") == "NSDI"
    assert container_venue(". The 3rd International Workshop on Mobile Systems. 2019") == (
        "The 3rd International Workshop on Mobile Systems"
    )
    assert container_venue(". 2019 Symposium on Security and Privacy (SP)") == (
        "Symposium on Security and Privacy"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Lee, Y., Scolari, A., Chun, B.G. and Interlandi, M., 2018. (*OSDI 2018*)",  # authors
        "Chard, R., Li, Z., Chard, K., 2019, May.",
        "Orca, Sarathi and Splitwise, OSDI 2022",  # systems, not authors
        "Deep Residual Learning for Image Recognition",
    ],
)
def test_not_a_reference(text):
    assert read_reference(text) is None


def test_a_bibliography_number_opens_the_reference():
    for label in ("[12] ", "(12) "):
        assert parse_item(label + STYLES["lncs"]) == Item(TITLE, "SOSP", 2023, None)


def test_gb_t_et_al_in_chinese_is_not_a_cjk_note():
    ref = f"KWON W, LI Z, ZHUANG S, 等, 2023. {TITLE}[C]//{PROC}. ACM: 611-626."
    assert parse_item(ref) == Item(TITLE, "SOSP", 2023, None)


def test_a_surname_particle_opens_a_reference_and_a_line():
    ref = f"van Renesse R (2022) {TITLE}. Journal of Data Systems 11:521–538"
    assert parse_item(ref) == Item(TITLE, "Journal of Data Systems", 2022, None)
    text = f"Li Z. 2023. {TITLE}. In: {PROC}\n{ref}\n"
    assert [e.line for e in parse_list(text, "refs.txt").entries] == [1, 2]  # not joined


def test_names_in_any_latin_script():
    text = "Łukasz Sharma, Zoë Nørgaard, and Xin de la Cruz. 2021. Tetris: A Title. In NSDI."
    assert parse_item(text) == Item("Tetris: A Title", "NSDI", 2021, None)
    assert parse_item(f"de la Cruz, N. et al. {TITLE}. in {PROC} (2023).") == Item(
        TITLE, "SOSP", 2023, None
    )


def test_a_quoted_phrase_that_opens_a_title_is_part_of_it():
    title = '"Log Analysis Is Hard": Pipelines for Edge Devices'
    for ref in (
        f"Lim, B. (2025). {title}. ASPLOS, 617–628.",  # APA: the title is not quoted
        f"B. Lim, “{title}”, in ASPLOS, ACM, 2025.",  # IEEE: quotes around the quotes
        f"B. Lim, {title}, in ASPLOS (ACM, 2025).",  # APS
    ):
        assert parse_item(ref) == Item(title, "ASPLOS", 2025, None)


def test_a_one_word_title_needs_a_container_after_it():
    assert parse_item("Sutskever, J., & Wang, S. (2023). Spanner. In OSDI.") == Item(
        "Spanner", "OSDI", 2023, None
    )
    assert read_reference("Chard, R., Li, Z., 2019, May.") is None


def test_a_journal_in_the_title_slot_is_not_a_title():
    # Royal Society of Chemistry prints no title: the journal follows the authors
    assert read_reference("G.-I. Yu and J. S. Jeong, Journal of Data Systems, 2022, 12, 5.") is None


def test_checkbox_and_emoji_before_a_reference():
    for lead in ("[ ] ", "[x] ", "📄 ", ":fire: "):
        assert parse_item(lead + STYLES["lncs"]) == Item(TITLE, "SOSP", 2023, None)


def test_a_reference_hard_wrapped_over_lines_is_one_entry():
    ref = STYLES["elsevier_numbered"]
    wrapped = "\n".join(textwrap.wrap(ref, 50))
    for text in (f"- {wrapped.replace(chr(10), chr(10) + '  ')}\n", f"{wrapped}\n\nNext.\n"):
        entries = parse_list(text, "refs.md").entries
        assert [(e.title, e.venue, e.year, e.line) for e in entries] == [(TITLE, "SOSP", 2023, 1)]


def test_references_one_a_line_are_not_joined():
    a = f"Kwon W, Li Z. {TITLE}. arXiv"  # ends as no reference line does, but the next opens one
    b = "Yu G, Jeong J. Orca: A Distributed Serving System. In: OSDI. 2022."
    assert [e.title for e in parse_list(f"{a}\n{b}\n", "refs.txt").entries] == [
        TITLE,
        "Orca: A Distributed Serving System",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mixed Precision Training, He, O.", ("Mixed Precision Training", None, None)),  # Title, A
        ("**Orca: A Serving System**, Yu, G. et al.", ("Orca: A Serving System", None, None)),
        (  # BibTeX-ish, with a quoted phrase opening the title
            '"Log Analysis Is Hard": Edge Pipelines. Gyeong-In Yu et al.. VLDB 2018.',
            ('"Log Analysis Is Hard": Edge Pipelines', "VLDB", 2018),
        ),
        ("[1] Optimus: an efficient scheduler for clusters. Proc. VLDB Endow. 2022.",
         ("Optimus: an efficient scheduler for clusters", "VLDB", 2022)),  # fmt: skip
    ],
)
def test_title_first_references(text, expected):
    assert parse_item(text) == Item(*expected, None)


@pytest.mark.parametrize(
    "text",
    [
        "Francisco Romero, Qian Li, and Christos Kozyrakis (*ATC 2021*)",  # names under a title
        "Seldon Core: Blazing Fast, Industry-Ready ML. An open source platform to deploy models.",
    ],
)
def test_not_title_first(text):
    assert read_title_first(text) is None


def test_a_cjk_title_of_a_reference_is_not_a_note():
    assert parse_item("Smith, D. (2020). 面向大语言模型推理的高效显存管理. MLSys, 1-2.") == Item(
        "面向大语言模型推理的高效显存管理", "MLSys", 2020, None
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[1] _Sailor: Scheduling for GPU Clusters_. Yang Al-Fares et al.. SC'09.",
         ("Sailor: Scheduling for GPU Clusters", "SC", 2009)),  # emphasis after the number
        ('"Arbor: Memory Offloading for Databases". F. García and K. He. FAST11.',
         ("Arbor: Memory Offloading for Databases", "FAST", 2011)),  # a glued tag
        ("Nimbus: Operator Fusion, Tanaka, A. and Sun, F. [paper](https://x.org/a.pdf)",
         ("Nimbus: Operator Fusion", None, None)),  # the last initial's stop before a link
        ("基于强化学习的深度学习集群调度方法研究, F. Al-Fares and H. Moritz",
         ("基于强化学习的深度学习集群调度方法研究", None, None)),
        ("大規模言語モデルの効率的な推論システム. EuroSys 2012.",
         ("大規模言語モデルの効率的な推論システム", "EuroSys", 2012)),
        (":fire: [NSDI09] “Tetris: Pipeline Parallelism for GPU Clusters”",
         ("Tetris: Pipeline Parallelism for GPU Clusters", "NSDI", 2009)),  # an emoji code
    ],
)  # fmt: skip
def test_title_first_in_web_dress(text, expected):
    assert read_entry(text) == Item(*expected, None)


def test_an_escaped_number_and_apa_ellipsis_before_the_last_author():
    ref = (
        r"1\. Qiao, M., Liu, L., Zhang, S., Rossi, M., Yılmaz, S., … Chen, D. (2017). "
        "SPINN: Synergistic Inference. IEEE Trans. Parallel Distrib. Syst. 43, 857–865."
    )
    assert read_entry(ref, bullet=False) == Item("SPINN: Synergistic Inference", "TPDS", 2017, None)


def test_one_word_titles_read_or_not():
    assert read_reference("Sutskever J, Wang S. 2023. Spanner") == Item("Spanner", None, 2023, None)
    assert read_reference("Chard, R., Li, Z., Chard, K., 2019, May.") is None  # a month


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[2] [Snowcat: Kernel Concurrency Testing](https://x.org/a). arXiv 2017.",
         ("Snowcat: Kernel Concurrency Testing", "arXiv", 2017)),  # a venue in lower case
        ("_{Pathfinder}: Graph Partitioning with {GPUs}_. PPoPP 2011.",
         ("Pathfinder: Graph Partitioning with GPUs", "PPoPP", 2011)),  # BibTeX braces first
        (r"\* X. Sharma, N. Dean, *Habitat: A Performance Predictor*, in: USENIX ATC, 2010.",
         ("Habitat: A Performance Predictor", "ATC", 2010)),  # an escaped bullet
    ],
)  # fmt: skip
def test_more_openings(text, expected):
    assert read_entry(text, bullet=False) == Item(*expected, None)


@pytest.mark.parametrize(
    "text",
    [
        "CS 294: AI for Systems and Systems for AI (UC Berkeley, Fall 2023)",
        "Stanford CS 329S: Machine Learning Systems Design",
        "MIT 6.5940: TinyML and Efficient Deep Learning",
        "Designing Data-Intensive Applications (O'Reilly, 2017)",
        "Computer Architecture: A Quantitative Approach, 6th edition",
    ],
)
def test_courses_and_books_are_not_papers(text):
    assert parse_item(text) == Rejected("course_or_book")


def test_a_version_is_not_a_course_code():
    assert isinstance(parse_item("WFGY 1.0: Self-healing LLM Systems Framework"), Item)


def test_a_linked_title_is_the_title_whatever_its_length():
    text = "[Orca](https://x.org/a.pdf), C. Qiao, D. Patel and L. Ivanova"
    assert read_entry(text, bullet=False) == Item("Orca", None, None, None)
    # a description after the link is not its authors
    text = "[Orca: A Serving System](https://x.org) - See Zhang et al., OSDI 2020"
    assert read_entry(text) == Item("Orca: A Serving System", None, None, None)


def test_title_first_keeps_the_dash_and_comma_contract():
    # after a comma or dash, full names are not authors (they may be the title's own words);
    # after a full stop, one name and a source are
    text = "Quill: Query Optimization. Noam Kaiser. MLSys 2015."
    assert parse_item(text) == Item("Quill: Query Optimization", "MLSys", 2015, None)
    assert read_title_first("Scaling Laws - Tensor Parallelism and Data Sharding (OSDI 22)") is None


def test_full_names_before_a_colon_are_a_system_name_not_authors():
    """``Dominant Resource Fairness: Title (Ghodsi et al., NSDI 2011)`` has the shape of a full
    name and a title; one full name, a colon and authors named later is a system's name (LNCS
    and DBLP put a colon after the authors: ``Kwon, W., Li, Z.: Title``)."""
    drf = "Dominant Resource Fairness: Fair Allocation of Multiple Resource Types"
    assert parse_item(f"{drf} (Ghodsi et al., NSDI 2011)") == Item(drf, "NSDI", 2011, None)
    assert parse_item(f"{drf}. Ghodsi et al. NSDI 2011.") == Item(drf, "NSDI", 2011, None)
    lncs = "Kwon, W., Li, Z.: Efficient Memory Management for Serving. In: SOSP 2023."
    assert parse_item(lncs) == Item("Efficient Memory Management for Serving", "SOSP", 2023, None)
    dblp = "Woosuk Kwon: Efficient Memory Management for Serving. SOSP 2023"  # no et al later
    assert parse_item(dblp) == Item("Efficient Memory Management for Serving", "SOSP", 2023, None)


@pytest.mark.parametrize(
    ("text", "title", "venue", "year"),
    [
        ("Optimistic Crash Consistency. V. Chidambaram, T. S. Pillai. SOSP 2013.",
         "Optimistic Crash Consistency", "SOSP", 2013),
        ("The Part-Time Parliament. L. Lamport. ACM Transactions on Computer Systems, 1998.",
         "The Part-Time Parliament", "TOCS", 1998),
        ("Lottery Scheduling: Flexible Proportional-Share Resource Management. C. A. Waldspurger"
         " and W. E. Weihl. OSDI 1994.",
         "Lottery Scheduling: Flexible Proportional-Share Resource Management", "OSDI", 1994),
    ],
)
def test_a_title_shaped_like_a_name_before_initialled_authors_is_the_title(text, title, venue,
                                                                          year):
    """Three capitalised words have the shape of a full name; followed by names with initials
    they are the title those names wrote."""
    assert parse_item(text) == Item(title, venue, year, None)


def test_a_bold_title_then_its_tag_then_authors_and_links():
    text = ("**Random Feature Attention** (ICLR 2021) — Peng, Pappas, Yogatama et al."
            " [PDF](https://arxiv.org/pdf/2103.02143.pdf)")
    assert parse_item(text) == Item("Random Feature Attention", "ICLR", 2021, None)
