"""A table's cells kept as drawn: a cell drawn once is copied back at the next paint while nothing it is
drawn from changed.

Each key press that tags repaints the whole tag table: the new row pushes the rows under it down (and
flips their alternating colour) and becomes the selected one. Qt's delegate draws every cell on screen
again through the style (~85 cells, ~4.5 ms a paint: the model asked each cell's roles in Python, each
text elided and laid out, the swatch drawn), almost all of them exactly as they were drawn a moment ago.
So each cell is drawn once into an opaque pixmap, as the view would draw it (the view's background, the
row's alternating panel, then the delegate's own drawing), and copied back while its row is drawn from
the same things: its tag (and its curated tag), the labels' swatches, its texts' clock (the model's
``drawn_from``), and the same cell size, state (selected, current, hovered, active), alternation,
palette and pixel ratio (the key). A paint of cells all kept is ~1 ms.

Bounded: at most ``KEPT`` cells (a few screens of rows in their two alternating colours); past that the
cache starts again. A font or style change empties it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

#: Cells kept (a screen of the tag table is ~85 cells, each ~10-60 KB).
KEPT = 400
_PANEL_ROW = QStyle.PrimitiveElement.PE_PanelItemViewRow
_EMPTIED_BY = frozenset(
    {QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.LayoutDirectionChange}
)  # fmt: skip


class CellCache(QStyledItemDelegate):
    """The view's delegate: draws each cell as QStyledItemDelegate does, once while it stays the same.

    ``drawn_from(row)`` is what the row's cells are drawn from (compared with ==, so the same objects
    compare at once) with the row's identity first, or None to draw the row without keeping it."""

    def __init__(
        self, view: QAbstractItemView, drawn_from: Callable[[int], tuple[Hashable, ...] | None]
    ) -> None:
        super().__init__(view)
        self._view = view
        self._drawn_from = drawn_from
        self._kept: dict[tuple[object, ...], tuple[tuple[Hashable, ...], QPixmap]] = {}
        view.installEventFilter(self)

    def clear(self) -> None:
        self._kept = {}

    def kept(self) -> int:
        """Cells kept now (for tests)."""
        return len(self._kept)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._view and event.type() in _EMPTIED_BY:
            self._kept = {}
        return False

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        source = self._drawn_from(index.row())
        if source is None:
            super().paint(painter, option, index)
            return
        rect = option.rect
        view = self._view
        ratio = view.devicePixelRatioF()
        key = (
            source[0], index.column(), rect.width(), rect.height(), option.state, option.features,
            option.palette.cacheKey(), option.palette.currentColorGroup(), ratio,
        )  # fmt: skip
        kept = self._kept.get(key)
        if kept is None or kept[0] != source:
            kept = self._kept[key] = (source, self._draw(option, index, ratio))
            if len(self._kept) > KEPT:
                self._kept = {key: kept}
        painter.drawPixmap(rect.topLeft(), kept[1])

    def _draw(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex, ratio: float
    ) -> QPixmap:
        """The cell as the view draws it: its background, the row's (alternating) panel, the delegate."""
        rect = option.rect
        view = self._view
        viewport = view.viewport()
        pixmap = QPixmap(rect.size() * ratio)
        pixmap.setDevicePixelRatio(ratio)
        background = viewport.palette().brush(viewport.backgroundRole())
        # Opaque, as the window it is copied to: text is drawn on it as on the window.
        pixmap.fill(background.color())
        painter = QPainter(pixmap)
        painter.translate(-rect.x(), -rect.y())
        if background.style() != Qt.BrushStyle.SolidPattern:  # a textured page: as the viewport fills it
            painter.fillRect(rect, background)
        view.style().drawPrimitive(_PANEL_ROW, option, painter, view)
        super().paint(painter, option, index)
        painter.end()
        return pixmap
