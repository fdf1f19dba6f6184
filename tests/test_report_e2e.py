"""The report, the enriched lists and the exports, as a person gets them: the real CLI on the
seed lists against the local replica, twice (a run, then a refresh after the world changed),
the report opened in headless Chromium from disk with the network off.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import bibtexparser
import duckdb
import pyarrow.parquet as pq
import pytest
import rispy
from markupsafe import escape

from tests.browser import find_browser, view
from tests.conftest import SEEDS
from tests.replica import SEEDS_WORLD, World, start_replica
from tests.test_e2e import cli, enrich_env

pytestmark = pytest.mark.e2e

ARTIFACTS = Path(__file__).parent / "artifacts"
GAINS = (1000, 500, 250)
"""Citations the world adds to three listed papers between the two runs."""


def _outside_title(world: World) -> str:
    """A paper the listed papers cite that no list names: the list gains it for run two."""
    listed = {t["expect"][3:] for t in world.truth if (t["expect"] or "").startswith("s2:")}
    for paper in world.papers.values():
        for ref in paper.get("references") or []:
            pid = ref.get("paperId")
            if pid in world.papers and pid not in listed and paper["paperId"] in listed:
                return str(world.papers[pid]["title"])
    raise AssertionError("the seed world has no cited paper outside the lists")


def _single_line_entry(out: Path, raw: Path) -> tuple[str, int, str]:
    """(list, line, title) of a paper one list names once, on a line of its own."""
    rows = duckdb.sql(
        f"""select m.source_file, m.line, m.title, m.raw from '{out}/latest/mentions.parquet' m
            join '{out}/latest/papers.parquet' p using (paper_id)
            where p.match_status = 'resolved'
              and m.paper_id in (select paper_id from '{out}/latest/mentions.parquet'
                                 group by paper_id having count(*) = 1)
            order by m.source_file, m.line"""
    ).fetchall()
    for source, line, title, text in rows:
        lines = (raw / source).read_text(encoding="utf-8").splitlines()
        if lines[line - 1].strip() == text.strip():
            return source, line, title
    raise AssertionError("no single-line entry to drop")


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """A run, then a refresh after the world raised three papers' citation counts and the list
    dropped one entry and gained one."""
    base = tmp_path_factory.mktemp("report")
    raw, out = base / "raw", base / "out"
    shutil.copytree(SEEDS, raw)
    world = World.load(SEEDS_WORLD)  # our own copy: it changes between the runs
    with start_replica(world, s2_rps=50, arxiv_interval=0.02) as replica:
        env = enrich_env(replica, base / "cache.sqlite")
        first = cli("run", "--out", str(out), env=env, raw=raw)
        assert first.returncode == 0, first.stderr
        first_stamp = json.loads((out / "latest" / "manifest.json").read_text())["snapshot"]
        top = duckdb.sql(
            f"""select s2_paper_id, title from '{out}/latest/papers.parquet'
                where s2_paper_id is not null order by citation_count desc, paper_id limit 3"""
        ).fetchall()
        for (pid, _), gain in zip(top, GAINS, strict=True):
            world.papers[pid]["citationCount"] += gain
        source, line, dropped = _single_line_entry(out, raw)
        added = _outside_title(world)
        path = raw / source
        lines = path.read_text(encoding="utf-8").splitlines()
        lines[line - 1] = lines[line - 1].replace(lines[line - 1].strip(), f"• {added}")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        second = cli("refresh", "--out", str(out), env=env, raw=raw)
        assert second.returncode == 0, second.stderr
    return {
        "out": out, "raw": raw, "env": env, "first": first, "second": second,
        "first_stamp": first_stamp, "top": top, "dropped": dropped, "added": added,
    }  # fmt: skip


def _html(out: Path) -> str:
    return (out / "latest" / "report.html").read_text(encoding="utf-8")


def _values(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-k="([a-z_]+)" data-v="([^"]*)"', html))


def test_run_writes_the_report_its_dated_copy_and_the_enriched_lists(runs):
    out = runs["out"]
    assert "report: " in runs["first"].stdout and "enriched lists" in runs["first"].stdout
    manifest = json.loads((out / "latest" / "manifest.json").read_text())
    copies = sorted(p.stem for p in (out / "reports").glob("*.html"))
    assert copies == [runs["first_stamp"], manifest["snapshot"]]
    assert (out / "reports" / f"{manifest['snapshot']}.html").read_text() == _html(out)
    lists = sorted(p.name for p in (out / "latest" / "lists").glob("*.md"))
    assert lists == sorted(Path(p).with_suffix(".md").name for p in runs["raw"].glob("*.txt"))
    # the history still reads as Parquet: nothing but tables in the snapshot directories
    assert duckdb.sql(
        f"select count(distinct snapshot) from read_parquet('{out}/papers/*/*.parquet', "
        "hive_partitioning = true)"
    ).fetchall()[0] == (2,)


def test_every_headline_number_equals_a_duckdb_query(runs):
    out = runs["out"]
    papers, mentions = f"'{out}/latest/papers.parquet'", f"'{out}/latest/mentions.parquet'"
    manifest = json.loads((out / "latest" / "manifest.json").read_text())
    shown = _values(_html(out))

    def one(sql: str):
        return duckdb.sql(sql).fetchall()[0][0]

    assert int(shown["papers"]) == one(f"select count(*) from {papers}")
    assert int(shown["mentions"]) == one(f"select count(*) from {mentions}")
    assert int(shown["lists"]) == one(f"select count(distinct source_file) from {mentions}")
    resolved = one(f"select count(*) from {papers} where match_status = 'resolved'")
    assert int(shown["resolved"]) == resolved
    assert float(shown["resolved_share"]) == pytest.approx(
        one(f"select avg((match_status = 'resolved')::int) from {papers}")
    )
    methods = dict(re.findall(r'data-method="([a-z_0-9]+)" data-v="(\d+)"', _html(out)))
    query = f"""select coalesce(match_method, 'none'), count(*) from {papers}
                where match_status = 'resolved' group by 1"""
    assert {k: int(v) for k, v in methods.items()} == dict(duckdb.sql(query).fetchall())
    manifest_sql = f"'{out}/latest/manifest.json'"
    assert float(shown["run_seconds"]) == one(f"select run_seconds from {manifest_sql}")
    assert int(shown["cache_hits"]) == one(f"select cache_hits from {manifest_sql}")
    assert int(shown["requests"]) == sum(manifest["requests_by_host"].values())
    assert int(shown["papers"]) == manifest["counts"]["papers"]


def test_the_second_report_shows_what_changed(runs):
    html = _html(runs["out"])
    shown = _values(html)
    assert f"Since snapshot {runs['first_stamp']}" in html
    assert (shown["new"], shown["dropped"]) == ("1", "1")
    new = html[html.index("<h3>New papers</h3>") : html.index("<h3>Dropped papers</h3>")]
    dropped = html[html.index("<h3>Dropped papers</h3>") :]
    assert runs["added"].split(":")[0] in new
    assert runs["dropped"].split(":")[0][:20] in dropped
    gains = html[html.index('id="changes"') :]
    for (_, title), gain in zip(runs["top"], GAINS, strict=True):  # the gains chart's labels
        assert f"+{gain:,}" in gains
        assert str(escape(title.split()[0])) in gains


def test_exports_parse_back_to_one_entry_per_resolved_paper(runs, tmp_path):
    out, env = runs["out"], runs["env"]
    resolved = duckdb.sql(
        f"select count(*) from '{out}/latest/papers.parquet' where match_status = 'resolved'"
    ).fetchall()[0][0]
    unresolved = duckdb.sql(
        f"select count(*) from '{out}/latest/papers.parquet' where match_status != 'resolved'"
    ).fetchall()[0][0]
    bib = cli("export", "--format", "bibtex", "--out", str(out), env=env, raw=runs["raw"])
    assert bib.returncode == 0, bib.stderr
    library = bibtexparser.parse_string(bib.stdout)
    keys = [e.key for e in library.entries]
    assert not library.failed_blocks
    assert len(keys) == resolved == len(set(keys))
    assert all(re.fullmatch(r"[a-z]+\d{4}[a-z0-9]+", k) for k in keys), keys[:5]
    assert f"left out {unresolved} titles not resolved" in bib.stderr
    assert any(e.fields_dict.get("eprint") for e in library.entries)

    target = tmp_path / "papers.json"
    csl = cli("export", "--format", "csljson", "--out", str(out), "-o", str(target), env=env)
    assert csl.returncode == 0, csl.stderr
    from citeproc.source.json import CiteProcJSON

    items = json.loads(target.read_text())
    assert len(CiteProcJSON(items)) == resolved
    assert sorted(i["id"] for i in items) == sorted(keys)

    ris = cli("export", "--format", "ris", "--out", str(out), env=env)
    assert [e["id"] for e in rispy.loads(ris.stdout)] == keys


def test_export_of_one_list(runs):
    out, raw = runs["out"], runs["raw"]
    name = sorted(p.name for p in raw.glob("*.txt"))[2]
    result = cli("export", "--format", "bibtex", "--list", str(raw / name), "--out", str(out),
                 env=runs["env"], raw=raw)  # fmt: skip
    assert result.returncode == 0, result.stderr
    expected = duckdb.sql(
        f"""select count(distinct p.paper_id) from '{out}/latest/papers.parquet' p
            join '{out}/latest/mentions.parquet' m using (paper_id)
            where m.source_file = '{name}' and p.match_status = 'resolved'"""
    ).fetchall()[0][0]
    assert len(bibtexparser.parse_string(result.stdout).entries) == expected > 0


def test_enriched_list_keeps_sections_and_entries_in_order(runs):
    out = runs["out"]
    mentions = pq.read_table(out / "latest" / "mentions.parquet").to_pylist()
    name = sorted({m["source_file"] for m in mentions})[0]
    text = (out / "latest" / "lists" / Path(name).with_suffix(".md")).read_text()
    ours = sorted((m for m in mentions if m["source_file"] == name), key=lambda m: m["line"])
    bullets = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(bullets) == len(ours)
    sections = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    in_order = list(dict.fromkeys(m["section"] for m in ours))
    assert [s.replace("\\", "") for s in sections] == in_order
    assert "[S2](https://www.semanticscholar.org/paper/" in text
    assert "citations" in text
    assert sum("**[not found]**" in b for b in bullets) >= 1


@pytest.mark.skipif(
    find_browser() is None,
    reason="no headless Chromium: install Debian's chromium and chromium-driver "
    "(`apt-get install -y chromium chromium-driver`; .ci/run does it when it can)",
)
def test_report_opens_offline_in_chromium_with_every_chart_drawn(runs):
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report-seeds.png"
    page = view(runs["out"] / "latest" / "report.html", screenshot=shot)
    assert page.errors == [], page.console
    assert page.requests == [], "the page asked the network for something"
    assert len(page.charts) >= 6  # years, citations, trend, graph, overlap, gains
    for chart in page.charts:
        assert chart["svg"] and chart["width"] > 100 and chart["height"] > 50, chart
        assert chart["shapes"] > 10, chart
    assert page.title.startswith("enrich report")
    years = [int(y) for y in page.sorted_years if y]
    assert len(years) > 10 and years == sorted(years, reverse=True)  # one click: newest first
    assert shot.stat().st_size > 50_000  # a page, not a blank: bench/report.py times it
