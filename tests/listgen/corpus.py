"""Generated corpora: files of sections, each section one layout, one style and one variant.

:func:`generate` cycles through every (layout, style) pair in a seeded order, so a corpus of
a few thousand entries already has each combination; the same seed gives the same files.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from tests.listgen.doc import Doc, Gold
from tests.listgen.fields import FIELD_LAYOUTS
from tests.listgen.forms import (
    OWN_STYLES,
    VARIANTS,
    Written,
    from_rendering,
    own_style,
    with_variant,
)
from tests.listgen.layouts import CONTAINER_LAYOUTS
from tests.listgen.noise import TOPICS, noise_block, noise_item, sentence
from tests.listgen.pool import Pool, load_pool
from tests.listgen.records import Record, make_record, synthetic_title

NOISE_SHARE = 0.15
"""About one item in seven of a container section is not an entry (a tool, a course ...)."""


@dataclass(frozen=True, slots=True)
class Corpus:
    """Generated list files (name → text) and the gold rows labelling them."""

    files: dict[str, str]
    gold: list[Gold]

    @property
    def entries(self) -> list[Gold]:
        return [g for g in self.gold if g.kind == "P"]


def styles(pool: Pool | None = None) -> list[str]:
    """Every style: the pool's CSL styles, then the forms CSL lacks."""
    pool = pool or load_pool()
    return sorted(pool.renders) + list(OWN_STYLES)


def family(style: str, pool: Pool | None = None) -> str:
    """A style's family: its CSL ``citation-format`` (``numeric``, ``author-date``,
    ``author``), ``own`` for the forms CSL lacks, ``fields`` for the field layouts."""
    pool = pool or load_pool()
    return pool.families.get(style) or ("fields" if style == "fields" else "own")


def combinations(pool: Pool) -> list[tuple[str, str]]:
    """(layout, style) pairs: each container layout with each style, and each field layout
    (style ``fields``) as often as a container layout."""
    all_styles = styles(pool)
    pairs = [(layout, style) for layout in CONTAINER_LAYOUTS for style in all_styles]
    pairs += [(layout, "fields") for layout in FIELD_LAYOUTS for _ in all_styles]
    return pairs


class _Maker:
    """Draws records and written entries for sections."""

    def __init__(self, rng: random.Random, pool: Pool) -> None:
        self.rng, self.pool, self.n = rng, pool, 0

    def record(self) -> Record:
        self.n += 1
        rng = self.rng
        title = rng.choice(self.pool.seed_titles) if rng.random() < 0.4 else synthetic_title(rng)
        return make_record(rng, title, f"g{self.n}")

    def written(self, style: str, variant: str) -> tuple[Record, Written]:
        rng = self.rng
        if style in self.pool.renders:
            i = rng.randrange(len(self.pool.records))
            record = self.pool.records[i]
            w = from_rendering(style, record, self.pool.renders[style][i])
        else:
            record = self.record()
            w = own_style(style, record, rng)
        return record, with_variant(w, variant, record, rng)

    def noise(self, style: str, variant: str) -> tuple[Record, Written]:
        """A non-entry item, labelled with its section's style and variant (for precision)."""
        text, what = noise_item(self.rng)
        return self.record(), Written(text, None, what, "", "", style, variant, kind="N")


def section(doc: Doc, maker: _Maker, layout: str, style: str, size: int) -> None:
    """A heading, maybe a line of prose, then ``size`` entries in ``layout``."""
    rng = maker.rng
    doc.blank()
    doc.other([f"## {rng.choice(TOPICS)}"], layout, "heading")
    doc.blank()
    if rng.random() < 0.3:
        doc.other([sentence(rng)], layout, "prose")
        doc.blank()
    variant = rng.choice(VARIANTS)
    if layout in FIELD_LAYOUTS:
        FIELD_LAYOUTS[layout](doc, [maker.record() for _ in range(size)], rng, variant)
        return
    units = [maker.written(style, variant) for _ in range(size)]
    for _ in range(round(size * NOISE_SHARE)):
        units.insert(rng.randrange(len(units) + 1), maker.noise(style, variant))
    CONTAINER_LAYOUTS[layout](doc, units, rng)


def generate(seed: int = 0, entries: int = 2000, *, sections_per_file: int = 5,
             only: set[tuple[str, str]] | None = None) -> Corpus:
    """A corpus of about ``entries`` paper entries (whole sections: a few more)."""
    rng = random.Random(seed)
    pool = load_pool()
    maker = _Maker(rng, pool)
    pairs = combinations(pool)
    if only is not None:
        pairs = [p for p in pairs if p in only or (p[0], "*") in only or ("*", p[1]) in only]
        if not pairs:
            raise ValueError(f"no (layout, style) pair matches {sorted(only)}: field layouts "
                             "take the style 'fields', the others any style but 'fields'")
    rng.shuffle(pairs)
    files: dict[str, str] = {}
    gold: list[Gold] = []
    made, k = 0, 0
    while made < entries:
        doc = Doc(f"list{len(files):04d}.md")
        doc.other([f"# Awesome {rng.choice(TOPICS)} Papers"], "-", "title")
        for _ in range(sections_per_file):
            if rng.random() < 0.3:
                doc.blank()
                lines, what = noise_block(rng)
                doc.other(lines, "-", what)
            layout, style = pairs[k % len(pairs)]
            k += 1
            section(doc, maker, layout, style, rng.randrange(4, 11))
        files[doc.name] = doc.text()
        gold += doc.gold
        papers = sum(1 for g in gold if g.kind == "P")
        # a sample of a style that drops every title (all ambiguous) counts those instead
        made = papers or sum(1 for g in gold if g.kind == "A")
    return Corpus(files, gold)
