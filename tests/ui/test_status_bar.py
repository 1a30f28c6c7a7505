"""The window's status bar (ui/status_bar.py): a key press that tags repaints the tag counts, not the whole
bar, and what is on screen is what the bar draws afresh, whether the counts keep their width or not."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWindow
from tests.ui.window_support import Paints
from ui.main_window import MainWindow
from ui.status_bar import StatusBar

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, showing the window

WORDS = (
    "minister", "said", "crime", "fell", "critics", "mayor", "called", "claim", "misleading", "denied",
    "budget", "hospital",
)  # fmt: skip
TEXT = " ".join(WORDS[i % len(WORDS)] for i in range(300))


def _tag_words(window: MainWindow, n: int) -> None:
    """Select the n-th pair of words and press 1."""
    text = window.view.document_text()
    start = 0
    for _ in range(2 * n):
        start = text.index(" ", start) + 1
    window.view.select_span(start, text.index(" ", text.index(" ", start) + 1))
    QTest.keyClick(window.view, Qt.Key.Key_1)


def _settle() -> None:
    app = QApplication.instance()
    assert app is not None
    for _ in range(3):
        app.processEvents()


def _on_screen(window: MainWindow) -> QImage:
    """The bar's pixels as they are on screen (the window's backing store), not drawn afresh."""
    bar = window.statusBar()
    at = bar.mapTo(window, bar.rect().topLeft())
    shown = window.screen().grabWindow(window.winId(), at.x(), at.y(), bar.width(), bar.height())
    return shown.toImage().convertToFormat(QImage.Format.Format_RGB32)


def _drawn_afresh(window: MainWindow) -> QImage:
    return window.statusBar().grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def test_a_tagging_key_repaints_the_counts_not_the_whole_bar(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window(TEXT)
    assert isinstance(window.statusBar(), StatusBar)
    counts, saved = window.status_items.counts, window.status_items.save_state
    _tag_words(window, 1)
    _settle()
    counted, others = Paints(counts), Paints(saved)
    _tag_words(window, 3)  # 2 tags -> 3: the same width
    _settle()
    assert counts.text().startswith("2 tags here")
    assert counted.count >= 1
    assert others.count == 0  # (was: the whole bar, every item, at each key press)


@pytest.mark.parametrize("message", ["", "Tagged “crime fell” as claim"])
def test_the_bar_on_screen_is_the_bar_drawn_afresh(
    qtbot: QtBot, open_window: OpenWindow, message: str
) -> None:
    window = open_window(TEXT)
    window.statusBar().showMessage(message)
    _settle()
    for n in range(12):  # 9 tags -> 10: the counts grow wider, the items left of them move
        _tag_words(window, n)
        _settle()
        assert _on_screen(window) == _drawn_afresh(window), n
    for _ in range(3):  # 10 -> 9 by undo: narrower again
        window.undo()
        _settle()
        assert _on_screen(window) == _drawn_afresh(window)
