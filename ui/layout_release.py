"""The article lets go of what Qt made to draw the paragraphs it showed, once they pile up.

Qt keeps what it made to draw each paragraph (QTextBlock) it has laid out, for as long as the text is
open: ~23 KB a paragraph of the 5 MB article in a bare QPlainTextEdit, ~40 KB here with the highlighter's
formats, live memory never given back (measured with glibc's mallinfo2: laying out 3,000 paragraphs kept
70 MB in use). A day of paging, Tab, finding, undoing and reviewing walks over more and more of its 10,000
paragraphs: hundreds of MB. Clearing a paragraph's lines, its formats or its text frees none of it
(measured); only deleting the layouts does, which Qt does for every paragraph when the document gets a
new document layout. So once ``RENEW_AFTER`` more paragraphs were shown, and the view has been idle for
``IDLE_MS``, the view's document gets a fresh layout (``renew``, ~0.1 s on the long article): every
paragraph's height is put back as it was (so the scroll bar and what is on screen do not move), and
the paragraphs are laid out and highlighted again as they come on screen, as the first time. On Linux
the memory freed is given back to the system (glibc's malloc_trim), so the window's size goes down too.
Measured on the long article, paging 1,500 pages: 60 MB more every 300 pages before; now between 320 and
380 MB (RSS after a trim), whatever the pages seen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QPlainTextDocumentLayout, QPlainTextEdit

from ui import allocator
from ui.highlighter import SpanHighlighter

#: Paragraphs shown since the layouts were last renewed (about 40-60 MB of the long article's).
RENEW_AFTER = 1_500
#: How long the view is left alone (no paragraph newly shown) before the layouts are renewed.
IDLE_MS = 1_000


class LayoutRelease(QObject):
    def __init__(
        self, view: QPlainTextEdit, highlighter: SpanHighlighter, on_screen: Callable[[], object]
    ) -> None:
        super().__init__(view)
        self._view = view
        self._highlighter = highlighter
        self._on_screen = on_screen  # what is on screen highlighted (as before a paint)
        self._shown: set[int] = set()  # block numbers shown since the last renewal
        self._timer = QTimer(self, singleShot=True, interval=IDLE_MS)
        self._timer.timeout.connect(self.renew)
        self.renewals = 0  # (for tests and the benchmark)
        view.document().contentsChange.connect(self._changed)

    def _changed(self, _position: int, removed: int, added: int) -> None:
        if removed or added:  # another text (the article is read-only), or a fresh layout: none shown yet
            self._shown.clear()
            self._timer.stop()

    def shown_since(self) -> int:
        """Paragraphs shown since the layouts were last renewed (or the text set)."""
        return len(self._shown)

    def shown(self, first_number: int, last_number: int) -> None:
        """Paragraphs first..last (block numbers) are on screen, or about to be."""
        before = len(self._shown)
        self._shown.update(range(first_number, last_number + 1))
        if len(self._shown) > RENEW_AFTER and len(self._shown) != before:
            self._timer.start()  # once the view is left alone

    def renew(self) -> None:
        """A fresh document layout: Qt deletes every paragraph's layout; heights and scroll kept."""
        view, doc = self._view, self._view.document()
        heights = []
        block = doc.firstBlock()
        while block.isValid():
            heights.append(block.lineCount())
            block = block.next()
        bar = view.verticalScrollBar()
        value = bar.value()

        def swap() -> None:
            doc.setDocumentLayout(QPlainTextDocumentLayout(doc))
            view.setDocument(doc)  # the same document: the view takes its new layout (and its width)
            block = doc.firstBlock()
            for lines in heights:  # the new layout counts one line a paragraph until it lays it out
                block.setLineCount(lines)
                block = block.next()

        # Unhooked from the document's changes meanwhile: a fresh layout announces the whole text changed,
        # which would highlight every paragraph at once (what the highlighter never does on a long text).
        self._highlighter.load_text(swap)
        layout = doc.documentLayout()
        layout.documentSizeChanged.emit(layout.documentSize())  # the scroll bar's range, as it was
        bar.setValue(value)
        self._shown.clear()
        self._on_screen()
        view.viewport().update()
        self.renewals += 1
        # The memory the layouts held, given back to the system (glibc keeps freed memory for the
        # process otherwise: the window's size in the system monitor would not go down).
        allocator.give_back()
