"""The read-only tables' frame: a sorting proxy over a row table asks all of a cell's roles in one call."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from ui.row_table import RowSortProxy, RowTableModel, setup_table


class Words(RowTableModel):
    COLUMNS = ("Word", "Length")

    def __init__(self, words: list[str]) -> None:
        super().__init__()
        self._rows = list(words)
        self.asked = {"together": 0, "alone": 0}

    def cell(self, row: Any, column: int, role: int) -> Any:
        caller = sys._getframe(2).f_code.co_name  # cell <- data <- answer_roles, or data called by Qt
        self.asked["together" if caller == "answer_roles" else "alone"] += 1
        if role == Qt.ItemDataRole.DisplayRole:
            return row if column == 0 else len(row)
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            return Qt.GlobalColor.darkGray
        return None


@pytest.fixture
def table(qtbot: QtBot) -> tuple[QTableView, Words, RowSortProxy]:
    model = Words(["gamma", "alpha", "beta", "delta"])
    proxy = RowSortProxy()
    proxy.setSourceModel(model)
    view = setup_table(QTableView())
    view.setModel(proxy)
    view.setSortingEnabled(True)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    return view, model, proxy


def test_a_paint_through_the_proxy_asks_each_cell_once(table: tuple[QTableView, Words, RowSortProxy]) -> None:
    view, model, proxy = table
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    model.asked.update(together=0, alone=0)
    view.viewport().repaint()
    assert model.asked["together"] >= 8, model.asked  # every role of the 8 cells shown
    assert model.asked["alone"] == 0, model.asked  # (was: one call per role, through Qt's proxy)
    # What the cells answer is what the model says, in the proxy's order.
    assert [proxy.index(r, 0).data() for r in range(4)] == ["alpha", "beta", "delta", "gamma"]
    assert proxy.index(0, 1).data() == 5
    assert proxy.index(0, 1).data(Qt.ItemDataRole.ForegroundRole) == Qt.GlobalColor.darkGray
    assert proxy.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) is None


def test_the_proxy_is_a_well_behaved_model(
    table: tuple[QTableView, Words, RowSortProxy], qtmodeltester: ModelTester
) -> None:
    _view, _model, proxy = table
    proxy.setFilterFixedString("a")
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 4
    proxy.setFilterFixedString("et")
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["beta"]
