"""Simulated drags for the lifetime tests: what a drag holds, its entry and moves, and a widget that takes
every move Qt misdelivers."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent
from PySide6.QtWidgets import QApplication, QWidget


def files(path: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    return mime


def text(words: str) -> QMimeData:
    mime = QMimeData()
    mime.setText(words)
    return mime


def enter(target: QWidget, mime: QMimeData, at: QPoint | None = None) -> bool:
    """A drag entering ``target``; whether a widget took it (then Qt's target)."""
    event = QDragEnterEvent(at or QPoint(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(target, event)
    return event.isAccepted()


def move(target: QWidget, mime: QMimeData, at: QPoint | None = None) -> bool:
    """A drag moving: Qt hands it to its target (whatever ``target``); whether it was taken."""
    event = QDragMoveEvent(at or QPoint(210, 210), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                           Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(target, event)
    return event.isAccepted()


class Catcher(QWidget):
    """A widget that takes every drag it is given: where a move Qt misdelivers would land."""

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptDrops(True)
        self.moves = 0

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self.moves += 1
        event.accept()
