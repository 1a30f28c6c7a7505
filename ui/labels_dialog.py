"""Project > Labels…: the project's labels (its annotation scheme). Add, rename, recolour, set a key,
reorder and remove; each change is saved at once, through the project (`db.labels`), and every view
follows (`ProjectModel.labelsChanged`). Removing a label that tags have asks first, saying how many.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db import labels as db_labels
from factcheck.core.errors import FactcheckError
from factcheck.core.model import Label
from factcheck.services import labels as labels_service
from ui.colors import swatch
from ui.project import ProjectModel

T = TypeVar("T")
NAME, COLOR, KEY, TAGS = range(4)


def ask_text(parent: QWidget, title: str, prompt: str, text: str = "") -> str | None:
    value, ok = QInputDialog.getText(parent, title, prompt, text=text)
    return value if ok else None


def ask_color(parent: QWidget, current: str) -> str | None:
    color = QColorDialog.getColor(QColor(current), parent, "Label colour")
    return color.name().upper() if color.isValid() else None


def confirm_removal(parent: QWidget, name: str, live: int, total: int) -> bool:
    deleted = f" (and {total - live} deleted ones)" if total > live else ""
    message = (
        f"{live} tag{'s' if live != 1 else ''}{deleted} have the label “{name}”, whoever made them.\n\n"
        f"Removing the label removes {'them' if total != 1 else 'it'} too, for good: this cannot be undone."
    )
    box = QMessageBox(QMessageBox.Icon.Warning, "Remove label", message, parent=parent)
    take = box.addButton(f"&Remove “{name}” and {total} tag{'s' if total != 1 else ''}",
                         QMessageBox.ButtonRole.DestructiveRole)  # fmt: skip
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is take


class LabelsDialog(QDialog):
    def __init__(self, project: ProjectModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Labels")
        self.project = project
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("labelsTable")
        self.table.setAccessibleName("Project labels")
        self.table.setHorizontalHeaderLabels(["Label", "Colour", "Key", "Tags"])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for col in (COLOR, KEY, TAGS):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda index: self._edit_cell(index.column()))
        self.buttons: dict[str, QPushButton] = {}
        side = QVBoxLayout()
        for key, text, slot in (
            ("add", "&Add…", self.add),
            ("rename", "Re&name…", self.rename),
            ("color", "&Colour…", self.recolor),
            ("key", "&Key…", self.set_key),
            ("up", "Move &up", lambda: self.move_label(-1)),
            ("down", "Move &down", lambda: self.move_label(1)),
            ("remove", "&Remove…", self.remove),
        ):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, slot=slot: slot())
            side.addWidget(button)
            self.buttons[key] = button
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.table, 1)
        row.addLayout(side)
        note = QLabel(
            "Changes are saved at once. Renaming a label renames it on every tag that has it, "
            "whoever made the tag. Keys are digits: press one with text selected to tag it."
        )
        note.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("labelsStatus")
        self.status.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(note)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.resize(560, 380)
        self.table.itemSelectionChanged.connect(self._enable)
        self.reload()

    # -- showing ---------------------------------------------------------------------------------
    def labels(self) -> list[Label]:
        return self.project.labels()

    def reload(self, select: str | None = None) -> None:
        labels = self.labels()
        usage = self.project.label_usage()
        current = select or self.current()
        self.table.setRowCount(len(labels))
        for r, lab in enumerate(labels):
            live, _ = usage.get(lab.name, (0, 0))
            name = QTableWidgetItem(QIcon(swatch(lab.color)), lab.name)
            cells = (name, QTableWidgetItem(lab.color), QTableWidgetItem(lab.shortcut or "—"),
                     QTableWidgetItem(str(live)))  # fmt: skip
            for c, item in enumerate(cells):
                if c == TAGS:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
            if lab.name == current:
                self.table.selectRow(r)
        if self.current() is None and labels:
            self.table.selectRow(0)
        self._enable()

    def current(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        item = self.table.item(rows[0].row(), NAME)
        return item.text() if item is not None else None

    def _enable(self) -> None:
        names = [lab.name for lab in self.labels()]
        current = self.current()
        i = names.index(current) if current in names else -1
        for key in ("rename", "color", "key", "remove"):
            self.buttons[key].setEnabled(i >= 0)
        self.buttons["up"].setEnabled(i > 0)
        self.buttons["down"].setEnabled(0 <= i < len(names) - 1)

    def _edit_cell(self, column: int) -> None:
        {NAME: self.rename, COLOR: self.recolor, KEY: self.set_key}.get(column, self.rename)()

    # -- changing --------------------------------------------------------------------------------
    def _change(self, change: Callable[[], T], done: str, select: str | None = None) -> T | None:
        try:
            result = change()
        except FactcheckError as exc:
            self.status.setText(str(exc))
            QMessageBox.warning(self, "Labels", str(exc))
            return None
        self.status.setText(done)
        self.reload(select)
        return result

    def add(self) -> None:
        name = ask_text(self, "Add label", "Name of the new label:")
        if name is None or not name.strip():
            return
        lab = self._change(lambda: self.project.change_labels(lambda s: db_labels.add_label(s, name)),
                           f"Added “{' '.join(name.split())}”.", " ".join(name.split()))  # fmt: skip
        if lab is not None:
            self.status.setText(f"Added “{lab.name}” (key {lab.shortcut or 'none'}).")

    def rename(self) -> None:
        old = self.current()
        if old is None:
            return
        new = ask_text(self, "Rename label", f"New name for “{old}”:", old)
        if new is None or " ".join(new.split()) == old:
            return
        clean = " ".join(new.split())
        n = self._change(
            lambda: self.project.change_labels(lambda s: labels_service.rename_label(s, old, new)),
            f"Renamed “{old}” to “{clean}”.", clean,
        )  # fmt: skip
        if n:
            self.status.setText(f"Renamed “{old}” to “{clean}”; its {n} tag{'s' if n != 1 else ''} follow.")

    def recolor(self) -> None:
        name = self.current()
        lab = next((lab for lab in self.labels() if lab.name == name), None)
        if lab is None:
            return
        color = ask_color(self, lab.color)
        if color is None or color == lab.color.upper():
            return
        self._change(lambda: self.project.change_labels(lambda s: db_labels.set_color(s, lab.name, color)),
                     f"“{lab.name}” is now {color}.", lab.name)  # fmt: skip

    def set_key(self) -> None:
        name = self.current()
        lab = next((lab for lab in self.labels() if lab.name == name), None)
        if lab is None:
            return
        prompt = f"Key for “{lab.name}” (one digit, or empty for none):"
        key = ask_text(self, "Label key", prompt, lab.shortcut)
        if key is None or key.strip() == lab.shortcut:
            return
        self._change(
            lambda: self.project.change_labels(lambda s: db_labels.set_key(s, lab.name, key.strip())),
            f"“{lab.name}” now has the key {key.strip() or 'none'}.", lab.name,
        )  # fmt: skip

    def move_label(self, step: int) -> None:
        name = self.current()
        names = [lab.name for lab in self.labels()]
        if name not in names:
            return
        i = names.index(name)
        j = i + step
        if not 0 <= j < len(names):
            return
        names[i], names[j] = names[j], names[i]
        self._change(lambda: self.project.change_labels(lambda s: db_labels.reorder(s, names)),
                     f"Moved “{name}” {'up' if step < 0 else 'down'}.", name)  # fmt: skip

    def remove(self) -> None:
        name = self.current()
        if name is None:
            return
        live, total = self.project.label_usage().get(name, (0, 0))
        if total and not confirm_removal(self, name, live, total):
            return
        force = bool(total)
        self._change(
            lambda: self.project.change_labels(lambda s: labels_service.remove_label(s, name, force=force)),
            f"Removed “{name}”" + (f" and {total} tag{'s' if total != 1 else ''}." if total else "."),
        )  # fmt: skip
