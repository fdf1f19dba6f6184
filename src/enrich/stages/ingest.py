"""The ingest stage: reading lists under the raw dir → ``OUT/stage/mentions.parquet``.

Parsing and grouping are pure (:mod:`enrich.parse`, :mod:`enrich.grouping`); finding and
reading the lists defensively is :mod:`enrich.stages.listfiles` (a bad file is reported and
skipped, never fatal, and never costs the good files their entries); here they are put
together, on several cores for large lists, and the table is written atomically.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, fields
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from enrich.errors import InputError
from enrich.grouping import GroupIndex, near_variants, read_titles
from enrich.memory import paused_gc
from enrich.parse import heading_splits, parse_list
from enrich.records import Entry
from enrich.schema import MENTIONS_STAGE, from_columns
from enrich.settings import Settings
from enrich.stages.files import stage_path, write_stage, write_stats
from enrich.stages.listfiles import (  # noqa: F401 (re-exported: where they used to live)
    LIST_SUFFIXES,
    decode_list,
    display_path,
    find_lists,
    read_list,
    walk_lists,
)
from enrich.stages.progress import progress_bar

log = logging.getLogger(__name__)

MAX_WARNINGS_PER_FILE_LINE = 3
"""How many of a file's warnings its summary line repeats (all of them are in ``warnings``)."""


@dataclass(frozen=True, slots=True)
class FileResult:
    """What one list file gave: its path relative to the raw dir, entries, and any warning."""

    path: str
    entries: int
    warning: str | None = None
    skipped: bool = False  #: unusable as a whole (empty, unreadable, binary): the warning says


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


def _file_warning(warnings: Sequence[str]) -> str | None:
    if not warnings:
        return None
    shown = "; ".join(warnings[:MAX_WARNINGS_PER_FILE_LINE])
    more = len(warnings) - MAX_WARNINGS_PER_FILE_LINE
    return f"{shown}; and {more} more" if more > 0 else shown


PARALLEL_MIN_CHARS = 2_000_000
"""From this much text (~20k entries, in one list or many) the lists are parsed on every core,
and a list this large is cut into pieces; below it a second process costs more than it saves."""


ENTRY_COLUMNS = tuple(f.name for f in fields(Entry))
"""The entry columns of the mentions table, in :class:`~enrich.records.Entry` field order."""

_PIECE_SCHEMA = pa.schema(
    [MENTIONS_STAGE.field(name) for name in (*ENTRY_COLUMNS, "title_key", "group_id")]
)
"""What a parsed piece holds: all mention columns but ``near_group_id``, which needs them all."""


@dataclass(slots=True)
class ParsedDocument:
    """Parsed lists, or pieces of one, ready for the mentions table.

    A piece is parsed, its titles read for grouping (:func:`~enrich.grouping.read_titles`) and
    its columns turned into Arrow where it is parsed (:func:`parse_jobs`: in a worker process
    for all but the first share of the work); Arrow columns cost next to nothing to send back.
    """

    tables: list[pa.Table]  #: one per piece, :data:`_PIECE_SCHEMA`
    group_keys: list[str]  #: each row's group key, for the near-variant flags
    index: GroupIndex  #: the groups of all pieces so far
    warnings: list[str]

    @classmethod
    def empty(cls) -> ParsedDocument:
        return cls([], [], GroupIndex({}, {}), [])

    def __len__(self) -> int:
        return len(self.group_keys)

    @property
    def entries(self) -> list[Entry]:
        """The entries as records (for tests: the stage itself keeps columns)."""
        if not self.tables:
            return []
        table = pa.concat_tables(self.tables)
        columns = [table[name].to_pylist() for name in ENTRY_COLUMNS]
        return [Entry(*row) for row in zip(*columns, strict=True)]

    def extend(self, later: ParsedDocument) -> None:
        """Append the rows of ``later`` (a later piece or file) after this one's."""
        self.tables.extend(later.tables)
        self.group_keys.extend(later.group_keys)
        self.index.update(later.index)
        self.warnings.extend(later.warnings)


Job = tuple[str, str, int]
"""A parse job: text, its list's path (relative to the raw dir), and the lines before it."""


