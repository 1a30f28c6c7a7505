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

from factcheck.core.names import shown
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
    """Offer names, keeping the current choice when it is still there (else the first); the choice, as
    stored ("" for none). Each is shown with its hidden characters escaped, as `factcheck list` writes a
    name: "bob" and "bob" with a zero-width space differ on screen too."""
    current = chosen(combo)
    combo.blockSignals(True)
    combo.clear()
    for name in names:
        combo.addItem(shown(name), name)
    if current in names:
        combo.setCurrentIndex(names.index(current))
    combo.blockSignals(False)
    return chosen(combo)


def chosen(combo: QComboBox) -> str:
    """The name chosen in a combo `refill` filled, as stored ("" for none)."""
    data = combo.currentData()
    return data if isinstance(data, str) else ""


def choose(combo: QComboBox, name: str) -> None:
    """Choose name (as stored) in a combo `refill` filled, if it offers it."""
    i = combo.findData(name)
    if i >= 0:
        combo.setCurrentIndex(i)


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
