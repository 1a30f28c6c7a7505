"""The find bar under the article (Ctrl+F): Enter finds the next match, Shift+Enter the previous one,
Esc closes it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

# find(needle, backward, case_sensitive) -> found
Finder = Callable[[str, bool, bool], bool]


def _button(text: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setAutoRaise(True)
    return button


class _FindEdit(QLineEdit):
    def __init__(self, bar: FindBar) -> None:
        super().__init__(bar)
        self._bar = bar

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._bar.find_text(backward=bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
            return
        if event.key() == Qt.Key.Key_Escape:
            self._bar.close_bar()
            return
        super().keyPressEvent(event)


class FindBar(QWidget):
    closed = Signal()

    def __init__(self, finder: Finder, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self._finder = finder
        self.edit = _FindEdit(self)
        self.edit.setPlaceholderText("Find in article")
        self.edit.setAccessibleName("Find in article")
        self.edit.setClearButtonEnabled(True)
        self.case = QCheckBox("Match case")
        self.status = QLabel()
        self.status.setObjectName("findStatus")
        previous = _button("▲", "Previous match (Shift+Enter, Shift+F3)")
        following = _button("▼", "Next match (Enter, F3)")
        close = _button("✕", "Close (Esc)")
        previous.clicked.connect(lambda: self.find_text(backward=True))
        following.clicked.connect(lambda: self.find_text())
        close.clicked.connect(self.close_bar)
        self.edit.textChanged.connect(lambda _: self.status.clear())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(QLabel("Find:"))
        layout.addWidget(self.edit, 1)
        layout.addWidget(previous)
        layout.addWidget(following)
        layout.addWidget(self.case)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def find_text(self, backward: bool = False) -> bool:
        needle = self.edit.text()
        if not needle:
            self.open_bar()
            return False
        found = self._finder(needle, backward, self.case.isChecked())
        self.status.setText("" if found else "Not found")
        self.edit.setProperty("notFound", not found)
        # Re-polish so the style sheet's [notFound="true"] rule applies.
        self.edit.style().unpolish(self.edit)
        self.edit.style().polish(self.edit)
        return found
