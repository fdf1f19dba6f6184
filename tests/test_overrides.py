"""overrides.csv: pins and their errors."""

import pytest

from enrich.errors import InputError
from enrich.normalize import title_key
from enrich.overrides import load_overrides, parse_overrides

SHA = "0123456789abcdef0123456789abcdef01234567"


def test_parse_all_pin_kinds():
    text = (
        "title,pin,note\n"
        f"Orca: A Distributed Serving System,S2:{SHA},same OSDI paper\n"
        "AMSP: Super-Scaling LLM Training,arXiv:2311.00257v2,\n"
        "Topics of interest,not-a-paper,a heading\n"
        f"Bare Id Title,{SHA.upper()}\n"
    )
    ov = parse_overrides(text)
    assert ov[title_key("orca: a distributed serving system")].kind == "s2"
    assert ov[title_key("Orca: A Distributed Serving System")].value == SHA
    assert ov[title_key("AMSP: Super-Scaling LLM Training")].value == "2311.00257"
    assert ov[title_key("Topics of interest")].kind == "not_a_paper"
    assert ov[title_key("Bare Id Title")].value == SHA


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("T,S2:nothex", "not an S2 paperId"),
        ("T,arXiv:abc", "not an arXiv id"),
        ("T,maybe", "unknown pin"),
        (",not-a-paper", "empty title"),
        ("T", "at least two columns"),
    ],
)
def test_bad_rows_name_file_and_line(row, message):
    with pytest.raises(InputError) as err:
        parse_overrides(f"title,pin,note\n{row}\n", "data/raw/overrides.csv")
    assert message in str(err.value)
    assert "data/raw/overrides.csv:2" in str(err.value)


def test_missing_header_is_an_error():
    with pytest.raises(InputError, match="header row"):
        parse_overrides("Some title,not-a-paper\n", "o.csv")


def test_conflicting_pins_for_one_title():
    with pytest.raises(InputError, match="pinned twice"):
        parse_overrides(f"title,pin\nT,not-a-paper\nt,S2:{SHA}\n", "o.csv")


def test_comments_and_blank_lines_skipped(tmp_path):
    (tmp_path / "overrides.csv").write_text("title,pin,note\n\n# a comment\nT,not-a-paper,\n")
    assert list(load_overrides(tmp_path).values())[0].line == 4
    assert load_overrides(tmp_path / "missing") == {}


def test_a_quoted_title_over_two_lines_moves_later_errors_to_their_file_line():
    text = 'title,pin\n"A Title Typed\nOver Two Lines",not-a-paper\nOther Title,bogus\n'
    with pytest.raises(InputError, match=r"^overrides\.csv:4: unknown pin 'bogus'"):
        parse_overrides(text)


def test_carriage_returns_alone_end_lines_as_old_spreadsheet_exports_write_them():
    ov = parse_overrides(f"title,pin\rTopics of interest,not-a-paper\rOther Title,S2:{SHA}\r")
    assert ov[title_key("Topics of interest")].kind == "not_a_paper"
    assert (ov[title_key("Other Title")].value, ov[title_key("Other Title")].line) == (SHA, 3)


def test_a_quote_left_open_is_an_input_error_at_its_row():
    text = 'title,pin\nA,not-a-paper\n"Open quote,not-a-paper\n' + "more text " * 20_000
    with pytest.raises(InputError, match=r"^overrides\.csv:3: not readable as CSV"):
        parse_overrides(text)


# ---- issue 25, row 13: pins that conflict through grouping, pins to no paper ---------------


def test_two_pins_for_spellings_ingest_groups_as_one_are_an_error_naming_both_lines():
    text = (
        f"title,pin\nA Generic Scheduler for Clusters,S2:{SHA}\n"
        "Generic scheduler for clusters.,arXiv:2309.06180\n"
    )
    with pytest.raises(InputError, match=r"^o\.csv:3: title pinned twice .*first at line 2"):
        parse_overrides(text, "o.csv")


def test_a_pin_on_any_spelling_of_a_group_pins_the_group():
    from enrich.overrides import pins_by_group

    pins = parse_overrides("title,pin\nThe Generic Scheduler,not-a-paper\n")
    found = pins_by_group(pins, [title_key("Generic Scheduler"), title_key("Other")])
    assert list(found) == [title_key("Generic Scheduler")]
    assert found[title_key("Generic Scheduler")].line == 2
