"""fetch + snapshot with in-memory clients: merging, dedup, references, history, latest."""

import dataclasses
import datetime as dt
import io
import json
import shutil
import sys

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from enrich.records import Paper, S2Author
from enrich.schema import AUTHORS, PAPERS, REFERENCES
from enrich.settings import Settings
from enrich.stages.fetch import papers_table, references_table, run_fetch, titles_per_group
from enrich.stages.resolve import run_resolve
from enrich.stages.snapshot import TABLE_NAMES, authors_table, run_snapshot
from tests.pipeline_fakes import FakeArxiv, FakeS2, ax, mention_row, s2, write_mentions
from tests.tables import to_table

ORCA_S2 = "Orca: A Distributed Serving System for Transformer-Based Generative Models"
ORCA_ALT = "Orca: A Distributed Serving System for Transformer-Based Language Generation Tasks"
VLLM = "Efficient Memory Management for Large Language Model Serving with PagedAttention"
ARXIV_ONLY = "HiFT: A Hierarchical Full Parameter Fine-Tuning Strategy"
NOWHERE = "A Title That Exists Nowhere At All"


@pytest.fixture
def world():
    s2c = FakeS2(
        [
            s2(
                "a",
                VLLM,
                year=2023,
                arxiv_id="2309.06180",
                abstract=None,
                venue="SOSP",
                authors=(S2Author("Woosuk Kwon", "1"), S2Author("Zhuohan Li", "2")),
                citation_count=900,
                references=("b" * 40, "f" * 40),
            ),
            s2(
                "b",
                ORCA_S2,
                year=2022,
                venue="OSDI",
                abstract="Orca abstract",
                doi="10.5555/orca",
                authors=(S2Author("Gyeong-In Yu", "3"),),
                citation_count=300,
                references=(),
            ),
        ]
    )
    axc = FakeArxiv(
        [
            ax(
                "2309.06180",
                VLLM,
                abstract="vLLM abstract from arXiv",
                authors=("Woosuk Kwon",),
                published="2023-09-12",
            ),
            ax(
                "2401.99999",
                ARXIV_ONLY,
                abstract="HiFT abstract",
                authors=("Yongkang Liu",),
                published="2024-01-26",
            ),
        ]
    )
    return s2c, axc


def settings_for(tmp_path):
    return Settings(
        raw_dir=tmp_path / "raw", out_dir=tmp_path / "out", cache_path=tmp_path / "c.sqlite"
    )


def run_all(settings, s2c, axc, when):
    run_resolve(settings, s2=s2c, arxiv=axc)
    run_fetch(settings, s2=s2c, arxiv=axc)
    return run_snapshot(settings, now=when)


