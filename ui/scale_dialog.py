"""Project > Verdict scale… and Project > Organization…: the project's rating scale and the publisher.

The scale is a short ordered list (name, value, colour), best first. Verdicts store the name: renaming a
rating carries its verdicts along, and a rating that verdicts use cannot be removed (the dialog says how
many hold it). The dialogs only return what was typed; the caller stores it as one undoable step.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import urlparse

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import modal
from ui.colors import swatch


def _tr(text: str) -> str:
    return QCoreApplication.translate("ScaleDialog", text)


def _in_use() -> str:
    return _tr("“{name}” is used by {uses}: it cannot be removed.")


#: One step of the scale as the dialog edits it: (name, value, "#rrggbb").
Step = tuple[str, int, str]

NAME, VALUE, COLOR = range(3)
_NEW_COLOR = "#999999"

_OK_CANCEL = QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel


class ScaleDialog(QDialog):
    """The steps in order (best first, as the user reads them); Enter on the colour cell picks a colour."""

    def __init__(self, parent: QWidget | None, steps: Sequence[Step], used: Mapping[str, int]) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("Verdict scale"))
        self.resize(460, 380)
        self._used = dict(used)  # name -> number of verdicts with it
        self._original = {name for name, _v, _c in steps}
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels([_tr("Name"), _tr("Value"), _tr("Colour")])
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(_tr("Verdict scale"))
        self.table.setTabKeyNavigation(False)  # arrows move between cells; Tab goes on to the buttons
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(VALUE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLOR, QHeaderView.ResizeMode.ResizeToContents)
        for step in steps:
            self._append(step)
        self.table.cellActivated.connect(self._activated)
        self.table.cellDoubleClicked.connect(self._activated)

        self.add_button = QPushButton(_tr("&Add"))
        self.remove_button = QPushButton(_tr("&Remove"))
        self.up_button = QPushButton(_tr("Move &up"))
        self.down_button = QPushButton(_tr("Move &down"))
        self.color_button = QPushButton(_tr("&Colour…"))
        self.add_button.clicked.connect(self.add_step)
        self.remove_button.clicked.connect(self.remove_current)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.color_button.clicked.connect(lambda: self.choose_color(self.table.currentRow()))
        side = QVBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button,
                       self.color_button):  # fmt: skip
            button.setAutoDefault(False)
            side.addWidget(button)
        side.addStretch(1)
        QShortcut(QKeySequence("Ctrl+Up"), self, lambda: self.move_current(-1))
        QShortcut(QKeySequence("Ctrl+Down"), self, lambda: self.move_current(1))

        self.error = QLabel()
        self.error.setObjectName("scaleError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        hint = QLabel(
            _tr(
                "Best first; values are whole numbers (higher = truer). Renaming a rating renames the "
                "verdicts that use it; a rating in use cannot be removed. Enter on a colour picks another."
            )
        )
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        middle = QHBoxLayout()
        middle.addWidget(self.table, 1)
        middle.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(middle, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        if self.table.rowCount():
            self.table.setCurrentCell(0, NAME)

    # -- rows ------------------------------------------------------------------------------------
    def _append(self, step: Step, row: int | None = None) -> int:
        name, value, color = step
        row = self.table.rowCount() if row is None else row
        self.table.insertRow(row)
        name_item = QTableWidgetItem(name)
        name_item.setData(Qt.ItemDataRole.UserRole, name)  # the stored name: a rename is told from it
        if name in self._used:
            name_item.setToolTip(
                _tr("Used by {uses}: renaming it renames theirs; it cannot go").format(uses=self._uses(name))
            )
        self.table.setItem(row, NAME, name_item)
        self.table.setItem(row, VALUE, QTableWidgetItem(str(value)))
        color_item = QTableWidgetItem(color)
        color_item.setIcon(swatch(color, 14))
        color_item.setFlags(color_item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        color_item.setToolTip(_tr("Enter or double-click: choose a colour"))
        self.table.setItem(row, COLOR, color_item)
        return row

    def _uses(self, name: str) -> str:
        n = self._used.get(name, 0)
        return _tr("1 verdict") if n == 1 else _tr("{n} verdicts").format(n=n)

    def _row(self, row: int) -> tuple[str, str, str]:
        def text(column: int) -> str:
            item = self.table.item(row, column)
            return item.text().strip() if item is not None else ""

        return text(NAME), text(VALUE), text(COLOR)

    def add_step(self) -> None:
        values = [int(v) for _n, v, _c in (self._row(r) for r in range(self.table.rowCount()))
                  if v.lstrip("-").isdigit()]  # fmt: skip
        row = self._append(("", min(values, default=1) - 1, _NEW_COLOR))
        self.table.setCurrentCell(row, NAME)
        item = self.table.item(row, NAME)
        if item is not None:
            self.table.editItem(item)

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        item = self.table.item(row, NAME)
        stored = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        name = stored if isinstance(stored, str) else self._row(row)[0]
        if name in self._used:
            self.error.setText(_in_use().format(name=name, uses=self._uses(name)))
            return
        self.table.removeRow(row)
        self.table.setCurrentCell(min(row, self.table.rowCount() - 1), NAME)

    def move_current(self, delta: int) -> None:
        row = self.table.currentRow()
        target = row + delta
        if row < 0 or not (0 <= target < self.table.rowCount()):
            return
        items = [self.table.takeItem(row, c) for c in range(3)]
        self.table.removeRow(row)
        self.table.insertRow(target)
        for column, item in enumerate(items):
            self.table.setItem(target, column, item)
        self.table.setCurrentCell(
            target, self.table.currentColumn() if self.table.currentColumn() >= 0 else 0
        )

    def _activated(self, row: int, column: int) -> None:
        if column == COLOR:
            self.choose_color(row)

    def choose_color(self, row: int) -> None:
        if row < 0:
            return
        chosen = pick_color(self, self._row(row)[2])
        if chosen:
            self.set_color(row, chosen)

    def set_color(self, row: int, color: str) -> None:
        item = self.table.item(row, COLOR)
        if item is not None:
            item.setText(color)
            item.setIcon(swatch(color, 14))

    # -- the result ------------------------------------------------------------------------------
    def problem(self) -> str | None:
        """What is wrong with the scale as typed, or None."""
        rows = [self._row(r) for r in range(self.table.rowCount())]
        if not rows:
            return _tr("The scale needs at least one step.")
        seen: set[str] = set()
        for name, value, color in rows:
            if not name:
                return _tr("Every step needs a name.")
            if name.casefold() in seen:
                return _tr("“{name}” is there twice: names must differ.").format(name=name)
            seen.add(name.casefold())
            try:
                int(value)
            except ValueError:
                return _tr("The value of “{name}” must be a whole number, not “{value}”.").format(
                    name=name, value=value
                )
            if not QColor.isValidColorName(color):
                return _tr("The colour of “{name}” is not a colour: {color}").format(name=name, color=color)
        kept = set(self.renames())
        gone = [n for n in self._original if n in self._used and n not in kept]
        if gone:
            return _in_use().format(name=gone[0], uses=self._uses(gone[0]))
        return None

    def renames(self) -> dict[str, str]:
        """Stored name -> the name it has now, for every row that was stored (renamed or not)."""
        out: dict[str, str] = {}
        for r in range(self.table.rowCount()):
            item = self.table.item(r, NAME)
            stored = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
            if isinstance(stored, str) and stored:
                out[stored] = item.text().strip() if item is not None else stored
        return out

    def steps(self) -> list[Step]:
        return [(name, int(value), QColor(color).name()) for name, value, color in
                (self._row(r) for r in range(self.table.rowCount()))]  # fmt: skip

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self.error.setText(problem)
            return
        super().accept()


def pick_color(parent: QWidget, current: str) -> str | None:
    """A colour from Qt's colour dialog ("#rrggbb"), or None if cancelled (a function: tests replace it)."""
    color = QColorDialog.getColor(QColor(current), parent, _tr("Verdict colour"))
    return color.name() if color.isValid() else None


