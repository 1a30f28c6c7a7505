"""Renaming a document in place in the list (F2) with a title pasted from a page that holds a direction
override: refused with a dialog saying why and what to do; the title stays."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's


def test_a_pasted_title_with_a_direction_override_is_refused(
    qtbot: QtBot, open_window: OpenWindow, dialogs: list[tuple[str, str]]
) -> None:
    window = open_window()
    doc_id = window.open_doc.id
    assert doc_id is not None
    window.doc_list.edit_title(doc_id)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    QApplication.clipboard().setText("Roe t\u202eitle")
    qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(dialogs), timeout=5000)
    ((kind, said),) = dialogs
    assert kind == "critical" and said.startswith("Cannot rename: ")
    assert "control characters" in said and "Type the title again" in said and "\u202e" not in said
    assert window.project.document(doc_id).title == "Roe on crime"
    assert not window.undo_stack.canUndo()
