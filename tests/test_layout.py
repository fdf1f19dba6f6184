"""The code's shape, checked: small functions and modules, a tree that names its tiers.

Function length is counted from the line after the docstring to the last line, so a docstring
that says why is never the reason to split a function."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "enrich"

MAX_FUNCTION_LINES = 60
"""Lines after the docstring: past it, a function does two steps."""
MAX_MODULE_LINES = 430
"""About 400: a module past it holds two concerns (cli.py, the largest, is at 428)."""


def _functions(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def _body_start(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    first = node.body[0]
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        return first.end_lineno or first.lineno
    return node.lineno


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py"))


def test_no_function_in_src_is_longer_than_the_limit():
    long = []
    for path in _modules():
        for fn in _functions(ast.parse(path.read_text(encoding="utf-8"))):
            lines = (fn.end_lineno or fn.lineno) - _body_start(fn)
            if lines > MAX_FUNCTION_LINES:
                long.append(f"{path.relative_to(SRC)}:{fn.lineno} {fn.name} ({lines} lines)")
    assert long == [], f"functions over {MAX_FUNCTION_LINES} lines: split them by step"


def test_no_module_in_src_is_longer_than_the_limit():
    long = [
        f"{p.relative_to(SRC)} ({n} lines)"
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    ]
    assert long == [], f"modules over {MAX_MODULE_LINES} lines: split them by concern"


def test_the_tree_names_its_tiers():
    """Where is a list line parsed, the retry policy, the cache lifetime, a stage file read?"""
    for part in (
        "parse/__init__.py",
        "http/session.py",
        "http/retry.py",
        "http/cache_policy.py",
        "http/ratelimit.py",
        "sources/s2.py",
        "sources/arxiv.py",
        "stages/files.py",
        "stages/ingest.py",
        "stages/resolve/chain.py",
        "stages/fetch.py",
        "stages/snapshot.py",
        "match.py",
        "pipeline.py",
    ):
        assert any(p.relative_to(SRC).as_posix().startswith(part) for p in _modules()), part