def test_two_lists_one_paper_and_variants_merge_into_one_row(tmp_path, world):
    settings = settings_for(tmp_path)
    settings.raw_dir.mkdir()
    (settings.raw_dir / "a.md").write_text("x")
    write_mentions(
        settings,
        [
            mention_row(VLLM, group_id="g1", source_file="a.md", line=3, year=2023, venue="SOSP"),
            mention_row(VLLM, group_id="g1", source_file="b.md", line=9, year=2023, venue="SOSP"),
            mention_row(ORCA_S2, group_id="g2", year=2022, venue="OSDI"),
            mention_row(ORCA_ALT, group_id="g3", year=2022, venue="OSDI"),
            mention_row(ARXIV_ONLY, group_id="g4", year=2024, venue="arXiv"),
            mention_row(NOWHERE, group_id="g5"),
        ],
    )
    s2c, axc = world
    summary = run_all(settings, s2c, axc, dt.datetime(2026, 11, 23, 15, 0, 0, tzinfo=dt.UTC))

    papers = pd.read_parquet(settings.out_dir / "latest" / "papers.parquet")
    assert len(papers) == 4  # vLLM, Orca (two titles), HiFT, nowhere
    orca = papers[papers.paper_id == "b" * 40].iloc[0]
    assert sorted(orca.input_titles) == sorted([ORCA_S2, ORCA_ALT])
    vllm = papers[papers.paper_id == "a" * 40].iloc[0]
    assert vllm.abstract == "vLLM abstract from arXiv"
    assert {"field": "abstract", "source": "arxiv"} in list(vllm.provenance)
    hift = papers[papers.paper_id == "arxiv:2401.99999"].iloc[0]
    assert hift.match_method == "arxiv_search" and hift.abstract == "HiFT abstract"
    nowhere = papers[papers.match_status == "unresolved"].iloc[0]
    assert nowhere.title == NOWHERE and nowhere.paper_id.startswith("list:")

    mentions = pd.read_parquet(settings.out_dir / "latest" / "mentions.parquet")
    assert mentions.groupby("paper_id").size()["a" * 40] == 2
    assert set(mentions[mentions.group_id.isin(["g2", "g3"])].paper_id) == {"b" * 40}

    refs = pd.read_parquet(settings.out_dir / "latest" / "references.parquet")
    internal = refs[refs.cited_paper_id.notna()]
    assert list(internal.cited_paper_id) == ["b" * 40]
    assert refs[refs.cited_s2_paper_id == "f" * 40].cited_paper_id.isna().all()

    authors = pd.read_parquet(settings.out_dir / "latest" / "authors.parquet")
    assert list(authors[authors.paper_id == "a" * 40].sort_values("position").name) == [
        "Woosuk Kwon",
        "Zhuohan Li",
    ]
    assert summary.counts["papers"] == 4

    # batch asks S2 once for all ids, arXiv once for what S2 lacks; HiFT's entry came with
    # resolve's title search, so it is not asked for again
    assert [c for c in s2c.calls if c[0] == "batch"] == [
        ("batch", ("ARXIV:2401.99999", "a" * 40, "b" * 40))
    ]
    assert [c for c in axc.calls if c[0] == "ids"] == [("ids", ("2309.06180",))]

    # a refresh asks arXiv for every entry again (new versions), the searched one included
    axc.calls.clear()
    run_fetch(settings, s2=s2c, arxiv=axc, refresh=True)
    assert [c for c in axc.calls if c[0] == "ids"] == [("ids", ("2309.06180", "2401.99999"))]


def test_history_readers_and_manifest(tmp_path, world):
    settings = settings_for(tmp_path)
    settings.raw_dir.mkdir()
    (settings.raw_dir / "list.md").write_text("- " + VLLM + "\n")
    write_mentions(settings, [mention_row(VLLM, group_id="g1", year=2023)])
    s2c, axc = world
    run_all(settings, s2c, axc, dt.datetime(2026, 11, 22, 1, 2, 3, tzinfo=dt.UTC))
    _snapshot_on(settings, 23, dt.datetime(2026, 11, 23, 1, 2, 3, tzinfo=dt.UTC))
    out = settings.out_dir

    history = pd.read_parquet(out / "papers")
    assert sorted(history.snapshot.astype(str).unique()) == [
        "2026-11-22T01-02-03Z",
        "2026-11-23T01-02-03Z",
    ]
    assert len(history) == 2

    import duckdb
    import polars as pl

    assert len(duckdb.sql(f"select * from '{out}/latest/papers.parquet'").df()) == 1
    assert pl.read_parquet(out / "latest" / "papers.parquet").height == 1

    manifest = json.loads((out / "latest" / "manifest.json").read_text())
    assert manifest["snapshot"] == "2026-11-23T01-02-03Z"
    assert manifest["inputs"][0]["file"] == "list.md" and len(manifest["inputs"][0]["sha256"]) == 64
    assert manifest["papers_by_status"] == {"resolved": 1}
    assert manifest["papers_by_method"] == {"s2_match": 1}
    assert (out / "latest").is_symlink()
    # the retired latest dir stays for readers that resolved it (tests/test_latest.py)
    assert len(list((out / ".latest").iterdir())) == 2
    # the schema in the file carries the column docs
    assert pq.read_schema(out / "latest" / "papers.parquet").field("paper_id").metadata[b"doc"]


def test_same_second_snapshots_do_not_collide(tmp_path, world):
    settings = settings_for(tmp_path)
    write_mentions(settings, [mention_row(VLLM, group_id="g1")])
    s2c, axc = world
    when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    a = run_all(settings, s2c, axc, when)
    b = _snapshot_on(settings, 5, when)
    assert a.snapshot != b.snapshot


