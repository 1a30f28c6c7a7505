"""Qt stays in ui/: factcheck/ and db/ import neither PySide6 nor ui (napari/Anki style). The store's
connection stays in db/: nothing above it reaches `Store._db`."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = ("PySide6", "shiboken6", "ui")


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_core_and_store_never_import_qt_or_ui() -> None:
    offenders = []
    for package in ("factcheck", "db"):
        for path in (ROOT / package).rglob("*.py"):
            for name in _imports(path):
                if name.split(".")[0] in FORBIDDEN:
                    offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


def _connection_uses(source: str) -> list[int]:
    """Lines of source that read or write an attribute named _db (the store's connection)."""
    return sorted(
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute) and node.attr == "_db"
    )


def test_the_connection_checker_sees_reads_and_writes() -> None:
    source = "x = store._db.conn\nwindow.project.store._db = None\nstore.db_path\n_db = 1\n"
    assert _connection_uses(source) == [1, 2]


def test_only_db_touches_the_stores_connection() -> None:
    offenders = []
    for package in ("factcheck", "ui", "bench"):
        for path in sorted((ROOT / package).rglob("*.py")):
            for line in _connection_uses(path.read_text(encoding="utf-8")):
                offenders.append(f"{path.relative_to(ROOT)}:{line}")
    assert offenders == [], "use a Store method (or add one in db/) instead of the connection"


def test_cli_runs_without_loading_qt(tmp_path: Path) -> None:
    code = (
        "import sys; from db import Store; from factcheck.cli import main; "
        f"Store.open({str(tmp_path / 'x.db')!r}).close(); "
        f"rc = main(['--db', {str(tmp_path / 'x.db')!r}, 'list']); "
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt was loaded'; sys.exit(rc)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_import_linter_contract() -> None:
    result = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
