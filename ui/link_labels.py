"""Where the words on link arcs ("denies", "source", "cue") go: never over the article's words.

The reader is reading the very text the arcs point at, so a label may only sit where no glyph is: after
the last word of a line (a paragraph's short last line, an empty line between paragraphs, the page
margin; before the first word of a right-to-left line), on the row of that line, as near the arc's middle
as such a place is. A thin leader joins a label set apart from its arc. Only the lines on screen are
looked at (tens of lines), once per paint.

A dense paragraph may leave no such place wide enough. Then the label goes into the page margin either side
of the text (the document margin, which no glyph ever enters), turned to read upwards and stacked there
near the arc's height: so every arc on screen says its type, however dense the text and however many arcs.
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
    """The free places of one paint: the room beside each line's glyphs (right of a left-to-right line,
    left of a right-to-left one), used up label by label."""

    def __init__(self, rows: list[QRectF], area: QRectF) -> None:
        left, right = area.left() + 2.0, area.right() - 2.0
        shown = [r for r in rows if r.bottom() > area.top() and r.top() < area.bottom()]
        self._slots = [QRectF(r.right() + GAP, r.top(), right - r.right() - GAP, r.height()) for r in shown]
        # A right-to-left paragraph's lines end at the right margin: their room is before their first glyph.
        self._slots += [
            QRectF(left, r.top(), r.left() - GAP - left, r.height()) for r in shown if r.left() - GAP > left
        ]
        self.taken: list[QRectF] = []  # the boxes placed so far

    def place(self, size: QRectF, near: QPointF, reach: float | None = None) -> QRectF | None:
        """A box of ``size`` on a free place nearest ``near`` (taken from then on), no farther above or below
        it than ``reach`` if given; None if none fits."""
        best: tuple[float, int, QRectF] | None = None
        for i, slot in enumerate(self._slots):
            if slot.width() < size.width() or slot.height() < size.height():
                continue
            if reach is not None and abs(slot.center().y() - near.y()) > reach:
                continue
            x = min(max(near.x() - size.width() / 2, slot.left()), slot.right() - size.width())
            box = QRectF(x, slot.center().y() - size.height() / 2, size.width(), size.height())
            if any(box.intersects(t) for t in self.taken):  # a label standing in the margin there
                continue
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
        self.taken.append(box)
        return box


class MarginStack:
    """The page margins left and right of the text, as two columns of upright labels stacked on demand.

    ``taken`` are the labels placed so far, shared with the lines' free places (``LabelPlaces.taken``): a
    margin label never overlaps one, nor one placed after it (the right margin is also the end of the
    longest lines' free place).
    """

    def __init__(self, area: QRectF, margin: float, taken: list[QRectF]) -> None:
        self._area = area
        self._columns = [
            QRectF(area.left(), area.top() + 2.0, margin, area.height() - 4.0),
            QRectF(area.right() - margin, area.top() + 2.0, margin, area.height() - 4.0),
        ]
        self._taken = taken

    def width(self) -> float:
        return self._columns[0].width()

    def place(self, thickness: float, length: float, near: QPointF) -> QRectF | None:
        """An upright box ``thickness`` wide and ``length`` tall in the margin nearest ``near`` (taken from
        then on), as close to its height as the labels already there allow; None if neither has room."""
        best: tuple[float, QRectF] | None = None
        for column in sorted(self._columns, key=lambda c: abs(c.center().x() - near.x())):
            if thickness > column.width() or length > column.height():
                continue
            x = column.center().x() - thickness / 2
            wanted = min(max(near.y() - length / 2, column.top()), column.bottom() - length)
            # The free heights nearest the wanted one are the wanted height itself or just beside a box.
            candidates = [wanted]
            for box in self._taken:
                candidates += [box.top() - GAP - length, box.bottom() + GAP]
            for y in candidates:
                if y < column.top() or y + length > column.bottom():
                    continue
                box = QRectF(x, y, thickness, length)
                if any(box.intersects(t.adjusted(-GAP / 2, -GAP / 2, GAP / 2, GAP / 2)) for t in self._taken):
                    continue
                # The nearer column wins a tie: the label is read beside its arc.
                distance = abs(y - wanted) + abs(column.center().x() - near.x()) * 0.25
                if best is None or distance < best[0]:
                    best = (distance, box)
        if best is None:
            return None
        self._taken.append(best[1])
        return best[1]


def leader_end(box: QRectF, point: QPointF) -> QPointF:
    """The point of ``box``'s edge nearest ``point``: where a leader from the arc meets the label."""
    return QPointF(min(max(point.x(), box.left()), box.right()), min(max(point.y(), box.top()), box.bottom()))
