"""Switching to a long article with the Review pane open: no turn of the window's event loop does work
in proportion to the article. The tag table's columns are fitted after one measure of the time column's
sample of rows (not one per column resized), the pane's list waits for the article's tags to be indexed in
slices instead of indexing them at once, and the span index answers "where is this tag?" from a map built
slice by slice. Real window, real SQLite file; no timings."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWindow
from tests.ui.long_review_support import long_article
from ui import layout_state
from ui.annotation_table import TIME, TIME_FIT_ROWS, AnnotationTableModel
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
SENTENCES = 1_500  # 6,000 tags: loaded pending, indexed in slices, listed by the pane's worker


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window()


def listed(window: MainWindow) -> bool:
    panel = window.review.panel
    return panel.session.pending is None and panel.model.rowCount() > 0 and not window.open_doc.tags.pending


def test_the_tag_tables_columns_are_fitted_after_one_measure_of_the_time_column(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = long_article(window.project.store, SENTENCES)
    window.project.documentsChanged.emit()
    window.review.toggle_action.trigger()
    qtbot.waitUntil(window.review.dock.isVisible)
    measured: list[int] = []  # time cells read, per fit
    fits: list[int] = []
    real_cell, real_fit = AnnotationTableModel.cell, layout_state.ColumnFitter.fit

    def cell(model: AnnotationTableModel, tag_id: str, col: int, role: int) -> object:
        if col == TIME and role == Qt.ItemDataRole.DisplayRole:
            measured.append(1)
        return real_cell(model, tag_id, col, role)

    def fit(fitter: layout_state.ColumnFitter) -> None:
        before = len(measured)
        real_fit(fitter)
        fits.append(len(measured) - before)

    monkeypatch.setattr(AnnotationTableModel, "cell", cell)
    monkeypatch.setattr(layout_state.ColumnFitter, "fit", fit)
    window.open_document(doc.id)
    qtbot.waitUntil(lambda: listed(window), timeout=20_000)
    qtbot.wait(50)
    assert window.table.model.rowCount() == 4 * SENTENCES
    # The rows arriving bring the scroll bar, which narrows the table: its columns are fitted again.
    assert fits, "the columns were fitted to the narrower table"
    assert max(fits) <= TIME_FIT_ROWS, f"one fit measured {max(fits)} time cells (more than one sample)"
    header = window.table.view.horizontalHeader()
    width = header.viewport().width()
    assert sum(header.sectionSize(c) for c in range(header.count())) <= width + 1  # every column in view
