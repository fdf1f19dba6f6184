"""Grouping: same title → same stable group; near-variants flagged, different papers kept apart."""

from __future__ import annotations

import hashlib

from enrich import grouping
from enrich.grouping import group_key, stable_group_id
from enrich.normalize import title_key
from enrich.parse import parse_list
from enrich.records import Entry
from tests.conftest import SEEDS
from tests.grouping_ref import Mention, group_entries


def _e(title: str, source: str = "a.md", line: int = 1, **kw) -> Entry:
    fields = {"section": None, "venue": None, "year": None, "alias": None} | kw
    return Entry(source_file=source, line=line, raw=title, title=title, **fields)


def _group(*titles: str) -> list[Mention]:
    return group_entries([_e(t, line=i + 1) for i, t in enumerate(titles)])


def test_same_title_in_any_case_and_punctuation_is_one_group():
    ms = _group(
        "ORCA: A Distributed Serving System for Transformer-Based Generative Models",
        "Orca - a distributed serving system for transformer\u2010based generative models",
        "orca: a distributed serving system for transformer based generative models",
    )
    assert ms[0].group_id == ms[1].group_id
    # "transformer based" (two words) is a different key: not merged, but flagged as near
    assert ms[2].group_id != ms[0].group_id
    assert ms[2].near_group_id == ms[0].group_id


def test_group_id_is_first_16_hex_of_sha1_of_the_group_key():
    (m,) = _group("Gandiva: Introspective Cluster Scheduling for Deep Learning")
    key = "gandiva introspective cluster scheduling for deep learning"
    assert m.title_key == key
    assert m.group_id == hashlib.sha1(key.encode()).hexdigest()[:16] == stable_group_id(key)


def test_group_ids_do_not_depend_on_input_order_or_other_titles():
    a = _group("Ray: A Distributed Framework", "Gandiva: Introspective Scheduling")
    b = _group("Gandiva: Introspective Scheduling", "Ray: A Distributed Framework", "Other Paper X")
    assert {m.title: m.group_id for m in a} == {
        m.title: m.group_id for m in b if m.title != "Other Paper X"
    }


def test_dropped_leading_article_is_the_same_group():
    ms = _group(
        "A Generic Communication Scheduler for Distributed DNN Training Acceleration",
        "Generic Communication Scheduler for Distributed DNN Training Acceleration",
        "The Generic Communication Scheduler for Distributed DNN Training Acceleration",
    )
    assert len({m.group_id for m in ms}) == 1
    assert ms[0].title_key.startswith("a generic")  # the title key itself keeps the article


def test_group_key_keeps_a_lone_article_title():
    assert group_key("a b") == "a b"
    assert group_key("a tale of two") == "tale of two"
    assert group_key("another paper here") == "another paper here"


def test_near_variant_datacenters_vs_the_datacenter_is_flagged_both_ways():
    ms = _group(
        "Hydro: Surrogate-Based Hyperparameter Tuning Service in Datacenters",
        "Hydro: Surrogate-Based Hyperparameter Tuning Service in the Datacenter",
    )
    assert ms[0].group_id != ms[1].group_id
    assert ms[0].near_group_id == ms[1].group_id
    assert ms[1].near_group_id == ms[0].group_id


def test_orca_reworded_subtitle_is_flagged_not_merged():
    ms = _group(
        "Orca: A Distributed Serving System for Transformer-Based Generative Models",
        "Orca: A Distributed Serving System for Transformer-Based Language Generation Tasks",
    )
    assert ms[0].group_id != ms[1].group_id
    assert ms[0].near_group_id == ms[1].group_id


def test_reworded_subtitle_without_shared_system_name_is_not_flagged():
    ms = _group(
        "A Distributed Serving System for Transformer-Based Generative Models",
        "A Distributed Serving System for Transformer-Based Language Generation Tasks",
    )
    assert [m.near_group_id for m in ms] == [None, None]


def test_papers_sharing_a_system_name_are_neither_merged_nor_flagged():
    ms = _group(
        "Optimus: An Efficient Dynamic Resource Scheduler for Deep Learning Clusters",
        "Optimus-CC: Efficient Large NLP Model Training with 3D Parallelism Aware Communication "
        "Compression",
        "Gemini: Fast Failure Recovery in Distributed Training with In-Memory Checkpoints",
        "Gemini: A Family of Highly Capable Multimodal Models",
    )
    assert len({m.group_id for m in ms}) == 4
    assert all(m.near_group_id is None for m in ms)


def test_different_system_names_with_identical_subtitles_are_not_flagged():
    ms = _group(
        "Lyra: Elastic Scheduling for Deep Learning Clusters",
        "Lyre: Elastic Scheduling for Deep Learning Clusters",
    )
    assert [m.near_group_id for m in ms] == [None, None]


def test_title_without_its_system_name_is_flagged_near():
    ms = _group(
        "DeepPlan: Fast and Efficient Model Serving Using Multi-GPUs with Direct-Host-Access",
        "Fast and Efficient Model Serving Using Multi-GPUs with Direct-Host-Access",
    )
    assert ms[0].near_group_id == ms[1].group_id
    assert ms[1].near_group_id == ms[0].group_id


def test_short_subtitle_does_not_link_titles_without_system_name():
    ms = _group("Foo: A Survey of Systems", "A Survey of Systems")
    assert [m.near_group_id for m in ms] == [None, None]


def test_unrelated_titles_are_not_flagged():
    ms = _group(
        "Ray: A Distributed Framework for Emerging AI Applications",
        "TVM: An Automated End-to-End Optimizing Compiler for Deep Learning",
    )
    assert [m.near_group_id for m in ms] == [None, None]


