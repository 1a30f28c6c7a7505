"""A table view whose inserts and removals repaint from the changed row down: what it shows is what a
fresh draw shows, whatever the rows did (inserts and removals anywhere, the last rows going, every row
going, moves, a reset), scrolled anywhere."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QStyledItemDelegate, QTableView, QWidget
from pytestqt.qtbot import QtBot

from ui.row_table import setup_table
from ui.row_table_view import RowTableView

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _row(n: int) -> list[QStandardItem]:
    return [QStandardItem(f"row {n}"), QStandardItem(str(n * 7 % 13))]


def _settle() -> None:
    """The layout Qt delays to the next turn done, then the paint it asks for."""
    QTest.qWait(5)
    for _ in range(3):
        QApplication.processEvents()


def _same_as_drawn_afresh(view: QTableView) -> bool:
    _settle()
    window, viewport = view.window(), view.viewport()
    at = viewport.mapTo(window, QPoint(0, 0))
    shown = window.screen().grabWindow(window.winId(), at.x(), at.y(), viewport.width(), viewport.height())
    fresh = viewport.grab().toImage()
    return shown.toImage().convertToFormat(fresh.format()) == fresh


class _Counting(QStyledItemDelegate):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.rows: set[int] = set()

    def paint(self, painter: object, option: object, index: QModelIndex) -> None:  # type: ignore[override]
        self.rows.add(index.row())
        super().paint(painter, option, index)  # type: ignore[arg-type]


@pytest.fixture
def view(qtbot: QtBot) -> RowTableView:
    model = QStandardItemModel(0, 2)
    for n in range(40):
        model.appendRow(_row(n))
    view = RowTableView()
    setup_table(view)
    view.setAlternatingRowColors(True)
    view.setModel(model)
    # No focus frame: Qt's own view leaves a pixel of it behind when it scrolls (a plain QTableView too).
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    qtbot.addWidget(view)
    view.resize(300, 260)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_an_insert_repaints_the_rows_from_it_down(view: RowTableView) -> None:
    model = view.model()
    assert isinstance(model, QStandardItemModel)
    counting = _Counting(view)
    view.setItemDelegate(counting)
    _settle()  # the repaint a new delegate asks for
    last = view.rowAt(view.viewport().height() - 1)
    counting.rows.clear()
    model.insertRow(4, _row(100))
    _settle()
    assert counting.rows == set(range(4, last + 1))  # (was: rows 0 to `last`)
    assert _same_as_drawn_afresh(view)
    counting.rows.clear()
    model.removeRow(2)
    _settle()
    assert counting.rows == set(range(2, last + 1))
    assert _same_as_drawn_afresh(view)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_what_it_shows_is_a_fresh_draw(view: RowTableView, seed: int) -> None:
    model = view.model()
    assert isinstance(model, QStandardItemModel)
    rnd, made = random.Random(seed), 100
    for step in range(80):
        rows = model.rowCount()
        kind = rnd.choice(["insert", "insert", "remove", "remove", "last", "move", "scroll", "sort"])
        if kind == "insert" or not rows:
            made += 1
            model.insertRow(rnd.randint(0, rows), _row(made))
        elif kind == "remove":
            model.removeRows(rnd.randrange(rows), 1 + rnd.randrange(3) if rows > 3 else 1)
        elif kind == "last":
            model.removeRows(max(0, rows - 2), min(2, rows))
        elif kind == "move" and rows > 1:
            model.moveRow(QModelIndex(), rnd.randrange(rows), QModelIndex(), rnd.randrange(rows))
        elif kind == "scroll":
            view.verticalScrollBar().setValue(rnd.randint(0, view.verticalScrollBar().maximum()))
        elif kind == "sort":
            model.sort(rnd.randrange(2))
        if rnd.random() < 0.3 and model.rowCount():
            view.selectRow(rnd.randrange(model.rowCount()))
            view.scrollTo(view.currentIndex())
        assert _same_as_drawn_afresh(view), (step, kind)
    model.removeRows(0, model.rowCount())
    assert _same_as_drawn_afresh(view)
    model.clear()
    assert _same_as_drawn_afresh(view)
