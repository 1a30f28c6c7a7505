"""A reviewer's words on a tag of a whole quotation quote it once: the reject prompt and the undo step
said ““The rates have risen…”” (its own quotation marks inside the message's)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.ui.conftest import OpenWindow
from tests.ui.day_support import answer_dialogs, keys

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

QUOTATION = "“We never said that,”"


def _bobs_quotation(store: Store, doc: Document) -> None:
    start = doc.text.index(QUOTATION)
    store.add_annotation(new_annotation(doc, start, start + len(QUOTATION), "denial", "bob"), doc.text)
    start = doc.text.index("Critics")  # alice's elsewhere: bob's quotation is a disagreement (only bob)
    store.add_annotation(new_annotation(doc, start, start + len("Critics"), "claim", "alice"), doc.text)


def test_the_reject_prompt_and_undo_step_quote_a_whole_quotation_once(
    open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(annotator="rita", prepare=_bobs_quotation)
    window.review.toggle_action.trigger()
    qtbot.waitUntil(window.review.dock.isVisible)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_N)
    prompts: list[str] = []

    def note_prompt(dialog: QWidget) -> None:
        prompts.extend(label.text() for label in dialog.findChildren(QLabel))
        keys(qtbot, "Reyes said it", Qt.Key.Key_Return)(dialog)

    titles = answer_dialogs(note_prompt)
    qtbot.keyClick(window.view, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert titles == ["Reject tag"], titles
    (prompt,) = [p for p in prompts if p.startswith("Why reject")]
    assert prompt.startswith("Why reject bob's denial tag “We never said that,”?"), prompt
    step = window.undo_stack.text(window.undo_stack.count() - 1)
    assert step == "Reject bob's denial “We never said that,”", step
