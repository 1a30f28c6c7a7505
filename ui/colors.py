"""Label colours on screen: the swatch of a label, and colours laid over one another."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap, QPolygonF


def swatch(color: str, size: int = 12) -> QPixmap:
    """A small rounded square in a label's colour (table rows, legend buttons, menus)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(color))
    painter.setPen(QColor(color).darker(130))
    painter.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    painter.end()
    return pixmap


def blend(under: QColor, over: QColor, alpha: float) -> QColor:
    """``over`` laid on ``under`` with opacity alpha (clamped to 0..1)."""
    alpha = min(1.0, max(0.0, alpha))
    return QColor(
        round(under.red() + (over.red() - under.red()) * alpha),
        round(under.green() + (over.green() - under.green()) * alpha),
        round(under.blue() + (over.blue() - under.blue()) * alpha),
    )


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(color: QColor) -> float:
    """The relative luminance of WCAG 2 (0 black .. 1 white)."""
    return 0.2126 * _linear(color.red()) + 0.7152 * _linear(color.green()) + 0.0722 * _linear(color.blue())


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG 2 contrast ratio of two colours (1 .. 21); body text needs 4.5 (level AA)."""
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


# Annotator marks (review): a shape per annotator, so they differ without colour and never read as a
# label's colour swatch; drawn in neutral inks (dark on a light page, light on a dark one).
MARK_SHAPES = ("circle", "square", "triangle", "diamond", "down", "plus")
MARK_INKS_LIGHT = ("#1F1F1F", "#5B4636", "#3B4A54", "#6B6B6B")
MARK_INKS_DARK = ("#F2F2F2", "#E0CDB8", "#C5D3DC", "#A8A8A8")


def mark_ink(index: int, dark: bool) -> QColor:
    """The ink of the index-th annotator's mark (shapes repeat after MARK_SHAPES, inks vary then)."""
    inks = MARK_INKS_DARK if dark else MARK_INKS_LIGHT
    return QColor(inks[(index // len(MARK_SHAPES)) % len(inks)])


def draw_mark(painter: QPainter, index: int, rect: QRectF, ink: QColor, outline: QColor) -> None:
    """The index-th annotator's mark in rect: a filled shape with an outline that parts it from the text."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(outline, 1.0)
    painter.setPen(pen)
    painter.setBrush(ink)
    _mark_shape(painter, index, rect, pen)
    painter.restore()


def draw_marks(painter: QPainter, marks: Iterable[tuple[int, QRectF]], dark: bool) -> None:
    """Annotators' marks, (index, rect) each, in order: as draw_mark draws them one by one, the painter set
    up once and its brush changed where the ink does (a review's article paints ~50 at each key press)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor("black") if dark else QColor("white"), 1.0)
    painter.setPen(pen)
    inks: dict[int, QColor] = {}
    last = -1
    for index, rect in marks:
        if index != last:
            ink = inks.get(index)
            if ink is None:
                ink = inks[index] = mark_ink(index, dark)
            painter.setBrush(ink)
            last = index
        _mark_shape(painter, index, rect, pen)
    painter.restore()


def _mark_shape(painter: QPainter, index: int, rect: QRectF, pen: QPen) -> None:
    """The shape of the index-th mark in rect, in the painter's brush and ``pen`` (its pen after)."""
    shape = MARK_SHAPES[index % len(MARK_SHAPES)]
    c, r = rect.center(), rect.width() / 2
    if shape == "circle":
        painter.drawEllipse(rect)
    elif shape == "square":
        painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))
    elif shape == "plus":
        t = r * 0.45
        painter.drawRect(QRectF(c.x() - t, rect.top(), 2 * t, rect.height()))
        painter.drawRect(QRectF(rect.left(), c.y() - t, rect.width(), 2 * t))
        painter.setPen(Qt.PenStyle.NoPen)  # the crossing, without the outline across it
        painter.drawRect(QRectF(c.x() - t + 0.5, c.y() - t + 0.5, 2 * t - 1, 2 * t - 1))
        painter.setPen(pen)
    else:
        points = {
            "triangle": [(c.x(), rect.top()), (rect.right(), rect.bottom()), (rect.left(), rect.bottom())],
            "down": [(rect.left(), rect.top()), (rect.right(), rect.top()), (c.x(), rect.bottom())],
            "diamond": [
                (c.x(), rect.top()),
                (rect.right(), c.y()),
                (c.x(), rect.bottom()),
                (rect.left(), c.y()),
            ],
        }[shape]
        painter.drawPolygon(QPolygonF([QPointF(x, y) for x, y in points]))


def mark_pixmap(index: int, dark: bool, size: int = 12) -> QPixmap:
    """An annotator's mark as a small picture (the legend)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    outline = QColor("black") if dark else QColor("white")
    draw_mark(painter, index, QRectF(1, 1, size - 2, size - 2), mark_ink(index, dark), outline)
    painter.end()
    return pixmap


#: A dash pattern: dash and gap lengths in pen widths, as QPen.setDashPattern takes them; () is solid.
Dashes = tuple[float, ...]


def set_dashes(pen: QPen, dashes: Dashes) -> None:
    """The pen draws in the dash pattern (solid for ())."""
    if dashes:
        pen.setDashPattern(list(dashes))
    else:
        pen.setStyle(Qt.PenStyle.SolidLine)


def legend_swatch(color: str, pattern: Dashes, size: int = 16) -> QPixmap:
    """A label's legend: its swatch over a short line in its dash pattern, as its tags are underlined."""
    pixmap = QPixmap(size + 8, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    ink = QColor(color).darker(135) if QColor(color).lightness() > 110 else QColor(color)
    painter.setBrush(QColor(color))
    painter.setPen(ink)
    painter.drawRoundedRect(QRectF(4.5, 0.5, size - 5, size - 7), 3, 3)
    pen = QPen(ink, 2.0)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    set_dashes(pen, pattern)
    painter.setPen(pen)
    painter.drawLine(QPointF(0, size - 2), QPointF(size + 8, size - 2))
    painter.end()
    return pixmap
