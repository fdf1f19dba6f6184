"""fetch's S2 batches are shared out by a hash of each id, so that a one-line edit to a list
asks one batch again, not every batch after the new paper (issue 13: <= 3 requests)."""

from enrich.stages.fetch import stable_chunks


def ids(n, prefix="ARXIV:2401."):
    return [f"{prefix}{i:05d}" for i in range(n)]


def test_ids_go_in_as_few_buckets_as_the_batch_limit_allows_each_once():
    chunks = stable_chunks(ids(1840), 500)
    assert len(chunks) == 4
    assert sorted(i for c in chunks for i in c) == sorted(ids(1840))
    assert all(c == sorted(c) for c in chunks)  # the same body for the same ids
    assert stable_chunks([], 500) == [] and stable_chunks(ids(3), 500) == [sorted(ids(3))]


def test_one_added_id_changes_one_batch_where_cutting_in_order_changed_them_all():
    before = stable_chunks(ids(1840), 500)
    after = stable_chunks([*ids(1840), "ARXIV:1999.00001"], 500)
    assert sum(a != b for a, b in zip(before, after, strict=True)) == 1
    in_order = [ids(1840)[i : i + 500] for i in range(0, 1840, 500)]
    added = sorted([*ids(1840), "ARXIV:1999.00001"])
    assert sum(a != added[i * 500 : (i + 1) * 500] for i, a in enumerate(in_order)) == 4
