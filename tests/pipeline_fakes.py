"""In-memory stand-ins for the S2 and arXiv clients, and a stage-file writer, for stage tests."""

from __future__ import annotations

from enrich.errors import TransientUpstreamError
from enrich.match import title_similarity
from enrich.normalize import title_key
from enrich.records import ArxivEntry, S2Paper
from enrich.schema import MENTIONS_STAGE
from enrich.stages.files import write_stage
from tests.tables import to_table


class FakeS2:
    def __init__(self, papers=(), match=None, fail=0):
        self.papers = {p.paper_id: p for p in papers}
        self.match = match or {}  # title_key -> paper_id (forced answers, e.g. look-alikes)
        self.fail = fail
        self.calls: list[tuple[str, object]] = []

    def match_title(self, title):
        self.calls.append(("match", title))
        if self.fail:
            self.fail -= 1
            raise TransientUpstreamError("S2 is down", status=503)
        key = title_key(title)
        if key in self.match:
            return self.papers[self.match[key]]
        # like S2: the single most similar title, if it is at all similar
        scored = [(title_similarity(title, p.title), p) for p in self.papers.values() if p.title]
        best = max(scored, key=lambda sp: sp[0], default=(0.0, None))
        return best[1] if best[0] >= 0.6 else None

    def get_batch(self, ids, *, refresh=False, done=None, fields=None):
        self.calls.append(("batch", tuple(ids)))
        if done is not None:
            done(len(ids))
        out = []
        for i in ids:
            if i.startswith("ARXIV:"):
                out.append(next((p for p in self.papers.values() if p.arxiv_id == i[6:]), None))
            elif i.startswith("DOI:"):
                out.append(next((p for p in self.papers.values() if p.doi == i[4:]), None))
            else:
                out.append(self.papers.get(i))
        return out


class FakeArxiv:
    def __init__(self, entries=()):
        self.entries = {e.arxiv_id: e for e in entries}
        self.calls: list[tuple[str, object]] = []

    def search_title(self, title, max_results=5):
        self.calls.append(("search", title))
        words = set(title_key(title).split())
        return [e for e in self.entries.values() if words <= set(title_key(e.title).split())][
            :max_results
        ]

    def get_by_ids(self, ids, *, refresh=False, done=None):
        self.calls.append(("ids", tuple(ids)))
        if done is not None:
            done(len(ids))
        return [self.entries[i] for i in ids if i in self.entries]


def mention_row(
    title,
    *,
    group_id=None,
    source_file="a.md",
    line=1,
    year=None,
    venue=None,
    alias=None,
    arxiv_id=None,
    doi=None,
):
    key = title_key(title)
    return {
        "source_file": source_file,
        "line": line,
        "section": None,
        "raw": title,
        "title": title,
        "venue": venue,
        "year": year,
        "alias": alias,
        "arxiv_id": arxiv_id,
        "doi": doi,
        "title_key": key,
        "group_id": group_id or ("g" + str(abs(hash(key)) % 10**12)),
        "near_group_id": None,
    }


def write_mentions(settings, rows):
    write_stage(settings, "mentions", to_table(rows, MENTIONS_STAGE))


def s2(pid, title, **kw):
    return S2Paper(paper_id=pid * 40 if len(pid) == 1 else pid, title=title, **kw)


def ax(aid, title, **kw):
    kw.setdefault("version", 1)
    return ArxivEntry(arxiv_id=aid, title=title, **kw)
