"""The BibTeX export read by ``bibtex`` itself (issue 25): titles with an unbalanced brace, a
backslash or other LaTeX markup survive the program of record, not only bibtexparser.

``bibtex`` is Debian's ``texlive-binaries`` (no TeX needed); ``.ci/run`` installs it when
missing. The style file below writes each entry's key and title to the ``.bbl`` as BibTeX
read them; a LaTeX-to-text reader (pylatexenc) turns each title back into the paper's.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from enrich.report.exports import Record, to_bibtex

BIBTEX = shutil.which("bibtex")

TITLES = [
    "Unbalanced } brace after a word",
    "An { opening brace left open",
    r"A back\slash and \emph{not a command}",
    "100% of $5 & #1 on a_b, ~c and ^d",
    "Balanced {braces} and a closing one }",
    "Plain title after the hostile ones",
]

STYLE = """ENTRY { title } {} {}
FUNCTION {misc} { cite$ write$ newline$ title write$ newline$ }
FUNCTION {default.type} { misc }
READ
ITERATE {call.type$}
"""
"""A BibTeX style program: for each entry, its key on one line and its title on the next."""


def _records() -> list[Record]:
    return [
        Record(f"key{i}", "preprint", title, ["Ada Lovelace"], 2024, None, None, None, None)
        for i, title in enumerate(TITLES)
    ]


def _latex_to_text(latex: str) -> str:
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    db = get_default_latex_context_db()  # a fresh copy each call
    db.add_context_category(
        "text-symbols",
        prepend=True,
        macros=[
            MacroTextSpec("textbraceleft", "{"),
            MacroTextSpec("textbraceright", "}"),
            MacroTextSpec("textasciicircum", "^"),
        ],
    )
    return LatexNodes2Text(latex_context=db).latex_to_text(latex)


@pytest.mark.skipif(
    BIBTEX is None, reason="no bibtex: install Debian's texlive-binaries (.ci/run does)"
)
def test_titles_with_braces_and_backslashes_survive_the_bibtex_program(tmp_path):
    (tmp_path / "papers.bib").write_text(to_bibtex(_records()), encoding="utf-8")
    (tmp_path / "titles.bst").write_text(STYLE)
    (tmp_path / "run.aux").write_text("\\citation{*}\n\\bibdata{papers}\n\\bibstyle{titles}\n")
    env = {"PATH": "/usr/bin:/bin", "BIBINPUTS": str(tmp_path), "BSTINPUTS": str(tmp_path)}
    done = subprocess.run(
        [BIBTEX, "run"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    log = (tmp_path / "run.blg").read_text()
    assert done.returncode == 0 and not re.search(r"There (was|were) \d+ (error|warning)", log), log
    lines = (tmp_path / "run.bbl").read_text().split("\n")
    read = {}  # bibtex breaks long output lines: a key's title runs to the next key
    for line in lines:
        if line.startswith("key") and line[3:].isdigit():
            key = line
            read[key] = ""
        else:
            read[key] = f"{read[key]} {line}".strip()
    assert list(read) == [f"key{i}" for i in range(len(TITLES))]
    for i, title in enumerate(TITLES):
        assert " ".join(_latex_to_text(read[f"key{i}"]).split()) == title, read[f"key{i}"]
