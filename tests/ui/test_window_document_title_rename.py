"""Renaming a document in place in the list (F2): a title pasted from a page that holds a direction
override is refused with a dialog saying why and what to do, the title staying; the window's title
follows the stored one through undo, redo and a rename by another program."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from db import Store
from db.documents import rename_document
from tests.ui.conftest import OpenWindow
from ui.main_window import MainWindow

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


def _rename_in_place(window: MainWindow, qtbot: QtBot, doc_id: str, typed: str) -> None:
    window.doc_list.edit_title(doc_id)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, typed)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def _list_titles(window: MainWindow) -> list[str]:
    proxy = window.doc_list.proxy
    return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]


def test_the_window_title_follows_undo_redo_and_a_rename_elsewhere(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    doc_id = window.open_doc.id
    assert doc_id is not None
    _rename_in_place(window, qtbot, doc_id, "Roe: crime figures " + "x" * 400)
    qtbot.waitUntil(lambda: window.project.document(doc_id).title != "Roe on crime")
    stored = window.project.document(doc_id).title
    assert len(stored) == 300 and window.windowTitle().startswith(stored + " (")  # as kept, not as typed
    window.undo()
    assert window.windowTitle().startswith("Roe on crime (")
    window.redo()
    assert window.windowTitle().startswith(stored + " (")
    with Store.open(window.project.store.path or "") as other:  # factcheck rename in a terminal
        rename_document(other, doc_id, "Renamed elsewhere")
    assert window.project.reload_if_changed()  # what the window's timer calls
    assert window.windowTitle().startswith("Renamed elsewhere (")
    assert _list_titles(window) == ["Renamed elsewhere"]
