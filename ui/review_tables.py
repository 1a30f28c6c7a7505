"""The review panel's tables and choice boxes, set up as it shows them."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

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


def lists_splitter(
    list_view: QTableView, tag_boxes: tuple[QGroupBox, QGroupBox], tag_views: tuple[QTableView, ...]
) -> QSplitter:
    """The disagreements over the two tag lists (each in its box, side by side), in one splitter."""
    for box, view in zip(tag_boxes, tag_views, strict=True):
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(4, 2, 4, 2)
        box_layout.addWidget(view)
    tags_row = QWidget()
    tags_layout = QHBoxLayout(tags_row)
    tags_layout.setContentsMargins(0, 0, 0, 0)
    for box in tag_boxes:
        tags_layout.addWidget(box)
    split = QSplitter(Qt.Orientation.Vertical)
    split.addWidget(list_view)
    split.addWidget(tags_row)
    split.setObjectName("reviewSplitter")
    split.setChildrenCollapsible(False)
    split.setHandleWidth(4)
    split.setSizes([300, 160])
    split.setStretchFactor(0, 3)  # the list of disagreements is what the reviewer walks
    split.setStretchFactor(1, 0)  # the tag lists are as tall as their rows (fit_tag_lists)
    return split
