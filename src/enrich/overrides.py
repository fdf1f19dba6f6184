"""User-edited overrides: pin a list title to an S2 or arXiv id, or mark it "not a paper".

The file is ``RAW/overrides.csv`` (next to the reading lists), with a header row::

    title,pin,note
    Orca: A Distributed Serving System for Transformer-Based Generative Models,S2:8a1f...,
    AMSP: Super-Scaling LLM Training via Advanced Model States Partitioning,arXiv:2311.00257,
    Topics of interest,not-a-paper,a heading the parser took for a title

``pin`` is ``S2:<40-hex paperId>`` (or a bare 40-hex id), ``arXiv:<id>`` or ``not-a-paper``.
Titles are compared as ingest groups them (:func:`~enrich.grouping.group_key`), so case,
punctuation and a leading article do not matter: two rows pinning such spellings differently
are an error naming both lines. Overrides are applied before any API call: a pinned title
costs no search. A pin to a paper neither upstream has is an error too (found by fetch,
:func:`pins_not_found`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from enrich.errors import InputError
from enrich.grouping import group_key
from enrich.normalize import title_key

FILENAME = "overrides.csv"

_S2_ID = re.compile(r"^[0-9a-f]{40}$")
_ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z\-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")


@dataclass(frozen=True, slots=True)
class Override:
    title: str
    kind: str  #: "s2" | "arxiv" | "not_a_paper"
    value: str | None  #: the id, without prefix and version
    line: int
    note: str = ""


def parse_overrides(text: str, path: str = FILENAME) -> dict[str, Override]:
    """Parse the overrides CSV into ``{title_key: Override}``; bad rows raise InputError.

    Any line ending is accepted (``\\r`` alone too, as old spreadsheet exports write it); an
    error names the file line its row starts on, which a quoted cell over several lines
    moves away from the row's number.
    """
    rows = _csv_rows(text, path)
    if not rows:
        return {}
    first_line, first = rows[0]
    header = [h.strip().lower() for h in first]
    if header[:2] != ["title", "pin"]:
        raise InputError(
            f"expected a header row 'title,pin,note', got {','.join(first)!r}",
            path=path,
            line=first_line,
        )
    out: dict[str, Override] = {}
    by_group: dict[str, Override] = {}  # spellings ingest puts in one group share one pin
    for lineno, row in rows[1:]:
        if not row or all(not cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
            continue
        if len(row) < 2:
            raise InputError("expected at least two columns: title,pin", path=path, line=lineno)
        title, pin = row[0].strip(), row[1].strip()
        note = row[2].strip() if len(row) > 2 else ""
        if not title:
            raise InputError("empty title", path=path, line=lineno)
        kind, value = _parse_pin(pin, path, lineno)
        key = title_key(title)
        pinned = by_group.get(group_key(key))
        if pinned is not None and (pinned.kind, pinned.value) != (kind, value):
            raise InputError(
                f"title pinned twice with different pins (first at line {pinned.line}: "
                f"{pinned.title!r}); keep one of the rows",
                path=path,
                line=lineno,
            )
        out[key] = Override(title, kind, value, lineno, note)
        by_group.setdefault(group_key(key), out[key])
    return out


def pins_by_group(
    overrides: Mapping[str, Override], title_keys: Iterable[str]
) -> dict[str, Override]:
    """``{title_key: pin}`` for each group's ``title_key``, from a pin on any spelling ingest
    groups with it (``The X`` pins the group of ``X``): pure."""
    pins = {group_key(key): ov for key, ov in overrides.items()}
    return {key: ov for key in title_keys if (ov := pins.get(group_key(key))) is not None}


def pins_not_found(pins: Iterable[Override], path: str) -> InputError | None:
    """One error naming the file line of each pin (``pins``) to a paper neither upstream has:
    published, such a title would be "resolved" with nothing but the list's own words."""
    lines = [
        f"{path}:{ov.line}: {'arXiv' if ov.kind == 'arxiv' else 'Semantic Scholar'} has no "
        f"paper {ov.value} (pinned for {ov.title!r}); correct the id or remove the row"
        for ov in sorted(pins, key=lambda o: o.line)
    ]
    return InputError("\n".join(lines)) if lines else None


def _csv_rows(text: str, path: str) -> list[tuple[int, list[str]]]:
    """Each CSV row with the file line it starts on (1-based)."""
    reader = csv.reader(io.StringIO(text, newline=None))  # universal newlines, as a file read
    rows: list[tuple[int, list[str]]] = []
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return rows
        except csv.Error as exc:  # e.g. a quote left open swallows the rest into one huge cell
            raise InputError(
                f"not readable as CSV from here ({exc}); is a quote left open?",
                path=path,
                line=start,
            ) from None
        rows.append((start, row))


def _parse_pin(pin: str, path: str, line: int) -> tuple[str, str | None]:
    low = pin.lower()
    if low in ("not-a-paper", "not_a_paper", "none"):
        return "not_a_paper", None
    if low.startswith("s2:"):
        value = pin[3:].strip().lower()
    elif _S2_ID.match(low):
        value = low
    elif low.startswith("arxiv:"):
        value = pin[6:].strip()
        if not _ARXIV_ID.match(value):
            raise InputError(
                f"not an arXiv id: {value!r} (e.g. arXiv:2309.06180)", path=path, line=line
            )
        return "arxiv", re.sub(r"v\d+$", "", value)
    else:
        raise InputError(
            f"unknown pin {pin!r}: use S2:<paperId>, arXiv:<id> or not-a-paper",
            path=path,
            line=line,
        )
    if not _S2_ID.match(value):
        raise InputError(f"not an S2 paperId (40 hex characters): {value!r}", path=path, line=line)
    return "s2", value


def load_overrides(raw_dir: Path) -> dict[str, Override]:
    """Read ``raw_dir/overrides.csv`` if it exists."""
    path = Path(raw_dir) / FILENAME
    if not path.exists():
        return {}
    from enrich.stages.listfiles import NotRegularFile, read_regular

    try:
        text = read_regular(path).decode("utf-8-sig")
    except NotRegularFile as exc:
        raise InputError(f"{exc}; make it a CSV file or move it away", path=str(path)) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 ({exc.reason}); save it as UTF-8 CSV", path=str(path)
        ) from None
    return parse_overrides(text, str(path))
