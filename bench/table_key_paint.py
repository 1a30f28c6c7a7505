"""A probe, not a suite (`uv run python -m bench.table_key_paint`): the tag table's share of key 1 in the
documents bench's window (1,000 documents; BENCH_DOCUMENTS to change), in two patterns of spans:
- random: the documents bench's (a span anywhere in the article's first third: the table mostly scrolls a
  screen or more to the new row, so every cell on screen is new);
- down: a reader tagging down the article, each span after the last (the new row lands on screen, most
  often the last one, the table scrolling by a row).

Printed for each, as medians over PRESSES presses: the thread's CPU per key (key 1 to repainted, as
bench/documents.py times it), the part of it in the table's paint events, and, over further presses
(the counting delegate being Python, timed apart), the cells the table drew per key.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSettings, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QStyledItemDelegate, QStyleOptionViewItem

import ui.annotation_table
from bench import documents
from bench.common import shown_window
from db import Store
from factcheck.core.model import Document
from ui.main_window import MainWindow
from ui.row_table_view import RowTableView

PRESSES = int(os.environ.get("PRESSES", "75"))
COUNTED = 30  # presses whose cells are counted
_painting = [0.0]  # thread CPU in the table's paint events since last reset


class _TimedView(RowTableView):
    def paintEvent(self, event: QPaintEvent) -> None:
        t0 = time.thread_time()
        super().paintEvent(event)
        _painting[0] += time.thread_time() - t0


class _Counting(QStyledItemDelegate):
    cells = 0

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        _Counting.cells += 1
        super().paint(painter, option, index)


def _spans(doc: Document, rnd: random.Random) -> dict[str, Callable[[], tuple[int, int]]]:
    after = [3_000]

    def down() -> tuple[int, int]:
        start = doc.text.index(" ", after[0] + 15) + 1
        after[0] = doc.text.index(" ", start + 5)
        return start, after[0]

    return {"random": lambda: documents._words(doc.text, rnd), "down": down}


def _press(app: QApplication, window: MainWindow, span: tuple[int, int]) -> float:
    view = window.view
    view.select_span(*span)
    view.viewport().repaint()
    app.processEvents()
    _painting[0] = 0.0
    t0 = time.thread_time()
    QTest.keyClick(view, Qt.Key.Key_1)
    view.viewport().repaint()
    app.processEvents()
    spent = time.thread_time() - t0
    window.doc_counts.flush()
    return spent * 1000


def main() -> None:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    # The window's tag table built as a view timing its paints (the probe's only change to the window).
    setattr(ui.annotation_table, "RowTableView", _TimedView)  # noqa: B010
    rnd = random.Random(20261130)
    with tempfile.TemporaryDirectory(prefix="factcheck-probe-") as tmp:
        folder = Path(tmp)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "settings"))
        store = Store.open(folder / "documents.db")
        docs = documents._project(store, rnd)
        doc = docs[len(docs) // 2]
        with shown_window(app, store, folder, doc.id) as window:
            window.activateWindow()
            window.view.setFocus()
            spans = _spans(doc, rnd)
            for name, span in spans.items():
                cpu, painted = [], []
                for _ in range(PRESSES):
                    cpu.append(_press(app, window, span()))
                    painted.append(_painting[0] * 1000)
                print(
                    f"{name}: CPU per key {statistics.median(cpu):.2f} ms, "
                    f"the table's paint {statistics.median(painted):.2f} ms"
                )
            table = window.table.view
            table.setItemDelegate(_Counting(table))
            app.processEvents()
            for name, span in spans.items():
                cells = []
                for _ in range(COUNTED):
                    _Counting.cells = 0
                    _press(app, window, span())
                    cells.append(_Counting.cells)
                median, mean = statistics.median(cells), statistics.mean(cells)
                print(f"{name}: cells drawn per key, median {median}, mean {mean:.1f}")


if __name__ == "__main__":
    main()
