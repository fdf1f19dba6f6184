"""The ingest stage: reading lists under the raw dir → ``OUT/stage/mentions.parquet``.

This is the only module of the stage that touches files. Parsing and grouping are pure
(:mod:`enrich.readinglist`, :mod:`enrich.grouping`); here we find the lists, read them
defensively (a bad file is reported and skipped, never fatal, and never costs the good files
their entries) and write the table atomically.
"""

from __future__ import annotations

import codecs
import contextlib
import gc
import logging
import multiprocessing
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, fields
from pathlib import Path

from enrich.atomic import write_parquet
from enrich.errors import InputError
from enrich.grouping import group_entries
from enrich.readinglist import ParseResult, heading_splits, parse_list
from enrich.records import Entry
from enrich.schema import MENTIONS_STAGE, from_records
from enrich.settings import Settings

log = logging.getLogger(__name__)

LIST_SUFFIXES = (".md", ".markdown", ".txt")
"""Reading-list file types (matched case-insensitively)."""

MENTIONS_FILE = "mentions.parquet"

BINARY_SNIFF_BYTES = 8192
"""A NUL byte in this prefix means a binary file (the heuristic git and grep use)."""

MAX_WARNINGS_PER_FILE_LINE = 3
"""How many of a file's warnings its summary line repeats (all of them are in ``warnings``)."""


@dataclass(frozen=True, slots=True)
class FileResult:
    """What one list file gave: its path relative to the raw dir, entries, and any warning."""

    path: str
    entries: int
    warning: str | None = None


@dataclass(slots=True)
class IngestSummary:
    """The outcome of :func:`run_ingest`, for the CLI to print."""

    files: list[FileResult]
    total_entries: int
    groups: int
    near_flags: int  #: groups flagged with a near-variant group for the resolve stage
    warnings: list[str] = field(default_factory=list)
    output: Path | None = None

    def lines(self) -> list[str]:
        """One line per file, then a total line."""
        width = max((len(f.path) for f in self.files), default=0)
        out = []
        for f in self.files:
            line = f"{f.path:<{width}}  {f.entries:>6} entries"
            if f.warning:
                line += f"  (warning: {f.warning})"
            out.append(line)
        total = (
            f"total: {self.total_entries} entries in {len(self.files)} files, "
            f"{self.groups} groups, {self.near_flags} near-variant flags"
        )
        if self.warnings:
            total += f", {len(self.warnings)} warnings"
        if self.output is not None:
            total += f" -> {self.output}"
        out.append(total)
        return out


def find_lists(raw_dir: Path) -> list[Path]:
    """Reading-list files under ``raw_dir``, recursively, sorted by relative path.

    Hidden files and directories (``.git``, ``.DS_Store``) are skipped. A missing raw dir
    or one without any list is an :class:`InputError` that says where we looked.
    """
    raw_dir = Path(raw_dir)
    if not raw_dir.exists():
        raise InputError(
            "raw dir not found; pass --raw DIR with your reading lists", path=str(raw_dir)
        )
    if not raw_dir.is_dir():
        raise InputError("raw dir is not a directory", path=str(raw_dir))
    found = [
        p
        for p in raw_dir.rglob("*")
        if p.suffix.lower() in LIST_SUFFIXES
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(raw_dir).parts)
    ]
    if not found:
        raise InputError(
            f"no reading lists found under {raw_dir} (looked recursively for files ending in "
            f"{', '.join(LIST_SUFFIXES)}, any case)"
        )
    return sorted(found, key=lambda p: p.relative_to(raw_dir).as_posix())


