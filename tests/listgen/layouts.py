"""Container layouts: how a list holds references written in any style, each layout a function
that appends one section to a :class:`~tests.listgen.doc.Doc` (bullets, numbers, bare lines,
paragraphs, checkboxes, wrapped lines, escapes, HTML, emoji and badges). The units they get
include non-entry items (gold kind ``N``, :func:`tests.listgen.noise.noise_item`) mixed in
among the entries. Layouts that spread a record's fields over the structure are in
:mod:`tests.listgen.fields`.
"""

from __future__ import annotations

import random
import textwrap
from collections.abc import Callable

from tests.listgen.doc import Doc
from tests.listgen.forms import Written, paper_url
from tests.listgen.records import Record

Layout = Callable[[Doc, list[tuple[Record, Written]], random.Random], None]
"""A container layout: appends the entries (and the non-entry items among them) to a doc."""


def _items(doc: Doc, units: list[tuple[Record, Written]], layout: str,
           prefix: Callable[[int], str]) -> None:
    for i, (_, w) in enumerate(units, 1):
        doc.entry([prefix(i) + w.text], w, layout)


def bullets(marker: str) -> Layout:
    def lay(doc: Doc, units: list[tuple[Record, Written]], rng: random.Random) -> None:
        _items(doc, units, f"bullet{marker}", lambda i: f"{marker} ")

    return lay


def typographic(doc: Doc, units: list[tuple[Record, Written]], rng: random.Random) -> None:
    """Typographic bullets (``•``, ``▪``, ``➤``, ``◦``), indented or not, as text pasted from a
    web page or a document keeps them."""
    marker = rng.choice(("•", "▪", "➤", "◦", "·"))
    indent = rng.choice(("", "  ", "    "))
    _items(doc, units, "bullet•", lambda i: f"{indent}{marker} ")


def numbered(form: str) -> Layout:
    """Numbered items; a third of ``1.`` lists number every item ``1.`` (Markdown renumbers)."""

    def lay(doc: Doc, units: list[tuple[Record, Written]], rng: random.Random) -> None:
        ones = form == "{i}." and rng.random() < 0.3
        _items(doc, units, "numbered" + form.format(i=1),
               lambda i: form.format(i=1 if ones else i) + " ")

    return lay


def bare_lines(doc: Doc, units: list[tuple[Record, Written]], rng: random.Random) -> None:
    _items(doc, units, "bare", lambda i: "")


def paragraphs(doc: Doc, units: list[tuple[Record, Written]], rng: random.Random) -> None:
    """One entry per paragraph: blank lines between them."""
    for _, w in units:
        doc.entry([w.text], w, "paragraphs")
        doc.blank()


def checkboxes(doc: Doc, units: list[tuple[Record, Written]], rng: random.Random) -> None:
    _items(doc, units, "checkbox", lambda i: f"- [{' x'[rng.random() < 0.4]}] ")


def hard_wrapped(doc: Doc, units: list[tuple[Record, Written]], rng: random.Random) -> None:
    """Each entry wrapped at 50-75 columns: a bullet or numbered item with indented or lazy
    continuation lines, or a paragraph of its own."""
    form = rng.choice(("- ", "1. ", ""))
    for i, (_, w) in enumerate(units, 1):
        width = rng.randrange(50, 76)
        lines = textwrap.wrap(w.text, width, break_long_words=False, break_on_hyphens=False)
        if form:
            marker = f"{i}. " if form == "1. " else form
            indent = " " * len(marker) if rng.random() < 0.7 else ""
            lines = [marker + lines[0], *(indent + x for x in lines[1:])]
        doc.entry(lines, w, "wrapped")
        if not form:
            doc.blank()


def escapes(doc: Doc, units: list[tuple[Record, Written]], rng: random.Random) -> None:
    r"""Escaped numbers and bullets (``\[1\]``, ``1\.``, ``\-``) and escaped underscores,
    asterisks and brackets in the text, as converters from Word or HTML export them."""
    form = rng.choice((r"\[{i}\] ", r"{i}\. ", r"\- ", r"\* "))
    for i, (_, w) in enumerate(units, 1):
        text = w.text
        if w.kind != "N" and w.variant == "plain":  # literal characters, not markup
            for ch in "_*[]":
                text = text.replace(ch, "\\" + ch)
        doc.entry([form.format(i=i) + text], w, "escapes")
        doc.blank()


def inline_html(doc: Doc, units: list[tuple[Record, Written]], rng: random.Random) -> None:
    """Bullets whose title is in ``<b>``, ``<i>`` or ``<a href>``, some ending in ``<br>``."""
    for record, w in units:
        text = w.text
        if w.title_span and w.variant == "plain":
            a, b = w.title_span
            tag = rng.choice(("b", "i", "a"))
            open_ = f'<a href="{paper_url(record, rng)}">' if tag == "a" else f"<{tag}>"
            text = f"{text[:a]}{open_}{text[a:b]}</{tag}>{text[b:]}"
        doc.entry([f"- {text}{rng.choice(('', '<br>', '<br/>'))}"], w, "html")


def table_ref(doc: Doc, units: list[tuple[Record, Written]], rng: random.Random) -> None:
    """A table of whole references: ``| # | Reference |`` (or ``| Paper | Notes |``)."""
    numbered_rows = rng.random() < 0.5
    head = "| # | Reference |" if numbered_rows else "| Paper | Notes |"
    doc.other([head, "|---|---|"], "table-ref", "header")
    for i, (_, w) in enumerate(units, 1):
        text = w.text.replace("|", "\\|")
        cells = [str(i), text] if numbered_rows else [text, rng.choice(("", "must read", "✓"))]
        doc.entry(["| " + " | ".join(cells) + " |"], w, "table-ref")
    doc.blank()


EMOJI = ("🔥", "⭐", "🚀", ":fire:", "📄", "✅")


def emoji_badges(doc: Doc, units: list[tuple[Record, Written]], rng: random.Random) -> None:
    """Bullets with an emoji before and a shields.io badge after."""
    for _, w in units:
        lead = rng.choice(EMOJI) + " " if rng.random() < 0.7 else ""
        badge = (" ![GitHub stars](https://img.shields.io/github/stars/org/"
                 f"repo{rng.randrange(99)}?style=social)") if rng.random() < 0.6 else ""
        doc.entry([f"- {lead}{w.text}{badge}"], w, "emoji")


CONTAINER_LAYOUTS: dict[str, Layout] = {
    "bullet-": bullets("-"),
    "bullet*": bullets("*"),
    "bullet+": bullets("+"),
    "bullet•": typographic,
    "numbered1.": numbered("{i}."),
    "numbered1)": numbered("{i})"),
    "numbered[1]": numbered("[{i}]"),
    "bare": bare_lines,
    "paragraphs": paragraphs,
    "checkbox": checkboxes,
    "wrapped": hard_wrapped,
    "escapes": escapes,
    "html": inline_html,
    "emoji": emoji_badges,
    "table-ref": table_ref,
}
"""Container layouts by name (the name is the gold's ``layout``)."""