def test_an_unchanged_rerun_writes_no_snapshot_and_records_the_check(tmp_path, world):
    from enrich.stages.unchanged import Unchanged, last_check

    settings = settings_for(tmp_path)
    write_mentions(settings, [mention_row(VLLM, group_id="g1", year=2023)])
    s2c, axc = world
    first = run_all(settings, s2c, axc, _day(20))
    again = run_all(settings, s2c, axc, _day(21))
    assert isinstance(again, Unchanged)
    assert again.lines() == [
        f"snapshot: unchanged since {first.snapshot} (tables equal latest's); none written"
    ]
    out = settings.out_dir
    assert _snapshots(out)["manifests"] == [first.snapshot]
    assert _snapshots(out)["papers"] == [f"snapshot={first.snapshot}"]
    assert last_check(out) == {
        "checked_at": _day(21).isoformat(),
        "unchanged_since": first.snapshot,
    }
    changed = _snapshot_on(settings, 22)  # one citation count moved: a new snapshot
    assert changed.snapshot == "2026-11-22T00-00-00Z"


def test_tables_equal_ignores_docs_and_chunks_but_not_rows_or_types():
    from enrich.stages.unchanged import tables_equal

    t = pa.table({"a": pa.array([1, 2], pa.int64())})
    chunked = pa.concat_tables([t.slice(0, 1), t.slice(1)])
    assert tables_equal({"t": chunked.replace_schema_metadata({"doc": "x"})}, {"t": t})
    assert not tables_equal({"t": t}, {"t": t.slice(1)})
    assert not tables_equal({"t": t}, {"t": t.cast(pa.schema([("a", pa.int32())]))})
    assert not tables_equal({"t": t}, {})


def _papers_table_row_by_row(papers):
    """The papers table built the plain way: a dict per row, author and provenance item."""
    rows = []
    for p in papers:
        row = {n: getattr(p, n) for n in PAPERS.names}
        date = p.publication_date
        try:
            row["publication_date"] = dt.date.fromisoformat(date[:10]) if date else None
        except ValueError:
            row["publication_date"] = None
        row["authors"] = [{"name": a.name, "s2_author_id": a.author_id} for a in p.authors]
        row["provenance"] = [{"field": k, "source": v} for k, v in sorted(p.provenance.items())]
        rows.append(row)
    return to_table(rows, PAPERS)


def test_papers_table_struct_columns_equal_the_row_by_row_table():
    papers = [
        Paper("p1", authors=[S2Author("A", "1"), S2Author("B")], provenance={"title": "s2"}),
        Paper("p2", publication_date="2023-09-12T00:00", provenance={}),
        Paper("p3", authors=[S2Author("C", None)], publication_date="not a date"),
        Paper(  # the same provenance as p1 in another order: one shape or two, same rows
            "p4",
            publication_date="",
            provenance={"year": "arxiv", "title": "s2"},
            input_titles=["x", "y"],
            fields_of_study=["CS"],
        ),
        Paper("p5", authors=[S2Author("D", "4")], provenance={"title": "s2", "year": "arxiv"}),
        Paper("p6", provenance={"title": "list"}, match_confidence=0.5, year=2020),
    ]
    for some in (papers, papers[1:2], []):
        table = papers_table(some)
        assert table.equals(_papers_table_row_by_row(some), check_metadata=True)
        assert table.schema.equals(PAPERS, check_metadata=True)
    assert papers_table(papers).column("provenance").to_pylist()[3] == [
        {"field": "title", "source": "s2"},
        {"field": "year", "source": "arxiv"},
    ]


def test_titles_per_group_keeps_each_groups_titles_in_list_order():
    mentions = pa.table(
        {
            "group_id": ["g1", "g2", "g1", "g1"],
            "title": [
                "Orca: A Serving System",
                "Ray",
                "ORCA: A Serving System",
                "Orca: A Serving System",
            ],
        }
    )
    assert titles_per_group(mentions) == {
        "g1": ["Orca: A Serving System", "ORCA: A Serving System", "Orca: A Serving System"],
        "g2": ["Ray"],
    }


