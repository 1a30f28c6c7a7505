"""The question-box checks find what they are meant to find, on a box built with every fault, and pass a
box made as the window makes them (dialogs.offer_or_cancel)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.ui.question_audit import audit_question, check_question
from ui import dialogs

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_a_faulty_question_fails_every_check(qtbot: QtBot) -> None:
    box = QMessageBox(QMessageBox.Icon.Question, "", "")
    delete = box.addButton("&Delete", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("&Duplicate", QMessageBox.ButtonRole.ActionRole)  # Alt+D twice
    box.addButton(QMessageBox.StandardButton.Yes)  # says nothing of what it does
    box.setDefaultButton(delete)
    box.setEscapeButton(delete)
    qtbot.addWidget(box)
    box.show()
    problems = check_question(box)
    for expected in (
        "no title",
        "no text saying what happens",
        "Enter presses 'Delete', the destructive answer",
        "Esc presses 'Delete', which acts",
        "mnemonic Alt+D is shared by",
        "button 'Yes' does not say what it does",
    ):
        assert any(expected in p for p in problems), (expected, problems)


def test_a_question_made_as_the_window_makes_them_passes(qtbot: QtBot) -> None:
    answers: list[bool] = []
    problems = audit_question(
        qtbot,
        "offer or cancel",
        lambda: answers.append(
            dialogs.offer_or_cancel(None, QMessageBox.Icon.Warning, "Replace?", "Replace it?", "&Replace")
        ),
    )
    assert problems == [] and answers == [False]  # Esc: Cancel, nothing replaced
