"""The report's pure parts on small hand-made snapshots: keys, override lines, what needs a
person, what changed, the enriched lists, and the CLI keeping a snapshot whose report fails."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from enrich import cli
from enrich.overrides import parse_overrides
from enrich.report import changes, data, exports, lists
from enrich.report.data import Previous, Snapshot

S2_A = "a" * 40
S2_B = "b" * 40


def paper(pid: str, title: str, **kw) -> dict:
    row = {
        "paper_id": pid, "s2_paper_id": None, "arxiv_id": None, "doi": None, "title": title,
        "year": 2023, "venue": "SOSP", "authors": [{"name": "Woosuk Kwon", "s2_author_id": "1"}],
        "citation_count": 10, "open_access_pdf": None, "match_status": "resolved",
        "match_confidence": 1.0, "match_method": "s2_match", "match_reason": "same title",
        "input_titles": [title],
    }  # fmt: skip
    row.update(kw)
    return row


def mention(source: str, line: int, title: str, pid: str | None, section="Serving") -> dict:
    return {"source_file": source, "line": line, "section": section, "raw": f"- {title}",
            "title": title, "group_id": f"g-{title[:8]}", "paper_id": pid}  # fmt: skip


def snapshot(papers: list[dict], mentions: list[dict], refs=()) -> Snapshot:
    return Snapshot(
        stamp="2026-12-02T10-00-00Z",
        manifest={"snapshot": "2026-12-02T10-00-00Z", "requests_by_host": {"s2": 3, "arxiv": 1},
                  "cache_hits": 5, "run_seconds": 1.5},  # fmt: skip
        papers=pd.DataFrame(papers),
        mentions=pd.DataFrame(mentions),
        references=pd.DataFrame(list(refs), columns=["citing_paper_id", "cited_paper_id"]),
    )


@pytest.fixture
def snap() -> Snapshot:
    return snapshot(
        [
            paper(S2_A, "Efficient Memory Management for LLM Serving with PagedAttention",
                  s2_paper_id=S2_A, arxiv_id="2309.06180", citation_count=900),  # fmt: skip
            paper(S2_B, "Orca: A Distributed Serving System", s2_paper_id=S2_B, venue="OSDI",
                  year=2022, match_confidence=0.75, match_reason="system renamed"),  # fmt: skip
            paper("list:x", "Towards Nothing, \"Quoted\"", year=None, venue=None, authors=None,
                  citation_count=None, match_status="unresolved", match_confidence=None,
                  match_method=None, match_reason="S2 has no title match"),  # fmt: skip
        ],
        [
            mention("a.md", 3, "Efficient Memory Management for LLM Serving", S2_A),
            mention("a.md", 5, "Orca", S2_B),
            mention("a.md", 9, 'Towards Nothing, "Quoted"', "list:x", section="Other"),
            mention("b.txt", 1, "Efficient Memory Management for LLM Serving", S2_A),
            mention("b.txt", 2, "Topics", None),
        ],
        refs=[(S2_B, S2_A), (S2_A, None)],
    )


def test_citation_keys_are_readable():
    assert exports.base_key(["Woosuk Kwon"], 2023, "Efficient Memory Management") == (
        "kwon2023efficient"
    )
    assert exports.base_key(["Ludwig van Beethoven"], 1808, "Towards a Fifth") == (
        "beethoven1808fifth"
    )
    assert exports.base_key(["Martín Abadi"], 2016, "TensorFlow: A system") == "abadi2016tensorflow"
    assert exports.base_key([], None, "The") == "anonnduntitled"


def test_colliding_keys_get_letters_in_paper_id_order_whatever_the_input_order():
    bases = [("p3", "kwon2023x"), ("p1", "kwon2023x"), ("p2", "kwon2023x"), ("q", "li2020y")]
    keys = exports.unique_keys(bases)
    assert keys == {"p1": "kwon2023x", "p2": "kwon2023xb", "p3": "kwon2023xc", "q": "li2020y"}
    assert exports.unique_keys(list(reversed(bases))) == keys
    many = exports.unique_keys([(f"p{i:03d}", "k") for i in range(30)])
    assert len(set(many.values())) == 30 and many["p026"] == "kba"
    # a suffixed key never takes another paper's own base
    clash = exports.unique_keys([("p1", "kx"), ("p2", "kx"), ("p3", "kxb")])
    assert len(set(clash.values())) == 3


def test_export_leaves_out_unresolved_titles_and_keeps_authors_in_order(snap):
    result = exports.export_snapshot(snap, "csljson")
    items = json.loads(result.text)
    assert [i["id"] for i in items] == ["kwon2022orca", "kwon2023efficient"]
    assert result.left_out == ['Towards Nothing, "Quoted"']
    assert items[1]["number"] == "arXiv:2309.06180"
    assert items[1]["author"] == [{"family": "Kwon", "given": "Woosuk"}]
    only_b = exports.export_snapshot(snap, "bibtex", "b.txt")
    assert only_b.keys == ["kwon2023efficient"] and only_b.left_out == []


def test_bibtex_escapes_what_latex_reads_as_markup(snap):
    snap.papers.loc[0, "title"] = "50% Faster & Cheaper_Serving"
    text = exports.export_snapshot(snap, "bibtex").text
    assert r"{50\% Faster \& Cheaper\_Serving}" in text


def test_the_override_line_reads_back_as_a_pin(snap):
    rows = data.needs_person(snap)
    assert list(rows["line"]) == [5, 9]  # the low-confidence match, then the title not found
    pinned = parse_overrides("title,pin,note\n" + rows.iloc[0]["override"] + "\n")
    assert [(o.kind, o.value) for o in pinned.values()] == [("s2", S2_B)]
    assert rows.iloc[1]["override"].startswith('"Towards Nothing, ""Quoted""",S2:<')


