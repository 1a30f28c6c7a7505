"""The Claims pane on an 800x600 screen: opening it keeps the window that size (its filters in one row and
its buttons in another held the window at about 1005x670, past the screen), the card scrolling instead."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QToolBar
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWindow
from tests.ui.day_article import ARTICLE

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_the_claims_pane_fits_an_800x600_window(qtbot: QtBot, open_window: OpenWindow) -> None:
    w = open_window(text=ARTICLE)
    w.resize(800, 600)
    qtbot.waitUntil(lambda: w.width() == 800 and w.height() == 600)
    w.claims.go_action.trigger()
    qtbot.waitUntil(w.claims.dock.isVisible)
    QApplication.processEvents()
    hint = w.minimumSizeHint()
    assert hint.width() <= 800 and hint.height() <= 600, hint
    assert (w.width(), w.height()) == (800, 600)
    pane = w.claims.pane
    # every filter and the card's buttons still there (the ones a narrow bar cannot show go behind »)
    for combo in (pane.document_filter, pane.speaker_filter, pane.status_filter, pane.verdict_filter,
                  pane.worthy_filter, pane.sort_box):  # fmt: skip
        assert combo.isVisible() and combo.width() >= 40
    bar = pane.findChild(QToolBar, "cardButtons")
    assert bar is not None and pane.yes_action in bar.actions() and pane.final_action in bar.actions()
