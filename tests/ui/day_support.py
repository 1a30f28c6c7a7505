"""Helpers for the window tests of a fact-checker's day (tests/ui/test_window_day*.py): keys pressed where
the focus is, dialogs answered from the keyboard, a screenshot of each step (WALKTHROUGH_SHOTS=folder)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from factcheck.core.model import Annotation
from tests.ui.window_support import grab_with_dialogs
from ui.main_window import MainWindow

K, M = Qt.Key, Qt.KeyboardModifier
CTRL, SHIFT, ALT = M.ControlModifier, M.ShiftModifier, M.AltModifier
SHOTS = os.environ.get("WALKTHROUGH_SHOTS", "")  # a folder: each step's screenshot saved there


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Typed key by key; QTest only types ASCII, so other characters come as key events with that text."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, M.NoModifier, ch))


Answer = Callable[[QWidget], None]


#: The latest answer_dialogs call: an earlier call's look stops (a test that failed before its dialog came
#: must not answer the next test's dialogs).
_calls = [0]


def answer_dialogs(*answers: Answer, within_s: float = 30.0) -> list[str]:
    """Answer the next modal dialogs in order, one answer each (also one a dialog's answer opens: the next
    look is armed before answering); returns their titles as they open. It stops looking after within_s
    seconds, or when called again."""
    _calls[0] += 1
    call = _calls[0]
    deadline = time.monotonic() + within_s
    seen: list[str] = []
    pending = list(answers)
    last: list[QWidget | None] = [None]  # a dialog answered again once a dialog it opened has closed

    def tick() -> None:
        if not pending or call != _calls[0] or time.monotonic() > deadline:
            return
        QTimer.singleShot(10, tick)
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible() or dialog is last[0]:
            return
        last[0] = dialog
        seen.append(dialog.windowTitle())
        pending.pop(0)(dialog)

    QTimer.singleShot(0, tick)
    return seen


Key = Qt.Key | str | tuple[Qt.Key, Qt.KeyboardModifier]


def keys(qtbot: QtBot, *sequence: Key) -> Answer:
    """Answer a dialog from the keyboard: each item a key, a key with modifiers, or text typed into the
    focused widget."""

    def answer(dialog: QWidget) -> None:
        dialog.activateWindow()  # else the keys would reach the window's shortcuts
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
        qtbot.waitUntil(lambda: dialog.focusWidget() is not None, timeout=3000)
        for item in sequence:
            target = dialog.focusWidget() or dialog
            if isinstance(item, str):
                type_into(qtbot, target, item)
            elif isinstance(item, tuple):
                qtbot.keyClick(target, item[0], item[1])
            else:
                qtbot.keyClick(target, item)

    return answer


class Day:
    def __init__(self, qtbot: QtBot, window: MainWindow, prefix: str = "") -> None:
        self.qtbot, self.window, self.n, self.prefix = qtbot, window, 0, prefix
        self.left_open: list[str] = []

    def shot(self, what: str) -> None:
        self.qtbot.wait(300)  # what is deferred (counts, the tag detail) lands as it would on screen
        self.n += 1
        if SHOTS:
            grab_with_dialogs(self.window).save(f"{SHOTS}/walkthrough-{self.prefix}{self.n:02d}-{what}.png")

    def press(self, key: Qt.Key, modifiers: Qt.KeyboardModifier = M.NoModifier) -> None:
        focus = QApplication.focusWidget()
        assert focus is not None, "nothing has the keyboard focus"
        self.qtbot.keyClick(focus, key, modifiers)

    def focus(self) -> QWidget | None:
        return QApplication.focusWidget()

    def back(self) -> QWidget | None:
        """Once the dialogs are closed, the window active again (a window manager gives it back; the
        offscreen platform does not): the widget the keys now reach."""
        qtbot, w = self.qtbot, self.window
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5000)
        assert not self.left_open, f"the keys did not close {self.left_open}"
        if QApplication.activeWindow() is not w:
            w.activateWindow()
            qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
        return QApplication.focusWidget()

    def answer(self, name: str, *sequence: Key) -> Answer:
        """keys(...), with a screenshot of the window and the dialog as it opened."""
        typed = keys(self.qtbot, *sequence)

        def answer(dialog: QWidget) -> None:
            self.shot(name)
            typed(dialog)
            QTimer.singleShot(2000, lambda: self._still_open(name, dialog))

        return answer

    def _still_open(self, name: str, dialog: QWidget) -> None:
        # The keys should have closed it: a step that did not fails the test instead of hanging it
        # (done() skips the typed-text question a reject would ask).
        if isValid(dialog) and dialog.isVisible() and isinstance(dialog, QDialog) and dialog.isActiveWindow():
            self.left_open.append(name)
            self.shot(f"{name}-left-open")
            dialog.done(QDialog.DialogCode.Rejected)

    def status(self) -> str:
        return self.window.statusBar().currentMessage()

    def find(self, words: str) -> None:
        """Ctrl+F, the words typed, Esc: the match selected in the article, the keys back there."""
        self.press(K.Key_F, CTRL)
        focus = self.focus()
        assert focus is not None
        type_into(self.qtbot, focus, words)
        self.press(K.Key_Escape)

    def select(self, words: str, within: str) -> tuple[int, int]:
        """Find `within`, then select `words` in it with Left and Shift+Right (code points = keys here)."""
        self.find(within)
        assert self.focus() is self.window.view, self.focus()
        found = self.window.view.selected_span()
        assert found is not None
        start = found[0] + within.index(words)
        self.press(K.Key_Left)
        for _ in range(within.index(words)):
            self.press(K.Key_Right)
        for _ in range(len(words)):
            self.press(K.Key_Right, SHIFT)
        assert self.window.view.selected_span() == (start, start + len(words))
        return start, start + len(words)

    def current(self) -> Annotation:
        tag = self.window.current_annotation()
        assert tag is not None
        return tag
