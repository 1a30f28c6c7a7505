"""The real app, quit during a long import: `python tests/helpers/quit_during_import.py DB FILE... `.

Starts the app as `factcheck --db DB FILE...` does (`factcheck.cli.main`), with the import held inside its
transaction until it is cancelled, presses Ctrl+Q on the window once the import is in there, and answers
the "Cancel it / Wait" question with "Cancel it". Prints `inside` when the import holds the transaction,
`asked` when the question came, and `exited <code>` after `main` returned. The test checks that the
process ends by itself and that nothing was imported.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path
from typing import Any

# Run by path: make the project importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

import ui.dialogs
import ui.project_operations
from factcheck.cli import main
from factcheck.services import importing
from ui.app import application
from ui.main_window import MainWindow

HOLD_S = 30.0  # the import is held at most this long (a hung test still ends)


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


inside = threading.Event()
real_import = importing.import_paths


def held_import(store: Any, paths: list[Path], *, annotator: str = "", progress: Any = None) -> Any:
    files = len(list(paths))

    def step(done: int, total: int) -> None:
        if done > files and not inside.is_set():  # storing: inside the transaction
            inside.set()
            say("inside")
            deadline = time.monotonic() + HOLD_S
            while time.monotonic() < deadline:
                progress(done, total)  # raises once the import is cancelled
                time.sleep(0.01)
        progress(done, total)

    return real_import(store, paths, annotator=annotator, progress=step)


def cancel_it(parent: object, title: str, writes: bool) -> str:
    say("asked")
    return "cancel"


def press_ctrl_q() -> None:
    if not inside.is_set():
        return
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    if not windows:
        return
    window = windows[0]
    if not window.isActiveWindow():  # a window shortcut needs the active window; try again shortly
        window.activateWindow()
        return
    timer.stop()
    QTest.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)


if __name__ == "__main__":
    # What a test's monkeypatch does, in a process of its own.
    setattr(ui.project_operations, "import_paths", held_import)  # noqa: B010
    setattr(ui.dialogs, "ask_cancel_or_wait", cancel_it)  # noqa: B010
    application()
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(press_ctrl_q)
    timer.start()
    db, *files = sys.argv[1:]
    code = main(["--db", db, "--annotator", "tester", *files])
    say(f"exited {code}")
    sys.exit(code)
