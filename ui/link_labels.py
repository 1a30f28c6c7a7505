"""Where the words on link arcs ("denies", "source", "cue") go: never over the article's words.

The reader is reading the very text the arcs point at, so a label may only sit where no glyph is: after
the last word of a line (a paragraph's short last line, an empty line between paragraphs, the page
margin), on the row of that line, as near the arc's middle as such a place is. A thin leader joins a
label set apart from its arc. Only the lines on screen are looked at (tens of lines), once per paint.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtWidgets import QPlainTextEdit

GAP = 4.0  # between a line's last glyph and a label, and between labels


def glyph_rows(view: QPlainTextEdit, area: QRectF) -> list[QRectF]:
    """The viewport rectangles of the text's lines on screen, each as wide as its glyphs."""
    rows: list[QRectF] = []
    offset = view.contentOffset()
    block = view.cursorForPosition(area.topLeft().toPoint()).block()
    while block.isValid():
        geo = view.blockBoundingGeometry(block).translated(offset)
        if geo.top() > area.bottom():
            break
        if block.isVisible():
            layout = block.layout()
            for i in range(layout.lineCount()):
                line = layout.lineAt(i)
                top = geo.top() + line.y()
                rows.append(QRectF(geo.left() + line.x(), top, line.naturalTextWidth(), line.height()))
        block = block.next()
    return rows


class LabelPlaces:
    """The free places of one paint: the room right of each line's last glyph, used up label by label."""

    def __init__(self, rows: list[QRectF], area: QRectF) -> None:
        right = area.right() - 2.0
        self._slots = [
            QRectF(r.right() + GAP, r.top(), right - r.right() - GAP, r.height())
            for r in rows
            if r.bottom() > area.top() and r.top() < area.bottom()
        ]

    def place(self, size: QRectF, near: QPointF) -> QRectF | None:
        """A box of ``size`` on a free place nearest ``near`` (taken from then on), or None if none fits."""
        best: tuple[float, int, QRectF] | None = None
        for i, slot in enumerate(self._slots):
            if slot.width() < size.width() or slot.height() < size.height():
                continue
            x = min(max(near.x() - size.width() / 2, slot.left()), slot.right() - size.width())
            box = QRectF(x, slot.center().y() - size.height() / 2, size.width(), size.height())
            d = box.center() - near
            distance = d.x() ** 2 + d.y() ** 2
            if best is None or distance < best[0]:
                best = (distance, i, box)
        if best is None:
            return None
        _, i, box = best
        slot = self._slots[i]
        # What is left of the row either side of the box stays free for the next label.
        left = QRectF(slot.left(), slot.top(), box.left() - GAP - slot.left(), slot.height())
        right = QRectF(box.right() + GAP, slot.top(), slot.right() - box.right() - GAP, slot.height())
        self._slots[i : i + 1] = [s for s in (left, right) if s.width() > 0]
        return box


def leader_end(box: QRectF, point: QPointF) -> QPointF:
    """The point of ``box``'s edge nearest ``point``: where a leader from the arc meets the label."""
    return QPointF(min(max(point.x(), box.left()), box.right()), min(max(point.y(), box.top()), box.bottom()))
