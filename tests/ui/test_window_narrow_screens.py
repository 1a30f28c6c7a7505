"""An 800x600 screen: the status bar's messages are read whole and the annotators' legend stays in sight."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSizeGrip, QStatusBar, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.claims_support import claim_tags
from tests.ui.conftest import OpenWindow
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

MESSAGE = "Your verdict on “Crime fell by 20% in the city last year”: Mostly false"
SIZES = [(800, 600), (1366, 768)]


def sized(window: MainWindow, qtbot: QtBot, width: int, height: int) -> None:
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.width() == width and window.height() == height)


def message_room(bar: QStatusBar) -> int:
    """How wide QStatusBar draws its message: from x = 6 to 2 pixels before its first permanent item."""
    children = bar.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
    permanent = [w for w in children if w.isVisible() and not isinstance(w, QSizeGrip)]
    return min(w.x() for w in permanent) - 2 - 6


def shot(window: MainWindow, name: str) -> None:
    folder = os.environ.get("NARROW_SHOTS")
    if folder:
        window.grab().save(f"{folder}/{name}.png")


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_message_gets_the_room_and_the_items_come_back_after(
    open_window: OpenWindow, qtbot: QtBot, width: int, height: int
) -> None:
    window = open_window(annotator="alice", prepare=claim_tags)
    sized(window, qtbot, width, height)
    bar, items = window.statusBar(), window.status_items
    whole = {w: w.text() for w in (items.who, items.counts, items.save_state)}
    natural = {w: w.width() for w in whole}
    bar.showMessage(MESSAGE)
    assert message_room(bar) >= bar.fontMetrics().horizontalAdvance(MESSAGE)
    # The save state gives way last; an item cut short holds its whole text in its tooltip.
    assert items.save_state.width() == natural[items.save_state]
    for item, text in whole.items():
        assert item.text() == text
        assert item.toolTip() == (text if item.elided() else "")
    if width == 800:
        assert items.who.elided(), "at 800 wide something had to give way"
    shot(window, f"message-{width}")
    bar.clearMessage()
    qtbot.waitUntil(lambda: all(w.width() == natural[w] for w in natural))
    assert not any(w.elided() for w in whole)
    shot(window, f"after-{width}")


def test_a_message_longer_than_the_bar_is_whole_in_its_tooltip(open_window: OpenWindow, qtbot: QtBot) -> None:
    window = open_window(annotator="alice", prepare=claim_tags)
    sized(window, qtbot, 800, 600)
    bar = window.statusBar()
    long = " ".join([MESSAGE] * 3)
    bar.showMessage(long)
    assert bar.toolTip() == long
    assert window.status_items.save_state.isVisible() and not window.status_items.save_state.elided()
    bar.showMessage(MESSAGE)
    assert bar.toolTip() == ""


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_annotators_legend_is_on_the_label_bar_at_every_width(
    open_window: OpenWindow, qtbot: QtBot, width: int, height: int
) -> None:
    window = open_window(annotator="alice", prepare=claim_tags)  # alice's and bob's tags: two marks
    bar = window.label_bar
    qtbot.waitUntil(bar.marks.isVisible)
    sized(window, qtbot, width, height)
    qtbot.waitUntil(lambda: bar.marks.isVisible() and bar.marks.geometry().right() < bar.width())
    # Nothing behind the » menu: every label button and the legend are on the bar itself.
    for action in [*bar.label_actions.values()]:
        button = bar.widgetForAction(action)
        assert button is not None and button.isVisible() and button.geometry().right() < bar.width(), (
            action.text()
        )
    assert "alice" in bar.marks.text() and "bob" in bar.marks.text()
    assert "circle" in bar.marks.toolTip()  # what the marks mean, whatever words the bar had to shed
    keys = [action.text() for action in bar.label_actions.values()]
    assert all("[" in text for text in keys), keys  # at both widths the keys are still on the buttons
    if width >= 1366:
        assert bar.compact == 0 and "Tag starts:" in bar.marks.text()
    shot(window, f"labels-{width}")
