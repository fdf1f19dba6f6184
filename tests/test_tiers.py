"""The tiers' import direction: ``sources/`` builds on ``http/``, never the other way round.

The answer checks reach the session from the sources layer (the S2 client declares its
shapes on the session's cache policy), so ``http/`` can be read, tested and reused without
any source's models.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "enrich"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_http_imports_nothing_from_sources_or_stages():
    for path in sorted((SRC / "http").glob("*.py")):
        bad = {n for n in _imports(path) if n.startswith(("enrich.sources", "enrich.stages"))}
        assert not bad, f"{path.name} imports {sorted(bad)}"


def test_importing_http_loads_no_source_module():
    code = (
        "import sys, enrich.http; "
        "print([m for m in sys.modules if m.startswith('enrich.sources')])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_cli_imports_what_a_command_needs_when_it_runs():
    """``enrich --help`` (and every command before it starts) loads no HTTP stack, no table
    library and no source model: issue 24's fixed cost. The commands import them lazily."""
    heavy = ("pyarrow", "pandas", "numpy", "requests", "requests_cache", "pydantic", "jinja2",
             "matplotlib", "networkx", "enrich.sources.s2", "enrich.http.session")  # fmt: skip
    code = f"import sys, enrich.cli; print([m for m in {heavy!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_report_imports_no_plotting_or_export_library():
    """A run writes the report and the lists; the export formats' libraries load only when
    ``enrich export`` asks for one, and the charts need no plotting library."""
    heavy = ("bibtexparser", "rispy", "citeproc", "matplotlib", "networkx")
    code = f"import sys, enrich.report; print([m for m in {heavy!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