def decode_list(data: bytes) -> tuple[str | None, str | None]:
    """Text of a list file, or ``None`` when it is unusable, plus a warning when needed.

    Binary (NUL bytes) and empty files are skipped; invalid UTF-8 is decoded with U+FFFD
    replacement so the readable entries survive; a UTF-8 BOM is dropped. A UTF-16 file (as
    Windows Notepad saves it) has NUL bytes but a BOM, so it is decoded rather than skipped.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            return None, "starts with a UTF-16 byte-order mark but is not UTF-16, skipped"
    if not data.strip():
        return None, "empty file, skipped"
    if b"\x00" in data[:BINARY_SNIFF_BYTES]:
        return None, "binary file (NUL bytes), skipped"
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8-sig", errors="replace")
        problem = f"not valid UTF-8 (first bad byte at offset {exc.start})"
        return text, f"{problem}; decoded with replacement"


def _file_warning(warnings: Sequence[str]) -> str | None:
    if not warnings:
        return None
    shown = "; ".join(warnings[:MAX_WARNINGS_PER_FILE_LINE])
    more = len(warnings) - MAX_WARNINGS_PER_FILE_LINE
    return f"{shown}; and {more} more" if more > 0 else shown


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small acyclic objects.

    Parsing and grouping 100k entries allocates a few million strings, tuples and records,
    none of them in reference cycles; the collector's full passes over that growing heap
    cost about a fifth of the stage. Reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _progress(items: list[Path], enabled: bool) -> Iterable[Path]:
    if enabled and sys.stderr.isatty():
        from tqdm import tqdm

        return tqdm(items, desc="ingest", unit="file", file=sys.stderr, leave=False)
    return items


PARALLEL_MIN_CHARS = 2_000_000
"""A document this large (~20k entries) is parsed on every core; below it a second process
costs more than it saves."""


def parse_document(text: str, source_file: str, *, workers: int | None = None) -> ParseResult:
    """:func:`~enrich.readinglist.parse_list`, on several cores for a large document.

    The document is cut at headings (:func:`~enrich.readinglist.heading_splits`), where the
    parser carries no state over, so the result is exactly that of one sequential parse.
    """
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(text) < PARALLEL_MIN_CHARS:
        return parse_list(text, source_file)
    lines = text.split("\n")
    cuts = heading_splits(lines, workers)
    if not cuts:
        return parse_list(text, source_file)
    bounds = [0, *cuts, len(lines)]
    pieces = zip(bounds, bounds[1:], strict=False)
    jobs = [("\n".join(lines[a:b]), source_file, a) for a, b in pieces]
    # The first piece is parsed here while workers parse the rest; fork: the workers need
    # only the parser, which is already imported.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(len(jobs) - 1, mp_context=context) as pool:
        futures = [pool.submit(_parse_piece, job) for job in jobs[1:]]
        first = parse_list(*jobs[0][:2], line_offset=jobs[0][2])
        entries = list(first.entries)
        warnings = list(first.warnings)
        for future in futures:
            columns, piece_warnings = future.result()
            entries.extend(Entry(*row) for row in zip(*columns, strict=True))
            warnings.extend(piece_warnings)
    return ParseResult(entries=entries, warnings=warnings)


_ENTRY_FIELDS = tuple(f.name for f in fields(Entry))


def _parse_piece(job: tuple[str, str, int]) -> tuple[list[list], list[str]]:
    """Parse one piece in a worker; entries travel back as columns (cheaper to pickle)."""
    text, source_file, offset = job
    result = parse_list(text, source_file, line_offset=offset)
    return [[getattr(e, name) for e in result.entries] for name in _ENTRY_FIELDS], result.warnings


def _read_and_parse(path: Path, rel: str) -> tuple[list[Entry], list[str], list[str]]:
    """Entries of one file, its warnings for the summary line, and the same for the log."""
    file_warnings: list[str] = []
    warnings: list[str] = []
    try:
        data = path.read_bytes()
    except OSError as exc:
        text, problem = None, f"unreadable ({exc.strerror or exc}), skipped"
    else:
        text, problem = decode_list(data)
    if problem:
        file_warnings.append(problem)
        warnings.append(f"{rel}: {problem}")
    if text is None:
        return [], file_warnings, warnings
    result = parse_document(text, rel)
    # "list.md:12: skipped ..." reads "line 12: skipped ..." on the file's own summary line
    file_warnings.extend(f"line {w.removeprefix(f'{rel}:')}" for w in result.warnings)
    warnings.extend(result.warnings)
    return result.entries, file_warnings, warnings


def run_ingest(settings: Settings, *, progress: bool = False) -> IngestSummary:
    """Parse every list under ``settings.raw_dir``, group the entries, write the stage file.

    Bad files are reported in the summary's warnings and skipped; the run fails only when
    there is nothing to read (:class:`InputError`).
    """
    raw_dir = Path(settings.raw_dir)
    paths = find_lists(raw_dir)
    files: list[FileResult] = []
    warnings: list[str] = []
    entries: list[Entry] = []
    target = settings.stage_dir / MENTIONS_FILE
    with paused_gc():
        for path in _progress(paths, progress):
            rel = path.relative_to(raw_dir).as_posix()
            found, file_warnings, file_log = _read_and_parse(path, rel)
            entries.extend(found)
            warnings.extend(file_log)
            files.append(FileResult(rel, len(found), _file_warning(file_warnings)))
            log.debug("%s: %d entries", rel, len(found))
        mentions = group_entries(entries)
        table = from_records(mentions, MENTIONS_STAGE)
    write_parquet(table, target)
    groups = {m.group_id for m in mentions}
    near = {m.group_id for m in mentions if m.near_group_id}
    for w in warnings:
        log.warning("%s", w)
    log.info(
        "ingest: %d entries from %d files, %d groups, %d near-variant flags -> %s",
        len(mentions),
        len(files),
        len(groups),
        len(near),
        target,
    )
    return IngestSummary(
        files=files,
        total_entries=len(mentions),
        groups=len(groups),
        near_flags=len(near),
        warnings=warnings,
        output=target,
    )