def test_references_table_one_row_per_distinct_edge_linked_to_listed_papers():
    papers = [
        Paper("sA", s2_paper_id="sA", references=["sB", "sX", "sB"]),  # sB twice: one edge
        Paper("pB", s2_paper_id="sB", references=["sA"]),  # linked by its paper_id
        Paper("arxiv:2309.06180", references=["sA"]),  # no S2 record: no edges
        Paper("sC", s2_paper_id="sC"),
    ]
    table = references_table(papers)
    assert table.schema.equals(REFERENCES, check_metadata=True)
    assert table.to_pylist() == [
        {"citing_paper_id": "sA", "citing_s2_paper_id": "sA", "cited_s2_paper_id": "sB",
         "cited_paper_id": "pB"},
        {"citing_paper_id": "sA", "citing_s2_paper_id": "sA", "cited_s2_paper_id": "sX",
         "cited_paper_id": None},
        {"citing_paper_id": "pB", "citing_s2_paper_id": "sB", "cited_s2_paper_id": "sA",
         "cited_paper_id": "sA"},
    ]  # fmt: skip
    assert references_table([]).num_rows == 0


def test_fetch_warns_when_s2_answers_null_for_a_paper_resolve_matched(tmp_path, world):
    settings = settings_for(tmp_path)
    write_mentions(
        settings,
        [
            mention_row(VLLM, group_id="g1", year=2023, venue="SOSP"),
            mention_row(ARXIV_ONLY, group_id="g4", year=2024, venue="arXiv"),
        ],
    )
    s2c, axc = world
    run_resolve(settings, s2=s2c, arxiv=axc)
    summary = run_fetch(settings, s2=s2c, arxiv=axc)
    assert summary.s2_missing == ["ARXIV:2401.99999"]  # an arXiv-only paper: no warning
    assert not [line for line in summary.lines() if "warning" in line]

    del s2c.papers["a" * 40]  # S2 dropped the record since resolve matched it
    summary = run_fetch(settings, s2=s2c, arxiv=axc, refresh=True)
    assert summary.lines()[-1] == (
        "fetch: warning: S2 answered null for 1 paperId(s) resolve had matched "
        f"(first {'a' * 40}); those papers keep only arXiv or list data (the ids are in "
        "stage/fetch.json, s2_missing)"
    )


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("progress", [True, False])
def test_fetch_shows_a_bar_per_upstream_on_a_terminal(tmp_path, world, monkeypatch, progress):
    settings = settings_for(tmp_path)
    write_mentions(settings, [mention_row(VLLM, group_id="g1", year=2023, venue="SOSP")])
    s2c, axc = world
    run_resolve(settings, s2=s2c, arxiv=axc)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    run_fetch(settings, s2=s2c, arxiv=axc, progress=progress)
    shown = terminal.getvalue()
    if progress:  # vLLM: one S2 record, then its abstract from arXiv
        assert "\rfetch S2:   0%|" in shown and "\rfetch arXiv:   0%|" in shown
    else:
        assert shown == ""


def test_fetch_bars_count_the_papers_each_upstream_answered(tmp_path, world, monkeypatch):
    import enrich.stages.fetch_ask as fetch_mod

    class Recorder:
        def __init__(self, total, desc, unit, enabled):
            self.seen = (desc, total, unit, enabled)
            self.updates: list[int] = []
            bars.append(self)

        def update(self, n=1):
            self.updates.append(n)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            pass

    bars: list[Recorder] = []
    monkeypatch.setattr(fetch_mod, "progress_bar", Recorder)
    settings = settings_for(tmp_path)
    write_mentions(
        settings,
        [
            mention_row(VLLM, group_id="g1", year=2023, venue="SOSP"),
            mention_row(ORCA_S2, group_id="g2", year=2022, venue="OSDI"),
        ],
    )
    s2c, axc = world
    run_resolve(settings, s2=s2c, arxiv=axc)
    run_fetch(settings, s2=s2c, arxiv=axc, progress=True)
    assert [(b.seen, b.updates) for b in bars] == [
        (("fetch S2", 2, "paper", True), [2]),
        (("fetch arXiv", 1, "paper", True), [1]),  # vLLM's abstract; Orca lacks nothing
    ]


def _snapshots(out):
    """Each table's snapshot stamps, and the manifests'."""
    found = {name: sorted(p.name for p in (out / name).iterdir()) for name in TABLE_NAMES}
    found["manifests"] = sorted(p.stem for p in (out / "manifests").iterdir())
    return found


