"""ui.dialogs' register of each window's answer to a write refused because its project's file went."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ui import dialogs


class Answer:
    """As ui.file_gone.FileGone: held by the window, holding it back."""

    def __init__(self, window: QWidget) -> None:
        self.window = window
        self.asked = 0

    def refused(self) -> None:
        self.asked += 1


def test_the_register_keeps_no_window_alive(qtbot: QtBot) -> None:
    # Held strongly, the answer (a method of an object holding the window) kept its key, the window,
    # alive for ever.
    window = QWidget()
    window.answer = Answer(window)  # type: ignore[attr-defined]
    dialogs.on_file_gone(window, window.answer.refused)  # type: ignore[attr-defined]
    gone = weakref.ref(window)
    del window
    gc.collect()
    assert gone() is None