def test_mentions_keep_entry_fields_and_order():
    entries = [
        _e("Zeta: Last Paper Title", "b.md", 7, section="S", venue="OSDI", year=2020, alias="Z"),
        _e("Alpha: First Paper Title", "a.md", 3),
    ]
    ms = group_entries(entries)
    assert [(m.source_file, m.line, m.title) for m in ms] == [
        ("b.md", 7, "Zeta: Last Paper Title"),
        ("a.md", 3, "Alpha: First Paper Title"),
    ]
    m = ms[0]
    assert (m.section, m.raw, m.venue, m.year, m.alias) == ("S", entries[0].raw, "OSDI", 2020, "Z")
    assert m.title_key == title_key(m.title)


def test_no_entries_no_mentions():
    assert group_entries([]) == []


def test_large_block_is_compared_in_windows_and_still_finds_neighbours(monkeypatch):
    monkeypatch.setattr(grouping, "MAX_BLOCK", 8)
    monkeypatch.setattr(grouping, "WINDOW_OVERLAP", 2)
    # forty titles share their last two words ("deep learning"): one block larger than MAX_BLOCK
    titles = [f"System{i:02d} Topic{i:02d} Alpha Beta for Deep Learning" for i in range(40)]
    # differs in the second word, so only the (windowed) tail block can pair it with #17
    titles.append("System17 Topics17 Alpha Beta for Deep Learning")
    ms = group_entries([_e(t, line=i) for i, t in enumerate(titles)])
    assert ms[-1].near_group_id == ms[17].group_id


def test_seed_lists_group_across_files():
    entries = []
    for path in sorted(SEEDS.iterdir()):
        entries += parse_list(path.read_text(encoding="utf-8"), path.name).entries
    ms = group_entries(entries)
    by_title: dict[str, set[str]] = {}
    for m in ms:
        by_title.setdefault(m.title, set()).add(m.group_id)
    gid = {t: next(iter(ids)) for t, ids in by_title.items()}
    # the same paper in 000 (bullet + venue) and 004 ([VENUE'YY] prefix)
    assert (
        gid["Gandiva: Introspective Cluster Scheduling for Deep Learning"]
        == (gid["Gandiva: Introspective cluster scheduling for deep learning"])
    )
    assert (
        gid["UGache: A Unified GPU Cache for Embedding-based Deep Learning"]
        == (gid["UGACHE: A Unified GPU Cache for Embedding-based Deep Learning"])
    )
    assert (
        gid["A Generic Communication Scheduler for Distributed DNN Training Acceleration"]
        == (gid["Generic Communication Scheduler for Distributed DNN Training Acceleration"])
    )
    centauri = [m for m in ms if m.title.startswith("Centauri")]
    assert len(centauri) == 2 and len({m.group_id for m in centauri}) == 1
    near = {(m.title.split(":")[0], m.near_group_id is not None) for m in ms if m.near_group_id}
    assert near == {("Hydro", True), ("ORCA", True), ("Orca", True)}
    optimus = {m.group_id for m in ms if m.title.startswith("Optimus")}
    assert len(optimus) == 2


def test_group_index_of_pieces_read_apart_equals_the_index_of_the_whole():
    titles = [
        "Orca Serving System for Generative Models",  # no name in the first piece...
        "Gandiva: Introspective Cluster Scheduling for Deep Learning",
        "ORCA: Serving System for Generative Models",  # ...a name in the second
        "Gandiva - introspective cluster scheduling for deep learning",
        "Pollux: Co-adaptive Cluster Scheduling for Goodput-Optimized Deep Learning",
    ]
    whole = grouping.read_titles(titles)
    first, second = grouping.read_titles(titles[:2]), grouping.read_titles(titles[2:])
    first.group_index.update(second.group_index)
    assert first.group_index == whole.group_index
    assert list(first.group_index.names) == list(whole.group_index.names)  # first-seen order kept
    assert first.title_key + second.title_key == whole.title_key
    assert first.group_id + second.group_id == whole.group_id


KEYS_SAMPLE = (
    "Orca: A Distributed Serving System for Transformer-Based Generative Models",
    "The Google File System",
    "A Generic Communication Scheduler for Distributed DNN Training Acceleration",
    "Co-adaptive Learning’s “Quoted” Title — with an em dash",
    "Achieving μs-scale Preemption for Concurrent GPU-accelerated DNN Inferences",
    "ＭｅｇａＳｃａｌｅ：Scaling Large Language Model Training to More Than 10,000 GPUs",
    "Zero\u200bWidth and Soft\u00adHyphen",
    "大规模语言模型: 中文标题",
    "Crème brûlée: Combining Marks in Ångström Titles",
    "An",
    "...",
)


def test_keys_version_pins_what_title_keys_and_group_ids_are():
    """Ingest stamps the mentions file with KEYS_VERSION, and later stages refuse other stamps.
    If this fails, the keys changed: bump grouping.KEYS_VERSION and pin the new digest here."""
    rows = []
    for title in KEYS_SAMPLE:
        key = title_key(title)
        rows.append(f"{title}\t{key}\t{group_key(key)}\t{stable_group_id(group_key(key))}")
    digest = hashlib.sha1("\n".join(rows).encode("utf-8")).hexdigest()
    assert (grouping.KEYS_VERSION, digest) == (1, PINNED_KEYS_DIGEST)


PINNED_KEYS_DIGEST = "fa7519f68edad04772ee2e7e1fd50b47fab370bc"
