"""The frame of the project's list editors (Project › Labels…, Project › Link types…): a table of named
rows, a column of buttons beside it, a note on what a change does, a status line and Close. Each change is
saved at once through the project, as a command on the window's undo stack; the dialog then shows the list
again with the changed row selected. The window's Edit › Undo cannot be reached while the dialog is open,
so Undo and Redo (Ctrl+Z, Ctrl+Shift+Z or Ctrl+Y, and buttons) take back the stack's last step here."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
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
from ui import commands

T = TypeVar("T")
NAME = 0  # the column of the row's name (its stored name in UserRole when shown otherwise)

#: (key, text, slot, spoken name or "") of a button beside the table.
ButtonSpec = tuple[str, str, Callable[[], object], str]


def _tr(text: str) -> str:
    return QCoreApplication.translate("NameListDialog", text)


def _redo_keys() -> list[QKeySequence]:
    """The window's Edit › Redo keys."""
    return [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")]


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
        self.stack: QUndoStack = QUndoStack(self)  # the window's, given by the subclass
        self.side = QVBoxLayout()
        self.status = QLabel()
        self.status.setWordWrap(True)

    def add_row_keys(self, rename: Callable[[], object], remove: Callable[[], object]) -> None:
        """F2 renames and Delete removes the selected row, as in the document list; Enter renames too
        (else the dialog's default button, Add…, would take it)."""
        for keys, slot in (
            ([QKeySequence(Qt.Key.Key_F2), QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)],
             rename),
            ([QKeySequence(QKeySequence.StandardKey.Delete)], remove),
        ):  # fmt: skip
            key_action = QAction(self.table)
            key_action.setShortcuts(keys)
            key_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # F2 / Delete in the table
            key_action.triggered.connect(lambda _=False, slot=slot: slot())
            self.table.addAction(key_action)

    def add_buttons(self, specs: Sequence[ButtonSpec]) -> None:
        for key, text, slot, spoken in specs:
            button = QPushButton(text)
            if spoken:
                button.setAccessibleName(spoken)
            button.clicked.connect(lambda _=False, slot=slot: slot())
            self.side.addWidget(button)
            self.buttons[key] = button

    def finish(self, note: str, status_name: str, width: int, height: int) -> None:
        """Lay the parts out (after the buttons): table and buttons, Undo and Redo, the note, the status
        line, Close."""
        self.side.addStretch(1)
        for key, text, spoken, step, keys in (
            ("undo", _tr("Undo"), _tr("Undo the last change"), self.undo,
             QKeySequence.keyBindings(QKeySequence.StandardKey.Undo)),
            ("redo", _tr("Redo"), _tr("Redo the change undone"), self.redo, _redo_keys()),
        ):  # fmt: skip
            button = QPushButton(text)
            button.setAccessibleName(spoken)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, step=step: step())
            self.side.addWidget(button)
            self.buttons[key] = button
            action = QAction(text, self)
            action.setShortcuts(keys)
            action.triggered.connect(lambda _=False, step=step: step())
            self.addAction(action)
        # Not on the stack's indexChanged: the stack may go first (with the window), emitting as it goes;
        # the dialog is modal, so only its own changes move the stack while it is open.
        self._enable_undo()
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

    # -- undo and redo -----------------------------------------------------------------------------------
    def _enable_undo(self) -> None:
        undo, redo = self.buttons["undo"], self.buttons["redo"]
        undo.setEnabled(self.stack.canUndo())
        redo.setEnabled(self.stack.canRedo())
        undo.setToolTip(
            _tr("Undo {what} (Ctrl+Z)").format(what=self.stack.undoText()) if self.stack.canUndo() else ""
        )
        redo.setToolTip(
            _tr("Redo {what} (Ctrl+Shift+Z)").format(what=self.stack.redoText())
            if self.stack.canRedo()
            else ""
        )
        undo.setAccessibleDescription(undo.toolTip())
        redo.setAccessibleDescription(redo.toolTip())

    def undo(self) -> None:
        """Take back the window's last step (whatever it was: the stack is one)."""
        if not self.stack.canUndo():
            return
        what = self.stack.undoText()
        done = _tr("Undone: {what}.").format(what=what)
        self._change(lambda: commands.undo(self.stack), done, self.current())

    def redo(self) -> None:
        if not self.stack.canRedo():
            return
        what = self.stack.redoText()
        done = _tr("Redone: {what}.").format(what=what)
        self._change(lambda: commands.redo(self.stack), done, self.current())

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
        acted_on = self.current()
        try:
            result = change()
        except FactcheckError as exc:
            self.status.setText(str(exc))
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            # The row acted on stays selected: select names the row as changed (a rename's new name), which
            # may be another row's, the one that refused it, where F2 again would rename that other one.
            self.reload(acted_on)
            self._enable_undo()
            return None
        self.status.setText(done)
        self.reload(select)
        self._enable_undo()
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
