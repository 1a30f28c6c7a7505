"""Discontinuous tags in the real window: Ctrl + the label key adds the selection as another piece of the
current tag; drawn on every piece and never in the gap, listed once, one tag for the detail; undoable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWindow
from tests.ui.structure_support import TEXT, select, stored, tag_key
from tests.ui.window_support import highlighted
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window(text=TEXT)


def table_rows(window: MainWindow) -> list[str]:
    model = window.table.proxy
    return [model.index(r, 1).data() for r in range(model.rowCount())]


def test_ctrl_1_adds_the_selection_as_a_piece_of_the_current_claim(window: MainWindow, qtbot: QtBot) -> None:
    text = window.open_doc.text
    claim = tag_key(window, qtbot, "The economy", Qt.Key.Key_1)
    second = select(window, "is booming")
    qtbot.keyClick(window.view, Qt.Key.Key_1, CTRL)
    first = (text.index("The economy"), text.index("The economy") + len("The economy"))
    got = stored(window, claim.id)
    assert got.fragments == (first, second)
    assert (got.start, got.end) == (first[0], second[1])
    assert got.quote == "The economy, he said, is booming"  # the envelope, as the format says
    # Drawn on both pieces, not in the gap; one row in the table; the detail says two pieces.
    assert highlighted(window, *first) and highlighted(window, *second)
    gap = text.index(", he said,")
    assert not highlighted(window, gap, gap + 1)
    assert window.open_doc.tags.at(gap + 3) == []  # a click in the gap finds no tag
    assert [t.id for t in window.open_doc.tags.at(second[0])] == [claim.id]
    assert table_rows(window) == ["The economy … is booming"]
    detail = window.structure.detail
    qtbot.waitUntil(lambda: detail.tag_id == claim.id)
    assert "2 pieces" in detail.title.text()
    assert detail.quote.text() == "“The economy” … “is booming”"
    window.view.viewport().repaint()
    window.grab().save("/tmp/s11ui-pieces.png")

    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    got = stored(window, claim.id)
    assert got.fragments == () and got.quote == "The economy"
    assert not highlighted(window, *second)
    qtbot.keyClick(window.view, Qt.Key.Key_Y, CTRL)
    assert stored(window, claim.id).fragments == (first, second)


def test_a_third_piece_and_a_touching_selection_joins_a_piece(window: MainWindow, qtbot: QtBot) -> None:
    text = window.open_doc.text
    claim = tag_key(window, qtbot, "Trump", Qt.Key.Key_1)
    a = select(window, "Putin's")
    qtbot.keyClick(window.view, Qt.Key.Key_1, CTRL)
    b = select(window, "assertions")
    qtbot.keyClick(window.view, Qt.Key.Key_1, CTRL)
    trump = (text.index("Trump"), text.index("Trump") + 5)
    assert stored(window, claim.id).fragments == (trump, a, b)
    # A selection overlapping a piece joins it (trimmed first: the spaces around it are not taken).
    accepted = select(window, " accepted Putin")
    qtbot.keyClick(window.view, Qt.Key.Key_1, CTRL)
    got = stored(window, claim.id)
    assert got.fragments == (trump, (accepted[0] + 1, a[1]), b)


def test_ctrl_with_another_label_or_nothing_current_explains(window: MainWindow, qtbot: QtBot) -> None:
    claim = tag_key(window, qtbot, "The economy", Qt.Key.Key_1)
    select(window, "is booming")
    qtbot.keyClick(window.view, Qt.Key.Key_2, CTRL)
    assert "current denial tag" in window.statusBar().currentMessage()
    assert stored(window, claim.id).fragments == ()
    qtbot.keyClick(window.view, Qt.Key.Key_1, CTRL)
    assert stored(window, claim.id).fragments != ()
    qtbot.keyClick(window.view, Qt.Key.Key_1, CTRL)  # nothing selected now
    assert "Select the next piece first" in window.statusBar().currentMessage()