def test_headline_and_coverage(snap):
    h = data.headline(snap)
    assert (h.papers, h.mentions, h.lists, h.resolved, h.requests) == (3, 5, 2, 2, 4)
    assert h.by_method == {"s2_match": 2}
    cov = data.coverage(snap).set_index("list")
    assert cov.loc["a.md", ["entries", "resolved", "unresolved"]].tolist() == [3, 2, 1]
    assert cov.loc["b.txt", ["resolved", "not_a_paper", "share"]].tolist() == [1, 1, 1.0]


def test_citations_inside_the_lists_and_overlap(snap):
    assert data.internal_edges(snap).values.tolist() == [[S2_B, S2_A]]
    within = data.most_cited_within(snap)
    assert within[0]["count"] == 1
    assert within[0]["cited_by"] == ["Orca: A Distributed Serving System"]
    assert data.overlap(snap).loc["a.md", "b.txt"] == 1


def test_changes_follow_titles_through_a_new_paper_id(snap):
    prev = Previous(
        "2026-12-01T10-00-00Z",
        pd.DataFrame([
            {"paper_id": "arxiv:2309.06180", "title": "PagedAttention", "year": 2023,
             "venue": None, "citation_count": 700, "match_status": "resolved"},
            {"paper_id": "gone", "title": "Old Paper", "year": 2001, "venue": None,
             "citation_count": 1, "match_status": "resolved"},
        ]),  # fmt: skip
        pd.DataFrame([
            {"source_file": "a.md", "group_id": "g-Efficien", "paper_id": "arxiv:2309.06180"},
            {"source_file": "a.md", "group_id": "g-Old", "paper_id": "gone"},
        ]),  # fmt: skip
    )
    changed = changes.changes(snap, prev)
    assert [p["title"] for p in changed.dropped] == ["Old Paper"]
    assert {p["title"] for p in changed.new} == {
        "Orca: A Distributed Serving System", 'Towards Nothing, "Quoted"'
    }
    assert [(g["before"], g["after"], g["gain"]) for g in changed.gains] == [(700, 900, 200)]


def test_enriched_list_marks_what_was_not_found(snap):
    out = lists.render_lists(snap)
    assert sorted(out) == ["a.md", "b.md"]
    text = out["a.md"]
    assert text.index("## Serving") < text.index("## Other")
    assert "[arXiv](https://arxiv.org/abs/2309.06180)" in text and "900 citations" in text
    assert "**[not found]** _S2 has no title match_" in text
    assert "Topics _(not a paper)_" in out["b.md"]
    assert lists.list_names(["x/a.md", "x/a.txt", "b.txt"]) == {
        "x/a.md": "x/a.md.md", "x/a.txt": "x/a.txt.md", "b.txt": "b.md"
    }  # fmt: skip


