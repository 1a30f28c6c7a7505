"""The label toolbar: a button per label with its colour and key; the keys tag the selection.

The label keys (1, 2, 3) are QActions with a widget shortcut on the article view and the tag table, so
that typing "1" into a filter box or the find bar types a 1 instead of tagging.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QLabel, QToolBar, QWidget

from factcheck.core.model import Label
from ui.colors import swatch


class LabelBar(QToolBar):
    labelChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Labels", parent)
        self.setObjectName("labelBar")
        self.setMovable(False)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.label_actions: dict[str, QAction] = {}
        self._targets: list[QWidget] = []

    def set_labels(self, labels: list[Label], shortcut_targets: list[QWidget]) -> None:
        """(Re)build the buttons; shortcuts live on shortcut_targets only (the view and the table)."""
        for target in self._targets:
            for action in self.label_actions.values():
                target.removeAction(action)
        self.clear()
        self.label_actions = {}
        self._targets = list(shortcut_targets)
        hint = QLabel("Tag selection:")
        hint.setObjectName("labelBarHint")
        self.addWidget(hint)
        for label in labels:
            action = QAction(QIcon(swatch(label.color, 14)), label.name, self)
            action.setObjectName(f"label_{label.name}")
            if label.shortcut:
                action.setShortcut(QKeySequence(label.shortcut))
                action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
                action.setText(f"{label.name}  [{label.shortcut}]")
            action.setToolTip(
                f"Tag the selection as {label.name}"
                + (f" ({label.shortcut})" if label.shortcut else "")
                + "; with no selection, relabel the current tag"
            )
            action.triggered.connect(lambda _=False, name=label.name: self.labelChosen.emit(name))
            self.addAction(action)
            for target in self._targets:
                target.addAction(action)
            self.label_actions[label.name] = action
