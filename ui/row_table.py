"""The frame shared by the read-only tables: a row table model under fixed headers, the sorting proxy over
it, the table view setup."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QTableView

Index = QModelIndex | QPersistentModelIndex
RoleSlots = QModelRoleDataSpan | QModelRoleData
#: A row's flags, made once: a paint asks them of every cell, and or-ing two Qt enums is a Python call.
ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def answer_roles(model: QAbstractItemModel, index: Index, roleDataSpan: RoleSlots) -> None:
    """Every role a view asks of one cell, answered in one call into Python: a paint otherwise calls
    ``data`` once per role (~8 per cell), each call waiting its turn at the interpreter while a worker
    computes. For a model's ``multiData``."""
    for slot in roleDataSpan:  # type: ignore[union-attr]
        value = model.data(index, slot.role())
        if value is None:
            slot.clearData()
        else:
            slot.setData(value)


def forward_roles(proxy: QAbstractProxyModel, index: Index, roleDataSpan: RoleSlots) -> None:
    """A proxy's ``multiData``: Qt's proxies would ask their source one role at a time."""
    source = proxy.sourceModel()
    if source is None:
        return
    source.multiData(proxy.mapToSource(index), roleDataSpan)


class RowSortProxy(QSortFilterProxyModel):
    """A sorting and filtering proxy that asks its source all of a cell's roles at once."""

    def multiData(self, index: Index, roleDataSpan: RoleSlots) -> None:
        forward_roles(self, index, roleDataSpan)


class RowTableModel(QAbstractTableModel):
    """A read-only, selectable table of ``self._rows`` under the headers ``COLUMNS``.

    Subclasses fill ``_rows`` and answer ``cell(row, column, role)`` for a valid index.
    """

    COLUMNS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def cell(self, row: Any, column: int, role: int) -> Any:
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.COLUMNS):
            # Translated in the context of the model's class (e.g. "AnnotationTableModel").
            return QCoreApplication.translate(type(self).__name__, self.COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        return self.cell(self._rows[index.row()], index.column(), role)

    def multiData(self, index: Index, roleDataSpan: RoleSlots) -> None:
        answer_roles(self, index, roleDataSpan)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags


def setup_table(view: QTableView) -> QTableView:
    """A list-like table: whole rows, one at a time, read-only, one line per row, no row numbers, its
    column titles elided when they do not fit; Tab goes on to the next control (Up and Down move
    between rows), as in a list."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    # A QTableView's Tab walks its cells, every cell of every row before it lets go: a keyboard user
    # was held in the tag table or the list of claim cards for thousands of presses.
    view.setTabKeyNavigation(False)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    # A column squeezed into a narrow pane shows its title cut with "…", never a clipped middle ("nota").
    view.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
    return view