def _day(d):
    return dt.datetime(2026, 11, d, tzinfo=dt.UTC)


def _snapshot_on(settings, d, when=None):
    """A snapshot on day ``d`` (or at ``when``) with a citation count of ``d``: an unchanged
    one would not be written."""
    from enrich.stages.files import read_stage, write_stage

    papers = read_stage(settings, "papers", PAPERS)
    column = pa.array([d] * papers.num_rows, pa.int64())
    i = papers.schema.get_field_index("citation_count")
    write_stage(settings, "papers", papers.set_column(i, papers.schema.field(i), column))
    return run_snapshot(settings, now=when or _day(d))


def test_keep_snapshots_deletes_the_oldest_once_latest_has_switched(tmp_path, world):
    settings = dataclasses.replace(settings_for(tmp_path), keep_snapshots=2)
    write_mentions(settings, [mention_row(VLLM, group_id="g1", year=2023)])
    s2c, axc = world
    run_resolve(settings, s2=s2c, arxiv=axc)
    run_fetch(settings, s2=s2c, arxiv=axc)
    summaries = [_snapshot_on(settings, d) for d in (20, 21, 22, 23)]
    assert [s.removed for s in summaries] == [
        [],
        [],
        ["2026-11-20T00-00-00Z"],
        ["2026-11-21T00-00-00Z"],
    ]
    assert summaries[3].lines()[-1] == (
        "snapshot: removed 1 older snapshot(s) (2026-11-21T00-00-00Z), "
        "as ENRICH_KEEP_SNAPSHOTS asks"
    )
    kept = ["2026-11-22T00-00-00Z", "2026-11-23T00-00-00Z"]
    out = settings.out_dir
    assert _snapshots(out) == {
        **{name: [f"snapshot={s}" for s in kept] for name in TABLE_NAMES},
        "manifests": kept,
    }
    assert sorted(pd.read_parquet(out / "papers").snapshot.astype(str).unique()) == kept
    assert json.loads((out / "latest" / "manifest.json").read_text())["snapshot"] == kept[-1]


def test_pruning_keeps_the_current_snapshot_and_removes_one_cut_short(tmp_path, world):
    settings = settings_for(tmp_path)
    write_mentions(settings, [mention_row(VLLM, group_id="g1", year=2023)])
    s2c, axc = world
    run_resolve(settings, s2=s2c, arxiv=axc)
    run_fetch(settings, s2=s2c, arxiv=axc)
    for d in (20, 21, 22):
        assert _snapshot_on(settings, d).removed == []  # the default keeps all
    out = settings.out_dir
    # a snapshot killed before its manifest was written left one table behind
    shutil.copytree(out / "papers" / "snapshot=2026-11-20T00-00-00Z",
                    out / "papers" / "snapshot=2026-11-19T00-00-00Z")  # fmt: skip
    # the clock was set back: the new snapshot sorts before the others, and is kept
    summary = _snapshot_on(dataclasses.replace(settings, keep_snapshots=2), 10)
    # the one cut short went first, as a leftover of an interrupted run
    assert summary.removed == ["2026-11-20T00-00-00Z", "2026-11-21T00-00-00Z"]
    kept = ["2026-11-10T00-00-00Z", "2026-11-22T00-00-00Z"]
    assert _snapshots(out)["papers"] == [f"snapshot={s}" for s in kept]
    assert _snapshots(out)["manifests"] == kept
    assert json.loads((out / "latest" / "manifest.json").read_text())["snapshot"] == kept[0]


def _authors_row_by_row(papers: pa.Table) -> pa.Table:
    rows = [
        {"paper_id": pid, "position": pos, "name": a["name"], "s2_author_id": a["s2_author_id"]}
        for pid, authors in zip(
            papers["paper_id"].to_pylist(), papers["authors"].to_pylist(), strict=True
        )
        for pos, a in enumerate(authors or [])
    ]
    return pa.Table.from_pylist(rows, schema=AUTHORS)


