"""Verify an upstream candidate against the list's own words. Pure functions.

S2's ``/paper/search/match`` always answers with its single best guess, and a ``matchScore``
that is unbounded (130-180 for exact titles), not a probability: it happily returns
"Gemini: A Family of Highly Capable Multimodal Models" for a systems paper called Gemini.
So every candidate, from S2 or arXiv, is checked here before it is accepted:

1. title similarity between normalized titles (:func:`enrich.normalize.title_key`), the best
   over all the titles the lists use for the paper;
2. the leading system name (``Orca:`` / ``Optimus-CC:``): two different names are two papers,
   and one name over two subjects (a word replaced by an unrelated one) is two papers too;
3. year agreement with any year the lists give (a year off by one is normal: arXiv v1 precedes
   the venue; lists that disagree on the year are each evidence); for an exact and distinctive
   title a contradicting year is weak evidence (a list's year is often the preprint's or the
   talk's) unless the list names a venue the record lacks, for any other title it rejects;
4. venue agreement when the list names a venue S2 spells differently.

The alias a list gives in parentheses (``(Gemini)``, ``(Orca)``) is never evidence on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz

from enrich.normalize import title_key as _title_key
from enrich.records import Verdict
from enrich.venues import VENUE_NAMES

EXACT = 0.97
"""Normalized titles this similar are the same title (case, punctuation, a dropped article)."""

STRONG = 0.92
"""Without a shared system name, accept only from here, and only if the year does not object."""

CORROBORATED = 0.85
"""A reworded title is accepted from here when the list's year AND venue both agree
(``Achieving μs-scale Preemption ...`` vs ``Microsecond-scale Preemption ...``, OSDI 2022)."""

RENAMED_SUBTITLE = 0.97
"""A system renamed between preprint and publication keeps its subtitle word for word
(``LUMOS: Efficient Kernel Concurrency Testing ...`` became ``Snowcat: ...``)."""

RENAMED_MIN_WORDS = 6
"""Only a long subtitle identifies a paper; short ones ("A Survey") are shared by many."""

SAME_SYSTEM = 0.80
"""With the same leading system name and an agreeing year, a reworded subtitle is accepted
(``Orca: ... Generative Models`` vs ``Orca: ... Language Generation Tasks``, both OSDI'22)."""

MAX_YEAR_GAP = 2
"""Beyond this the years contradict each other: a same-titled paper from another year."""

DISTINCTIVE_WORDS = 6
"""A title of this many words (and :data:`DISTINCTIVE_CHARS`) names one paper: matched
exactly, a list's contradicting year does not reject it ("Security" or "A Survey" may be any
year's paper; "Efficient Memory Management for Large Language Model Serving" is one)."""

DISTINCTIVE_CHARS = 40
"""The shortest normalized title counted distinctive, with :data:`DISTINCTIVE_WORDS`."""

SUBJECT_WORD_LIKE = 0.75
"""Two words this similar (rapidfuzz ratio, 0-1) are one word reworded ("generation" /
"generative", "model" / "models"); below it a word only one title has is another subject."""

FILLER_WORDS = frozenset(
    ("a", "an", "the", "for", "of", "in", "on", "with", "and", "to", "via", "at", "by", "from",
     "towards", "toward", "using", "over", "under")
)  # fmt: skip
"""Words whose presence or absence says nothing about a title's subject."""

WEAK_YEAR_PENALTY = 0.15
"""Confidence lost when an exact, distinctive title is accepted against the list's year."""

title_key = lru_cache(maxsize=1 << 16)(_title_key)
"""Memoized: a group's titles are compared with several candidates."""

_SYSTEM_NAME = re.compile(r"^\s*([^\s:：]{2,40}(?:\s[^\s:：]{1,20})?)\s*[:：]\s*\S")


@dataclass(slots=True, unsafe_hash=True)
class ListEvidence:
    """What the reading lists say about one paper (all mentions of a group together)."""

    titles: tuple[str, ...]
    year: int | None = None
    venue: str | None = None
    alias: str | None = None
    title_keys: tuple[str, ...] = ()
    """``title_key`` of each of ``titles``, when the caller has them (the mentions table does);
    empty: computed here. A group is checked against several candidates, so its keys are
    worth computing once."""
    years: tuple[int, ...] = ()
    """Every year the mentions give (lists disagree: 2018 in one, 2020 in another); empty:
    ``year`` alone."""

    @property
    def all_years(self) -> tuple[int, ...]:
        return self.years or ((self.year,) if self.year else ())


def distinctive(key: str) -> bool:
    """Whether a normalized title is long enough to name one paper (:data:`DISTINCTIVE_WORDS`)."""
    return len(key) >= DISTINCTIVE_CHARS and len(key.split()) >= DISTINCTIVE_WORDS


@lru_cache(maxsize=1 << 16)
def system_name(title: str) -> str | None:
    """The ``Name`` of a ``Name: subtitle`` title, normalized; ``None`` when there is none."""
    m = _SYSTEM_NAME.match(title)
    if not m:
        return None
    name = title_key(m.group(1))
    return name or None


def title_similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two titles after normalization."""
    return key_similarity(title_key(a), title_key(b))


def key_similarity(ka: str, kb: str) -> float:
    """:func:`title_similarity` of two titles given by their keys."""
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 1.0
    return max(fuzz.ratio(ka, kb), fuzz.token_sort_ratio(ka, kb)) / 100.0


def _venue_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """Short names (``osdi``, ``sc``) must stand as words; long ones may appear anywhere."""
    parts = [rf"\b{re.escape(n)}\b" if len(n) <= 6 else re.escape(n) for n in names]
    return re.compile("|".join(parts))


_VENUE_PATTERNS = {venue: _venue_pattern(names) for venue, names in VENUE_NAMES.items()}


@lru_cache(maxsize=4096)
def venue_name(text: str | None) -> str | None:
    """The one spelling of the venue ``text`` names (``OSDI`` for S2's "USENIX Symposium on
    Operating Systems Design and Implementation", "OSDI" or "Proceedings of the OSDI 2022";
    ``arXiv`` for "arXiv.org" and "CoRR"), or ``None`` when it names none of
    :data:`VENUE_NAMES` or more than one (pure)."""
    if not text:
        return None
    low = text.casefold().replace("&", "and")
    if re.search(r"\barxiv\b|\bcorr\b", low):
        return "arXiv"
    found = [venue for venue, pattern in _VENUE_PATTERNS.items() if pattern.search(low)]
    return found[0] if len(found) == 1 else None


@lru_cache(maxsize=4096)
def venue_agrees(list_venue: str | None, candidate_venue: str | None) -> bool | None:
    """True/False when both sides name a venue we can compare, else None (no evidence)."""
    if not list_venue or not candidate_venue or list_venue == "arXiv":
        return None
    cand = candidate_venue.casefold()
    pattern = _VENUE_PATTERNS.get(list_venue)
    if pattern is None:
        return list_venue.casefold() in cand or None
    if pattern.search(cand):
        return True
    if "arxiv" in cand:
        return None  # S2 often lists the preprint venue for conference papers
    return False


def verify(
    evidence: ListEvidence,
    candidate_title: str | None,
    candidate_year: int | None = None,
    candidate_venue: str | None = None,
    *,
    preprint: bool = False,
) -> Verdict:
    """Decide whether ``candidate`` is the paper the lists mean.

    ``preprint`` marks arXiv candidates, whose year may precede the venue's by one.
    """
    if candidate_title is None or not str(candidate_title).strip():
        return Verdict(False, 0.0, "candidate has no title")
    candidate_title = str(candidate_title)
    best_title, sim, cand_key = _best_title(evidence, candidate_title)
    notes = [f"title similarity {sim:.2f} with {candidate_title!r}"]
    same_system, renamed, names_differ = _names(best_title, candidate_title)
    if names_differ is not None:
        return Verdict(False, _clamp(sim * 0.5), f"{names_differ}; " + notes[0])

    year_gap = None
    years = evidence.all_years
    if years and candidate_year:
        year_gap = min(abs(y - candidate_year) for y in years)
        notes.append(f"year {candidate_year} vs list {'/'.join(map(str, sorted(years)))}")
    weak_year = False
    if year_gap is not None and year_gap > MAX_YEAR_GAP:
        if not (sim >= EXACT and not renamed and distinctive(cand_key)):
            return Verdict(
                False, _clamp(sim * 0.5), "year contradicts the list; " + "; ".join(notes)
            )
        if _venue_unknown(evidence.venue, candidate_venue, preprint):
            return Verdict(
                False,
                _clamp(sim * 0.5),
                "year contradicts the list, and the record has no venue to vouch for it; "
                + "; ".join(notes),
            )
        weak_year = True  # an exact, distinctive title: the list's year is weak evidence

    venue_ok = None if preprint else venue_agrees(evidence.venue, candidate_venue)
    if venue_ok is not None:
        notes.append(
            f"venue {'agrees' if venue_ok else 'differs'} ({candidate_venue!r} vs "
            f"{evidence.venue!r})"
        )
    facts = _Facts(sim, year_gap, venue_ok, weak_year, renamed, same_system)
    verdict = _decide(facts, _confidence(facts), "; ".join(notes))
    swap = swapped_subject(title_key(best_title), cand_key) if same_system else None
    if verdict.accepted and swap is not None:
        reason = f"same system name, another subject ({swap[1]!r} for {swap[0]!r}); "
        return Verdict(False, _clamp(min(verdict.confidence, 0.6)), reason + notes[0])
    return verdict


class _Facts(NamedTuple):
    """What :func:`verify` found about a candidate, for :func:`_confidence` and :func:`_decide`."""

    sim: float  #: the best title similarity over the list's spellings
    year_gap: int | None  #: years between the candidate and the nearest list year
    venue_ok: bool | None  #: whether the venues agree (None: nothing to compare)
    weak_year: bool  #: an exact, distinctive title whose list year contradicts it
    renamed: bool  #: system names differ but the long subtitle is the same
    same_system: bool  #: the same leading system name on both sides

    @property
    def year_ok(self) -> bool:
        return self.year_gap is None or self.year_gap <= 1


def _best_title(evidence: ListEvidence, candidate_title: str) -> tuple[str, float, str]:
    """The list's spelling most similar to the candidate, the similarity, the candidate's key."""
    titles = evidence.titles
    keys = evidence.title_keys or tuple(map(title_key, titles))
    if len(keys) != len(titles):
        raise ValueError(f"evidence has {len(keys)} title keys for {len(titles)} titles")
    # S2 mostly answers with one of the list's own spellings: then its key is known already.
    cand_key = (
        keys[titles.index(candidate_title)]
        if candidate_title in titles
        else _title_key(candidate_title)
    )
    best_title, sim = "", 0.0
    for title, key in zip(titles, keys, strict=True):
        score = key_similarity(key, cand_key)
        if score > sim or not best_title:
            best_title, sim = title, score
            if sim == 1.0:  # nothing scores higher; the first best title stays the best
                break
    return best_title, sim, cand_key


def _names(best_title: str, candidate_title: str) -> tuple[bool, bool, str | None]:
    """``(same_system, renamed, why_not)`` from the leading system names (``Orca: ...``);
    ``why_not`` is set when the names differ and the subtitles do not say it was renamed."""
    if candidate_title == best_title:
        # one name on both sides: it can neither differ nor be renamed, and only the
        # "same system" rule, for titles below EXACT (never this one), would ask for it
        return False, False, None
    list_name, cand_name = system_name(best_title), system_name(candidate_title)
    if not (list_name and cand_name):
        return False, False, None
    if list_name == cand_name:
        return True, False, None
    if _same_long_subtitle(best_title, candidate_title):
        return False, True, None
    return False, False, f"different system name ({cand_name!r} vs {list_name!r})"


def _confidence(f: _Facts) -> float:
    """The title similarity, moved by the year and venue evidence."""
    confidence = f.sim
    if f.weak_year:
        confidence -= WEAK_YEAR_PENALTY
    elif f.year_gap is not None:
        confidence += 0.03 if f.year_gap == 0 else (0.0 if f.year_gap == 1 else -0.1)
    if f.venue_ok is True:
        confidence += 0.03
    elif f.venue_ok is False:
        confidence -= 0.05
    return _clamp(confidence)


def _decide(f: _Facts, confidence: float, reason: str) -> Verdict:
    """The verdict, by the first rule the facts meet (strongest first)."""
    if f.renamed:  # different names: never "the same title", however close the rest is
        if f.year_ok and f.venue_ok is not False:
            confidence = _clamp(min(confidence, 0.75))
            return Verdict(True, confidence, "system renamed, subtitle identical; " + reason)
        return Verdict(False, _clamp(min(confidence, 0.5)), "system renamed but " + reason)
    if f.weak_year:
        if f.venue_ok is False:
            return Verdict(False, _clamp(min(confidence, 0.5)), "year and venue differ; " + reason)
        return Verdict(
            True, confidence, "same distinctive title, the list's year is weak evidence; " + reason
        )
    if f.sim >= EXACT:
        return Verdict(True, confidence, "same title; " + reason)
    if f.sim >= STRONG and f.year_ok and f.venue_ok is not False:
        return Verdict(True, confidence, "near-identical title; " + reason)
    if f.sim >= CORROBORATED and f.year_gap == 0 and f.venue_ok is True:
        confidence = _clamp(min(confidence, 0.85))
        return Verdict(True, confidence, "similar title, year and venue agree; " + reason)
    if (
        f.sim >= SAME_SYSTEM
        and f.same_system
        and f.year_gap is not None
        and f.year_ok
        and f.venue_ok is not False
    ):
        confidence = _clamp(min(confidence, 0.85))
        return Verdict(
            True, confidence, "same system name, year agrees, subtitle reworded; " + reason
        )
    return Verdict(False, _clamp(min(confidence, 0.6)), "not similar enough; " + reason)


def swapped_subject(list_key: str, cand_key: str) -> tuple[str, str] | None:
    """The words each of two normalized titles has and the other lacks, when both sides have
    some and none of them looks like one on the other side: a subject swapped under one name
    (``Rajin: Speculative Graph Partitioning ...`` / ``Rajin: Elastic Graph Partitioning ...``
    are two papers). ``None`` for a rewording (``Language Generation Tasks`` / ``Generative
    Models``: "generation" is like "generative"), an added or dropped word, or no difference."""
    list_words, cand_words = set(list_key.split()), set(cand_key.split())
    only_list = [w for w in list_key.split() if w not in cand_words and w not in FILLER_WORDS]
    only_cand = [w for w in cand_key.split() if w not in list_words and w not in FILLER_WORDS]
    if not only_list or not only_cand:
        return None
    for a in only_list:
        for b in only_cand:
            if fuzz.ratio(a, b) / 100.0 >= SUBJECT_WORD_LIKE or a.startswith(b) or b.startswith(a):
                return None
    return " ".join(only_list), " ".join(only_cand)


def _venue_unknown(list_venue: str | None, candidate_venue: str | None, preprint: bool) -> bool:
    """Whether the lists name a venue and an S2 record of a contradicting year names none: then
    nothing but the title speaks for it, and another paper of that title (a namesake years
    apart, whose record S2 holds without a venue) is as likely."""
    return bool(list_venue) and list_venue != "arXiv" and not preprint and not candidate_venue


def _subtitle(title: str) -> str:
    parts = re.split(r"[:：]", title, maxsplit=1)
    return parts[1] if len(parts) == 2 else ""


def _same_long_subtitle(a: str, b: str) -> bool:
    sa, sb = title_key(_subtitle(a)), title_key(_subtitle(b))
    if len(sa.split()) < RENAMED_MIN_WORDS:
        return False
    return fuzz.ratio(sa, sb) / 100.0 >= RENAMED_SUBTITLE


def _clamp(x: float) -> float:
    return round(max(0.0, min(1.0, x)), 3)
