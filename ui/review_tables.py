"""The review panel's tables and choice boxes, set up as it shows them."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtWidgets import QComboBox, QHeaderView, QTableView

from ui.row_table import setup_table


def table(model: QAbstractTableModel) -> QTableView:
    view = setup_table(QTableView())
    view.setModel(model)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setTabKeyNavigation(False)  # rows, not cells: Tab goes on to the next list, never stays trapped
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # The last column (a description or a quote) takes the rest of the width, elided: no side scrolling.
    header.setSectionResizeMode(model.columnCount() - 1, QHeaderView.ResizeMode.Stretch)
    return view


def refill(combo: QComboBox, names: list[str]) -> str:
    """Offer names, keeping the current choice when it is still there (else the first); the choice."""
    current = combo.currentText()
    combo.blockSignals(True)
    combo.clear()
    combo.addItems(names)
    if current in names:
        combo.setCurrentText(current)
    combo.blockSignals(False)
    return combo.currentText()
