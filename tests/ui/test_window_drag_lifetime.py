"""A window closed under a drag: Qt is left pointing at no widget that is gone.

Qt's drag manager keeps a plain pointer to the widget that accepted a drag's entry, and forgets it
only when the drag leaves or drops there. Every later drag event, sent to any widget, first follows that
pointer: to a window deleted meanwhile it is a read of freed memory, a crash whenever the memory was
reused. These rounds close and delete windows under drags many times over, then drag elsewhere.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.lifetime_support import own_window

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

ROUNDS = 12


def _files(path: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    return mime


def _text(words: str) -> QMimeData:
    mime = QMimeData()
    mime.setText(words)
    return mime


def _enter(target: QWidget, mime: QMimeData) -> bool:
    event = QDragEnterEvent(QPoint(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(target, event)
    return event.isAccepted()


def _move(target: QWidget, mime: QMimeData) -> bool:
    event = QDragMoveEvent(QPoint(210, 210), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                           Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(target, event)
    return event.isAccepted()


class _Catcher(QWidget):
    """A widget that takes every drag it is given: where a move Qt misdelivers would land."""

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptDrops(True)
        self.moves = 0

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self.moves += 1
        event.accept()


def test_a_window_closed_or_hidden_under_a_drag_ends_it_first(qtbot: QtBot, tmp_path: Path) -> None:
    article = tmp_path / "bridge.txt"
    article.write_text("The council said the bridge would reopen in May.\n", encoding="utf-8")
    for n in range(ROUNDS):
        window, store = own_window(qtbot, tmp_path / f"project-{n}.db")
        if n % 2:
            # Over the article (it lands on the window), then text from elsewhere: refused, which
            # leaves Qt's target as it was. The window holds the first drag all the same.
            assert _enter(window.view.viewport(), _files(article))
            assert not _enter(window, _text("crime fell"))
        else:
            assert not _enter(window, _text("crime fell"))  # refused: Qt has no target
            assert _enter(window, _files(article))  # taken: the window is Qt's target
            assert window.statusBar().currentMessage() == "Drop to import “bridge.txt”"
        if n % 3 == 0:
            window.hide()  # minimised or hidden: the drag ends there too
        window.close()
        assert window.statusBar().currentMessage() == ""  # the drag left: what it would do is unsaid
        # Qt has no target now: a move sent anywhere reaches no window, not even the closed one (which
        # would take a move of the file it was shown).
        assert not _move(window, _files(article))
        store.close()
        # Made before the window goes, so that nothing new takes its freed memory before the move: Qt
        # following a stale pointer there crashes, or hands the move to whatever widget lives there now.
        catcher, mime = _Catcher(), _files(article)
        shiboken6.delete(window)
        assert not _move(catcher, mime)  # Qt looked for its target and found none
        assert catcher.moves == 0
        shiboken6.delete(catcher)
