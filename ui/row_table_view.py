"""A table view whose row inserts and removals repaint only the rows they changed.

Qt answers any insert or removal with a layout of the whole view and a repaint of every cell on screen
(~85 cells of the tag table, ~3.5 ms, at every tagging key press), though the rows above the changed one
are the same rows, drawn the same. Here the layout that follows (scroll bars, headers) is Qt's, but the
repaint covers the viewport from the first changed row down: the new row, the rows under it that moved
(their alternating colour changes with their row number, so each is drawn again) and, after a removal,
the space the last row left. A scroll to the new row that came in between needs nothing more: it moves
the rows above the change with their pixels, which stay right, and Qt paints what it uncovers. Any other
change of the rows (a sort, a filter, a reset, a move) keeps Qt's repaint of everything.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QRect, SignalInstance
from PySide6.QtWidgets import QTableView, QWidget

Index = QModelIndex | QPersistentModelIndex


def _relayouts(model: QAbstractItemModel) -> tuple[SignalInstance, ...]:
    """The model's signals after which Qt lays out and repaints the whole view."""
    return (
        model.modelReset,
        model.layoutChanged,
        model.rowsMoved,
        model.columnsInserted,
        model.columnsRemoved,
        model.columnsMoved,
    )


class RowTableView(QTableView):
    """A QTableView repainting from the first inserted or removed row down, not all its cells."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._changed_from: int | None = None  # the first row an insert or removal changed, if any
        self._whole = False  # another change is waiting for the layout: everything repainted, as Qt does
        self._offset = 0  # where the rows were drawn from (the header's offset) when last drawn or moved
        self._watched: QAbstractItemModel | None = None

    def setModel(self, model: QAbstractItemModel | None) -> None:
        if self._watched is not None:
            for signal in _relayouts(self._watched):
                signal.disconnect(self._repaint_whole)
        super().setModel(model)
        self._watched = model
        if model is not None:
            for signal in _relayouts(model):
                signal.connect(self._repaint_whole)

    def _repaint_whole(self, *_: object) -> None:
        self._whole = True

    def _changed(self, parent: Index, first: int) -> None:
        if self._changed_from is None:
            self._offset = self.verticalHeader().offset()
        if parent.isValid():  # a tree's children: not a table's rows
            self._whole = True
        elif self._changed_from is None or first < self._changed_from:
            self._changed_from = first

    def rowsInserted(self, parent: Index, start: int, end: int) -> None:
        super().rowsInserted(parent, start, end)
        self._changed(parent, start)

    def rowsAboutToBeRemoved(self, parent: Index, start: int, end: int) -> None:
        super().rowsAboutToBeRemoved(parent, start, end)
        self._changed(parent, start)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)  # the pixels on screen moved with the rows
        self._offset = self.verticalHeader().offset()

    def doItemsLayout(self) -> None:
        first, whole = self._changed_from, self._whole
        self._changed_from, self._whole = None, False
        if first is None or whole:
            super().doItemsLayout()
            return
        self.updateGeometries()
        header = self.verticalHeader()
        if not header.updatesEnabled():  # as Qt's own layout: a removal turned them off until now
            header.setUpdatesEnabled(True)
        viewport = self.viewport()
        if header.offset() != self._offset:
            # The rows shifted without their pixels: at the end of the table, Qt keeps the last row at the
            # bottom edge, so a row fewer or more moves all of them by part of a row.
            viewport.update()
            return
        rows = self.model().rowCount(self.rootIndex()) if self.model() is not None else 0
        if first < rows:
            top = self.rowViewportPosition(first)
        elif rows:  # the last rows went: from under the last row left
            top = self.rowViewportPosition(rows - 1) + self.rowHeight(rows - 1)
        else:
            top = 0
        if top < 0:  # the change is above the rows on screen: every row shown has a new number
            top = 0
        if top < viewport.height():
            viewport.update(QRect(0, top, viewport.width(), viewport.height() - top))
