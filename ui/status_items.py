"""The main window's permanent status-bar items: who tags, how many tags (in the open document and in all)
and whether every change is saved.

The counts add the open document's live count to the others' as of the last document-list refresh, so
that a key press never walks the list.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from db.store import DocumentSummary
from factcheck.core.open_document import OpenDocument
from ui import identity, status_text
from ui.status_room import StatusRoom
from ui.tag_indexing import index_in_slices


class Window(Protocol):
    """What the status items read of the main window."""

    annotator: str
    open_doc: OpenDocument

    def statusBar(self) -> QStatusBar: ...


class StatusItems(QObject):
    def __init__(self, parent: QObject, window: Window) -> None:
        super().__init__(parent)
        self.w = window
        self._totals: dict[str, int] = {}  # tag counts per document as of the last list refresh
        self._total = 0
        # Eliding: on a narrow window they give way to the bar's messages (ui.status_room).
        self.who = ElidingLabel()
        self.counts = ElidingLabel()
        self.counts.setObjectName("tagCounts")
        self.save_state = ElidingLabel(status_text.saved())
        self.save_state.setObjectName("saveState")
        for widget in (self.who, self.counts, self.save_state):
            widget.setContentsMargins(6, 0, 6, 0)  # the three read as separate items
            window.statusBar().addPermanentWidget(widget)
        self.room = StatusRoom(window.statusBar(), self.save_state)
        off = window.open_doc.tags.events.indexed.connect(lambda _: self.update())
        self.destroyed.connect(lambda *_: off())

    def set_totals(self, summaries: Iterable[DocumentSummary]) -> None:
        self._totals = {s.id: s.total for s in summaries}
        self._total = sum(self._totals.values())
        self.update()

    def set_total(self, summary: DocumentSummary) -> None:
        """One document's count changed (an edit on it): the project's total follows without a re-sum."""
        self._total += summary.total - self._totals.get(summary.id, 0)
        self._totals[summary.id] = summary.total
        self.update()

    def update(self) -> None:
        self.who.setText(status_text.annotator(self.w.annotator or identity.unset_text()))
        doc = self.w.open_doc.document
        if doc is None:
            self.counts.setText(status_text.tags(self._total))
            return
        tags = self.w.open_doc.tags
        if tags.pending:  # a long article just opened: counted as loaded, then again once indexed in slices
            index_in_slices(tags, self)
        # The open document's count is live; the others' come from the last refresh of the list.
        here = tags.size() if tags.pending else len(tags)
        self.counts.setText(status_text.tags_here(here, self._total - self._totals.get(doc.id, 0) + here))

    def on_error(self, message: str) -> None:
        self.save_state.setText(status_text.not_saved())
        self.save_state.setToolTip(message)
        self.save_state.setProperty("error", True)
        _repolish(self.save_state)

    def on_saved(self) -> None:
        if self.save_state.property("error"):
            self.save_state.setProperty("error", False)
            self.save_state.setToolTip("")
            _repolish(self.save_state)
        self.save_state.setText(status_text.saved())


def _repolish(widget: QWidget) -> None:
    """Apply the style sheet again after a dynamic property changed (the error colour)."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class ElidingLabel(QLabel):
    """A status-bar item whose text, when the window is too narrow for it, ends in "…" instead of being
    cut mid-word (and pushing the bar's messages out); the tooltip then holds it whole. `text()` stays
    the whole text."""

    MIN_WIDTH = 120
    MAX_SHARE = 0.4

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._watched: QWidget | None = None
        self.setTextFormat(Qt.TextFormat.PlainText)

    def setText(self, text: str) -> None:
        if text == self.text():  # every edit says "Saved" and who tags again: nothing to lay out or tip
            return
        super().setText(text)
        self._tip()

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.MIN_WIDTH), hint.height())

    def sizeHint(self) -> QSize:
        # At most a share of the bar: the bar's own messages ("Tagged … as claim") keep room beside it.
        hint = super().sizeHint()
        bar = self.parentWidget()
        if not self.text():  # nothing to say (no team server): no room taken
            return QSize(0, hint.height())
        if bar is None:
            return hint
        return QSize(max(min(hint.width(), int(bar.width() * self.MAX_SHARE)), self.MIN_WIDTH), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._tip()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ParentChange:
            self._watched = self.parentWidget()
            if self._watched is not None:
                self._watched.installEventFilter(self)
        return super().event(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.updateGeometry()  # the share of the bar changed with its width
        return super().eventFilter(watched, event)

    def elided(self) -> bool:
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()

    def _tip(self) -> None:
        self.setToolTip(self.text() if self.elided() else "")

    def paintEvent(self, event: QPaintEvent) -> None:
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter = QPainter(self)
        self.style().drawItemText(
            painter, rect, int(self.alignment()), self.palette(), self.isEnabled(), shown,
            self.foregroundRole(),
        )  # fmt: skip
        painter.end()
