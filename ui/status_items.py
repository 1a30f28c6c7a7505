"""The main window's permanent status-bar items: who tags, how many tags (in the open document and in all)
and whether every change is saved.

The counts add the open document's live count to the others' as of the last document-list refresh, so
that a key press never walks the list.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from db.store import DocumentSummary
from factcheck.core.open_document import OpenDocument
from ui import identity, status_text


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
        self.who = QLabel()
        self.counts = QLabel()
        self.counts.setObjectName("tagCounts")
        self.save_state = QLabel(status_text.saved())
        self.save_state.setObjectName("saveState")
        for widget in (self.who, self.counts, self.save_state):
            widget.setContentsMargins(6, 0, 6, 0)  # the three read as separate items
            window.statusBar().addPermanentWidget(widget)

    def set_totals(self, summaries: Iterable[DocumentSummary]) -> None:
        self._totals = {s.id: s.total for s in summaries}
        self._total = sum(self._totals.values())
        self.update()

    def update(self) -> None:
        self.who.setText(status_text.annotator(self.w.annotator or identity.unset_text()))
        doc = self.w.open_doc.document
        if doc is None:
            self.counts.setText(status_text.tags(self._total))
            return
        tags = self.w.open_doc.tags
        if tags.pending:  # a long article just opened: count after its first paint
            QTimer.singleShot(0, self, self._complete_and_update)
            return
        # The open document's count is live; the others' come from the last refresh of the list.
        here = len(tags)
        self.counts.setText(status_text.tags_here(here, self._total - self._totals.get(doc.id, 0) + here))

    def _complete_and_update(self) -> None:
        self.w.open_doc.tags.complete()
        self.update()

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
