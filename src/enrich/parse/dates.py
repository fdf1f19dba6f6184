"""Dates that give a year: ``(Jul 2024)``, ``Feb,2024``, ``July 15, 2024``, ``Arxiv May 2025``.

A month name is the evidence: a bare ``2023-04-21`` in a table is as often the day the list's
author read the paper as the day it appeared, so only a written month makes a date a year.
"""

from __future__ import annotations

import re

_MONTHS = (
    "(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    "Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|JAN|FEB|MAR|APR|MAY|JUNE?|JULY?|"
    "AUG|SEPT?|OCT|NOV|DEC)"
)
"""A month written as a name, capitalised (``may`` in a title is a verb)."""
_MONTH_YEAR = re.compile(
    rf"^(?P<head>.*?)[\s,]*\b(?:{_MONTHS})\.?(?:[\s,]+\d{{1,2}}(?:st|nd|rd|th)?)?[\s,.]*"
    r"(?P<y>(?:19|20)\d\d)$"
)
"""``Jul 2024``, ``Feb,2024``, ``July 15, 2024``, after anything (``Meta``, ``Arxiv``)."""
_MONTH_APOSTROPHE = re.compile(rf"^(?P<head>.*?)[\s,]*\b{_MONTHS}\.?\s*'\s?(?P<y>\d\d)$")
"""``July'24``: a month and a two-digit year."""
_YEAR_MONTH = re.compile(rf"^(?P<head>.*?'?\s*(?P<y>\d\d(?:\d\d)?))\s*,\s*(?:{_MONTHS})\.?$")
"""``Arxiv'25,Jan``: a venue tag with the month after it."""


def month_year(text: str) -> tuple[str, int] | None:
    """``(what comes before the date, year)`` when ``text`` ends with a month and a year."""
    m = _MONTH_YEAR.match(text.strip())
    if m is not None:
        return m["head"].strip(" ,-|"), int(m["y"])
    m = _MONTH_APOSTROPHE.match(text.strip())
    if m is not None:
        return m["head"].strip(" ,-|"), 2000 + int(m["y"])
    return None


def without_month(text: str) -> str | None:
    """``Arxiv'25,Jan`` without the month (``Arxiv'25``), or ``None`` when no month ends it."""
    m = _YEAR_MONTH.match(text.strip())
    return m["head"] if m else None
