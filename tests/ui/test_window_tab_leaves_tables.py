"""Tab leaves the window's tables for the next control, and Shift+Tab comes back, as in a list: the tag
table, the list of claim cards and the opened card's tags select whole rows (Up and Down move between
them), so Tab walking their cells held a keyboard user there for every cell of every row."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot

from tests.ui.claims_support import make_current, tag_of
from tests.ui.conftest import OpenWindow
from tests.ui.test_dialogs_accessibility import _structure

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_tab_leaves_the_tag_table_and_the_claims_pane_tables(open_window: OpenWindow, qtbot: QtBot) -> None:
    window = open_window(prepare=_structure)
    make_current(window, tag_of(window, "crime fell by 20%"))
    window.claims.show_pane()
    qtbot.waitUntil(window.claims.dock.isVisible)
    card_id = window.claims.pane.model.card_id(0)
    assert card_id is not None
    window.claims.open_card(card_id)
    pane = window.claims.pane
    qtbot.waitUntil(pane.card.tags_view.isVisible)
    tables: list[QTableView] = [window.table.view, pane.view, pane.card.tags_view]
    for table in tables:
        assert table.model().rowCount() > 0
        table.setFocus()
        table.setCurrentIndex(table.model().index(0, 0))  # on the first cell of many
        qtbot.keyClick(table, Qt.Key.Key_Tab)
        left_for = QApplication.focusWidget()
        assert left_for is not table, table.objectName()
        assert left_for is not None
        qtbot.keyClick(left_for, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
        assert QApplication.focusWidget() is table, table.objectName()
        assert table.currentIndex().row() == 0  # Tab moved no row
