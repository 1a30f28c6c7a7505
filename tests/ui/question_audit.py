"""What a keyboard or screen-reader user needs from a question box (QMessageBox asking before something
happens), checked on the real, shown box: a default button that is not the destructive one (Enter does
no harm), Esc answering the safe button (never the one that deletes, replaces, discards or quits), a
mnemonic on every button Esc does not answer and no mnemonic twice, buttons that say what they do (not
"OK" / "Yes" / "No"), a title and a question, a size that fits 800x600."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.dialog_audit import SCREEN

_MNEMONIC = re.compile(r"(?<!&)&([^&\s])")
_VAGUE = {"ok", "yes", "no", "yes to all", "no to all"}
#: Roles of a button that does something (deletes, replaces, discards, goes on).
_ACTING = (
    QMessageBox.ButtonRole.DestructiveRole,
    QMessageBox.ButtonRole.AcceptRole,
    QMessageBox.ButtonRole.YesRole,
    QMessageBox.ButtonRole.ActionRole,
    QMessageBox.ButtonRole.ApplyRole,
)


def _plain(button: QAbstractButton) -> str:
    return button.text().replace("&", "")


def check_question(box: QMessageBox) -> list[str]:
    """The problems of a shown question box (Esc not pressed: `audit_question` does that)."""
    problems: list[str] = []
    buttons = [b for b in box.buttons() if b.isVisible()]
    default, escape = box.defaultButton(), box.escapeButton()
    if not box.windowTitle().strip():
        problems.append("no title")
    if not box.text().strip():
        problems.append("no text saying what happens")
    if default is None:
        problems.append("no default button: what Enter does is not clear")
    elif box.buttonRole(default) == QMessageBox.ButtonRole.DestructiveRole:
        problems.append(f"Enter presses {_plain(default)!r}, the destructive answer")
    if escape is None:
        problems.append("Esc answers no button")
    elif box.buttonRole(escape) in _ACTING:
        problems.append(f"Esc presses {_plain(escape)!r}, which acts")
    seen: dict[str, list[str]] = {}
    for button in buttons:
        match = _MNEMONIC.search(button.text())
        if match:
            seen.setdefault(match.group(1).lower(), []).append(button.text())
        elif button is not escape:
            problems.append(f"button {_plain(button)!r} has no mnemonic (Alt+letter)")
        if _plain(button).strip().lower() in _VAGUE:
            problems.append(f"button {_plain(button)!r} does not say what it does")
    problems += [f"mnemonic Alt+{k.upper()} is shared by {v}" for k, v in seen.items() if len(v) > 1]
    hint = box.sizeHint()
    if hint.width() > SCREEN[0] or hint.height() > SCREEN[1]:
        problems.append(f"size hint {hint.width()}x{hint.height()} does not fit {SCREEN[0]}x{SCREEN[1]}")
    return problems


@dataclass
class Asked:
    """What one question box showed: its problems, and the answer Esc gave."""

    name: str
    problems: list[str] = field(default_factory=list)
    seen: bool = False
    done: bool = False
    text: str = ""

    def report(self) -> list[str]:
        if not self.seen:
            return [f"{self.name}: the question never came"]
        return [f"{self.name}: {p}" for p in self.problems]


def watch_question(qtbot: QtBot, asked: Asked, *, under: Callable[[], QWidget | None] = lambda: None) -> None:
    """Audit the next question box once it shows (modal), then answer it with Esc."""
    tries = iter(range(500))

    def step() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or not box.isVisible():
            if next(tries, None) is None:
                asked.done = True
                return
            QTimer.singleShot(10, step)
            return
        asked.seen = True
        asked.text = box.text()
        try:
            qtbot.waitUntil(box.isActiveWindow, timeout=3000)
            asked.problems += check_question(box)
            escape = box.escapeButton()
            qtbot.keyClick(box, Qt.Key.Key_Escape)
            if box.isVisible():
                asked.problems.append("Esc does not close it")
                box.reject()
            elif escape is not None and box.clickedButton() is not escape:
                asked.problems.append("Esc closed it without answering its escape button")
        finally:
            asked.done = True

    QTimer.singleShot(0, step)


def audit_question(
    qtbot: QtBot, name: str, ask: Callable[[], object], state: Callable[[], object] = lambda: None
) -> list[str]:
    """Ask the question as the user does (ask), check the box, answer it with Esc: its problems, and any
    change Esc made to state (the project)."""
    asked = Asked(name)
    before = state()
    watch_question(qtbot, asked)
    ask()
    qtbot.waitUntil(lambda: asked.done, timeout=15000)
    problems = asked.report()
    if asked.seen and state() != before:
        problems.append(f"{name}: Esc changed the project")
    return problems
