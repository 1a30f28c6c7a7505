"""What the tag table repaints when a tag comes or goes: the rows from the changed one down, not every
cell on screen; and whatever it skipped, the table on screen is the table drawn afresh, after any run of
tags added, deleted, undone and redone, sorts, scrolls and the dark theme."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QStyledItemDelegate, QStyleOptionViewItem, QWidget
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.ui.conftest import OpenWindow
from ui.annotation_table_model import COLUMNS
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

TEXT = " ".join(f"Word{i} said{i % 11} figures{i % 5} rose." for i in range(40))


def _words(text: str) -> list[tuple[int, int]]:
    spans, at = [], 0
    for word in text.split(" "):
        spans.append((at, at + len(word.rstrip("."))))
        at += len(word) + 1
    return spans


def _every_other_word(store: Store, doc: Document) -> None:
    store.put_annotations([new_annotation(doc, a, b, "claim", "bob") for a, b in _words(doc.text)[::2]])


class _Counting(QStyledItemDelegate):
    """Qt's delegate, noting the row of each cell it draws."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.rows: list[int] = []

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        self.rows.append(index.row())
        super().paint(painter, option, index)


def _settle(window: MainWindow) -> None:
    """The key's work and the paints it asked for done (the whole window, as the benchmark paints)."""
    QApplication.processEvents()
    window.view.viewport().repaint()
    for _ in range(3):
        QApplication.processEvents()


def _on_screen(window: MainWindow, widget: QWidget) -> QImage:
    """The widget's pixels as the window shows them (its backing store), not drawn again."""
    at = widget.mapTo(window, QPoint(0, 0))
    grabbed = window.screen().grabWindow(window.winId(), at.x(), at.y(), widget.width(), widget.height())
    return grabbed.toImage()


def _same_as_drawn_afresh(window: MainWindow) -> bool:
    viewport = window.table.view.viewport()
    fresh = viewport.grab().toImage()
    return _on_screen(window, viewport).convertToFormat(fresh.format()) == fresh


def test_a_tag_added_mid_table_repaints_the_rows_from_it_down(open_window: OpenWindow) -> None:
    window = open_window(text=TEXT, prepare=_every_other_word)
    view = window.table.view
    counting = _Counting(view)
    view.setItemDelegate(counting)
    words = _words(TEXT)
    window.table.select_annotation(window.table.model.annotations()[2].id)  # a row current, as after a key
    _settle(window)
    first, last = view.rowAt(0), view.rowAt(view.viewport().height() - 1)
    assert first == 0 and last >= 10, "the table shows its first rows"
    for word in (11, 17):  # untagged words, listed mid-screen by position
        a, b = words[word]
        row = sum(1 for tag in window.open_doc.tags if tag.start < a)
        before = view.currentIndex().row()
        window.view.select_span(a, b)
        _settle(window)
        counting.rows.clear()
        QApplication.processEvents()
        window.view.setFocus()
        QTest.keyClick(window.view, Qt.Key.Key_1)
        _settle(window)
        new = view.currentIndex().row()
        assert new == row and view.rowAt(0) == 0  # listed among the rows on screen: no scroll
        # (was: every cell on screen, rows 0 to `last`)
        assert set(counting.rows) <= {before, *range(new, last + 1)}
        assert len(counting.rows) <= (last + 2 - new) * len(COLUMNS)
        assert _same_as_drawn_afresh(window)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_table_on_screen_is_the_table_drawn_afresh(
    open_window: OpenWindow, qtbot: QtBot, seed: int
) -> None:
    window = open_window(text=TEXT, prepare=_every_other_word)
    table, rnd, words = window.table, random.Random(seed), _words(TEXT)
    try:
        for step in range(60):
            kind = rnd.choice(["add", "add", "add", "delete", "undo", "redo", "sort", "scroll", "theme"])
            if kind == "add":
                a, b = rnd.choice(words)
                window.view.select_span(a, b)
                _settle(window)
                qtbot.keyClick(window.view, rnd.choice([Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3]))
            elif kind == "delete" and table.model.rowCount():
                mine = [a.id for a in table.model.annotations() if a.annotator == "alice"]
                if mine:  # the focus stays in the article (a focus frame Qt leaves is not our concern)
                    window.view.set_current(rnd.choice(mine), scroll=True)
                    window.delete_current()
            elif kind == "undo":
                window.undo()
            elif kind == "redo":
                window.redo()
            elif kind == "sort":
                order = rnd.choice([Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
                table.view.sortByColumn(rnd.randrange(len(COLUMNS)), order)
            elif kind == "scroll":
                bar = table.view.verticalScrollBar()
                bar.setValue(rnd.randint(0, bar.maximum()))
            elif kind == "theme":
                window.appearance.set_scheme("light" if window.appearance.dark() else "dark")
            _settle(window)
            assert _same_as_drawn_afresh(window), (step, kind)
    finally:
        window.appearance.set_scheme("light")  # the application's look is shared by the tests that follow
