"""The main window's status bar, which repaints only what changed when an item's text changes.

Each key press that tags changes the tag counts' text, and a label's new text asks its parent to lay it
out again (a LayoutRequest). Qt's QStatusBar answers every LayoutRequest whose items keep their height by
repainting the whole bar: every item (who tags, the counts, the save state, the team's news), the size
grip, and the window under them: five item paints per key press for one text changed (~0.4 ms of the
~13 ms a key press costs). The layout itself still runs (Qt hands the request to the bar's layout before
the bar sees it): an item whose width changed is moved, and the parts of the bar it left or now covers
are repainted by Qt as for any widget moved. So while nothing the bar's height depends on changed (its
font, its items, their heights and the message), the request is passed on without QStatusBar's repaint.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QStatusBar, QWidget


class StatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._heights: tuple[object, ...] | None = None  # what the bar's height was last worked out from

    def _height_from(self) -> tuple[object, ...]:
        """Everything QStatusBar works the bar's height out from (and more): the font, and for each item
        (hidden ones too, as Qt counts them) its height hints, limits and policy."""
        items = self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        return (
            self.fontMetrics().height(),
            self.currentMessage(),
            *(
                (
                    w,
                    w.sizeHint().height(),
                    w.minimumSizeHint().height(),
                    w.minimumHeight(),
                    w.maximumHeight(),
                    w.sizePolicy().verticalPolicy(),
                )
                for w in items
            ),
        )

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            heights = self._height_from()
            if heights == self._heights:  # laid out already; Qt would repaint the whole bar
                return QWidget.event(self, event)
            self._heights = heights
        return super().event(event)
