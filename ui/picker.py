"""A small keyboard picker: a list of choices under a type-ahead filter, chosen with arrows and Enter.

The structure keys open it (the source or cue to attach, the link type, the link's target, the link to
follow or delete): it opens with the likeliest choice selected, so the common case is one Enter; Escape
changes nothing. As the selection moves, ``previewed`` tells the window which choice is under it, so
the article can show the candidate tag before it is chosen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from factcheck.core.speakers import name_key

T = TypeVar("T")


def _tr(text: str) -> str:
    return QCoreApplication.translate("Picker", text)


@dataclass(frozen=True)
class Choice(Generic[T]):
    text: str
    value: T
    tip: str = ""


class Picker(QDialog, Generic[T]):
    """Choose one of ``choices`` (None when cancelled); see the module docstring."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        prompt: str,
        choices: Sequence[Choice[T]],
        *,
        current: int = 0,
        previewed: Callable[[T | None], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("picker")
        self.setWindowTitle(title)
        self._choices = list(choices)
        self._previewed = previewed
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_tr("Type to filter; ↑/↓ to choose, Enter to take, Esc to cancel"))
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setObjectName("pickerList")
        # Named for screen readers: the prompt says what the list holds.
        self.filter.setAccessibleName(_tr("Filter"))
        self.list.setAccessibleName(prompt)
        for i, choice in enumerate(self._choices):
            item = QListWidgetItem(choice.text)
            item.setData(Qt.ItemDataRole.UserRole, i)
            if choice.tip:
                item.setToolTip(choice.tip)
            self.list.addItem(item)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        layout.addWidget(label)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        # What typing left: Enter on an empty list would close the picker having done nothing.
        self.nothing = QLabel()
        self.nothing.setWordWrap(True)
        self.nothing.hide()
        layout.addWidget(self.nothing)
        layout.addWidget(buttons)
        self.resize(470, min(420, 140 + 26 * max(3, len(self._choices))))
        self.filter.textChanged.connect(self._filter)
        self.filter.installEventFilter(self)
        self.list.currentRowChanged.connect(lambda _row: self._preview())
        self.list.itemActivated.connect(lambda _item: self.accept())
        if self._choices:
            self.list.setCurrentRow(max(0, min(current, len(self._choices) - 1)))
        self.filter.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.filter.setFocus()
        parent = self.parentWidget()
        if parent is not None and parent.isWindow():
            # Over the right of the window (the tag table), so the article and the candidate shown in it
            # stay in view.
            area = parent.frameGeometry()
            x = max(area.left(), area.right() - self.width() - 24)
            self.move(x, area.top() + min(140, max(0, area.height() - self.height()) // 2))

    def chosen(self) -> T | None:
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return None
        return self._choices[int(item.data(Qt.ItemDataRole.UserRole))].value

    def _filter(self, text: str) -> None:
        # As names compare (`factcheck.core.speakers.name_key`): case and typographic quotes aside, so
        # "O'B" typed finds "O’Brien" as the article prints it.
        words = name_key(text).split()
        first = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            # the whole words too (the tip): a long tag's line is elided, and the user types what they
            # read in the article, often its end
            shown = name_key(f"{item.text()}\n{item.toolTip()}")
            hide = not all(w in shown for w in words)
            item.setHidden(hide)
            if not hide and first is None:
                first = row
        current = self.list.currentItem()
        if (current is None or current.isHidden()) and first is not None:
            self.list.setCurrentRow(first)
        nothing = _tr("Nothing matches “{typed}”: Backspace widens the list, Esc cancels.")
        self.nothing.setText(nothing.format(typed=text.strip()))
        self.nothing.setVisible(first is None)
        self._preview()

    def accept(self) -> None:
        if self._choices and self.chosen() is None:
            return  # nothing matches what was typed: Enter takes nothing, the picker says why
        super().accept()

    def _preview(self) -> None:
        if self._previewed is not None:
            self._previewed(self.chosen())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Arrows and page keys typed in the filter move the list's selection: the hands stay put.
        if (
            watched is self.filter
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)
        ):
            self.list.setFocus()
            self.list.keyPressEvent(event)
            self.filter.setFocus()
            return True
        return super().eventFilter(watched, event)

    def done(self, result: int) -> None:
        if self._previewed is not None:
            self._previewed(None)
        super().done(result)


def pick(
    parent: QWidget | None,
    title: str,
    prompt: str,
    choices: Sequence[Choice[T]],
    *,
    current: int = 0,
    previewed: Callable[[T | None], None] | None = None,
) -> T | None:
    """Open a picker and wait: the chosen value, or None (cancelled, or nothing to choose)."""
    if not choices:
        return None
    dialog: Picker[T] = Picker(parent, title, prompt, choices, current=current, previewed=previewed)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen()
    finally:
        dialog.deleteLater()
