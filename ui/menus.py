"""The window's menu bar shared by its parts: each part finds a menu by its name instead of adding a
second one of the same title. Menus are found by object name, never by their (translated) titles."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QMenuBar


def _tr(text: str) -> str:
    return QCoreApplication.translate("Menus", text)


def menu_text(name: str) -> str:
    """A name typed by a user (a label, a path) as a menu item's or button's text: Qt takes a lone & as the
    mark of the item's Alt letter and hides it ("Q&A" showed "QA"); doubled, it is shown as typed."""
    return name.replace("&", "&&")


def object_name(title: str) -> str:
    """The object name of the menu bar's menu of this (source) title: "&Project" -> "projectMenu"."""
    words = title.replace("&", "").split()
    return words[0].lower() + "".join(w.capitalize() for w in words[1:]) + "Menu"


def find_menu(bar: QMenuBar, title: str) -> QMenu | None:
    """The menu bar's menu of this source title, whatever language it is shown in."""
    name = object_name(title)
    for action in bar.actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and menu.objectName() == name:
            return menu
    return None


def last_menus(bar: QMenuBar) -> QAction | None:
    """The first of Review and Help, which stay last: new menus go before it."""
    names = (object_name("&Review"), object_name("&Help"))
    return next((a for a in bar.actions() if isinstance(a.menu(), QMenu) and a.menu().objectName() in names),
                None)  # fmt: skip


def menu_named(main: QMainWindow, title: str) -> QMenu:
    """The menu bar's menu of this title; a new one before Review and Help when there is none."""
    bar = main.menuBar()
    found = find_menu(bar, title)
    if found is not None:
        return found
    menu = QMenu(_tr(title), main)
    menu.setObjectName(object_name(title))
    last = last_menus(bar)
    if last is not None:
        bar.insertMenu(last, menu)
    else:
        bar.addMenu(menu)
    return menu
