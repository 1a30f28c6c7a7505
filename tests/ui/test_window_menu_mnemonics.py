"""Every menu of the real window, and its menu bar, gives each command its own keyboard letter (the &
mnemonic): with two items on one letter, pressing it only moves between them, and acts on neither."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

#: Submenus whose items are the project's data (labels, recent files): no letters of their own.
DATA_MENUS = {"Change label", "Recent projects", "Add selection as a piece of the current tag"}
#: The review panel's commands name their key in their text instead: "Next (N)", "(Enter: open the card)".
#: (The cards list's text is also its section's title there, where a letter would be the Claims pane's
#: Alt+D, Document, too.)
_KEY_IN_TEXT = re.compile(r"\((\w|Enter: [^)]*)\)$")


def letter(text: str) -> str:
    """The item's mnemonic as Qt reads it ("" when it has none)."""
    return QKeySequence.mnemonic(text).toString().removeprefix("Alt+").upper()


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def problems(title: str, menu: QMenu) -> list[str]:
    """Clashing and missing letters in menu and its submenus (filled as on opening them)."""
    menu.aboutToShow.emit()
    found: list[str] = []
    taken: dict[str, str] = {}
    data = _plain(title).split(" > ")[-1] in DATA_MENUS
    for action in menu.actions():
        if action.isSeparator() or not action.text():
            continue
        text = _plain(action.text())
        key = letter(action.text())
        if key and key in taken:
            found.append(f"{title}: {taken[key]!r} and {text!r} share {key}")
        elif key:
            taken[key] = text
        elif not data and not _KEY_IN_TEXT.search(text):
            found.append(f"{title}: {text!r} has no letter")
        sub = action.menu()
        if isinstance(sub, QMenu):
            found += problems(f"{title} > {text}", sub)
    return found


def test_every_menu_item_and_menu_has_its_own_letter(open_window: OpenWindow, qtbot: QtBot) -> None:
    window = open_window()
    bar = [(a.text(), m) for a in window.menuBar().actions() if isinstance(m := a.menu(), QMenu)]
    assert len(bar) >= 8
    titles = [letter(text) for text, _ in bar]
    assert all(titles) and len(set(titles)) == len(titles), [text for text, _ in bar]
    found = [p for text, menu in bar for p in problems(_plain(text), menu)]
    assert found == []
