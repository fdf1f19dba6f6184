"""Reading the datasets store (``enrich.datasets.lookup``) and the ``s2_datasets`` strategy:
titles by key and near key, records by every id S2's batch takes, in S2's shapes."""

from __future__ import annotations

import pytest

from enrich.datasets.key import title_key
from enrich.datasets.lookup import Store
from enrich.errors import ConfigError
from enrich.stages.resolve.datasets import METHOD
from enrich.stages.resolve.datasets import resolve as resolve_datasets
from enrich.stages.resolve.groups import Group
from enrich.stages.resolve.state import Attempts
from tests.datasets_store import RELEASE, seeds_world, world_store
from tests.replica import SEEDS_WORLD

HIFT = "000bc2f5154bfc679aacb45bd3d3220fb42e58b4"
HIFT_TITLE = "HiFT: Hierarchical Feature Transformer for Aerial Tracking"
HELIOS = "0465eba61cbf8b3dd7e76bbf1fb61a1ca90bd245"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = world_store(tmp_path_factory.mktemp("store") / "s2", SEEDS_WORLD)
    s = Store(root)
    yield s
    s.close()


def _world_paper(pid: str) -> dict:
    return next(p for p in seeds_world()["s2"]["papers"] if p["paperId"] == pid)


def test_exact_titles_by_store_key(store):
    found = store.exact([title_key(HIFT_TITLE), title_key("No Such Paper At All Anywhere")])
    assert [p.paper_id for p in found[title_key(HIFT_TITLE)]] == [HIFT]
    assert title_key("No Such Paper At All Anywhere") not in found
    hift = found[title_key(HIFT_TITLE)][0]
    assert (hift.title, hift.year, hift.arxiv_id) == (HIFT_TITLE, 2021, "2108.00202")


def test_near_titles_share_a_half_and_are_similar(store):
    typo = title_key("HiFT: Hierarchical Feature Transformer for Aerial Trackign")
    reworded = title_key(
        "Achieving μs-scale Preemption for Concurrent GPU-accelerated DNN Inferences"
    )
    found = store.near([typo, reworded, title_key("Entirely Different Words In This Title Here")])
    assert [p.paper_id for p in found[typo]] == [HIFT]
    assert found[reworded][0].title.startswith("Microsecond-scale Preemption")
    assert len(found) == 2


def test_records_by_every_batch_id_in_order_like_the_api(store):
    ids = [HIFT, "ARXIV:2109.01313v2", "DOI:10.1145/3458817.3476223", "CorpusId:81604221", "nope"]
    hift, by_arxiv, by_doi, by_corpus, missing = store.get_batch(ids)
    assert missing is None
    assert by_arxiv.paper_id == by_doi.paper_id == HELIOS
    assert by_corpus.paper_id == HIFT
    world = _world_paper(HIFT)
    assert hift.abstract == world["abstract"]
    assert [a.name for a in hift.authors] == [a["name"] for a in world["authors"]]
    assert hift.citation_count == world["citationCount"]
    assert hift.publication_date == world["publicationDate"]
    # references: the cited corpus ids mapped to paperIds (the release holds a paper for
    # every reference, served by the replica or not), as the API's references list them
    assert set(hift.references or ()) == {r["paperId"] for r in world["references"]} - {None}


def test_a_paper_without_venue_takes_its_journal_name(tmp_path):
    paper = {
        **_world_paper(HIFT),
        "venue": "",
        "journal": {"name": "Journal of Tracking", "volume": "3"},
    }
    store = Store(world_store(tmp_path / "s2", {"s2": {"papers": [paper]}}))
    (record,) = store.get_batch([HIFT])
    assert record is not None and record.venue == "Journal of Tracking"


def test_no_store_names_the_setting_and_the_import_command(tmp_path):
    with pytest.raises(ConfigError) as err:
        Store(tmp_path / "nowhere")
    assert "ENRICH_DATASETS" in str(err.value)
    assert "enrich datasets import" in str(err.value)


def _group(gid: str, title: str, year: int | None = None, **links: str) -> Group:
    key = title.lower()
    arxiv, doi = links.get("arxiv"), links.get("doi")
    return Group(gid, key, title, (title,), year, None, None, (), arxiv, doi)


