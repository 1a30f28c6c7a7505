"""The article lets go of what Qt made to draw the paragraphs it has not shown for long.

Qt keeps the layout of every paragraph (QTextBlock) it has drawn, for as long as the text is open: the
shaped glyphs, the lines and the highlighter's formats (QTextLayout), about 40 KB a paragraph of the
5 MB article, never given back. A day of paging, Tab, finding, undoing and reviewing walks over more and
more of its 10,000 paragraphs (measured: 300 pages down kept 60 MB; a 10k-action session kept hundreds
of MB). So the view notes the paragraphs it shows, most recent last (``shown``); beyond ``KEEP`` the
longest unseen are let go of: their lines cleared and their formats dropped (which frees the shaped text:
Qt frees it when the formats change), and marked not highlighted, so that coming on screen again lays
them out and highlights them as the first time did. Their height stays known (the scroll bar does not
move), and another text set starts afresh.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtGui import QTextBlock, QTextCharFormat, QTextDocument, QTextLayout

from ui.highlighter import SpanHighlighter

#: Paragraphs whose layouts are kept (about 100 screens of the long article, ~16 MB).
KEEP = 400
#: Let go of in batches: one pass per this many more paragraphs shown.
BATCH = 50


def _empty_range() -> QTextLayout.FormatRange:
    empty = QTextLayout.FormatRange()
    empty.start, empty.length, empty.format = 0, 0, QTextCharFormat()
    return empty


class LayoutRelease:
    def __init__(self, document: QTextDocument, highlighter: SpanHighlighter) -> None:
        self._document = document
        self._highlighter = highlighter
        self._shown: OrderedDict[int, None] = OrderedDict()  # block numbers, least recently shown first
        self._empty = [_empty_range()]
        self.released = 0  # paragraphs let go of (for tests)
        document.contentsChange.connect(self._changed)

    def _changed(self, _position: int, removed: int, added: int) -> None:
        if removed or added:  # another text (the article is read-only): its paragraphs start unseen
            self._shown.clear()

    def laid_out(self) -> int:
        """Paragraphs noted as shown and not let go of since."""
        return len(self._shown)

    def shown(self, first: QTextBlock, last: QTextBlock) -> None:
        """Paragraphs first..last are on screen (or about to be)."""
        block, stop, seen = first, last.blockNumber(), self._shown
        while block.isValid() and block.blockNumber() <= stop:
            n = block.blockNumber()
            seen[n] = None
            seen.move_to_end(n)
            block = block.next()
        if len(seen) > KEEP + BATCH:
            self._release(len(seen) - KEEP)

    def _release(self, count: int) -> None:
        doc, done, seen = self._document, self._highlighter.done, self._shown
        for _ in range(count):
            n, _none = seen.popitem(last=False)
            block = doc.findBlockByNumber(n)
            if not block.isValid():
                continue
            layout = block.layout()
            if layout.lineCount():
                block.clearLayout()
            # New formats free the shaped text (a change to no formats from none would be no change: one
            # empty range first). Told to the document as the highlighter does, for this paragraph only;
            # with no lines, it is laid out again only when next drawn.
            layout.setFormats(self._empty)
            layout.clearFormats()
            doc.markContentsDirty(block.position(), block.length())
            if n < len(done):
                done[n] = 0
            self.released += 1