def test_report_page_escapes_titles(snap):
    from enrich.report.html import render

    snap.papers.loc[0, "title"] = "<script>alert(1)</script> Serving"
    page = render(snap)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert page.count("<svg") >= 4


def test_a_report_that_fails_keeps_the_snapshot_and_says_so(monkeypatch, capsys, tmp_path):
    import enrich.report

    def broken(out_dir):
        raise ValueError("disk on fire")

    monkeypatch.setattr(enrich.report, "write_report", broken)
    settings = cli.Settings.from_env({}, out_dir=tmp_path)
    code = cli._report_after_snapshot(settings, cli._Out(quiet=False))
    assert code == cli.EXIT_INTERNAL
    err = capsys.readouterr().err
    assert "the snapshot is written, but its report is not: disk on fire" in err
    assert "`enrich report`" in err


def test_report_without_a_snapshot_is_exit_2(tmp_path, capsys):
    assert cli.main(["report", "--out", str(tmp_path / "out")]) == cli.EXIT_INPUT
    assert "no snapshot in" in capsys.readouterr().err


def test_pipeline_report_script_runs_the_report_command():
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).parents[1] / "pipeline" / "report.py"
    r = subprocess.run([sys.executable, str(script), "--help"], capture_output=True, text=True)
    assert r.returncode == 0 and "usage: enrich report" in r.stdout


def test_a_snapshot_with_nothing_resolved_still_renders():
    from enrich.report.html import render

    nothing = snapshot(
        [paper("list:x", "Lost", match_status="unresolved", s2_paper_id=None, year=None,
               citation_count=None, match_confidence=None, match_method=None)],  # fmt: skip
        [mention("a.md", 1, "Lost", "list:x"), mention("b.md", 1, "Lost", "list:x")],
    )
    page = render(nothing)
    assert "no listed paper cites another" in page
    assert "Fewer than two lists with resolved papers" in page


def test_entries_without_a_section_share_one_heading(snap):
    snap.mentions["section"] = None
    text = lists.render_lists(snap)["a.md"]
    assert text.count("## (no section)") == 1


def test_every_resolve_method_has_a_name_in_the_report():
    """A method the chain adds shows as a readable label, not its code name."""
    from enrich.report.html import METHOD_NAMES
    from enrich.stages.resolve import arxiv_batch, arxiv_single, bulk, title_match

    for strategy in (bulk, arxiv_batch, title_match, arxiv_single):
        assert strategy.METHOD in METHOD_NAMES


def test_charts_are_plain_svg_drawn_without_a_plotting_library(snap):
    """Issue 24: matplotlib's import and drawing were most of a run's own time. The charts are
    well-formed SVG with their numbers in tooltips, and rendering imports no plotting library."""
    import subprocess
    import sys
    import xml.etree.ElementTree as ET

    from enrich.report import charts, data

    bins = data.citation_bins(snap)
    svg = charts.citation_bins(bins)
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("viewBox") and root.get("width") is None  # CSS scales it to the column
    tips = [t.text for t in root.iter(f"{ns}title")]
    assert tips == [f"{label}: {value}" for label, value in bins.items()]
    ET.fromstring(charts.citation_graph(data.internal_edges(snap), snap.papers["title"]))
    code = (
        "import sys, enrich.report.html, enrich.report.charts; "
        "print(sorted(m for m in ('matplotlib', 'networkx') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_spring_layout_is_deterministic_and_fills_the_unit_square():
    from enrich.report.charts import spring_layout

    pairs = [(0, 1), (1, 2), (2, 0), (2, 3), (3, 4)]
    a, b = spring_layout(5, pairs), spring_layout(5, pairs)
    assert (a == b).all()
    assert a.min() == 0.0 and a.max() == 1.0
    assert len({(round(x, 3), round(y, 3)) for x, y in a}) == 5  # no two nodes on one spot
