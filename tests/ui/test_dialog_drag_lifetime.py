"""A dialog closed or deleted under a drag its text field took: Qt is left pointing at no widget that is gone.

A dialog's text field takes dropped text by default, so it becomes Qt's drag target (a plain pointer, see
tests/ui/test_window_drag_lifetime.py). Each round opens one of the window's dialogs, and a timer, while
the dialog runs, drags text into its field and closes (or deletes) the dialog under the drag; then the
dialog is deleted and a drag moves elsewhere. The application's drag guard (ui/drag_guard.py) must have
ended each drag as its holder went.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.drag_support import Catcher, enter, move, text
from tests.ui.lifetime_support import own_window
from ui import dialogs, drag_guard
from ui.note_dialog import NoteDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

ROUNDS = 12


def _field(dialog: QWidget) -> QWidget:
    """The dialog's text field (its viewport for a multi-line one: where the pointer is)."""
    found = dialog.findChild(QPlainTextEdit) or dialog.findChild(QLineEdit)
    assert found is not None
    return found.viewport() if isinstance(found, QPlainTextEdit) else found


class _Leaves(QObject):
    """Counts the drag-leave events a widget gets: the one Qt hands its target as it forgets it."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.DragLeave:
            self.count += 1
        return False


def _under_drag(n: int, held: list[QWidget], leaves: _Leaves, end: Callable[[QDialog], None]) -> None:
    """Once the running dialog is up: a drag of text into its field (taken), then ``end`` it."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog)
        field = _field(dialog)
        field.installEventFilter(leaves)
        words = text("ridership doubled")
        if n % 2:
            assert not enter(dialog, text(""))  # empty text: no field takes it, Qt's target stays none
        assert enter(field, words, field.rect().center())  # the field took it: Qt's drag target
        if n % 4 == 1:
            assert move(dialog, words, field.rect().center())  # a move reaches the field wherever sent
        held[:] = [field]
        end(dialog)
        if not dialog.isVisible():  # closed, not yet deleted: Qt has no target, the field gets no move
            assert not move(field, words, field.rect().center())

    QTimer.singleShot(0, act)


def test_a_dialog_closed_or_deleted_under_a_drag_ends_it_first(qtbot: QtBot, tmp_path: Path) -> None:
    window, store = own_window(qtbot, tmp_path / "project.db")
    guard = drag_guard.guard()
    ended = guard.ended
    try:
        for n in range(ROUNDS):
            held: list[QWidget] = []
            leaves = _Leaves(window)
            catcher = Catcher()  # made before the dialog goes: see test_window_drag_lifetime
            kind = n % 3
            if kind == 0:  # the note dialog, its field multi-line: closed, deleted later (ui/modal.py)
                _under_drag(n, held, leaves, QDialog.reject)
                assert dialogs.edit_note(window, "more than doubled", "") is None
                QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            elif kind == 1:  # Qt's own input dialog, its line edit: closed, deleted at once by Qt
                _under_drag(n, held, leaves, QDialog.reject)
                assert dialogs.ask_annotator(window, "alice") is None
            else:  # a dialog deleted while shown, under the drag (its deletion hides it first)
                note = NoteDialog(window, "more than doubled", "")
                _under_drag(n, held, leaves, lambda dialog: dialog.deleteLater())
                note.exec()
                QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            assert held and not shiboken6.isValid(held[0]), "the dialog and its field are deleted"
            assert guard.ended == ended + n + 1, "the drag was ended as its holder went"
            assert leaves.count == 1, "Qt handed the field a leave: it forgot its target"
            assert not move(catcher, text("ridership doubled"))  # Qt looked for its target, found none
            assert catcher.moves == 0
            shiboken6.delete(catcher)
        assert guard.holders == []
    finally:
        shiboken6.delete(window)
        store.close()
