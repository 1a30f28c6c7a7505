"""Mouse selections in the article snap to whole words when the button is released; with Alt held at
release the selection keeps its exact characters. Keyboard selections (Shift+arrows) are left alone:
they move a character at a time on purpose.

The snapped span is computed on code points (`factcheck.core.words`) from the stored text, and set back
through the view's `select_span`, so an emoji before the selection shifts nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QMouseEvent

from factcheck.core.words import snap_to_words
from ui import deferred
from ui.article_view import ArticleView


class SelectionSnap(QObject):
    def __init__(self, view: ArticleView) -> None:
        super().__init__(view)
        self.view = view
        self.enabled = True
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self.enabled
            and event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
            and not event.modifiers() & Qt.KeyboardModifier.AltModifier
        ):
            # After the view has handled the release (the selection is final then).
            deferred.soon(self, self.snap)
        return False

    def snap(self) -> None:
        """Widen the view's selection to whole words (no change when it already is)."""
        span = self.view.selected_span()
        if span is None:
            return
        text = self.view.document_text()
        snapped = snap_to_words(text, *span)
        if snapped != span:
            self.view.select_span(*snapped)
