"""Room for the status bar's message on a narrow window: the permanent items give way to it.

QStatusBar draws its temporary message ("Your verdict on “…”: Mostly false") only left of the first
permanent item, so at 800 pixels wide "Annotator: …", the tag counts and the save state left it a
third of the bar and cut it mid-word. While a message shows, the items shrink (each ends in "…", its
whole text in its tooltip: ui.status_items.ElidingLabel) until the message fits, the save state last;
when the message goes they come back whole. A message longer than the whole bar keeps its full text
in the bar's tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

UNBOUNDED = 16_777_215  # QWIDGETSIZE_MAX
SMALLEST = 28  # an item squeezed to its first letter and "…"
_MESSAGE_LEFT = 6  # QStatusBar draws its message from x = 6 to 2 pixels before the first permanent item
_MESSAGE_GAP = 2


class StatusRoom(QObject):
    """Squeezes `bar`'s permanent items while a message shows; `last` (the save state) gives way last."""

    def __init__(self, bar: QStatusBar, last: QWidget) -> None:
        super().__init__(bar)
        self.bar = bar
        self.last = last
        self._squeezed: list[QWidget] = []
        bar.messageChanged.connect(self._fit)
        bar.installEventFilter(self)

    def items(self) -> list[QWidget]:
        """The permanent items shown, left to right."""
        found = self.bar.findChildren(QLabel, options=Qt.FindChildOption.FindDirectChildrenOnly)
        return sorted((w for w in found if w.isVisible()), key=lambda w: w.x())

    def message_width(self) -> int:
        """How wide the bar draws its message now: up to its first permanent item."""
        shown = self.items()
        right = shown[0].x() if shown else self.bar.width() - 10
        return right - _MESSAGE_GAP - _MESSAGE_LEFT

    def refit(self) -> None:
        """An item's text changed while a message shows (a sync's status, its news): room again."""
        if self.bar.currentMessage():
            self._fit(self.bar.currentMessage())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.bar and event.type() == QEvent.Type.Resize and self.bar.currentMessage():
            self._fit(self.bar.currentMessage())
        return False

    def _fit(self, message: str) -> None:
        self._release()
        self.bar.setToolTip("")
        if not message or self.bar.layoutDirection() != Qt.LayoutDirection.LeftToRight:
            return
        need = self.bar.fontMetrics().horizontalAdvance(message) + 2
        short = need - self.message_width()
        if short <= 0:
            return
        order = sorted(self.items(), key=lambda w: w is self.last)  # stable: left to right, `last` last
        if short > sum(max(0, w.width() - SMALLEST) for w in order):
            order = [w for w in order if w is not self.last]  # it would not fit anyway: keep it whole
        for item in order:
            cut = min(short, item.width() - SMALLEST)
            if cut <= 0:
                continue
            item.setMaximumWidth(item.width() - cut)
            self._squeezed.append(item)
            short -= cut
            if short <= 0:
                break
        self._relayout()
        if short > 0:  # even squeezed the items leave it too little room: the whole text on hovering
            self.bar.setToolTip(message)

    def _release(self) -> None:
        for item in self._squeezed:
            item.setMaximumWidth(UNBOUNDED)
        if self._squeezed:
            self._squeezed = []
            self._relayout()

    def _relayout(self) -> None:
        layout = self.bar.layout()
        if layout is not None:
            layout.activate()
