"""The tree stays clean as `make lint` checks it: ruff (lint and format), mypy, the import contracts,
and no function-level import of the project's own modules without a comment saying why."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PROJECT_PACKAGES = ("portal", "accounts", "ingest", "search", "sheets", "stack")


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    # django-stubs' mypy plugin loads the settings: the development ones, as `make lint` asks for.
    env = {**os.environ, "DEBUG": "true"}
    return subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, env=env)


def test_ruff_check_is_clean() -> None:
    result = _run(str(BIN / "ruff"), "check", "--output-format", "concise", ".")
    assert result.returncode == 0, result.stdout


def test_ruff_format_is_clean() -> None:
    result = _run(str(BIN / "ruff"), "format", "--check", ".")
    assert result.returncode == 0, result.stdout


def test_mypy_is_clean() -> None:
    result = _run(str(BIN / "mypy"))
    assert result.returncode == 0, result.stdout


def test_import_contracts_are_kept() -> None:
    """Apps are layered (portal > search > ingest > accounts > sheets), sheets imports no Django, and
    no package has an import cycle."""
    result = _run(str(BIN / "lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout


def test_no_compiled_modules_shadow_the_sources() -> None:
    """Python imports an extension module before the .py beside it: the code read is the code run."""
    compiled = [str(p.relative_to(ROOT)) for pkg in PROJECT_PACKAGES for p in (ROOT / pkg).rglob("*.so")]
    assert not compiled, f"compiled modules beside the sources (make install removes them): {compiled}"


def _project_module(node: ast.Import | ast.ImportFrom) -> str | None:
    names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
    if isinstance(node, ast.ImportFrom) and node.level:
        return f"relative import from {node.module or '.'}"
    return next((n for n in names if n.split(".")[0] in PROJECT_PACKAGES), None)


def _function_level_imports(path: Path) -> list[str]:
    source = path.read_text()
    lines = source.splitlines()
    found = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            module = _project_module(node)
            said_why = "#" in lines[node.lineno - 1] or lines[node.lineno - 2].strip().startswith("#")
            if module and not said_why:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {module}")
    return found


def test_no_unexplained_function_level_imports_of_the_project() -> None:
    """A project import inside a function hides a cycle; where one is needed, a comment says why."""
    found = []
    for package in PROJECT_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                found += _function_level_imports(path)
    assert not found, "\n".join(found)
