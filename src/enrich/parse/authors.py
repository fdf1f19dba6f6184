"""The author block that opens a reference, in the name forms reference styles write.

One name is one of (tried in this order, each only where a separator or the block's end
follows it, so the regex engine falls through to the next form):

``inverted_initials``  ``Kwon, W.``, ``Yu, G.-I.``, ``van Renesse, R.`` (APA, ACM, LNCS, Nature)
``inverted_given``     ``Kwon, Woosuk``, ``KWON, Woosuk`` (DIN, ISO 690, Chicago's first author)
``bare_initials``      ``Kwon W``, ``Yu GI``, ``YU G I``, ``KWON W`` (AMA, PLOS, Vancouver, GB/T)
``initials_first``     ``W. Kwon``, ``G.-I. Yu``, ``J. S. Jeong`` (IEEE, APS, Elsevier numbered)
``full``               ``Woosuk Kwon``, ``Robbert van Renesse`` (ACL, ACM, DBLP)

Names are joined by ``,``, ``;``, ``and``, ``&`` and may end in ``et al.``. A block of full
names alone is weak evidence (``Deep Residual Learning`` reads as a name), so
:func:`author_block` says which forms it saw and the reader (:mod:`enrich.parse.reference`)
asks for more evidence after such a block. Each name is one bounded regex match at a known
position, so reading a block is linear in its length.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_LATIN = [chr(c) for c in (*range(0x41, 0x250), *range(0x1E00, 0x1F00))]


def _class_body(chars: list[str]) -> str:
    """``chars`` (letters, in code point order) as a character class's body of ranges:
    ``A-ZÀ-ÖØ-Þ...``. The same set; the classes occur ~80 times in :data:`_NAME`, and written
    one letter at a time they made compiling it at import cost twice as much."""
    body, i = [], 0
    while i < len(chars):
        j = i
        while j + 1 < len(chars) and ord(chars[j + 1]) == ord(chars[j]) + 1:
            j += 1
        body.append(chars[i] if i == j else chars[i] + ("-" if j > i + 1 else "") + chars[j])
        i = j + 1
    return "".join(body)


_UP = _class_body([c for c in _LATIN if c.isupper()])
"""Capitals of the Latin scripts (``Ł``, ``Ø``, ``Ş``, ``Đ``): a class, as ``re`` has no
``\\p{Lu}``."""
_LOW = _class_body([c for c in _LATIN if c.islower()])
_PARTICLE = r"(?:(?:van|von|de|der|den|da|di|del|du|le|la|dos|das|ter|ten|bin|al)\s+)"
_SURNAME = (
    rf"{_PARTICLE}{{0,2}}(?:[{_UP}]['\u2019])?[{_UP}](?:[{_LOW}]+|[{_UP}]+)"
    rf"(?:['\u2019\-][{_UP}]?[{_LOW}]+|['\u2019\-][{_UP}]+|[{_UP}][{_LOW}]+)?"
    rf"(?:\s[{_UP}]+(?=[\s,;])){{0,2}}"  # VAN RENESSE, DE LA CRUZ
)
"""``Kwon``, ``O'Neil``, ``McDonald``, ``Müller``, ``van Renesse``, ``KWON``, ``Smith-Jones``."""
_GIVEN = rf"[{_UP}][{_LOW}]+(?:-[{_UP}]?[{_LOW}]+)?"
"""``Woosuk``, ``Gyeong-In``, ``Jean-luc``."""
_INITIALS = rf"[{_UP}](?:\.|(?=\s*$))(?:\s?-?[{_UP}]\.){{0,3}}"
"""``W.``, ``J. S.``, ``J.S.``, ``G.-I.`` (the last one may have lost its full stop to the end of
the text: ``Sun, F``)."""
_BARE = rf"[{_UP}]{{1,3}}(?:[\s\-][{_UP}]{{1,2}}){{0,2}}(?![{_LOW}\w])"
"""``W``, ``JS``, ``G-I``, ``G I`` (initials without full stops)."""
_NEXT = r"(?=\s*(?:[,;:&(]|and\s|et\sal|\.(?:\s|$)|$)|\.)"
"""What may follow a name: a separator, ``et al``, the block's end."""

