"""The settings' defaults, each a named constant whose docstring says why it is that value.

:mod:`enrich.settings` declares the fields that take them; the constants live here so that
module stays about the settings' shape and checks.
"""

from __future__ import annotations

DEFAULT_S2_URL = "https://api.semanticscholar.org/graph/v1"
"""Semantic Scholar Graph API v1 base."""

DEFAULT_ARXIV_URL = "https://export.arxiv.org/api/query"
"""arXiv's legacy query API (the only one that takes ``id_list``)."""

DEFAULT_S2_RPS = 1.0
"""An S2 API key is granted 1 request/s; the keyless shared pool is smaller still."""

DEFAULT_ARXIV_DELAY = 3.0
"""arXiv's terms of use ask for no more than one request every three seconds."""

DEFAULT_TIMEOUT = 60.0
"""Batch calls with 500 ids and references can take tens of seconds at S2."""

DEFAULT_CONNECT_TIMEOUT = 10.0
"""A connection that takes longer than this is a dead host, not a slow one."""

DEFAULT_REQUEST_DEADLINE = 300.0
"""The read timeout bounds each socket read, so a host sending a byte a second never times out;
this bounds one attempt as a whole, connection to last byte. Five read timeouts: the slowest
real answers (500-id batches with references) take well under a minute."""

DEFAULT_MAX_ATTEMPTS = 8
"""S2 asks for exponential backoff on 429; eight attempts ride out a minute-long storm."""

DEFAULT_MAX_WAIT = 300.0
"""Upper bound on the total backoff for one request, so an unattended job cannot hang."""

DEFAULT_BACKOFF_BASE = 1.0
"""First backoff step in seconds; doubles each attempt (with jitter)."""

DEFAULT_BACKOFF_MAX = 60.0
"""Longest single backoff sleep in seconds."""

SEARCH_TTL_SECONDS = 30 * 24 * 3600
"""Title match/search answers (including S2's 404 "Title match not found") change rarely."""

METADATA_TTL_SECONDS = 24 * 3600
"""Citation counts move daily; ``enrich refresh`` bypasses this anyway."""

DEFAULT_MAX_RESPONSE_MB = 64.0
"""The largest answers recorded are 2-3 MB (one paper with 1000 citations and its embedding); a
500-id batch with every reference id stays under ~20 MB. 64 MB is well above any real answer
and far below what fills a disk: a read that passes it is ended and is an error."""

DEFAULT_DATASETS_URL = "https://api.semanticscholar.org/datasets/v1"
"""S2's Datasets API: release ids and pre-signed links to a release's shards (key required)."""

SOURCES = ("api", "datasets")
"""Where resolve and fetch find S2's papers: its Graph API, or the local datasets store."""

DEFAULT_GATE_MAX_LOST = 0.05
"""Share of the titles the previous snapshot resolved (and the lists still hold) that may lose
their paper before the publish gate holds a snapshot back: a daily refresh moves a few titles,
an upstream answering wrongly moves many."""

DEFAULT_GATE_MAX_COLLAPSE = 3
"""How many distinct papers of the previous snapshot may land on one paper in the new one
before the publish gate holds it back (a real merge joins two or three records, a wrong
answer joins dozens)."""

DEFAULT_DATASETS_MEMORY = "2GB"
"""DuckDB's memory limit while importing or updating the datasets store: its joins and sorts
spill to disk beyond it. 2 GB keeps the whole process (DuckDB, Python, zlib) under 4 GB."""
