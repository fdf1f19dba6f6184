"""What an entry's links point at: arXiv ids, DOIs, and the kind of page."""

from __future__ import annotations

import re
from functools import lru_cache

_ARXIV_REF = re.compile(
    r"(?i)(?:arxiv\.org/(?:abs|pdf|html)/|\barxiv:\s?)"
    r"(?P<id>\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[a-z]{2})?/\d{7})(?:v\d+)?(?![\d/])"
    r"|(?i:\barxiv\s)(?P<bare>\d{4}\.\d{4,5})(?:v\d+)?\b"
)
"""An arXiv link (``arxiv.org/abs/2309.06180v2``, ``.../pdf/astro-ph/0601001``) or citation
(``arXiv:2309.06180``, ``[arXiv 2307.12345]``)."""


def linked_arxiv_id(raw: str) -> str | None:
    """The arXiv id (no version) an entry links or cites, when it names exactly one.

    The link of ``[Title](https://arxiv.org/abs/2309.06180)``, a ``[[pdf](...)]`` beside a
    title, or an ``arXiv:2309.06180`` in a citation. An entry naming two papers names neither
    (``Title [paper](arxiv.org/abs/A), extends [B](arxiv.org/abs/B)``). Resolve still checks
    the title against the record it finds, so a link to a related paper costs a lookup, not a
    wrong match.
    """
    if "xiv" not in raw and "Xiv" not in raw and "XIV" not in raw:  # arxiv, arXiv, ARXIV
        return None
    ids = {m["id"] or m["bare"] for m in _ARXIV_REF.finditer(raw)}
    return ids.pop() if len(ids) == 1 else None


_DOI_REF = re.compile(
    r"(?i)(?:doi\.org/|/doi/(?:abs/|full/|pdf/|epdf/)?|link\.springer\.com/(?:article|chapter)/"
    r"|\bdoi:\s?)(10\.\d{4,9}/(?:[^\s\]\[()<>\"',;]|\([^\s()<>]*\))+)"
)
"""A DOI link (``https://doi.org/10.1145/3600006.3613165``, ``dl.acm.org/doi/abs/10.1145/...``,
``link.springer.com/article/10.1007/...``) or citation (``doi:10.1145/...``); the DOI ends at a
space, bracket, quote, comma or semicolon, and holds parentheses only in pairs
(``10.1016/S0140-6736(20)30183-5``, also inside a Markdown link's own parentheses)."""


def linked_doi(raw: str) -> str | None:
    """The DOI an entry links or cites (lower case, as DOIs compare), when it names exactly one
    (see :func:`linked_arxiv_id`)."""
    if "10." not in raw:  # most entries: no regex scan
        return None
    dois = {m.group(1).rstrip(".").lower() for m in _DOI_REF.finditer(raw)}
    return dois.pop() if len(dois) == 1 else None


PAPER = "paper"
CODE = "code"
MEDIA = "media"
LOCAL = "local"
OTHER = "other"

_PAPER_HOSTS = (
    "arxiv.org", "doi.org", "dl.acm.org", "usenix.org", "openreview.net", "ieeexplore.ieee.org",
    "aclanthology.org", "proceedings.mlr.press", "proceedings.neurips.cc", "papers.nips.cc",
    "neurips.cc", "mlsys.org", "proceedings.mlsys.org", "vldb.org", "link.springer.com",
    "semanticscholar.org", "researchgate.net", "sciencedirect.com", "biorxiv.org", "jmlr.org",
    "ojs.aaai.org", "ijcai.org", "openaccess.thecvf.com", "computer.org", "sigops.org",
    "hal.science", "dblp.org",
)  # fmt: skip
"""Where papers live: preprint servers, publishers, proceedings (a host or its subdomain)."""
_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co", "pypi.org")
"""Code, models and demos: a tool or a repository, not a paper (a paper links its PDF)."""
_MEDIA_HOSTS = (
    "youtube.com", "youtu.be", "vimeo.com", "bilibili.com", "medium.com", "substack.com",
    "twitter.com", "x.com", "zhihu.com", "zhuanlan.zhihu.com", "slideshare.net", "reddit.com",
    "news.ycombinator.com", "towardsdatascience.com", "linkedin.com", "weixin.qq.com",
)  # fmt: skip
"""Videos, posts, social media: about a paper at best."""
_MEDIA_PATH = re.compile(
    r"(?i)/(?:blog|blogs|posts?|news|podcast|video|videos|talks?|course|courses|class|teaching|"
    r"lectures?|leaderboard|tutorials?|(?:fall|spring|summer|autumn|winter)[-_]?\d{2,4})(?:/|$)"
)
"""Paths of posts, videos, courses (``/fall2023/``) and leaderboards."""
_COURSE_HOST = re.compile(r"(?i)^(?:cs|ee|cse|ece|csci)\d{2,4}[a-z]?\.")
"""A course's own site: ``cs229s.stanford.edu``."""
_REPO_FILE = re.compile(r"^(?:\.{0,2}/)?[\w.\-/]*(?:/|\.(?:md|markdown|html?|txt|rst))(?:#.*)?$")
"""A link to another file or folder of the same repository (``neurips25/arch.md``, ``./notes/``)."""
_SCHEME = re.compile(r"(?i)^(?:https?:)?//(?P<host>[^/?#:]+)(?::\d+)?(?P<path>[^?#]*)")


@lru_cache(maxsize=1 << 12)
def link_kind(href: str) -> str:
    """What a link points at: :data:`PAPER` (a preprint server, a publisher, proceedings, a PDF),
    :data:`CODE` (GitHub, Hugging Face...), :data:`MEDIA` (blog posts, videos, courses,
    leaderboards), :data:`LOCAL` (an anchor in the page or another file of the same repository)
    or :data:`OTHER`."""
    href = href.strip()
    m = _SCHEME.match(href)
    if m is None:
        if href.lower().endswith(".pdf"):
            return PAPER  # a PDF kept in the repository
        return LOCAL if href.startswith("#") or _REPO_FILE.match(href) else OTHER
    host = m["host"].lower().removeprefix("www.")
    path = m["path"]
    if _on(host, _PAPER_HOSTS) or path.lower().endswith(".pdf"):
        return PAPER
    if _on(host, _CODE_HOSTS):
        return CODE
    if _on(host, _MEDIA_HOSTS) or _MEDIA_PATH.search(path) or host.startswith("blog."):
        return MEDIA
    if _COURSE_HOST.match(host):
        return MEDIA
    return OTHER


def _on(host: str, hosts: tuple[str, ...]) -> bool:
    return any(host == h or host.endswith("." + h) for h in hosts)
