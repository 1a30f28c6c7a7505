"""Switching the window's project: File > New/Open database and the recent databases menu."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from factcheck.core.errors import FactcheckError
from ui import dialogs
from ui.menus import menu_text
from ui.project import ProjectModel
from ui.settings import Settings


def _tr(text: str) -> str:
    return QCoreApplication.translate("Databases", text)


def open_database(parent: QWidget, project: ProjectModel, settings: Settings, path: Path | str) -> bool:
    """Switch to the database at path; on a bad file, say so and keep the current one."""
    try:
        project.open_database(path)
    except FactcheckError as exc:
        dialogs.show_error(parent, _tr("Cannot open the database"), str(exc),
                           what_next=_tr("The current database stays open."))  # fmt: skip
        return False
    settings.add_recent_database(path)
    return True


def choose_and_open(parent: QWidget, project: ProjectModel, settings: Settings, *, new: bool) -> None:
    path = dialogs.choose_database(parent, new=new)
    if path:
        open_database(parent, project, settings, path)


def open_recent(parent: QWidget, project: ProjectModel, settings: Settings, path: str) -> bool:
    """A recent database; one that was moved or deleted is not silently created anew."""
    if not Path(path).exists():
        settings.remove_recent_database(path)
        hint = _tr("It was removed from the recent list; use File > Open to find it.")
        what = _tr("{path} no longer exists.").format(path=path)
        dialogs.show_error(parent, _tr("Cannot open the database"), what, what_next=hint)
        return False
    return open_database(parent, project, settings, path)


def fill_recent_menu(menu: QMenu, settings: Settings, open_recent: Callable[[str], object]) -> None:
    menu.clear()
    for path in settings.recent_databases():
        action = QAction(menu_text(path), menu)
        action.triggered.connect(lambda _=False, p=path: open_recent(p))
        menu.addAction(action)
    if menu.isEmpty():
        menu.addAction(_tr("No recent databases")).setEnabled(False)
