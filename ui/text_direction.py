"""Right-to-left paragraphs in a QPlainTextEdit: their lines aligned to the right margin."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QTextBlock


def align_right_to_left(first: QTextBlock, last: QTextBlock) -> None:
    """Right-align the lines of the right-to-left paragraphs (Arabic, Hebrew) among first..last.

    Qt finds each paragraph's direction from its text (the bidi order inside a line is right), but
    QPlainTextEdit's layout aligns every line to the left: the one document-wide alignment it honours is
    absolute. So each line of a right-to-left paragraph is moved to end at the right margin, once the
    paragraph is laid out; a new layout (an edit, a resize) resets it and the next call moves it again.
    """
    stop = last.blockNumber()
    block = first
    while block.isValid() and block.blockNumber() <= stop:
        if block.textDirection() == Qt.LayoutDirection.RightToLeft:
            layout = block.layout()
            for i in range(layout.lineCount()):
                line = layout.lineAt(i)
                x = line.width() - line.naturalTextWidth()
                left = block.document().documentMargin() + max(0.0, x)
                if line.position().x() != left:
                    line.setPosition(QPointF(left, line.position().y()))
        block = block.next()