class _NoArxiv:
    def search_title(self, title: str, max_results: int = 5) -> list:
        return []


def test_strategy_verifies_every_candidate_and_names_the_release(store):
    groups = [
        _group("g1", HIFT_TITLE, 2021),
        # a near title of another year: found by the near pass, rejected by verify
        _group("g2", HIFT_TITLE.replace("Aerial", "Aerial Object"), 2012),
        _group("g3", "Some Title Found Nowhere In The Store At All"),
        _group("g4", "A title the link decides", arxiv="2109.01313"),
    ]
    attempts = Attempts(store, _NoArxiv())
    resolve_datasets(groups, attempts)
    g1 = attempts.closed["g1"]
    assert (g1.status, g1.method, g1.s2_paper_id) == ("resolved", METHOD, HIFT)
    assert g1.reason.startswith(f"S2 datasets {RELEASE}: ")
    assert "g2" not in attempts.closed
    assert attempts.reasons["g2"][0].startswith(f"S2 datasets {RELEASE}: near title: ")
    assert "year contradicts the list" in attempts.reasons["g2"][0]
    assert attempts.reasons["g3"] == [f"S2 datasets {RELEASE}: no paper with this title"]
    # the link's record is checked against the list's title like any candidate
    assert "g4" not in attempts.closed
    assert "linked ARXIV:2109.01313 rejected" in attempts.reasons["g4"][0]


def test_the_official_sample_titles_resolve_cjk_included(tmp_path):
    from enrich.datasets.importer import import_release
    from enrich.settings import Settings
    from tests.replica.datasets import read_jsonl_gz

    samples = SEEDS_WORLD.parents[2] / "fixtures" / "s2-datasets"
    settings = Settings(datasets_dir=tmp_path / "s2", cache_path=tmp_path / "cache.sqlite")
    import_release(settings, samples, release_id="2023-03-28")
    papers = [p for p in read_jsonl_gz(samples / "papers") if p.get("title")]
    groups = [_group(f"g{i}", p["title"], p.get("year")) for i, p in enumerate(papers)]
    attempts = Attempts(Store(tmp_path / "s2"), _NoArxiv())
    resolve_datasets(groups, attempts)
    got = {g.group_id: attempts.closed[g.group_id].s2_paper_id for g in groups}
    assert got == {f"g{i}": p["url"].rsplit("/", 1)[1] for i, p in enumerate(papers)}
    assert any(not p["title"].isascii() and "\u4e00" <= p["title"][0] <= "\u9fff" for p in papers)


def test_fetch_asks_the_store_for_every_paper_in_one_call():
    # S2's batch takes 500 ids a call; the store scans its tables once per call, so fetch
    # hands it every id at once (Store.batch_size)
    from enrich.records import Resolution
    from enrich.stages.fetch_ask import fetch_s2

    class Counting:
        batch_size = Store.batch_size
        calls: list[int] = []

        def get_batch(self, ids, *, refresh=False, done=None):
            self.calls.append(len(ids))
            return [None] * len(ids)

    resolved = [
        Resolution(f"g{i}", "t", "resolved", METHOD, 1.0, "", f"{i:040x}") for i in range(1200)
    ]
    fetch_s2([r.s2_paper_id for r in resolved], Counting(), refresh=False, done=lambda n: None)
    assert Counting.calls == [1200]


def test_a_merged_paperid_is_found_through_paper_ids(tmp_path):
    # S2 keeps a merged record's old sha in paper-ids (primary false): a paperId an earlier
    # run resolved still finds the paper, under its current id
    from enrich.datasets.importer import import_release
    from enrich.settings import Settings
    from tests.replica.datasets import write_jsonl_gz, write_release

    release = write_release(tmp_path / RELEASE)
    old = "ab" * 20
    hift_corpus = int(_world_paper(HIFT)["externalIds"]["CorpusId"])
    write_jsonl_gz(
        release / "paper-ids" / "merged.jsonl.gz",
        [{"sha": old, "corpusid": hift_corpus, "primary": False}],
    )
    settings = Settings(datasets_dir=tmp_path / "s2", cache_path=tmp_path / "cache.sqlite")
    import_release(settings, release, release_id=RELEASE)
    (record,) = Store(tmp_path / "s2").get_batch([old])
    assert record is not None and record.paper_id == HIFT
