"""Project › Speakers… changes (add, edit, merge) are commands on the window's undo stack: each edit, its
undo (Edit › Undo, or Ctrl+Z in the Speakers window) and its redo, with the database file's content after
each."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWindow
from tests.ui.structure_support import TEXT
from ui import speakers_dialog
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore(
    "propagateSizeHints", "support raise", "grabbing the keyboard"
)  # offscreen: show(), raise_()

Rows = list[tuple[Any, ...]]


def _content(path: Path) -> Rows:
    """The speakers the file holds (another connection); whether deleted rather than when, and no
    updated_at: every write stamps it, so that a merge takes the newest word."""
    with sqlite3.connect(path) as conn:
        return conn.execute(
            "SELECT id, name, kind, description, same_as, created_at, deleted_at IS NOT NULL, merged_into "
            "FROM speakers ORDER BY id"
        ).fetchall()


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window(text=TEXT)


def _answer_editor(monkeypatch: pytest.MonkeyPatch, name: str, description: str = "") -> None:
    """The next speaker editor: fill in name (and description) and press OK."""

    def exec_(editor: speakers_dialog.SpeakerEditor) -> int:
        editor.name.setText(name)
        editor.description.setPlainText(description)
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(speakers_dialog.SpeakerEditor, "exec", exec_)


def _undo_redo(window: MainWindow, before: Rows, after: Rows, undo_text: str) -> None:
    path = window.project.path
    assert path is not None
    assert window.actions_.undo.text() == f"&Undo {undo_text}"
    assert _content(path) == after
    window.actions_.undo.trigger()
    assert _content(path) == before
    window.actions_.redo.trigger()
    assert _content(path) == after


def test_speaker_add_edit_merge_undo_and_redo(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = window.project.path
    assert path is not None
    dialog = window.structure.show_speakers()
    start = _content(path)

    _answer_editor(monkeypatch, "Rex Tillerson")
    rex = dialog.add()
    assert rex is not None
    added = _content(path)
    assert start == [] and [row[6] for row in added] == [0]
    # The undone add leaves a tombstone (so that a merge never brings the speaker back); redo revives it.
    tombstone = [(*added[0][:6], 1, None)]
    _undo_redo(window, tombstone, added, "Add speaker Rex Tillerson")
    assert [s.id for s in window.project.speakers()] == [rex.id]

    dialog.select(rex.id)
    _answer_editor(monkeypatch, "Rex Tillerson", "US Secretary of State")
    assert dialog.edit() is not None
    edited = _content(path)
    assert edited[0][3] == "US Secretary of State"
    _undo_redo(window, added, edited, "Edit speaker Rex Tillerson")

    _answer_editor(monkeypatch, "Tillerson")
    other = dialog.add()
    assert other is not None
    two = _content(path)
    dialog.select(other.id)
    monkeypatch.setattr(
        speakers_dialog, "pick", lambda *args: next(s for s in args[3] if s.value.id == rex.id).value
    )
    assert dialog.merge() is not None
    merged = _content(path)
    assert {row[1]: row[7] for row in merged}["Tillerson"] == rex.id
    _undo_redo(window, two, merged, "Merge speaker Tillerson into Rex Tillerson")
    assert dialog.model.rowCount() == 2  # the dialog follows
    # Ctrl+Z in the Speakers window itself (the window's Edit menu does not reach its keys).
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _content(path) == two
    qtbot.keyClick(
        dialog.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert _content(path) == merged
