"""The Review and Claims panes together on an 800x600 screen: side by side they need about 1000 pixels, and
showing the second widened the window past the screen (its right part, the tag table included, out of
reach). They go into tabs there instead; the keys bring each forward; a wide window keeps them side by
side."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWindow
from tests.ui.day_article import ARTICLE
from tests.ui.window_support import isolated_settings, show
from ui import app
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def sized(qtbot: QtBot, open_window: OpenWindow, width: int, height: int) -> MainWindow:
    w = open_window(text=ARTICLE)
    w.resize(width, height)
    qtbot.waitUntil(lambda: (w.width(), w.height()) == (width, height))
    return w


def seen(dock: QDockWidget) -> bool:
    """On screen, not only "visible" behind another pane's tab."""
    QApplication.processEvents()
    return dock.isVisible() and not dock.visibleRegion().isEmpty()


def show_both(qtbot: QtBot, w: MainWindow, review_first: bool) -> None:
    first, second = (w.review, w.claims) if review_first else (w.claims, w.review)
    for pane in (first, second):
        w.view.setFocus()
        qtbot.keyClick(w.view, Qt.Key.Key_R if pane is w.review else Qt.Key.Key_C, CTRL_SHIFT)
        qtbot.waitUntil(pane.dock.isVisible)
        qtbot.wait(50)  # the window's own resizing, if any, done


@pytest.mark.parametrize("review_first", [True, False], ids=["review-then-claims", "claims-then-review"])
def test_both_panes_fit_an_800x600_window_as_tabs(
    qtbot: QtBot, open_window: OpenWindow, review_first: bool
) -> None:
    w = sized(qtbot, open_window, 800, 600)
    show_both(qtbot, w, review_first)
    assert (w.width(), w.height()) == (800, 600)
    assert w.minimumSizeHint().width() <= 800
    assert w.tabifiedDockWidgets(w.review.dock) == [w.claims.dock]
    last, other = (w.claims, w.review) if review_first else (w.review, w.claims)
    assert seen(last.dock) and not seen(other.dock)  # the one just asked for is in front

    # Ctrl+Shift+R brings Review forward (it was closed: Qt's toggle of a pane behind a tab).
    if review_first:
        w.view.setFocus()
        qtbot.keyClick(w.view, Qt.Key.Key_R, CTRL_SHIFT)
        assert seen(w.review.dock) and not seen(w.claims.dock) and w.review.toggle_action.isChecked()
    # Ctrl+Shift+C brings Claims forward, its list focused where it can be seen.
    w.view.setFocus()
    qtbot.keyClick(w.view, Qt.Key.Key_C, CTRL_SHIFT)
    assert seen(w.claims.dock) and not seen(w.review.dock)
    assert QApplication.focusWidget() is w.claims.pane.view
    w.view.setFocus()
    qtbot.keyClick(w.view, Qt.Key.Key_R, CTRL_SHIFT)
    assert seen(w.review.dock) and not seen(w.claims.dock)
    assert (w.width(), w.height()) == (800, 600)


def test_a_wide_window_keeps_them_side_by_side(qtbot: QtBot, open_window: OpenWindow) -> None:
    w = sized(qtbot, open_window, 1366, 768)
    show_both(qtbot, w, review_first=True)
    assert (w.width(), w.height()) == (1366, 768)
    assert w.tabifiedDockWidgets(w.review.dock) == []
    assert seen(w.review.dock) and seen(w.claims.dock)
    # the key hides a pane in view, as before
    w.view.setFocus()
    qtbot.keyClick(w.view, Qt.Key.Key_R, CTRL_SHIFT)
    assert not w.review.dock.isVisible() and seen(w.claims.dock)


def test_panes_saved_side_by_side_on_a_wider_screen_open_as_tabs_on_this_one(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Both panes side by side, saved on a big monitor: opened again on a small screen, the window could
    not be made narrower than the two (about 1000 pixels), its right part off the screen."""
    settings = isolated_settings(tmp_path)
    settings.annotator = "alice"
    w = app.create_window(tmp_path / "p.db", None, settings=settings)
    assert w is not None
    show(qtbot, w)
    w.resize(2400, 1000)  # wider than this screen (the offscreen one: 800 pixels)
    w.review.toggle_action.trigger()
    w.claims.go_action.trigger()
    qtbot.waitUntil(lambda: w.claims.dock.isVisible() and w.review.dock.isVisible())
    assert w.tabifiedDockWidgets(w.review.dock) == []  # side by side: the window is wide enough
    w.close()
    w.project.close()
    screen = QApplication.primaryScreen().availableGeometry().width()
    assert screen < w.review.dock.minimumSizeHint().width() + w.claims.dock.minimumSizeHint().width()

    again = app.create_window(tmp_path / "p.db", None, settings=settings)
    assert again is not None
    try:
        show(qtbot, again)
        qtbot.waitUntil(lambda: again.tabifiedDockWidgets(again.review.dock) == [again.claims.dock])
        qtbot.waitUntil(lambda: again.minimumSize().width() <= 800)  # the tabs laid out
        again.resize(800, 600)
        qtbot.waitUntil(lambda: (again.width(), again.height()) == (800, 600))
        assert again.review.dock.isVisible() and again.claims.dock.isVisible()
    finally:
        again.close()
        again.project.close()
