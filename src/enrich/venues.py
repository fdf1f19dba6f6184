"""The one venue vocabulary of the project: canonical spellings, other spellings, long names.

The parser reads venue tags with it (:mod:`enrich.parse.tags`), :mod:`enrich.normalize` gives
each tag its canonical spelling, and :mod:`enrich.match` compares a list's venue with the venue
string Semantic Scholar gives (``Proceedings of the 17th USENIX Symposium on Networked Systems
Design and Implementation``) through :data:`VENUE_NAMES`. One table, so a venue the parser
learns to read is one that matching can compare.
"""

from __future__ import annotations

import functools
import re

from enrich.normalize import clean_text

_WS = re.compile(r"\s+")
# fmt: off
_KNOWN_VENUES = (
    "AAAI", "ACL", "AISTATS", "ASPLOS", "ATC", "CACM", "CCGrid", "CF", "CGO", "CIKM", "COLING",
    "COLM", "CVPR", "DAC", "ECCV", "EMNLP", "EuroMLSys", "EuroSys", "FAST", "HotCloud", "HotNets",
    "HotOS", "HPCA", "HPCC", "HPDC", "ICASSP", "ICCAD", "ICCV", "ICDCS", "ICDE", "ICDM", "ICFP",
    "ICLR", "ICML",
    "ICPP", "ICS", "IJCAI", "INFOCOM", "IPDPS", "ISCA", "ISPASS", "IISWC", "JMLR", "KDD",
    "MICRO", "Middleware", "MLSys", "MobiCom", "MobiSys", "NAACL", "NeurIPS", "NSDI", "OSDI",
    "OOPSLA", "PACT", "PLDI", "POPL", "PPoPP", "RecSys", "RTSS", "SC", "SenSys", "SIGCOMM", "SIGIR",
    "SIGMETRICS", "SIGMOD",
    "SoCC", "SOSP", "SPAA", "TACO", "TC", "TMLR", "TOCS", "TPDS", "UAI", "VLDB", "WSDM", "WWW",
    "arXiv", "CCS", "NDSS", "S&P",
)
# fmt: on
CANONICAL_VENUES: dict[str, str] = {v.casefold(): v for v in _KNOWN_VENUES}
"""Venues we know, keyed by casefolded spelling, valued by the spelling the venue uses."""

VENUE_ALIASES: dict[str, str] = {
    "nips": "NeurIPS",  # renamed NeurIPS in 2018; one venue, so one spelling
    "sysml": "MLSys",  # renamed MLSys in 2020
    "usenix atc": "ATC",
    "usenixatc": "ATC",
    "pvldb": "VLDB",  # the VLDB proceedings journal
    "arxiv preprint": "arXiv",
    "corr": "arXiv",  # DBLP's name for arXiv
    "arvix": "arXiv",  # a common misspelling
    "euro-par": "Euro-Par",
    "europar": "Euro-Par",
    "usenix security": "USENIX Security",
    "ieee s&p": "S&P",  # the IEEE Symposium on Security and Privacy
    "oakland": "S&P",  # its old name, after its old home
    "acm ccs": "CCS",
}
"""Other spellings of known venues. ``NIPS`` becomes ``NeurIPS`` (the same conference)."""

UNKNOWN_VENUE_TAGS = frozenset({"x", "?", "-", "--", "n/a", "na", "none", "unknown", "tbd", "todo"})
"""Placeholders lists use for "venue unknown" (``(x)`` in the seeds)."""


