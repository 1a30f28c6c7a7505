"""Help > Keyboard shortcuts: every shortcut of the window, read from its actions (so never stale)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

# Keys handled by widgets rather than actions.
EXTRA = (
    ("Select text", "Mouse drag, double-click a word, Shift+arrows"),
    ("Find bar: next / previous match", "Enter / Shift+Enter"),
    ("Find bar: close", "Esc"),
    ("Tags table: move between tags", "Up / Down"),
)


def _clean(text: str) -> str:
    return text.replace("&", "").replace("…", "").split("  [")[0]


def shortcut_rows(label_actions: Mapping[str, QAction], actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """(what, keys) for the label keys, then every action with a shortcut, then the widgets' own keys."""
    rows: list[tuple[str, str]] = []
    for name, action in label_actions.items():
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        rows.append((f"Tag the selection as {name} (no selection: relabel the current tag)", keys))
    for action in actions:
        keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
        if keys:
            rows.append((_clean(action.text()), keys))
    rows.extend(EXTRA)
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None, rows: list[tuple[str, str]]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(560, 560)
        table = QTableWidget(len(rows), 2, self)
        table.setHorizontalHeaderLabels(["Action", "Keys"])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (what, keys) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(what))
            table.setItem(row, 1, QTableWidgetItem(keys))
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.table = table
