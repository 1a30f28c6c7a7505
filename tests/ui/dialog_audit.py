"""What a keyboard or screen-reader user needs from a dialog, checked on a real, shown dialog: each check
returns the problems it found as readable lines ("" free), so one failing test lists them all."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

SCREEN = (800, 600)
_MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


def _rich(text: str) -> bool:
    return text.lstrip().startswith("<")


def describe(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, (QAbstractButton, QLabel)) else ""
    return f"{type(widget).__name__}({widget.objectName() or text.replace('&', '')!r})"


def _buddy_of(dialog: QDialog, widget: QWidget) -> QLabel | None:
    for label in dialog.findChildren(QLabel):
        if label.buddy() is widget:
            return label
    return None


def spoken_name(dialog: QDialog, widget: QWidget) -> str:
    """What a screen reader says for the widget: its accessible name, its buddy label's text, or what its
    accessible interface says (a button's text). A combo box's current text is not a name."""
    if widget.accessibleName():
        return widget.accessibleName()
    buddy = _buddy_of(dialog, widget)
    if buddy is not None and buddy.text():
        return buddy.text().replace("&", "")
    if isinstance(widget, QComboBox):
        return ""
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def _internal(widget: QWidget) -> bool:
    """A part of another control (a combo box's or spin box's line edit, a proxied child)."""
    parent = widget.parentWidget()
    return widget.focusProxy() is not None or isinstance(parent, (QComboBox, QAbstractSpinBox))


def focusable(dialog: QDialog) -> list[QWidget]:
    """The controls Tab should reach: visible, enabled, taking focus by Tab."""
    return [
        w for w in dialog.findChildren(QWidget)
        if w.isVisible() and w.isEnabled() and w.window() is dialog and not _internal(w)
        and bool(w.focusPolicy().value & Qt.FocusPolicy.TabFocus.value)
    ]  # fmt: skip


def check_names(dialog: QDialog) -> list[str]:
    problems = [
        f"{describe(w)} has no spoken name" for w in focusable(dialog)
        if not any(ch.isalpha() for ch in spoken_name(dialog, w))
    ]  # fmt: skip
    for label in dialog.findChildren(QLabel):
        text = label.text()
        if label.isVisible() and not _rich(text) and _MNEMONIC.search(text) and not label.buddy():
            problems.append(f"label {text!r} has a mnemonic but no buddy")
    return problems


def _mnemonic_texts(dialog: QDialog) -> Iterable[str]:
    for widget in dialog.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not dialog:
            continue
        buddied = isinstance(widget, QLabel) and widget.buddy() is not None and not _rich(widget.text())
        if isinstance(widget, (QAbstractButton, QLabel)) and (buddied or isinstance(widget, QAbstractButton)):
            yield widget.text()
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            yield widget.title()
        elif isinstance(widget, QTabWidget):
            yield from (widget.tabText(i) for i in range(widget.count()))


def check_mnemonics(dialog: QDialog) -> list[str]:
    seen: dict[str, list[str]] = {}
    for text in _mnemonic_texts(dialog):
        match = _MNEMONIC.search(text)
        if match:
            seen.setdefault(match.group(1).lower(), []).append(text)
    return [
        f"mnemonic Alt+{key.upper()} is shared by {texts}" for key, texts in seen.items() if len(texts) > 1
    ]


def _place(dialog: QDialog, widget: QWidget) -> QPoint:
    return widget.mapTo(dialog, QPoint(0, 0))


def _backwards(dialog: QDialog, a: QWidget, b: QWidget) -> bool:
    """b is up and not in a column to the right of a: Tab went back across the dialog."""
    pa, pb = _place(dialog, a), _place(dialog, b)
    return pb.y() < pa.y() - 8 and pb.x() < pa.x() + a.width() // 2


def _same_radio_group(a: QWidget, b: QWidget) -> bool:
    return (
        isinstance(a, QRadioButton) and isinstance(b, QRadioButton)
        and a.autoExclusive() and b.autoExclusive() and a.parentWidget() is b.parentWidget()
    )  # fmt: skip


def tab_cycle(qtbot: QtBot, dialog: QDialog) -> tuple[list[QWidget], list[str]]:
    """Press Tab until focus comes back to where it started: the widgets visited, and any trap."""
    start = QApplication.focusWidget()
    if start is None:
        return [], ["nothing has focus when the dialog opens"]
    visited = [start]
    for _ in range(len(focusable(dialog)) + 10):
        before = QApplication.focusWidget()
        assert before is not None
        qtbot.keyClick(before, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        if now is before:
            alone = focusable(dialog) == [before]  # the dialog's one control: Tab has nowhere to go
            return visited, [] if alone else [f"Tab does not leave {describe(before)}"]
        if now is start or now is None:
            return visited, []
        visited.append(now)
    return visited, ["Tab never comes back to the first control"]


def check_tab_order(qtbot: QtBot, dialog: QDialog, first: QWidget | None) -> list[str]:
    problems: list[str] = []
    start = QApplication.focusWidget()
    if first is not None and start is not first:
        problems.append(f"first focus is {describe(start) if start else None}, not {describe(first)}")
    visited, trapped = tab_cycle(qtbot, dialog)
    problems += trapped
    for w in focusable(dialog):
        if w not in visited and not any(_same_radio_group(w, v) for v in visited):
            problems.append(f"Tab never reaches {describe(w)}")
    jumps = [
        f"Tab jumps back from {describe(a)} to {describe(b)}"
        for a, b in zip(visited, visited[1:] + visited[:1], strict=True)
        if _backwards(dialog, a, b)
    ]
    if len(jumps) > 1:  # one jump back is the wrap from the last control to the first
        problems += jumps
    return problems


def check_default(dialog: QDialog) -> list[str]:
    """Where the dialog has an accepting button, it is the default one: Enter presses it."""
    accepting: list[QAbstractButton] = []
    for box in dialog.findChildren(QDialogButtonBox):
        accepting += [
            b for b in box.buttons()
            if b.isVisible() and box.buttonRole(b) in (QDialogButtonBox.ButtonRole.AcceptRole,
                                                       QDialogButtonBox.ButtonRole.YesRole)
        ]  # fmt: skip
    if not accepting:
        return []
    default = [b for b in dialog.findChildren(QPushButton) if b.isVisible() and b.isDefault()]
    if not default or default[0] not in accepting:
        return [f"Enter does not press {describe(accepting[0])} (default: {[describe(b) for b in default]})"]
    return []


def check_fits(dialog: QDialog) -> list[str]:
    problems: list[str] = []
    hint = dialog.sizeHint().expandedTo(dialog.minimumSizeHint())
    if hint.width() > SCREEN[0] or hint.height() > SCREEN[1]:
        problems.append(f"size hint {hint.width()}x{hint.height()} does not fit {SCREEN[0]}x{SCREEN[1]}")
    if dialog.width() > SCREEN[0] or dialog.height() > SCREEN[1]:
        problems.append(f"opens at {dialog.width()}x{dialog.height()}, larger than {SCREEN[0]}x{SCREEN[1]}")
    for label in dialog.findChildren(QLabel):
        if type(label) is not QLabel or not label.isVisible() or label.wordWrap() or not label.text():
            continue
        if label.window() is dialog and label.width() < label.sizeHint().width():
            problems.append(
                f"label {label.text()[:40]!r} is cut ({label.width()} < {label.sizeHint().width()})"
            )
    return problems


def _answer_question(qtbot: QtBot, asked: list[str], button_text: str | None) -> None:
    """If a question box shows within a second: note its text, then press the button named (None: Esc)."""
    tries = iter(range(100))

    def step() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            if next(tries, None) is not None and not asked:
                QTimer.singleShot(10, step)
            return
        asked.append(box.text())
        if button_text is None:
            qtbot.keyClick(box, Qt.Key.Key_Escape)
            return
        button = next(b for b in box.buttons() if button_text in b.text().replace("&", ""))
        button.click()

    QTimer.singleShot(0, step)


def check_typed_text_asks(qtbot: QtBot, dialog: QDialog) -> list[str]:
    """Type into the field that has focus; Esc must ask, and Esc on the question keeps editing (the text
    kept); then the typing is undone, so the dialog closes by Esc at once again."""
    field = QApplication.focusWidget()
    for _ in range(len(focusable(dialog))):  # the first field to type into, from first focus on
        if isinstance(field, (QLineEdit, QPlainTextEdit)) or field is None:
            break
        qtbot.keyClick(field, Qt.Key.Key_Tab)
        field = QApplication.focusWidget()
    if not isinstance(field, (QLineEdit, QPlainTextEdit)):
        return [f"first focus {describe(field) if field else None} is no text field to type into"]
    before = field.text() if isinstance(field, QLineEdit) else field.toPlainText()
    qtbot.keyClicks(field, " typed")
    asked: list[str] = []
    _answer_question(qtbot, asked, None)
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    if not asked:
        asked.append("")  # stops the answer waiting for a question
        return ["Esc drops typed text without asking"]
    problems = [] if dialog.isVisible() else ["Esc on the question closed the dialog (typed text lost)"]
    if isinstance(field, QLineEdit):
        field.setText(before)
    else:
        field.setPlainText(before)
    field.setFocus()
    return problems


def snapshot(db_path: Path) -> list[str]:
    """The whole database as SQL, read by its own connection: compared before and after Esc."""
    con = sqlite3.connect(db_path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


@dataclass
class Audit:
    """What one dialog showed: its problems, and whether Esc closed it (asking nothing)."""

    name: str
    problems: list[str] = field(default_factory=list)
    seen: bool = False
    done: bool = False
    typed: bool = False  # an editing dialog: Esc after typing must ask before dropping the text
    state: Callable[[], object] = lambda: None  # the project (database, undo stack) as it stands
    before_esc: object = None  # the state as the dialog showed it

    def report(self) -> list[str]:
        if not self.seen:
            return [f"{self.name}: the dialog never opened"]
        return [f"{self.name}: {p}" for p in self.problems]


def audit_dialog(
    qtbot: QtBot, dialog: QDialog, audit: Audit, first: Callable[[QDialog], QWidget | None]
) -> None:
    """Every check on the shown dialog, then Esc, which must close it without asking."""
    audit.seen = True
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    QApplication.processEvents()
    audit.problems += check_names(dialog)
    audit.problems += check_mnemonics(dialog)
    audit.problems += check_fits(dialog)
    audit.problems += check_default(dialog)
    audit.problems += check_tab_order(qtbot, dialog, first(dialog))
    if audit.typed:
        audit.problems += check_typed_text_asks(qtbot, dialog)
    audit.before_esc = audit.state()
    focus = QApplication.focusWidget() or dialog
    qtbot.keyClick(focus, Qt.Key.Key_Escape)
    asked = QApplication.activeModalWidget()
    if isinstance(asked, QMessageBox):
        audit.problems.append(f"Esc asks {asked.text()!r} though nothing was typed")
        asked.reject()
    if dialog.isVisible():
        audit.problems.append("Esc does not close it")
        dialog.reject()


def watch_for(
    qtbot: QtBot, kind: type[QDialog], audit: Audit, first: Callable[[QDialog], QWidget | None],
    *, exact: bool = False,
) -> None:  # fmt: skip
    """Audit the next dialog of `kind` (exact: of that very class, not a subclass) once it shows, modal
    (its exec loop runs) or not."""
    tries = iter(range(300))

    def step() -> None:
        dialog = QApplication.activeModalWidget() or _top_dialog(kind)
        if not isinstance(dialog, kind) or not dialog.isVisible() or (exact and type(dialog) is not kind):
            if next(tries, None) is None:
                audit.done = True
                if isinstance(dialog, QDialog):
                    dialog.reject()
                return
            QTimer.singleShot(10, step)
            return
        try:
            audit_dialog(qtbot, dialog, audit, first)
        finally:
            audit.done = True
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, step)


def _top_dialog(kind: type[QDialog]) -> QDialog | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, kind) and widget.isVisible():
            return widget
    return None
