"""Mouse selections snap to whole words (Alt keeps exact characters); the current tag's start and end
move by a word from the keyboard, undoably, keeping note and review, for one's own tags only."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.decisions import decided
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.ui.conftest import OpenWindow
from tests.ui.window_support import point_at
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on show()

ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _drag(window: MainWindow, qtbot: QtBot, a: int, b: int, alt: bool = False) -> None:
    vp = window.view.viewport()
    mods = ALT if alt else Qt.KeyboardModifier.NoModifier
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, mods, pos=point_at(window, a))
    qtbot.mouseMove(vp, pos=point_at(window, (a + b) // 2))
    qtbot.mouseMove(vp, pos=point_at(window, b))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, mods, pos=point_at(window, b))
    qtbot.wait(20)  # the snap runs once the view has handled the release


def _text(window: MainWindow) -> str:
    return window.view.document_text()


def test_a_drag_mid_word_selects_whole_words_and_alt_keeps_exact(window: MainWindow, qtbot: QtBot) -> None:
    text = _text(window)
    start = text.index("ritics [including")  # mid-word, after an emoji earlier in the text
    end = text.index("ing the mayor") + 2  # inside "including"
    _drag(window, qtbot, start, end)
    span = window.view.selected_span()
    assert span is not None and text[span[0] : span[1]] == "Critics [including"
    window.view.select_span(0, 0)  # a press inside a selection would drag the text instead
    _drag(window, qtbot, start, end, alt=True)
    assert window.view.selected_span() == (start, end)
    qtbot.keyClick(window.view, Qt.Key.Key_1)  # the exact characters are tagged
    (ann,) = window.project.store.annotations(window.current_document_id())
    assert ann.quote == text[start:end]


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window()


def _tag(window: MainWindow, qtbot: QtBot, quote: str) -> str:
    text = _text(window)
    start = text.index(quote)
    window.view.select_span(start, start + len(quote))
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    ann_id = window.view.current_annotation()
    assert ann_id is not None
    return ann_id


def test_moving_the_end_and_the_start_by_words_and_undo(window: MainWindow, qtbot: QtBot) -> None:
    ann_id = _tag(window, qtbot, "crime fell")
    store = window.project.store
    tagged = store.annotation(ann_id)
    assert tagged is not None
    window.project.put(decided(replace(tagged, note="check the figure"), "accepted", "rita", ""))
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Right, ALT | SHIFT)
    assert store.annotation(ann_id).quote == "crime fell by"  # type: ignore[union-attr]
    qtbot.keyClick(window.view, Qt.Key.Key_Left, ALT | CTRL)
    moved = store.annotation(ann_id)
    assert moved is not None and moved.quote == "that crime fell by"
    text = _text(window)
    assert text[moved.start : moved.end] == moved.quote  # code points, though an emoji comes before
    assert moved.start == text.index("that crime") and text.index("😀") < moved.start
    assert (moved.note, moved.status, moved.reviewer) == ("check the figure", "accepted", "rita")
    assert window.view.current_annotation() == ann_id
    qtbot.keyClick(window.view, Qt.Key.Key_Right, ALT | CTRL)
    qtbot.keyClick(window.view, Qt.Key.Key_Left, ALT | SHIFT)
    assert store.annotation(ann_id).quote == "crime fell"  # type: ignore[union-attr]
    for _ in range(4):
        window.undo()
    back = store.annotation(ann_id)
    assert back is not None and back.quote == "crime fell" and back.note == "check the figure"
    assert window.undo_stack.undoText().startswith("Tag “crime fell”")  # each move was one command
    window.redo()
    window.redo()
    assert store.annotation(ann_id).quote == "that crime fell by"  # type: ignore[union-attr]
    assert window.undo_stack.undoText().startswith("Move tag")


def test_a_tag_cannot_shrink_to_nothing(window: MainWindow, qtbot: QtBot) -> None:
    ann_id = _tag(window, qtbot, "crime")
    qtbot.keyClick(window.view, Qt.Key.Key_Left, ALT | SHIFT)
    assert window.project.store.annotation(ann_id).quote == "crime"  # type: ignore[union-attr]
    assert "cannot move" in window.statusBar().currentMessage()


def test_someone_elses_tag_is_not_moved(open_window: OpenWindow, qtbot: QtBot) -> None:
    def prepare(store: Store, doc: Document) -> None:
        start = doc.text.index("crime fell")
        store.add_annotation(new_annotation(doc, start, start + len("crime fell"), "claim", "bob"))

    window = open_window(prepare=prepare)
    (theirs,) = window.project.store.annotations(window.current_document_id())
    window.view.set_current(theirs.id)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Right, ALT | SHIFT)
    assert window.project.store.annotation(theirs.id) == theirs
    assert "belongs to bob" in window.statusBar().currentMessage()
    assert window.undo_stack.count() == 0
