"""User-edited overrides: pin a list title to an S2 or arXiv id, or mark it "not a paper".

The file is ``RAW/overrides.csv`` (next to the reading lists), with a header row::

    title,pin,note
    Orca: A Distributed Serving System for Transformer-Based Generative Models,S2:8a1f...,
    AMSP: Super-Scaling LLM Training via Advanced Model States Partitioning,arXiv:2311.00257,
    Topics of interest,not-a-paper,a heading the parser took for a title

``pin`` is ``S2:<40-hex paperId>`` (or a bare 40-hex id), ``arXiv:<id>`` or ``not-a-paper``.
Titles are compared after normalization, so case and punctuation do not matter. Overrides
are applied before any API call: a pinned title costs no search.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from enrich.errors import InputError
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
        if key in out and (out[key].kind, out[key].value) != (kind, value):
            raise InputError(
                f"title pinned twice with different pins (first at line {out[key].line})",
                path=path,
                line=lineno,
            )
        out[key] = Override(title, kind, value, lineno, note)
    return out


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
