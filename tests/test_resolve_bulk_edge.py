"""Bulk batches against S2's edge, through the real client: a batch fills the URL up to the
budget, and its next page (the URL plus a token as long as S2's) still passes the edge."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import responses

from enrich.normalize import title_key
from enrich.settings import Settings
from enrich.sources.s2 import S2Client
from enrich.stages.resolve import bulk
from enrich.stages.resolve.chain import run_chain
from enrich.stages.resolve.groups import Group
from enrich.stages.resolve.state import Attempts
from tests.conftest import sample_bytes
from tests.pipeline_fakes import FakeArxiv

S2 = "https://api.semanticscholar.org/graph/v1"
EDGE = 8192
"""S2's edge (API Gateway behind CloudFront) refuses longer URLs with 414."""
TOKEN = json.loads(sample_bytes("s2_bulk_search_kubernetes_page1_token.json"))["token"]
WORDS = ("Elastic", "Sharded", "Speculative", "Adaptive", "Tiered", "Lossless", "Streaming")


def titles(n: int) -> list[str]:
    return [f"System{i}: {WORDS[i % 7]} Serving of Large Models on {WORDS[i // 7 % 7]} "
            f"Clusters No {i}" for i in range(n)]  # fmt: skip


def edge(titles_by_key: dict[str, str], urls: list[str]):
    """S2 behind its edge: 414 past :data:`EDGE`; else every phrase's paper on page 1 with
    S2's real token, and a second page (token null) of nothing new."""

    def answer(request):
        urls.append(request.url)
        if len(request.url) > EDGE:
            return 414, {}, "<html><head><title>414 Request-URI Too Large</title></head></html>"
        query = parse_qs(urlsplit(request.url).query)
        if "token" in query:
            return 200, {}, json.dumps({"total": 1001, "token": None, "data": []})
        keys = [title_key(p) for p in query["query"][0].strip('"').split('"|"')]
        data = [{"paperId": f"{abs(hash(k)):040d}"[:40], "title": titles_by_key[k], "year": 2024}
                for k in keys]  # fmt: skip
        return 200, {}, json.dumps({"total": 1001, "token": TOKEN, "data": data})

    return answer


def test_a_full_batch_and_its_next_page_pass_the_edge(rm, new_session):
    wanted = titles(300)
    by_key = {title_key(t): t for t in wanted}
    urls: list[str] = []
    rm.add_callback(responses.GET, f"{S2}/paper/search/bulk", callback=edge(by_key, urls))
    session = new_session(s2_url=S2)
    client = S2Client(session, Settings(s2_url=S2))
    groups = [Group("g" + str(i), title_key(t), t, (t,), 2024, None, None, (title_key(t),))
              for i, t in enumerate(wanted)]  # fmt: skip
    found = run_chain(groups, Attempts(client, FakeArxiv()))
    assert {r.method for r in found.values()} == {"s2_bulk"}
    firsts = [u for u in urls if "token=" not in u]
    assert urls and all(len(u) <= EDGE for u in urls)  # no 414: nothing halved
    assert len(urls) == 2 * len(firsts)  # each batch paged once, with the real token


def test_the_budget_leaves_room_for_a_token_twice_as_long_as_s2s_and_no_more():
    room = EDGE - bulk.URL_BUDGET - len("&token=")
    assert 2 * len(TOKEN) <= room < 3 * len(TOKEN)  # a wider margin would cost batches
