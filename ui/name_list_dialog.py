"""The frame of the project's list editors (Project › Labels…, Project › Link types…): a table of named
rows, a column of buttons beside it, a note on what a change does, a status line and Close. Each change is
saved at once through the project; the dialog then shows the list again with the changed row selected."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from factcheck.core.errors import FactcheckError

T = TypeVar("T")
NAME = 0  # the column of the row's name (its stored name in UserRole when shown otherwise)

#: (key, text, slot, spoken name or "") of a button beside the table.
ButtonSpec = tuple[str, str, Callable[[], object], str]


def _tr(text: str) -> str:
    return QCoreApplication.translate("NameListDialog", text)


class NameListDialog(QDialog):
    def __init__(
        self, title: str, table_name: str, spoken: str, headers: Sequence[str], parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.table = QTableWidget(0, len(headers))
        self.table.setObjectName(table_name)
        self.table.setAccessibleName(spoken)
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the buttons
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(headers)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.buttons: dict[str, QPushButton] = {}
        self.side = QVBoxLayout()
        self.status = QLabel()
        self.status.setWordWrap(True)

    def add_buttons(self, specs: Sequence[ButtonSpec]) -> None:
        for key, text, slot, spoken in specs:
            button = QPushButton(text)
            if spoken:
                button.setAccessibleName(spoken)
            button.clicked.connect(lambda _=False, slot=slot: slot())
            self.side.addWidget(button)
            self.buttons[key] = button

    def finish(self, note: str, status_name: str, width: int, height: int) -> None:
        """Lay the parts out (after the buttons): table and buttons, the note, the status line, Close."""
        self.side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.table, 1)
        row.addLayout(self.side)
        note_label = QLabel(note)
        note_label.setWordWrap(True)
        self.status.setObjectName(status_name)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(note_label)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.resize(width, height)
        self.table.itemSelectionChanged.connect(self._enable)

    # -- what subclasses give ----------------------------------------------------------------------
    def reload(self, select: str | None = None) -> None:
        raise NotImplementedError

    def _enable(self) -> None:
        raise NotImplementedError

    # -- shared ------------------------------------------------------------------------------------
    def current(self) -> str | None:
        """The selected row's name."""
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        item = self.table.item(rows[0].row(), NAME)
        if item is None:
            return None
        stored = item.data(Qt.ItemDataRole.UserRole)
        return str(stored) if stored is not None else item.text()

    def _change(self, change: Callable[[], T], done: str, select: str | None = None) -> T | None:
        """Run one change; say done in the status line, or show why it was refused (nothing changed)."""
        try:
            result = change()
        except FactcheckError as exc:
            self.status.setText(str(exc))
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            self.reload(select)
            return None
        self.status.setText(done)
        self.reload(select)
        return result

    def _moved(self, names: list[str], step: int, reorder: Callable[[list[str]], object]) -> None:
        """Move the selected row step places (names: the rows in order); reorder(new order) saves it."""
        name = self.current()
        if name not in names:
            return
        i = names.index(name)
        j = i + step
        if not 0 <= j < len(names):
            return
        names[i], names[j] = names[j], names[i]
        done = (_tr("Moved “{name}” up.") if step < 0 else _tr("Moved “{name}” down.")).format(name=name)
        self._change(lambda: reorder(names), done, name)
