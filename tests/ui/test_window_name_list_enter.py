"""Enter on a row of Project › Labels… and Project › Link types… renames it (as F2), never Add…."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWindow
from tests.ui.structure_support import Answer, answer_dialogs
from ui.labels_dialog import LabelsDialog
from ui.link_types_dialog import LinkTypesDialog
from ui.main_window import MainWindow
from ui.name_list_dialog import NameListDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on show()


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window()


def _cancel(seen: list[str]) -> Answer:
    def answer(dialog: QWidget) -> None:
        seen.append(dialog.windowTitle())
        if isinstance(dialog, QDialog):  # whichever it is (Add…'s, before the fix): closed
            dialog.reject()

    return answer


@pytest.mark.parametrize(
    ("make", "row", "title"),
    [(LabelsDialog, 0, "Rename label"), (LinkTypesDialog, 0, "Rename link type")],
)
@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_enter_on_a_row_renames_it(
    window: MainWindow, qtbot: QtBot, make: type[NameListDialog], row: int, title: str, key: Qt.Key
) -> None:
    dialog = make(window.project, window)  # type: ignore[call-arg, arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.table.setFocus()
    dialog.table.selectRow(row)
    seen: list[str] = []
    titles = answer_dialogs(_cancel(seen))
    qtbot.keyClick(dialog.table, key)
    qtbot.waitUntil(lambda: bool(titles), timeout=3000)
    assert titles == [title] and seen == [title]
    assert dialog.isVisible()
    dialog.close()
