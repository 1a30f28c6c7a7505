"""Page Down and Page Up in the article: a page scrolled, the caret carried along at the same place on
screen (Shift: the selection extended to it), as QPlainTextEdit does them.

Not QPlainTextEdit's own: with the text selectable from the keyboard (the caret the tagging keys use),
its Page Down / Page Up keep about 0.8 MB of native memory per press, never given back, even over a
page seen before (Qt 6, measured: 100 presses +78 MB, again over the same pages +78 MB more; the scroll
bar moved a page and the caret placed, as here: +37 MB once, then nothing). Hours of reading would be
gigabytes."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

_KEYS = {Qt.Key.Key_PageDown: True, Qt.Key.Key_PageUp: False}


def handle(view: QPlainTextEdit, event: QKeyEvent) -> bool:
    """Page Down / Page Up (Shift: extending the selection) done here; False for any other key."""
    down = _KEYS.get(Qt.Key(event.key()))
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    if down is None or mods not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
        return False
    page(view, down, select=mods == Qt.KeyboardModifier.ShiftModifier)
    event.accept()
    return True


def page(view: QPlainTextEdit, down: bool, *, select: bool = False) -> None:
    """One page down (or up): the view scrolled by its page step, the caret to the same place on screen
    (to the end, or the start, when there is no page further)."""
    cursor = view.textCursor()
    viewport = view.viewport().rect()
    spot = view.cursorRect(cursor).center()
    # A caret scrolled out of sight (the wheel, the scroll bar) comes back at the top or bottom edge.
    spot = QPoint(
        min(max(spot.x(), viewport.left()), viewport.right()),
        min(max(spot.y(), viewport.top() + 1), viewport.bottom() - 1),
    )
    bar = view.verticalScrollBar()
    before = bar.value()
    bar.setValue(before + (bar.pageStep() if down else -bar.pageStep()))
    if bar.value() != before:
        position = view.cursorForPosition(spot).position()
    else:
        position = view.document().characterCount() - 1 if down else 0
    mode = QTextCursor.MoveMode.KeepAnchor if select else QTextCursor.MoveMode.MoveAnchor
    cursor.setPosition(position, mode)
    view.setTextCursor(cursor)
