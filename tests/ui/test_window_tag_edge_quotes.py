"""Moving a tag's end a word right (Alt+Shift+Right) then left (Alt+Shift+Left) gives back the tag it was,
closing quote included; its start (Alt+Ctrl+Left / Right) likewise keeps an opening quote: a quote that
hugs a word is one step of its own each way (factcheck.core.words.moved_span)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.ui.conftest import OpenWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on show()

TEXT = "The mayor said “We never said that” and left; she said it twice."
QUOTE = "“We never said that”"
ALT, SHIFT, CTRL = (
    Qt.KeyboardModifier.AltModifier,
    Qt.KeyboardModifier.ShiftModifier,
    Qt.KeyboardModifier.ControlModifier,
)


def _quoted(store: Store, doc: Document) -> None:
    start = doc.text.index(QUOTE)
    store.add_annotation(new_annotation(doc, start, start + len(QUOTE), "denial", "alice"))


@pytest.mark.parametrize(
    "keys, between",
    [
        ([(Qt.Key.Key_Right, ALT | SHIFT), (Qt.Key.Key_Left, ALT | SHIFT)], "“We never said that” and"),
        ([(Qt.Key.Key_Left, ALT | SHIFT), (Qt.Key.Key_Right, ALT | SHIFT)], "“We never said that"),
        ([(Qt.Key.Key_Right, ALT | CTRL), (Qt.Key.Key_Left, ALT | CTRL)], "We never said that”"),
        ([(Qt.Key.Key_Left, ALT | CTRL), (Qt.Key.Key_Right, ALT | CTRL)], "said “We never said that”"),
    ],
)
def test_a_move_and_the_move_back_give_the_quote_back(
    open_window: OpenWindow, qtbot: QtBot, keys: list[tuple[Qt.Key, Qt.KeyboardModifier]], between: str
) -> None:
    window = open_window(text=TEXT, prepare=_quoted)
    (tag,) = window.project.annotations(window.current_document_id() or "")
    window.view.set_current(tag.id)
    window.view.setFocus()
    (key, mods), (back, back_mods) = keys
    qtbot.keyClick(window.view, key, mods)
    assert window.project.annotation(tag.id).quote == between  # type: ignore[union-attr]
    qtbot.keyClick(window.view, back, back_mods)
    assert window.project.annotation(tag.id).quote == QUOTE  # type: ignore[union-attr]