def edit_scale(
    parent: QWidget | None, steps: Sequence[Step], used: Mapping[str, int]
) -> tuple[list[Step], dict[str, str]] | None:
    """The scale as edited and its renames (old name -> new), or None if cancelled or unchanged."""
    dialog = ScaleDialog(parent, steps, used)
    if not modal.accepted(dialog):
        return None
    result = dialog.steps()
    renames = {old: new for old, new in dialog.renames().items() if old != new}
    return None if result == list(steps) else (result, renames)


class OrganizationDialog(QDialog):
    """The publisher of the project's reviews (ClaimReview's author): a name and a web address."""

    def __init__(self, parent: QWidget | None, name: str, url: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("Organization"))
        self.name_edit = QLineEdit(name)
        self.name_edit.setPlaceholderText(_tr("e.g. Factcheck Desk"))
        self.url_edit = QLineEdit(url)
        self.url_edit.setPlaceholderText("https://example.org")
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(QLabel(_tr("Who publishes the reviews (the author of exported ClaimReviews).")))
        form.addRow(_tr("&Name:"), self.name_edit)
        form.addRow(_tr("&Web address:"), self.url_edit)
        form.addRow(self.error)
        form.addRow(buttons)
        self.resize(440, self.sizeHint().height())

    def values(self) -> tuple[str, str]:
        return " ".join(self.name_edit.text().split()), self.url_edit.text().strip()

    def accept(self) -> None:
        _name, url = self.values()
        if url and not is_web_address(url):
            self.error.setText(_tr("The web address must start with http:// or https://"))
            return
        super().accept()


def is_web_address(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in ("http", "https") and bool(parsed.netloc) and " " not in url


def edit_organization(parent: QWidget | None, name: str, url: str) -> tuple[str, str] | None:
    """(name, url) as edited, or None if cancelled or unchanged."""
    dialog = OrganizationDialog(parent, name, url)
    if not modal.accepted(dialog):
        return None
    values = dialog.values()
    return None if values == (name, url) else values