def parse_document(text: str, source_file: str, *, workers: int | None = None) -> ParsedDocument:
    """:func:`~enrich.parse.parse_list`, on several cores for a large document.

    The document is cut at headings (:func:`~enrich.parse.heading_splits`), where the
    parser carries no state over, so the result is exactly that of one sequential parse.
    """
    workers = workers or os.cpu_count() or 1
    doc = ParsedDocument.empty()
    for piece in parse_jobs(document_jobs(text, source_file, workers), workers):
        doc.extend(piece)
    return doc


def document_jobs(text: str, source_file: str, parts: int) -> list[Job]:
    """A document as parse jobs: whole, or in up to ``parts`` pieces cut at headings when it is
    larger than :data:`PARALLEL_MIN_CHARS`."""
    if parts < 2 or len(text) < PARALLEL_MIN_CHARS:
        return [(text, source_file, 0)]
    lines = text.split("\n")
    bounds = [0, *heading_splits(lines, parts), len(lines)]
    if len(bounds) == 2:
        return [(text, source_file, 0)]
    return [("\n".join(lines[a:b]), source_file, a) for a, b in itertools.pairwise(bounds)]


def parse_jobs(
    jobs: Sequence[Job], workers: int, done: Callable[[int], object] | None = None
) -> list[ParsedDocument]:
    """Each job's :class:`ParsedDocument`, in order; on every core when there is enough text.

    The jobs are shared out in runs of about equal size (:func:`share_jobs`); this process
    parses the first run while a worker process parses each other one. ``done(n)`` is called
    as ``n`` more jobs are finished (for a progress bar).
    """
    done = done or (lambda n: None)
    shares = share_jobs([len(job[0]) for job in jobs], workers)
    if len(shares) < 2 or sum(len(job[0]) for job in jobs) < PARALLEL_MIN_CHARS:
        return [_parse_done(job, done) for job in jobs]
    # fork: the workers need only the parser, which is already imported
    context = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(
            len(shares) - 1, mp_context=context, initializer=_die_with_parent
        ) as pool:
            futures = [pool.submit(_parse_pieces, [jobs[i] for i in ids]) for ids in shares[1:]]
            docs = [_parse_done(jobs[i], done) for i in shares[0]]
            for ids, future in zip(shares[1:], futures, strict=True):
                docs.extend(future.result())
                done(len(ids))
    except (BrokenProcessPool, OSError) as exc:  # a worker killed (OOM), or no fork allowed
        names = list(dict.fromkeys(job[1] for job in jobs))
        more = f" and {len(names) - 3} more lists" if len(names) > 3 else ""
        log.warning(
            "a parser process failed (%s); parsing %s%s in this process instead",
            exc or type(exc).__name__,
            ", ".join(names[:3]),
            more,
        )
        return [_parse_piece(job) for job in jobs]
    return docs


def _die_with_parent() -> None:
    """In a parser worker: be killed when the parent dies (Linux ``PR_SET_PDEATHSIG``). A
    ``kill -9`` of the parent otherwise left a worker waiting for work forever, holding its
    share of the lists in memory."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):  # not Linux: the pool's own shutdown is all there is
        pass


def share_jobs(sizes: Sequence[int], parts: int) -> list[list[int]]:
    """Job indexes in at most ``parts`` consecutive runs of about equal total size (pure)."""
    total = sum(sizes) or 1
    shares: list[list[int]] = [[] for _ in range(max(1, parts))]
    seen = 0
    for i, size in enumerate(sizes):
        # the run a job falls in is where its middle lies along the whole
        shares[min(len(shares) - 1, (seen + size // 2) * len(shares) // total)].append(i)
        seen += size
    return [ids for ids in shares if ids]


def _parse_done(job: Job, done: Callable[[int], object]) -> ParsedDocument:
    doc = _parse_piece(job)
    done(1)
    return doc


def _parse_pieces(jobs: list[Job]) -> list[ParsedDocument]:
    """A worker's share of the jobs."""
    return [_parse_piece(job) for job in jobs]


def _parse_piece(job: Job) -> ParsedDocument:
    """Parse one piece of a document (the whole of a small one), here or in a worker."""
    text, source_file, offset = job
    result = parse_list(text, source_file, line_offset=offset)
    columns = {name: [getattr(e, name) for e in result.entries] for name in ENTRY_COLUMNS}
    read = read_titles(columns["title"])
    columns["title_key"], columns["group_id"] = read.title_key, read.group_id
    table = from_columns(columns, _PIECE_SCHEMA)
    return ParsedDocument([table], read.group_key, read.group_index, result.warnings)


