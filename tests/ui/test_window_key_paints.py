"""What a tagging key press repaints in the real window: the tag table's rows, not its column titles."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.ui.conftest import OpenWindow
from tests.ui.window_support import Paints

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _tagged(store: Store, doc: Document) -> None:
    start = doc.text.index("crime")
    store.add_annotation(new_annotation(doc, start, start + len("crime"), "claim", "bob"))


def test_tagging_repaints_the_rows_not_the_column_titles(open_window: OpenWindow, qtbot: QtBot) -> None:
    window = open_window(prepare=_tagged)
    text = window.open_doc.document.text if window.open_doc.document else ""
    titles = Paints(window.table.view.horizontalHeader().viewport())
    rows = Paints(window.table.view.viewport())
    window.table.select_annotation(window.table.model.annotations()[0].id)  # a row current, as after a key
    for quote in ("Jane Roe", "misleading", "Roe denied"):
        start = text.index(quote)
        window.view.select_span(start, start + len(quote))
        QApplication.processEvents()
        titles.count = rows.count = 0
        qtbot.keyClick(window.view, Qt.Key.Key_1)
        window.view.viewport().repaint()  # as the benchmark: the whole window's dirty regions painted
        QApplication.processEvents()
        tag = window.table.current_annotation()
        assert tag is not None and window.open_doc.tags[tag].quote == quote  # listed and selected
        assert rows.count >= 1
        # (was: every title repainted, as Qt does for the sections a selected row covers)
        assert titles.count == 0
    assert window.table.model.rowCount() == 4