_SURNAME_LOWER = (
    rf"{_PARTICLE}{{0,2}}(?:[{_UP}]['\u2019])?[{_UP}][{_LOW}]+(?:['\u2019\-][{_UP}]?[{_LOW}]+)?"
)
"""A surname written in lower case after its capital (a full name's last word)."""
_FORMS = (
    rf"(?P<inverted_initials>{_SURNAME},\s?{_INITIALS}(?:\s?{_INITIALS})?)(?=[\s,;:&(.]|$)",
    rf"(?P<inverted_given>{_SURNAME},\s{_GIVEN}(?:\s{_GIVEN})?(?:\s{_INITIALS})?){_NEXT}",
    rf"(?P<initials_first>{_INITIALS}\s?{_SURNAME}(?:\s{_SURNAME})?){_NEXT}",
    rf"(?P<full>{_GIVEN}(?:\s{_INITIALS})?(?:\s{_GIVEN})?\s{_SURNAME_LOWER}){_NEXT}",
    rf"(?P<bare_initials>{_SURNAME}\s{_BARE}){_NEXT}",
)
_NAME = re.compile("|".join(_FORMS))
_FULL = next(i for i, f in enumerate(_FORMS) if "<full>" in f)
_AFTER_FULL = re.compile("|".join(_FORMS[_FULL + 1 :]))
"""The forms tried after a full name's: where :data:`_NAME` read a full name but one must not
be read, the next form that matches (:func:`_name_not_full`)."""
_SEPARATOR = re.compile(r"\s*(?:[,;]\s*(?:(?:and|&|\.\.\.|\u2026)\s+)?|\s(?:and|&)\s+)")
"""Between names: ``,``, ``;``, ``and``, ``&``, APA's ``, ... `` before the last of many."""
_ET_AL = re.compile(r"\s*,?\s*(?:et\.?\s*al\.?|and others|u\.\s?a\.|\u7b49)")
"""``et al.``, DIN's ``u. a.``, GB/T's ``等``."""

_WEAK_FORMS = frozenset(("full", "inverted_given"))

MAX_NAMES = 40
"""Names read at most; a longer run is a list of something else."""


class AuthorBlock(NamedTuple):
    """The names that open a reference: where they end and which forms they used."""

    end: int  #: the end of the last name (or of ``et al.``)
    names: int
    forms: frozenset[str]
    et_al: bool
    first: str  #: the first name's form

    @property
    def strong(self) -> bool:
        """Initials or ``et al.``: names no title is written as (``Orca, Sarathi`` may be two
        systems, ``Deep Residual Learning`` a title)."""
        return self.et_al or bool(self.forms - _WEAK_FORMS)


def _name_not_full(s: str, pos: int) -> re.Match[str] | None:
    """A name at ``pos`` in any form but a full name's: after names in other forms, a run of
    capitalised words is the title. The first form that matches, as a regex of the other forms
    alone would give (an alternation answers its first matching branch); compiling that second
    30 KB regex at import cost as much as :data:`_NAME` itself."""
    m = _NAME.match(s, pos)
    if m is not None and m.lastgroup == "full":
        return _AFTER_FULL.match(s, pos)
    return m


def author_block(s: str) -> AuthorBlock | None:
    """The author block at the start of ``s``, or ``None`` when it does not open with one."""
    pos = end = names = 0
    first = ""
    forms: set[str] = set()
    while names < MAX_NAMES:
        full_ok = not forms or "full" in forms or "inverted_given" in forms
        m = _NAME.match(s, pos) if full_ok else _name_not_full(s, pos)
        if m is None:
            break
        form = m.lastgroup or "full"
        if form.startswith("inverted") and "full" in forms:
            break  # "Mixed Precision Training, He, O.": no list turns names round midway
        if not names:
            first = form
        names += 1
        forms.add(form)
        end = m.end()
        sep = _SEPARATOR.match(s, end)
        if sep is None:
            break
        pos = sep.end()
    if not names:
        return None
    et_al = _ET_AL.match(s, end)
    if et_al is not None:
        end = et_al.end()
    return AuthorBlock(end, names, frozenset(forms), et_al is not None, first)
