"""The code the README and docs/ name exists: a file (`ui/tag_editing.py`, `db/migrations.py`), a module's
name (`factcheck.core.articles.MAX_ARTICLE_BYTES`, `core.offsets`) and a class's member
(`MainWindow.apply_label`, `TagLayer.index_some`). A newcomer follows these names into the code; a
renamed or moved one would send them nowhere."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
PACKAGES = ("factcheck", "db", "ui")
_CODE = re.compile(r"`([^`\n]+)`")
# A file of the project: a path from one of its folders, ending in an extension (`factcheck/factcheck`,
# the standalone app's binary, is no file of the source tree).
_PATH = re.compile(
    r"(?<![\w/.@-])((?:factcheck|db|ui|core|services|formats|bench|tests|packaging|resources|docs)"
    r"/[\w/.-]*\.[a-z]+)(?![\w/-])"
)
# A dotted name: from factcheck, three parts or more (`factcheck.db` and `factcheck.exe` are files); not
# a host's name (`db.example.org:5432`, `maria@db.example.org/newsroom`).
_DOTTED = re.compile(
    r"(?<![\w/.@-])((?:factcheck(?:\.\w+){2,})|(?:db|ui|core|services)(?:\.\w+)+)(?![\w.:/-])"
)
_MEMBER = re.compile(r"(?<![\w.])([A-Z][A-Za-z0-9]+)\.([a-z_]\w*)(?!\w)")
# The short forms the docs use inside factcheck/ (`core/spans.py`, `services.merge`, `formats/brat.py`).
_ALIASES = {
    "core": "factcheck/core",
    "services": "factcheck/services",
    "formats": "factcheck/services/formats",
}


def code_spans(path: Path) -> list[tuple[int, str]]:
    """(line number, text) of each inline code span of path."""
    return [
        (number, code)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for code in _CODE.findall(line)
    ]


def _bases(first: str) -> list[str]:
    return [first, *([_ALIASES[first]] if first in _ALIASES else [])]


def path_exists(named: str) -> bool:
    first, _, rest = named.partition("/")
    return any((ROOT / base / rest).exists() for base in _bases(first))


@cache
def _top_names(module: Path) -> frozenset[str]:
    names: set[str] = set()
    for node in ast.parse(module.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    return frozenset(names)


def dotted_exists(named: str) -> bool:
    """Whether named is a module or package of ours, or a name defined at its top level."""
    parts = named.split(".")
    for base in _bases(parts[0]):
        for i in range(len(parts), 0, -1):
            folder = ROOT / "/".join([base, *parts[1:i]])
            module = folder.with_suffix(".py") if i > 1 else folder / "__init__.py"
            if not module.exists() and (folder / "__init__.py").exists():
                module = folder / "__init__.py"
            if not module.exists():
                continue
            rest = parts[i:]
            if not rest:
                return True
            if rest[0] in _top_names(module) or (folder / f"{rest[0]}.py").exists():
                return True
            break
    return False


@cache
def class_members() -> dict[str, frozenset[str]]:
    """Each class of ours by name: its methods, class attributes and what its methods set on self."""
    members: dict[str, set[str]] = defaultdict(set)
    for package in PACKAGES:
        for module in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.ClassDef):
                    continue
                found = members[node.name]
                for inner in ast.walk(node):
                    if isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef):
                        found.add(inner.name)
                    elif isinstance(inner, ast.Name) and isinstance(inner.ctx, ast.Store):
                        found.add(inner.id)
                    elif isinstance(inner, ast.Attribute) and isinstance(inner.ctx, ast.Store):
                        found.add(inner.attr)
    return {name: frozenset(names) for name, names in members.items()}


def problems(path: Path) -> list[str]:
    found = []
    where = path.relative_to(ROOT).as_posix()
    for number, code in code_spans(path):
        found += [f"{where}:{number}: no file {p}" for p in _PATH.findall(code) if not path_exists(p)]
        found += [f"{where}:{number}: no name {d}" for d in _DOTTED.findall(code) if not dotted_exists(d)]
        for cls, member in _MEMBER.findall(code):
            known = class_members().get(cls)
            if known is not None and member not in known:
                found.append(f"{where}:{number}: no member {cls}.{member}")
    return found


def test_names_are_read_from_the_docs_code() -> None:
    spans = [code for doc in DOCS for _, code in code_spans(doc)]
    assert sum(len(_PATH.findall(c)) for c in spans) > 50
    assert sum(len(_DOTTED.findall(c)) for c in spans) > 10
    assert sum(len(_MEMBER.findall(c)) for c in spans) > 5
    assert _PATH.findall("factcheck/factcheck install-desktop") == []
    assert _DOTTED.findall("factcheck.db, postgresql://maria@db.example.org/newsroom") == []
    assert _DOTTED.findall("db.example.org:5432:newsroom") == []
    assert _MEMBER.findall("`ArticleView.paintEvent` then") == [("ArticleView", "paintEvent")]


def test_a_missing_file_name_or_member_is_caught() -> None:
    assert path_exists("ui/tag_editing.py") and path_exists("core/spans.py")
    assert path_exists("formats/json_typed.py") and not path_exists("ui/tag_editor.py")
    assert dotted_exists("factcheck.core.articles.MAX_ARTICLE_BYTES") and dotted_exists("core.offsets")
    assert not dotted_exists("factcheck.articles.MAX_ARTICLE_BYTES")
    assert not dotted_exists("core.model.NO_SUCH_NAME")
    assert "apply_label" in class_members()["MainWindow"]
    assert "apply_label" not in class_members()["ProjectModel"]


def test_every_file_and_name_the_docs_give_exists() -> None:
    assert [p for doc in DOCS for p in problems(doc)] == []
