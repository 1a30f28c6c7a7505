"""The real app, quit after a web download was cancelled while its name lookup stalls:
`python tests/helpers/quit_after_cancelled_lookup.py DB`.

Starts the app as `factcheck --db DB` does, with a resolver that never answers for news.example (as a
dead name server), opens http://news.example/story with File > Open web page… (Ctrl+L, the address
answered), presses the progress dialog's Cancel once the lookup waits, then Ctrl+Q once the import has
ended. Prints `looking up`, `cancelled` and `exited <code>` after `main` returned; the test checks that
the process then ends at once (the lookup's thread is left to the system), with nothing imported.
"""

from __future__ import annotations

import socket
import sys
import threading
from pathlib import Path
from typing import Any

# Run by path: make the project importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton

import ui.web_open
from factcheck.cli import main
from ui.app import application
from ui.main_window import MainWindow
from ui.progress import ProgressDialog

STALL_S = 600.0  # far beyond the test's bound: the process must not wait for it
URL = "http://news.example/story"
asked = threading.Event()
real_lookup = socket.getaddrinfo


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def dead_resolver(host: str, *args: Any, **kwargs: Any) -> Any:
    if host == "news.example":
        asked.set()
        say("looking up")
        threading.Event().wait(STALL_S)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
    return real_lookup(host, *args, **kwargs)


state = {"step": "open"}


def drive() -> None:
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    if not windows:
        return
    window = windows[0]
    if not window.isActiveWindow():  # a window shortcut needs the active window; try again shortly
        window.activateWindow()
        return
    if state["step"] == "open":
        state["step"] = "cancel"
        QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    elif state["step"] == "cancel" and asked.is_set():
        progress = [d for d in window.findChildren(ProgressDialog) if d.isVisible()]
        button = progress[0].findChild(QPushButton) if progress else None
        if button is not None:
            state["step"] = "quit"
            QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    elif state["step"] == "quit" and window.project.operations.current() is None:
        say("cancelled")
        timer.stop()
        QTest.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)


if __name__ == "__main__":
    # What a test's monkeypatch does, in a process of its own.
    setattr(socket, "getaddrinfo", dead_resolver)  # noqa: B010
    setattr(ui.web_open, "ask_address", lambda parent: URL)  # noqa: B010
    application()
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(drive)
    timer.start()
    code = main(["--db", sys.argv[1], "--annotator", "tester"])
    say(f"exited {code}")
    sys.exit(code)