def mentions_table(doc: ParsedDocument) -> pa.Table:
    """The mentions stage table: the parsed columns plus the near-variant flags."""
    near = near_variants(doc.index)
    flags = pa.array([near.get(g) for g in doc.group_keys], pa.string())
    if doc.tables:
        table = pa.concat_tables(doc.tables).combine_chunks()
    else:
        table = _PIECE_SCHEMA.empty_table()
    return table.append_column(MENTIONS_STAGE.field("near_group_id"), flags)


def group_counts(mentions: pa.Table) -> tuple[int, int]:
    """Distinct groups in a mentions table, and how many of them carry a near-variant flag."""
    flagged = pc.filter(mentions["group_id"], mentions["near_group_id"].is_valid())
    return pc.count_distinct(mentions["group_id"]).as_py(), pc.count_distinct(flagged).as_py()


def run_ingest(settings: Settings, *, progress: bool = False) -> IngestSummary:
    """Parse every list under ``settings.raw_dir``, group the entries, write the stage file.

    Bad files are reported in the summary's warnings and skipped; the run fails only when
    there is nothing to read (:class:`InputError`).
    """
    raw_dir = Path(settings.raw_dir)
    paths, folder_warnings = walk_lists(raw_dir)
    with paused_gc():
        parsed, files = _parse_lists(paths, raw_dir, progress)
        parsed.warnings[:0] = folder_warnings
        table = mentions_table(parsed)
    warnings = parsed.warnings
    if table.num_rows == 0:
        # Lists emptied by a failed sync must not become an empty dataset on the next run.
        why = "; ".join(warnings[:MAX_WARNINGS_PER_FILE_LINE]) or "no line reads as a paper entry"
        kept = (
            ", the previous output is kept"
            if (settings.out_dir / "latest").exists() or stage_path(settings, "mentions").exists()
            else ""
        )
        raise InputError(
            f"no paper entries in {len(files)} list file(s) under {raw_dir} ({why}); nothing "
            f"written{kept}"
        )
    target = write_stage(settings, "mentions", table)
    # for the publish gate: a list emptied by a failed sync loses its titles, it is not shortened
    skipped = {f.path: f.warning or "skipped" for f in files if f.skipped}
    write_stats(settings, "ingest", {"skipped_files": skipped})
    groups, near = group_counts(table)
    for w in warnings:
        log.warning("%s", w)
    log.info(
        "ingest: %d entries from %d files, %d groups, %d near-variant flags -> %s",
        table.num_rows,
        len(files),
        groups,
        near,
        target,
    )
    return IngestSummary(
        files=files,
        total_entries=table.num_rows,
        groups=groups,
        near_flags=near,
        warnings=warnings,
        output=target,
    )


def _parse_lists(
    paths: list[Path], raw_dir: Path, progress: bool
) -> tuple[ParsedDocument, list[FileResult]]:
    """Every readable list parsed (large ones cut into pieces, on every core), in file order,
    with each file's entry count and warnings."""
    workers = os.cpu_count() or 1
    rels = [display_path(path, raw_dir) for path in paths]
    read = [read_list(path) for path in paths]
    jobs: list[Job] = []
    owners: list[int] = []  # the file of each job
    for k, (rel, (text, _)) in enumerate(zip(rels, read, strict=True)):
        if text is not None:
            pieces = document_jobs(text, rel, workers)
            jobs += pieces
            owners += [k] * len(pieces)
    with progress_bar(len(jobs), "ingest", "list", progress) as bar:
        docs = parse_jobs(jobs, workers, bar.update)
    by_file = [ParsedDocument.empty() for _ in paths]
    for k, doc in zip(owners, docs, strict=True):
        by_file[k].extend(doc)
    parsed = ParsedDocument.empty()
    files: list[FileResult] = []
    for rel, (text, problem), doc in zip(rels, read, by_file, strict=True):
        # "list.md:12: skipped ..." reads "line 12: skipped ..." on the file's summary line
        file_warnings = [problem] if problem else []
        file_warnings += [f"line {w.removeprefix(f'{rel}:')}" for w in doc.warnings]
        if problem:
            doc.warnings.insert(0, f"{rel}: {problem}")
        parsed.extend(doc)
        files.append(FileResult(rel, len(doc), _file_warning(file_warnings), text is None))
        log.debug("%s: %d entries", rel, len(doc))
    return parsed, files
