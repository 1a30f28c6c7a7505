"""Dialogs and menus opened, waited for, then let go.

A dialog or menu made with the window (or a pane) as its parent lives as long as that parent: one made
anew for each question and never deleted stays a hidden child of the window, with its widgets, models and
connections, for the whole session. Hours of keyboard work open thousands of them. Every one-shot dialog
and context menu goes through here: it runs, then is deleted once control is back in the event loop (not at
once: the caller still reads the answer off it). Handing it to Python instead (setParent(None)) would not
free it: its signal connections hold it. A question asked by a dialog (drop the typed text?) is not run
here: it goes with that dialog, and deleted later it would stay the active window until the loop runs.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu


def run(dialog: QDialog) -> int:
    """dialog.exec(), then the dialog deleted; its answer may be read until control returns to the loop."""
    try:
        return dialog.exec()
    finally:
        dialog.deleteLater()


def accepted(dialog: QDialog) -> bool:
    """Whether the dialog was accepted (run as above)."""
    return run(dialog) == QDialog.DialogCode.Accepted


def popup(menu: QMenu, at: QPoint) -> QAction | None:
    """menu.exec(at), then the menu deleted (the window's own actions on it are only borrowed)."""
    try:
        return menu.exec(at)
    finally:
        menu.deleteLater()
