"""Finding and reading the reading-list files: which files under the raw dir are lists, and
their text, read defensively. A bad file or folder is reported and skipped, never fatal; stray
control characters are dropped line by line; names of any bytes work.

Pure but for :func:`walk_lists` and :func:`read_list` (the file system).
"""

from __future__ import annotations

import codecs
import logging
import os
import re
import stat
from pathlib import Path

from enrich.errors import InputError

log = logging.getLogger(__name__)

LIST_SUFFIXES = (".md", ".markdown", ".txt")
"""Reading-list file types (matched case-insensitively)."""

BINARY_SNIFF_BYTES = 8192
"""How much of a file :func:`decode_list` looks at to tell a binary file (git and grep look at
the same prefix, for NUL bytes alone)."""

NOT_REGULAR = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}
"""What a list-named path that is not a regular file is called in its warning."""


class NotRegularFile(OSError):
    """A path named like a list (or ``overrides.csv``) that is no regular file: a named pipe
    would block its reader forever, ``/dev/zero`` would fill memory; it is never read."""


def read_regular(path: Path) -> bytes:
    """The bytes of ``path`` if it is a regular file (through links), else
    :class:`NotRegularFile` naming what it is.

    The check is made on the opened file (``fstat``), so a file replaced by a pipe after the
    folder was listed is refused too; ``O_NONBLOCK`` makes opening a pipe return at once.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            what = NOT_REGULAR.get(stat.S_IFMT(mode), "not a regular file")
            raise NotRegularFile(f"not a regular file ({what})")
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read()
    finally:
        os.close(fd)


def find_lists(raw_dir: Path) -> list[Path]:
    """Reading-list files under ``raw_dir``, recursively, sorted by relative path (warnings
    about folders that cannot be read are logged; :func:`walk_lists` returns them)."""
    found, warnings = walk_lists(raw_dir)
    for w in warnings:
        log.warning("%s", w)
    return found


def walk_lists(raw_dir: Path) -> tuple[list[Path], list[str]]:
    """Reading-list files under ``raw_dir``, recursively, sorted by relative path, and a
    warning for each folder that cannot be read (skipped, never silently).

    Hidden files and directories (``.git``, ``.DS_Store``) are skipped. File names of any
    bytes are found (:func:`display_path` names them in the output). A missing raw dir or one
    without any list is an :class:`InputError` that says where we looked.
    """
    raw_dir = Path(raw_dir)
    if not raw_dir.exists():
        raise InputError(
            "raw dir not found; pass --raw DIR with your reading lists", path=str(raw_dir)
        )
    if not raw_dir.is_dir():
        raise InputError("raw dir is not a directory", path=str(raw_dir))
    warnings: list[str] = []

    def unreadable(exc: OSError) -> None:
        where = display_path(Path(exc.filename or raw_dir), raw_dir)
        warnings.append(f"{where}: unreadable folder ({exc.strerror or exc}), skipped")

    found: list[Path] = []
    for root, dirs, files in os.walk(raw_dir, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            p = Path(root) / name
            # every list-named entry but a folder: a dangling link, a named pipe or a device is
            # found too, so that reading it names it in a warning (read_list reads none of them)
            if not name.startswith(".") and p.suffix.lower() in LIST_SUFFIXES and not p.is_dir():
                found.append(p)
    if not found:
        why = f" ({'; '.join(warnings)})" if warnings else ""
        raise InputError(
            f"no reading lists found under {raw_dir} (looked recursively for files ending in "
            f"{', '.join(LIST_SUFFIXES)}, any case){why}"
        )
    return sorted(found, key=lambda p: p.relative_to(raw_dir).as_posix()), warnings


def display_path(path: Path, raw_dir: Path) -> str:
    """``path`` relative to ``raw_dir`` as text that can be written anywhere: bytes of a file
    name that are not UTF-8 become U+FFFD (Parquet and JSON need valid strings)."""
    rel = path.relative_to(raw_dir).as_posix() if path != raw_dir else str(raw_dir)
    return rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def decode_list(data: bytes) -> tuple[str | None, str | None]:
    """Text of a list file, or ``None`` when it is unusable, plus a warning when needed.

    Binary files (more than :data:`BINARY_CONTROL_SHARE` control bytes in the first
    :data:`BINARY_SNIFF_BYTES`) and empty files are skipped. In a text file, NUL bytes and other
    control characters are dropped with a warning naming their lines, and the rest is kept (one
    NUL used to cost a list all its entries). Lines end at LF, CRLF or a lone CR (as old Mac
    editors save), each counted once, so line numbers match an editor's. Invalid UTF-8 is
    decoded with U+FFFD replacement so the readable entries survive; a UTF-8 BOM is dropped. A
    UTF-16 file (as Windows Notepad saves it) has NUL bytes but a BOM, so it is decoded
    rather than skipped.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text, problem = data.decode("utf-16"), None
        except UnicodeDecodeError:
            return None, "starts with a UTF-16 byte-order mark but is not UTF-16, skipped"
    elif not data.strip():
        return None, "empty file, skipped"
    elif _looks_binary(data[:BINARY_SNIFF_BYTES]):
        kind = "NUL bytes" if b"\x00" in data[:BINARY_SNIFF_BYTES] else "control bytes"
        return None, f"binary file ({kind}), skipped"
    else:
        try:
            text, problem = data.decode("utf-8-sig"), None
        except UnicodeDecodeError as exc:
            text = data.decode("utf-8-sig", errors="replace")
            problem = (
                f"not valid UTF-8 (first bad byte at offset {exc.start}); "
                "decoded with replacement"
            )
    text, dropped = drop_controls(split_lines(text))
    return text, "; ".join(p for p in (problem, dropped) if p) or None


