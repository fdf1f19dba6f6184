"""A generated list file as it is written: its lines and the gold rows that label them."""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.listgen.forms import Written


@dataclass(frozen=True, slots=True)
class Gold:
    """One labelled span of a generated file, in the shape of ``../shared/lists/gold/*.tsv``.

    ``kind``: ``P`` a paper entry, ``N`` not an entry, ``A`` ambiguous (counted neither way).
    ``style``, ``variant`` and ``layout`` say how it was generated (the TSV's note column).
    """

    file: str
    start: int  #: 1-based first line
    end: int  #: last line (inclusive)
    kind: str
    title: str
    venue: str
    year: str
    style: str
    variant: str
    layout: str

    def tsv(self) -> str:
        note = f"style={self.style} variant={self.variant} layout={self.layout}"
        cells = [self.file, str(self.start), str(self.end), self.kind, self.title, self.venue,
                 self.year, note]
        return "\t".join(c.replace("\t", " ") for c in cells)


@dataclass
class Doc:
    """Lines and gold of one file, appended block by block."""

    name: str
    lines: list[str] = field(default_factory=list)
    gold: list[Gold] = field(default_factory=list)

    @property
    def next_line(self) -> int:
        return len(self.lines) + 1

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def entry(self, lines: list[str], w: Written, layout: str, *, venue: str | None = None,
              year: str | None = None) -> None:
        """Lines holding one entry; ``venue``/``year`` override the gold (context gives them)."""
        start = self.next_line
        self.lines.extend(lines)
        self.gold.append(Gold(
            self.name, start, self.next_line - 1, w.kind, w.title,
            w.venue if venue is None else venue, w.year if year is None else year,
            w.style, w.variant, layout,
        ))

    def other(self, lines: list[str], layout: str, what: str, kind: str = "N") -> None:
        """Lines that are not an entry (``what`` names the kind of thing, for ``-v``)."""
        start = self.next_line
        self.lines.extend(lines)
        self.gold.append(Gold(self.name, start, self.next_line - 1, kind, what, "", "", "-",
                              "-", layout))

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"
