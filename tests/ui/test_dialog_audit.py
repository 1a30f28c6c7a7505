"""The dialog checks themselves find what they are meant to find, on a dialog built with every fault."""

from __future__ import annotations

from itertools import pairwise

import pytest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
)
from pytestqt.qtbot import QtBot

from tests.ui.dialog_audit import (
    check_default,
    check_fits,
    check_mnemonics,
    check_names,
    check_tab_order,
)

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _shown(qtbot: QtBot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_a_faulty_dialog_fails_every_check(qtbot: QtBot) -> None:
    dialog = QDialog()
    form = QFormLayout(dialog)
    loose = QLabel("&Name:")  # a mnemonic with no buddy
    unnamed = QLineEdit()
    combo = QComboBox()
    combo.addItem("current text is no name")
    table = QTableWidget(2, 2)  # Tab moves between its cells and never leaves
    form.addRow(loose, unnamed)
    form.addRow(combo)
    form.addRow(table)
    form.addRow(QPushButton("&Apply"), QPushButton("&Add"))  # Alt+A twice
    cut = QLabel("a long label that its fixed width cuts")
    cut.setFixedWidth(40)
    form.addRow(cut)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    form.addRow(buttons)
    dialog.setMinimumSize(900, 300)
    _shown(qtbot, dialog)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(False)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
    unnamed.setFocus()

    names = check_names(dialog)
    assert "QLineEdit('') has no spoken name" in names
    assert "QComboBox('') has no spoken name" in names
    assert "label '&Name:' has a mnemonic but no buddy" in names
    assert any("Alt+A" in p for p in check_mnemonics(dialog))
    fits = check_fits(dialog)
    assert any("800x600" in p for p in fits), fits
    assert any("is cut" in p for p in fits), fits
    assert any("Enter does not press" in p for p in check_default(dialog))
    order = check_tab_order(qtbot, dialog, combo)
    assert any("first focus is QLineEdit" in p for p in order)
    assert "Tab does not leave QTableWidget('')" in order
    assert any("Tab never reaches QPushButton('Apply')" in p for p in order)


def test_a_tab_order_jumping_back_and_forth_is_found(qtbot: QtBot) -> None:
    dialog = QDialog()
    form = QFormLayout(dialog)
    fields = [QLineEdit() for _ in range(4)]
    for i, field in enumerate(fields):
        form.addRow(f"Field {i}:", field)
    for a, b in ((fields[0], fields[2]), (fields[2], fields[1]), (fields[1], fields[3])):
        QDialog.setTabOrder(a, b)  # 0, 2, 1, 3: back up once in the middle, besides the wrap
    _shown(qtbot, dialog)
    fields[0].setFocus()
    assert QApplication.focusWidget() is fields[0]
    order = check_tab_order(qtbot, dialog, fields[0])
    assert any("jumps back" in p for p in order)
    # The plain order passes.
    for a, b in pairwise(fields):
        QDialog.setTabOrder(a, b)
    fields[0].setFocus()
    assert check_tab_order(qtbot, dialog, fields[0]) == []
    assert check_names(dialog) == [] and check_mnemonics(dialog) == []