_LINE_END = re.compile(r"\r\n?")


def split_lines(text: str) -> str:
    """``text`` with every line ending (CRLF, lone CR) as LF: a list saved with lone CRs was
    one long line, which held no entry (pure)."""
    return _LINE_END.sub("\n", text) if "\r" in text else text


BINARY_CONTROL_SHARE = 0.1
"""More control bytes than this share of the sniffed prefix means a binary file (a PNG, a PDF,
a zip); fewer are stray characters in a text file, dropped line by line."""

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]")
"""Control characters but tab, newline and carriage return (C0, DEL and C1)."""

_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13)) + b"\x7f"

MAX_LINES_NAMED = 5
"""How many lines a dropped-characters warning names."""


def _looks_binary(head: bytes) -> bool:
    controls = sum(head.count(bytes([b])) for b in _CONTROL_BYTES)
    return controls > BINARY_CONTROL_SHARE * len(head)


def drop_controls(text: str) -> tuple[str, str | None]:
    """``text`` without control characters (:data:`_CONTROL`), and a warning naming the
    lines they were on (pure)."""
    found = list(_CONTROL.finditer(text))
    if not found:
        return text, None
    lines: dict[int, None] = {}
    line, pos = 1, 0
    for match in found:
        line += text.count("\n", pos, match.start())
        pos = match.start()
        lines[line] = None
    names = sorted({"NUL" if m.group() == "\x00" else f"U+{ord(m.group()):04X}" for m in found})
    shown = ", ".join(str(n) for n in list(lines)[:MAX_LINES_NAMED])
    more = len(lines) - MAX_LINES_NAMED
    where = f"line {shown}" if len(lines) == 1 else f"lines {shown}"
    where += f" and {more} more" if more > 0 else ""
    return _CONTROL.sub("", text), (
        f"dropped {len(found)} control character(s) ({', '.join(names)}) on {where}"
    )


def read_list(path: Path) -> tuple[str | None, str | None]:
    """A list file's text (``None`` when unusable) and what was wrong with it, if anything."""
    try:
        data = read_regular(path)
    except NotRegularFile as exc:
        return None, f"{exc}, skipped"
    except OSError as exc:
        return None, f"unreadable ({exc.strerror or exc}), skipped"
    return decode_list(data)
