"""The status bar's eliding items: the same text set again (every edit says "Saved" and who tags) changes
nothing, not even the tooltip."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QStatusBar
from pytestqt.qtbot import QtBot

from ui.status_items import ElidingLabel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


class Events(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[QEvent.Type] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        self.seen.append(event.type())
        return False


def test_the_same_text_again_changes_nothing(qtbot: QtBot) -> None:
    bar = QStatusBar()
    qtbot.addWidget(bar)
    label = ElidingLabel("Saved")
    bar.addPermanentWidget(label)
    bar.resize(600, 24)
    with qtbot.waitExposed(bar):
        bar.show()
    events = Events()
    label.installEventFilter(events)
    label.setText("Saved")
    assert QEvent.Type.ToolTipChange not in events.seen  # (was: its tooltip set again, at every edit)
    label.setText("Not saved: the disk is full, free some space and try again, or save elsewhere " * 3)
    assert (
        QEvent.Type.ToolTipChange in events.seen and label.toolTip() == label.text()
    )  # elided: whole in tip
    label.setText("Saved")
    assert label.toolTip() == ""
