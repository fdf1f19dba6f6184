"""Layouts of the field's own awesome lists (round three of ``tests/wild``): icons beside links,
``(arXiv 2024.05)`` tags, titles in a link's tooltip, ``<br>`` fields in one table cell,
``**Name**: Title`` items, badges that carry the venue, HTML table rows over several lines."""

from __future__ import annotations

from enrich.parse import Item, Rejected, parse_list
from enrich.parse.choose import read_entry

TITLE = "Efficient Streaming Language Models with Attention Sinks"
URL = "https://arxiv.org/abs/2309.17453"
RING = "Ring Attention with Blockwise Transformers for Near-Infinite Context"


def _read(text: str) -> Item:
    item = read_entry(text)
    assert isinstance(item, Item), item
    return item


def test_icons_beside_links_do_not_hide_the_venue_tag():
    item = _read(f"⭐ {TITLE} (ICLR 2024) 📄 [paper]({URL}) 💻 [code](https://github.com/a/b)")
    assert (item.title, item.venue, item.year) == (TITLE, "ICLR", 2024)


def test_a_venue_with_the_year_and_month_is_a_tag():
    item = _read(f"{TITLE} (arXiv 2023.09) [paper]({URL})")
    assert (item.title, item.venue, item.year) == (TITLE, "arXiv", 2023)


def test_a_short_link_text_with_a_longer_tooltip_is_named_by_the_tooltip():
    item = _read(f'[StreamingLLM]({URL} "{TITLE}") - ICLR 2024')
    assert (item.title, item.venue, item.year) == (TITLE, "ICLR", 2024)


def test_a_tooltip_that_says_less_than_the_link_text_is_ignored():
    assert _read(f'[{TITLE}]({URL} "arXiv page") - ICLR 2024').title == TITLE


def test_a_linked_title_then_its_authors_with_no_mark_between_ends_at_the_link():
    item = _read(f"[**{TITLE}**]({URL}) Guangxuan Xiao, Yuandong Tian, et al. ICLR 2024")
    assert (item.title, item.venue, item.year) == (TITLE, "ICLR", 2024)


def test_a_table_cell_of_lines_broken_by_br_holds_title_authors_and_venue():
    text = ("| Paper | Code |\n|---|---|\n"
            f"| [**{TITLE}**]({URL})<br>Guangxuan Xiao, Yuandong Tian, et al.<br>ICLR 2024 | |\n")
    [entry] = parse_list(text, "x.md").entries
    assert (entry.title, entry.venue, entry.year) == (TITLE, "ICLR", 2024)


def test_a_venue_then_a_comma_and_the_year_after_the_title_is_its_source():
    item = _read(f"{TITLE}. *ICLR*, 2024.")
    assert (item.title, item.venue, item.year) == (TITLE, "ICLR", 2024)


def test_a_bold_name_is_dropped_when_the_title_after_it_names_it_again():
    text = "**Clockwork**: Serving DNNs like Clockwork: Performance Predictability. *OSDI*, 2020."
    assert _read(text).title == "Serving DNNs like Clockwork: Performance Predictability"


def test_a_bold_name_the_title_opens_with_stays():
    assert _read("**Orca**: A Distributed Serving System. OSDI 2022.").title == (
        "Orca: A Distributed Serving System")


def test_a_linked_venue_badge_before_a_bold_title_is_its_tag():
    badge = "[![ICLR](https://img.shields.io/badge/ICLR-2024-red)](https://arxiv.org/abs/2309.17453)"
    [entry] = parse_list(f"- {badge} **{TITLE}**\n", "x.md").entries
    assert (entry.title, entry.venue, entry.year) == (TITLE, "ICLR", 2024)


def test_an_html_row_written_one_cell_a_line_is_one_entry_on_its_first_cell():
    text = ("<table>\n  <tr>\n"
            f'    <td><a href="{URL}">{TITLE}</a></td>\n    <td>ICLR</td>\n    <td>2024</td>\n'
            "  </tr>\n</table>\n")
    [entry] = parse_list(text, "x.md").entries
    assert (entry.line, entry.title, entry.venue, entry.year) == (3, TITLE, "ICLR", 2024)


def test_the_nodes_of_a_topic_tree_are_not_papers_but_its_leaves_are():
    text = ("- Inference\n  - Long context\n    - Attention\n"
            f"      - [{TITLE}]({URL}) (ICLR 2024)\n    - Tensor and pipeline\n"
            f"      - [{RING}]({URL}) (ICLR 2024)\n")
    assert [e.title for e in parse_list(text, "x.md").entries] == [TITLE, RING]


def test_a_name_over_its_source_line_is_still_a_paper():
    [entry] = parse_list("- **TVM**\n  - *OSDI 2018*\n", "x.md").entries
    assert (entry.title, entry.venue, entry.year) == ("TVM", "OSDI", 2018)


def test_an_item_wholly_in_parentheses_is_a_remark():
    assert read_entry("(more to come)") == Rejected("remark")
