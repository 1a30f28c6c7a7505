"""The window's menu bar shared by its parts: each part finds a menu by its title instead of adding a
second one of the same name."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QMenu


def menu_named(main: QMainWindow, title: str) -> QMenu:
    """The menu bar's menu of this title; a new one before Review and Help when there is none."""
    bar = main.menuBar()
    for action in bar.actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and action.text() == title:
            return menu
    menu = QMenu(title, main)
    # Before Review and Help, which stay last.
    last = next((a for a in bar.actions() if a.text() in ("&Review", "&Help")), None)
    if last is not None:
        bar.insertMenu(last, menu)
    else:
        bar.addMenu(menu)
    return menu
