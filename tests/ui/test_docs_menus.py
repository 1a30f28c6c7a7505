"""Every menu command the README and docs/ name ("Project > Labels…", "View > Claims pane") is in the real
window's menu bar under that menu: a renamed or moved command must take its docs along."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_PATH = re.compile(r"\b(File|Edit|View|Project|Claims|Structure|Review|Help) > ([^\n]{1,60})")


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").replace("...", "…").split("\t")[0]


def menu_items(menu: QMenu) -> list[str]:
    """The texts of menu's commands, a submenu's as "Sub > Item" (and "Sub" itself)."""
    items: list[str] = []
    for action in menu.actions():
        if action.isSeparator() or not action.text():
            continue
        text = _plain(action.text())
        items.append(text)
        sub = action.menu()
        if isinstance(sub, QMenu):
            items.extend(f"{text} > {inner}" for inner in menu_items(sub))
    return items


def documented_paths() -> list[tuple[str, str, str]]:
    """(where, menu, the text after "menu > ") for each menu path the docs name."""
    found = []
    for path in DOCS:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for menu, rest in _PATH.findall(line):
                found.append((f"{path.relative_to(ROOT).as_posix()}:{number}", menu, rest))
    return found


def named_item(rest: str, items: list[str]) -> str | None:
    """The menu item rest starts with (the longest: "Labels…" before "Labels"), or None. The docs may leave
    out an item's "…" ("File > Import, or ...")."""
    rest = rest.replace("...", "…")
    fits = [
        item
        for item in items
        for text in (item, item.removesuffix("…"))
        if rest.startswith(text) and not rest[len(text) : len(text) + 1].isalnum()
    ]
    return max(fits, key=len) if fits else None


def test_the_docs_name_menu_commands() -> None:
    paths = documented_paths()
    assert len(paths) > 20 and {"File", "View", "Project", "Review", "Help"} <= {m for _, m, _ in paths}
    assert named_item("Labels… adds", ["Label", "Labels…"]) == "Labels…"
    assert named_item("Labelsmith", ["Labels"]) is None
    assert named_item("Import, or `factcheck import`", ["Import…"]) == "Import…"


def test_every_menu_command_the_docs_name_is_in_the_window(open_window: OpenWindow, qtbot: QtBot) -> None:
    window = open_window()
    menus: dict[str, list[str]] = {}
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu):
            menus[_plain(action.text())] = menu_items(menu)
    missing = [
        f"{where}: {menu} > {rest}"
        for where, menu, rest in documented_paths()
        if named_item(rest, menus.get(menu, [])) is None
    ]
    assert missing == []