VENUE_NAMES: dict[str, tuple[str, ...]] = {
    "OSDI": ("operating systems design and implementation", "osdi"),
    "SOSP": ("symposium on operating systems principles", "sosp"),
    "NSDI": ("networked systems design and implementation", "nsdi"),
    "ATC": ("usenix annual technical conference", "atc"),
    "EuroSys": ("eurosys", "european conference on computer systems"),
    "ASPLOS": ("asplos", "architectural support for programming languages"),
    "SC": ("international conference for high performance computing", "sc"),
    "MLSys": ("mlsys", "machine learning and systems", "sysml"),
    "NeurIPS": ("neural information processing systems", "neurips", "nips"),
    "ICML": ("international conference on machine learning", "icml"),
    "ICLR": ("international conference on learning representations", "iclr"),
    "VLDB": ("vldb", "very large data bases", "proceedings of the vldb endowment"),
    "SIGCOMM": (
        "sigcomm",
        "special interest group on data communication",
        # SIGCOMM's own long name, as S2 gives it
        "applications, technologies, architectures, and protocols for computer communication",
    ),
    "PPoPP": ("ppopp", "principles and practice of parallel programming"),
    "ISCA": ("isca", "international symposium on computer architecture"),
    "MICRO": ("micro", "international symposium on microarchitecture"),
    "HPCA": (
        "hpca",
        "high performance computer architecture",
        "high-performance computer architecture",
    ),
    "HPDC": ("hpdc", "high-performance parallel and distributed computing"),
    "TPDS": (
        "tpds",
        "transactions on parallel and distributed systems",
        "trans. parallel distrib. syst",  # the ISO 4 abbreviation reference styles print
    ),
    "FAST": ("file and storage technologies", "fast"),
    "PLDI": ("pldi", "programming language design and implementation"),
    "MobiSys": ("mobisys", "mobile systems, applications, and services"),
    "MobiCom": ("mobicom", "mobile computing and networking"),
    "RTSS": ("rtss", "real-time systems symposium"),
    "SoCC": ("socc", "symposium on cloud computing"),
    "CACM": ("communications of the acm", "cacm", "commun. acm"),
    "SIGMETRICS": ("sigmetrics", "measurement and modeling of computer systems"),
    "ACL": ("acl", "annual meeting of the association for computational linguistics"),
    "EMNLP": ("emnlp", "empirical methods in natural language processing"),
    "CF": ("computing frontiers",),
    "TOCS": ("tocs", "acm transactions on computer systems", "acm trans. comput. syst"),
    "JMLR": ("jmlr", "journal of machine learning research"),
    "TMLR": ("tmlr", "transactions on machine learning research"),
    "S&P": ("s&p", "ieee symposium on security and privacy"),
    "CCS": ("ccs", "computer and communications security"),
    "NDSS": ("ndss", "network and distributed system security"),
    "USENIX Security": ("usenix security symposium", "usenix security"),
}
"""Each canonical venue's names as upstream records write them (lower case), for
:func:`enrich.match.venue_agrees` and for reading a venue written out in full."""


_LONG_NAMES = {n: v for v, names in VENUE_NAMES.items() for n in names if len(n) > 6}
"""Venues written out in full (``Communications of the ACM``), read as their short name."""


def known_venue(name: str) -> bool:
    """Whether ``name`` is a venue of the vocabulary, in any of its spellings."""
    folded = " ".join(name.split()).casefold()
    return folded in CANONICAL_VENUES or folded in VENUE_ALIASES or folded in _LONG_NAMES


@functools.lru_cache(maxsize=4096)
def canonical_venue(tag: str) -> str | None:
    """The canonical spelling of a venue tag; ``None`` for an empty or placeholder tag.

    Known venues get their own spelling (``eurosys`` → ``EuroSys``, ``Arxiv`` → ``arXiv``,
    ``NIPS`` → ``NeurIPS``). Unknown tags are kept: all-lower-case short tags are taken as
    acronyms and upper-cased (``hpcc`` → ``HPCC``), longer all-lower-case words capitalised,
    anything with capitals kept as written (the author knows the spelling better than we do).
    """
    t = _WS.sub(" ", clean_text(tag).strip(" '\".,;:*_`[]()")).strip()
    folded = t.casefold()
    if folded in UNKNOWN_VENUE_TAGS or not folded:
        return None
    if folded in VENUE_ALIASES:
        return VENUE_ALIASES[folded]
    if folded in _LONG_NAMES:
        return _LONG_NAMES[folded]
    if folded in CANONICAL_VENUES:
        return CANONICAL_VENUES[folded]
    if t.islower():
        return t.upper() if len(t) <= 6 else t[:1].upper() + t[1:]
    return t


_LONG_NAME_IN = re.compile(
    r"\b(?:" + "|".join(re.escape(n) for n in sorted(_LONG_NAMES, key=len, reverse=True)) + r")\b"
)


def long_venue_name(text: str) -> str | None:
    """The known venue whose long name ``text`` holds (``Proceedings of the 29th Symposium on
    Operating Systems Principles`` names SOSP), the longest name first; else ``None``."""
    m = _LONG_NAME_IN.search(" ".join(text.split()).casefold())
    return _LONG_NAMES[m.group()] if m is not None else None
