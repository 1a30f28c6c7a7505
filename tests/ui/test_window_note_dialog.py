"""The note editor (F2) in the real window: Ctrl+Enter saves, Esc cancels, typed text is never dropped."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPlainTextEdit, QPushButton
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.ui.conftest import OpenWindow
from ui.main_window import MainWindow
from ui.note_dialog import NoteDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _one_tag(store: Store, doc: Document) -> None:
    s = doc.text.index("crime")
    store.add_annotation(new_annotation(doc, s, s + 5, "claim", "alice"))


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    w = open_window(prepare=_one_tag)
    w.view.set_current(w.project.store.annotations()[0].id)
    w.view.setFocus()
    return w


def note_of(window: MainWindow) -> str:
    return window.project.store.annotations()[0].note


def with_dialog(qtbot: QtBot, act: Callable[[NoteDialog], None]) -> list[str]:
    """Run act on the note dialog once it is open (it runs modally); what act saw is returned."""
    seen: list[str] = []
    tries = iter(range(300))

    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, NoteDialog) or not dialog.isActiveWindow():
            if next(tries, None) is None:  # another dialog, or none: close it, the test fails
                if isinstance(dialog, QDialog):
                    dialog.reject()
                return
            if isinstance(dialog, NoteDialog):
                dialog.activateWindow()
            QTimer.singleShot(10, step)
            return
        seen.append("open")
        try:
            act(dialog)
        finally:
            if dialog.isVisible():  # act failed midway: close, so the test reports instead of hanging
                seen.append("left open")
                dialog.done(QDialog.DialogCode.Rejected)

    QTimer.singleShot(0, step)
    return seen


def type_into(qtbot: QtBot, dialog: NoteDialog, text: str) -> None:
    qtbot.keyClicks(dialog.editor, text)


def test_enter_is_a_new_line_and_ctrl_enter_saves(window: MainWindow, qtbot: QtBot) -> None:
    def act(dialog: NoteDialog) -> None:
        type_into(qtbot, dialog, "Source: council")
        qtbot.keyClick(dialog.editor, Qt.Key.Key_Return)
        type_into(qtbot, dialog, "minutes")
        qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    seen = with_dialog(qtbot, act)
    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    assert seen == ["open"]
    assert note_of(window) == "Source: council\nminutes"


def test_esc_without_typing_closes_and_changes_nothing(window: MainWindow, qtbot: QtBot) -> None:
    seen = with_dialog(qtbot, lambda dialog: qtbot.keyClick(dialog.editor, Qt.Key.Key_Escape))
    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    assert seen == ["open"] and note_of(window) == ""
    assert window.undo_stack.count() == 0


def answer_discard_question(qtbot: QtBot, button: str, asked: list[str]) -> None:
    """Answer the "Discard the note?" box (opened over the note dialog) with the button named."""

    def step() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or not box.isActiveWindow():
            if isinstance(box, QMessageBox):
                box.activateWindow()
            QTimer.singleShot(10, step)
            return
        asked.append(box.text())
        chosen = next(b for b in box.buttons() if b.text().replace("&", "") == button)
        chosen.click()

    QTimer.singleShot(0, step)


def test_esc_after_typing_asks_and_keep_editing_keeps_the_text(window: MainWindow, qtbot: QtBot) -> None:
    asked: list[str] = []

    def act(dialog: NoteDialog) -> None:
        type_into(qtbot, dialog, "Checked with the ministry")
        answer_discard_question(qtbot, "Keep editing", asked)
        qtbot.keyClick(dialog.editor, Qt.Key.Key_Escape)  # the question runs modally, answered above
        assert dialog.isVisible() and dialog.editor.toPlainText() == "Checked with the ministry"
        qtbot.keyClick(dialog.editor, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)

    with_dialog(qtbot, act)
    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    assert asked and "changed this note" in asked[0]
    assert note_of(window) == "Checked with the ministry"


def test_shift_tab_then_enter_never_drops_the_note_silently(window: MainWindow, qtbot: QtBot) -> None:
    asked: list[str] = []
    focused: list[str] = []

    def act(dialog: NoteDialog) -> None:
        type_into(qtbot, dialog, "Figure from 2019, not 2023")
        qtbot.keyClick(dialog.editor, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
        widget = QApplication.focusWidget()
        focused.append(widget.text() if isinstance(widget, QPushButton) else type(widget).__name__)
        answer_discard_question(qtbot, "Save", asked)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    with_dialog(qtbot, act)
    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    assert focused == ["Cancel"]
    assert asked  # Enter on Cancel asked first (answered Save): never a silent drop
    assert note_of(window) == "Figure from 2019, not 2023"


def test_long_lines_wrap(window: MainWindow, qtbot: QtBot) -> None:
    modes: list[QPlainTextEdit.LineWrapMode] = []

    def act(dialog: NoteDialog) -> None:
        type_into(qtbot, dialog, "word " * 60)
        modes.append(dialog.editor.lineWrapMode())
        qtbot.wait(20)
        scrolls = dialog.editor.horizontalScrollBar().maximum() > 0
        modes.append(QPlainTextEdit.LineWrapMode.NoWrap if scrolls else dialog.editor.lineWrapMode())
        qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    with_dialog(qtbot, act)
    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    assert modes == [QPlainTextEdit.LineWrapMode.WidgetWidth] * 2
    assert note_of(window) == ("word " * 60).strip()
