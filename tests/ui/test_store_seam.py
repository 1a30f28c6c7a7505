"""One seam for writes: in ui/, only the project (and the operations it runs) holds the Store."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "ui"
# project_structure: the project's base class; project_operations: the work it runs on the worker.
HOLDERS = {"project.py", "project_structure.py", "project_operations.py", "operations.py"}


def _store_uses(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in ("store", "_store", "db"):
            found.append(f"line {node.lineno}: .{node.attr}")
        elif isinstance(node, ast.Name) and node.id == "Store":
            found.append(f"line {node.lineno}: Store")
        elif isinstance(node, ast.ImportFrom) and any(a.name == "Store" for a in node.names):
            found.append(f"line {node.lineno}: imports Store")
    return found


def test_only_the_project_holds_the_store() -> None:
    offenders = {
        path.name: uses
        for path in sorted(UI.glob("*.py"))
        if path.name not in HOLDERS and (uses := _store_uses(path))
    }
    assert offenders == {}


def test_the_check_sees_a_store_held_elsewhere(tmp_path: Path) -> None:
    sample = tmp_path / "window.py"
    sample.write_text("from db import Store\n\ndef f(p):\n    return p.store.path\n", encoding="utf-8")
    assert _store_uses(sample) == ["line 1: imports Store", "line 4: .store"]
