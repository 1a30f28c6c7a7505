"""Helpers for tests that drive the real window on a real SQLite file."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint, QSettings
from PySide6.QtGui import QPainter, QPixmap, QTextCursor
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow
from ui.settings import Settings


def isolated_settings(tmp_path: Path) -> Settings:
    """Settings in tmp_path: tests never touch the real profile (also for QSettings made elsewhere)."""
    folder = tmp_path / "settings"
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return Settings(QSettings(str(folder / "factcheck.ini"), QSettings.Format.IniFormat))


class Paints(QObject):
    """Counts the paint events of one widget."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def _stop_operations(window: QWidget) -> None:
    # pytest-qt closes the window before the test's fixtures are torn down: a worker a failed test left
    # running would make closing ask "Cancel it / Wait" in a dialog nobody answers.
    if isinstance(window, MainWindow):
        window.project.operations.shutdown()


def show(qtbot: QtBot, window: MainWindow, *, resize: bool = True) -> MainWindow:
    qtbot.addWidget(window, before_close_func=_stop_operations)
    if resize:
        window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.view.setFocus()
    return window


def u16(s: str) -> int:
    """UTF-16 length, computed independently of factcheck.core.offsets."""
    return len(s.encode("utf-16-le")) // 2


def point_at(window: MainWindow, cp: int) -> QPoint:
    """Viewport point on the boundary before code point cp (through Qt, not OffsetMap)."""
    view = window.view
    cursor = QTextCursor(view.document())
    cursor.setPosition(u16(view.document_text()[:cp]))
    return view.cursorRect(cursor).center()


def backgrounds_at(window: MainWindow, cp: int) -> list[tuple[int, int, str]]:
    """(Qt start, Qt end, background colour) of the highlight ranges of the block holding code point cp."""
    view = window.view
    view.ensure_highlighted()
    block = view.document().findBlock(u16(view.document_text()[:cp]))
    return [
        (
            block.position() + r.start,
            block.position() + r.start + r.length,
            r.format.background().color().name(),
        )
        for r in block.layout().formats()
    ]


def highlighted(window: MainWindow, start: int, end: int) -> bool:
    """True when every Qt position of code points [start, end) lies in some highlight range."""
    text = window.view.document_text()
    qs, qe = u16(text[:start]), u16(text[:end])
    ranges = backgrounds_at(window, start)
    return all(any(a <= pos < b for a, b, _ in ranges) for pos in range(qs, qe))


def finish_operations(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until the window's long operation (import, export, backup, agreement) has ended and its
    outcome has been announced; bounded, so a worker that never ends fails the test."""
    qtbot.waitUntil(lambda: window.project.operations.current() is None, timeout=30_000)


def grab_with_dialogs(window: QWidget) -> QPixmap:
    """The window with its visible dialogs painted where they stand (a window grab leaves them out)."""
    shot = window.grab()
    painter = QPainter(shot)
    origin = window.mapToGlobal(QPoint(0, 0))
    for dialog in window.findChildren(QDialog):
        if dialog.isVisible():
            painter.drawPixmap(dialog.frameGeometry().topLeft() - origin, dialog.grab())
    painter.end()
    return shot


def mark_curated_anyway(window: MainWindow) -> list[str]:
    """Trigger Review › Mark as curated, answering "Mark curated" if it asks (disagreements still open);
    returns the question's text, if asked. The answer looks for the question only while the action runs."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    asked: list[str] = []
    running = [True]

    def answer() -> None:
        if not running[0]:
            return
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.objectName() == "curatedAnywayBox" and box.isVisible():
            asked.append(box.text())
            next(b for b in box.buttons() if b.text() == "&Mark curated").click()
            return
        QTimer.singleShot(10, answer)

    QTimer.singleShot(0, answer)
    try:
        window.review.curated_action.trigger()
    finally:
        running[0] = False
    if asked:  # the window active again, as a window manager makes it (the offscreen platform does not)
        window.activateWindow()
        deadline = time.monotonic() + 3
        while QApplication.activeWindow() is not window and time.monotonic() < deadline:
            QApplication.processEvents()
    return asked
