"""Label colours on screen: the swatch of a label, and colours laid over one another."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPixmap


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
