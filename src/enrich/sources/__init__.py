"""Clients for the upstream APIs: :mod:`enrich.sources.s2` (Semantic Scholar Graph API) and
:mod:`enrich.sources.arxiv` (arXiv legacy query API).

Each client takes the shared session from :func:`enrich.http.make_session` (caching, retries,
rate limiting and the API key live there) and the run's settings; each exposes a pure parser
(``parse_paper``, ``parse_feed``) that turns a response body into :mod:`enrich.records` types.
"""
