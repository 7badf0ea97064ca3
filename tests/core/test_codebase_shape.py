"""The shape of the code (issue 23): modules small enough to read whole, functions short enough
to see at once, and package ``__init__`` files that hold nothing to import through.

Everything outside the migrations and the tests counts, bench/ and the demo builders included.
A module is at most 450 lines, a function at most 60 (from its ``def`` to its last line,
decorators left out, measured on the AST).
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 60
# Folders that are not the portal's code, or that these rules leave out.
SKIPPED = {".venv", "venv", ".git", "node_modules", "__pycache__", "var", "migrations", "tests"}
# Package __init__ files allowed more than a docstring, each with its reason.
INIT_ALLOWED = {
    # Celery's documented way to load its app when Django starts ("First steps with Django"):
    # importing the package imports recovery_portal/celery.py, so @shared_task binds to it.
    "recovery_portal/__init__.py",
}


def modules() -> list[Path]:
    found = []
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [sub for sub in subfolders if sub not in SKIPPED]
        found += [Path(folder) / file for file in files if file.endswith(".py")]
    return sorted(found)


def name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_the_scan_sees_the_code():
    found = {name(path) for path in modules()}
    assert "recovery_portal/settings.py" in found
    assert "clients/services/retention.py" in found
    assert "bench/audit_verify.py" in found
    assert not any(path.startswith("tests/") or "/migrations/" in path for path in found)


def test_no_module_is_over_450_lines():
    long = [
        f"{name(path)}: {lines} lines"
        for path in modules()
        if (lines := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    ]
    assert not long, f"modules over {MAX_MODULE_LINES} lines (split them by part):\n" + "\n".join(
        long
    )


def test_no_function_is_over_60_lines():
    long = []
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{name(path)}:{node.lineno} {node.name}: {lines} lines")
    assert not long, (
        f"functions over {MAX_FUNCTION_LINES} lines (split them into named steps):\n"
        + "\n".join(long)
    )


def test_package_init_files_hold_only_a_docstring():
    """Imports name the defining module, so an ``__init__`` has nothing to re-export; the
    models packages are the exception Django needs (models importable from the package)."""
    crowded = []
    for path in modules():
        if path.name != "__init__.py" or path.parent.name == "models":
            continue
        if name(path) in INIT_ALLOWED:
            continue
        body = ast.parse(path.read_text()).body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            body = body[1:]  # the docstring
        if body:
            crowded.append(f"{name(path)}: line {body[0].lineno}")
    assert not crowded, "package __init__ files with more than a docstring:\n" + "\n".join(crowded)


def _selector_functions():
    for path in modules():
        if "/selectors" not in name(path):
            continue
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                yield name(path), node


def test_selectors_say_whom_they_trust_by_name():
    """``*_for(user, …)`` applies the user's scope; ``*_of(parent, …)`` trusts a parent the
    caller already scoped (docs/architecture.md §2): the name tells a reader which it is."""
    wrong = []
    for path, node in _selector_functions():
        first = node.args.args[0].arg if node.args.args else None
        if node.name.endswith("_for") and first != "user":
            wrong.append(f"{path} {node.name}({first}, …): a *_for takes the user first")
        if node.name.endswith("_of") and first == "user":
            wrong.append(f"{path} {node.name}(user, …): a *_of trusts its parent, not a user")
    assert not wrong, "\n".join(wrong)
