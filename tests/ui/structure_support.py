"""Helpers for the window tests of attribution, links, speakers and discontinuous tags."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from ui.main_window import MainWindow

#: The seed article's structure in two paragraphs: sources, cues and what they introduce.
TEXT = (
    "Lavrov said that Trump accepted Putin's assertions. Tillerson said it was not clear, "
    "and Rex Tillerson described the exchanges as “robust” 😀.\n"
    "The economy, he said, is booming. Critics denied that the economy is booming.\n"
)

Answer = Callable[[QWidget], None]


def keys(qtbot: QtBot, *sequence: Qt.Key | str) -> Answer:
    """Answer a dialog from the keyboard: each item a key, or text typed into the focused widget."""

    def answer(dialog: QWidget) -> None:
        dialog.activateWindow()  # else the keys would reach the window's shortcuts
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
        # and its first field has the focus (typing before would reach the dialog, not the field)
        qtbot.waitUntil(lambda: dialog.focusWidget() is not None, timeout=3000)
        for item in sequence:
            target = dialog.focusWidget() or dialog
            if isinstance(item, str):
                qtbot.keyClicks(target, item)
            else:
                qtbot.keyClick(target, item)

    return answer


#: Which answer_dialogs call is the latest: an earlier call's clean-up must not close the dialogs a later
#: call is answering (on a loaded machine its 3 s may run out while the next step's dialog is open).
_calls = [0]


def answer_dialogs(*answers: Answer) -> list[str]:
    """Answer the next modal dialogs, one answer each, in order; returns their titles as they open."""
    _calls[0] += 1
    call = _calls[0]
    seen: list[str] = []
    pending = list(answers)
    last: list[QWidget | None] = [None]

    def tick() -> None:
        if not pending:
            QTimer.singleShot(3000, close_leftover)
            return
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog is last[0] or not dialog.isVisible():
            QTimer.singleShot(10, tick)
            return
        last[0] = dialog
        seen.append(dialog.windowTitle())
        pending.pop(0)(dialog)
        QTimer.singleShot(10, tick)

    def close_leftover() -> None:
        # A dialog the answers did not close would hang the test: close it, and say so.
        if call != _calls[0]:
            return  # a later call answers what is open now
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and dialog.isVisible():
            seen.append(f"left open: {dialog.windowTitle()}")
            dialog.reject()

    QTimer.singleShot(0, tick)
    return seen


def select(window: MainWindow, quote: str, nth: int = 0) -> tuple[int, int]:
    text = window.open_doc.text
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    window.view.select_span(start, start + len(quote))
    return start, start + len(quote)


def tag_key(window: MainWindow, qtbot: QtBot, quote: str, key: Qt.Key, nth: int = 0) -> Annotation:
    """Select quote (its nth occurrence) and press a label key: the new tag (current afterwards)."""
    select(window, quote, nth)
    qtbot.keyClick(window.view, key)
    tag = window.current_annotation()
    assert tag is not None and tag.quote == quote
    return tag


def stored(window: MainWindow, tag_id: str) -> Annotation:
    tag = window.project.store.annotation(tag_id)
    assert tag is not None
    return tag


def add_tag(store: Store, doc: Document, quote: str, label: str, annotator: str, nth: int = 0) -> Annotation:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(quote, start + 1)
    return store.add_annotation(new_annotation(doc, start, start + len(quote), label, annotator), doc.text)


def focus_view(window: MainWindow, qtbot: QtBot) -> None:
    """Back in the article after a dialog (its keys are shortcuts of the view)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.view.setFocus()
