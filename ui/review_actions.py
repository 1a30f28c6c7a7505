"""The review panel's actions (N, P, A, R, E while the panel has focus; the window adds them to its Review
menu and, while the dock is shown, to the article view) and their buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReviewPanel", text)


def review_action(
    owner: QWidget, text: str, key: str, tip: str, slot: Callable[[], object], name: str
) -> QAction:
    act = QAction(text, owner)
    act.setProperty("helpName", name)  # its row in Help > Keyboard shortcuts
    act.setShortcut(QKeySequence(key))
    act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    act.setToolTip(f"{tip} ({key})")
    act.triggered.connect(lambda _checked=False: slot())  # not the checked flag as an argument
    owner.addAction(act)
    return act


def step_actions(
    owner: QWidget, previous: Callable[[], object], following: Callable[[], object]
) -> tuple[QAction, QAction]:
    """Previous (P) and Next (N)."""
    return (
        review_action(owner, _tr("Previous (P)"), "P", _tr("Previous disagreement"), previous,
                      _tr("Previous disagreement")),
        review_action(owner, _tr("Next (N)"), "N", _tr("Next disagreement"), following,
                      _tr("Next disagreement")),
    )  # fmt: skip


def decision_actions(
    owner: QWidget, accept: Callable[[], object], reject: Callable[[], object], edit: Callable[[], object]
) -> tuple[QAction, QAction, QAction]:
    """Accept (A), Reject (R) and Edit (E), on the current tag."""
    return (
        review_action(owner, _tr("Accept (A)"), "A", _tr("Accept the current tag into the reviewed set"),
                      accept, _tr("Accept the current tag")),
        review_action(owner, _tr("Reject… (R)"), "R", _tr("Reject the current tag, with a reason"),
                      reject, _tr("Reject the current tag (with a reason)")),
        review_action(owner, _tr("Edit… (E)"), "E", _tr("Edit the current tag's label or note"),
                      edit, _tr("Edit the current tag's label or note")),
    )  # fmt: skip


def button_row(actions: list[QAction]) -> QHBoxLayout:
    buttons = QHBoxLayout()
    for act in actions:
        button = QToolButton()
        button.setDefaultAction(act)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        buttons.addWidget(button)
    buttons.addStretch(1)
    return buttons
