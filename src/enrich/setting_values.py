"""What a setting's value may be: the range each numeric setting declares on its field, the
characters an API key may hold, the spellings of a boolean.

A range is declared once, on the field (``_env(..., values=Range(...))`` in
:mod:`enrich.settings`), so a numeric setting added later is checked the same way: finite
(``nan`` and ``inf`` parse as floats but are no pace, timeout or share), within its bounds, and
named with those bounds when it is not.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from enrich.errors import ConfigError

DAY = 24 * 3600.0
"""Upper bound of the time settings, seconds: a longer sleep or timeout is a typo, and past
about 1e8 s the socket and sleep calls overflow."""


@dataclass(frozen=True, slots=True)
class Range:
    """The values a numeric setting takes: from ``low`` (excluded when ``above``) to ``high``."""

    low: float
    high: float
    above: bool = False
    note: str = ""

    def holds(self, value: object, whole: bool = False) -> bool:
        """Whether ``value`` is a finite number in the range (a whole one when ``whole``)."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        if whole and not isinstance(value, int):
            return False
        if not math.isfinite(value):
            return False
        return (value > self.low if self.above else value >= self.low) and value <= self.high

    def describe(self, whole: bool = False) -> str:
        """``a number > 0 and <= 1000``, ``a whole number >= 0 and <= 1000000 (0 keeps ...)``."""
        what = "a whole number" if whole else "a number"
        low = f"{'>' if self.above else '>='} {_number(self.low)}"
        note = f" ({self.note})" if self.note else ""
        return f"{what} {low} and <= {_number(self.high)}{note}"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


_NAMED = {"\n": "a newline", "\r": "a carriage return", "\t": "a tab", " ": "a space"}


def key_problem(key: str) -> str | None:
    """What makes ``key`` unusable as an HTTP header value and what to do, without quoting the
    key: ``a newline (character 13 of 40): ...``; ``None`` for a usable key (printable ASCII
    without spaces)."""
    for i, ch in enumerate(key, 1):
        if ch in _NAMED:
            what = _NAMED[ch]
        elif ord(ch) < 32 or ord(ch) == 127:
            what = f"a control character (U+{ord(ch):04X})"
        elif ord(ch) > 126 or ch.isspace():
            what = f"a character that is not printable ASCII (U+{ord(ch):04X})"
        else:
            continue
        return (
            f"{what} (character {i} of {len(key)}): a key is one line of letters and digits; "
            "set it again as S2 sent it (the key itself is not shown)"
        )
    return None


_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off", "")


def parse_bool(value: str, var: str) -> bool:
    low = value.strip().lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise ConfigError(
        f"{var} must be one of {', '.join(_TRUE)} (on) or {', '.join(f for f in _FALSE if f)} "
        f"or empty (off), got {value!r}"
    )