def test_authors_table_flattens_each_papers_authors_in_order():
    papers = papers_table(
        [
            Paper("p1", authors=[S2Author("A", "1"), S2Author("B")]),
            Paper("p2"),  # no authors
            Paper("p3", authors=[S2Author("C", "3"), S2Author("D", "4"), S2Author("E")]),
        ]
    )
    with_null = pa.table(  # a null list, as a table written by other tools may hold
        {"paper_id": ["p4"], "authors": pa.array([None], PAPERS.field("authors").type)}
    )
    for table in (papers, papers.slice(1), papers.slice(2, 1), papers.slice(0, 0), with_null):
        assert authors_table(table).equals(_authors_row_by_row(table), check_metadata=True)
    assert authors_table(papers).to_pylist()[2:] == [
        {"paper_id": "p3", "position": 0, "name": "C", "s2_author_id": "3"},
        {"paper_id": "p3", "position": 1, "name": "D", "s2_author_id": "4"},
        {"paper_id": "p3", "position": 2, "name": "E", "s2_author_id": None},
    ]


@pytest.mark.parametrize("pin", ["arXiv:2399.99999", f"S2:{'9' * 40}"])
def test_a_pin_to_a_paper_no_upstream_has_is_an_error_naming_its_line(tmp_path, world, pin):
    # issue 25, row 13: it was published as resolved with no year, venue or authors
    from enrich.errors import InputError

    settings = settings_for(tmp_path)
    settings.raw_dir.mkdir()
    rows = f"title,pin\n{VLLM},S2:{'a' * 40}\n{NOWHERE},{pin}\n"
    (settings.raw_dir / "overrides.csv").write_text(rows)
    write_mentions(
        settings, [mention_row(VLLM, group_id="g1"), mention_row(NOWHERE, group_id="g2")]
    )
    s2c, axc = world
    run_resolve(settings, s2=s2c, arxiv=axc)
    with pytest.raises(InputError) as err:
        run_fetch(settings, s2=s2c, arxiv=axc)
    where = settings.raw_dir / "overrides.csv"
    upstream = "arXiv" if pin.startswith("arXiv") else "Semantic Scholar"
    assert str(err.value) == (
        f"{where}:3: {upstream} has no paper {pin.split(':')[1]} (pinned for {NOWHERE!r}); "
        "correct the id or remove the row"
    )
    assert not (settings.stage_dir / "papers.parquet").exists()


def test_a_snapshot_of_the_tables_fetch_hands_over_equals_one_of_the_stage_files(
    tmp_path, world, monkeypatch
):
    # issue 24: `run` gives snapshot fetch's tables in memory rather than reading them back
    import enrich.stages.snapshot as snapshot_mod

    settings = settings_for(tmp_path)
    write_mentions(
        settings,
        [
            mention_row(VLLM, group_id="g1", year=2023, venue="SOSP"),
            mention_row(ORCA_S2, group_id="g2", year=2022),
            mention_row(ORCA_ALT, group_id="g3", year=2022),
            mention_row(NOWHERE, group_id="g5"),
        ],
    )
    s2c, axc = world
    run_resolve(settings, s2=s2c, arxiv=axc)
    written: dict = {}
    run_fetch(settings, s2=s2c, arxiv=axc, written=written)
    assert sorted(written) == ["links", "mentions", "papers", "references"]
    from_files = dataclasses.replace(settings, out_dir=tmp_path / "copy")
    shutil.copytree(settings.out_dir, from_files.out_dir)
    when = dt.datetime(2026, 11, 24, tzinfo=dt.UTC)
    run_snapshot(from_files, now=when)

    def no_reading(settings, name, schema):
        raise AssertionError(f"read {name} back")

    monkeypatch.setattr(snapshot_mod, "read_stage", no_reading)
    run_snapshot(settings, now=when, stage=written)
    for name in TABLE_NAMES:
        a = pq.read_table(settings.out_dir / "latest" / f"{name}.parquet")
        b = pq.read_table(from_files.out_dir / "latest" / f"{name}.parquet")
        assert a.equals(b) and a.schema.equals(b.schema, check_metadata=True), name
        same_bytes = (settings.out_dir / "latest" / f"{name}.parquet").read_bytes() == (
            from_files.out_dir / "latest" / f"{name}.parquet"
        ).read_bytes()
        assert same_bytes, name
