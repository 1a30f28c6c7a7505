"""Tag words put between “ ” in messages are not quoted twice."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWindow
from tests.ui.structure_support import tag_key
from ui.tag_text import one_line, quotable


@pytest.mark.parametrize(
    ("words", "shown"),
    [
        ("“The rates have risen,”", "The rates have risen,"),  # a whole quotation: its marks left out
        ('"plain quotes"', "plain quotes"),
        ("«\u00a0des guillemets\u00a0»", "des guillemets"),
        ("the rates “have not risen”", "the rates “have not risen”"),  # a quote inside: kept
        ("“have not risen” in real terms", "“have not risen” in real terms"),
        ("“", "“"),
        ("", ""),
    ],
)
def test_quotable_leaves_out_the_marks_around_a_whole_quotation(words: str, shown: str) -> None:
    assert quotable(words, 100) == shown


def test_quotable_elides_the_words_inside_the_marks() -> None:
    # cut after the marks are left out: the closing mark does not eat the limit, nor stay half
    assert quotable("“one two three four five”", 10) == "one two t…"
    assert one_line("“one two three four five”", 10) == "“one two …"


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on showing the window
def test_the_undo_history_names_a_whole_quotation_once(open_window: OpenWindow, qtbot: QtBot) -> None:
    window = open_window()
    tag = tag_key(window, qtbot, "“misleading”", Qt.Key.Key_2)
    assert window.undo_stack.undoText() == "Tag “misleading” as denial"
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert window.undo_stack.undoText() == "Delete tag “misleading”"
    window.undo()
    window.undo()
    assert window.undo_stack.redoText() == "Tag “misleading” as denial"
    assert window.project.annotation(tag.id) is not None
