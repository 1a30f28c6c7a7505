"""The undo history is bounded (ui.main_window.UNDO_LIMIT): hours of work do not keep every step in
memory. The oldest steps are dropped first; what they did stays saved; the rest still undo and redo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

import ui.main_window
from tests.ui.conftest import OpenWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

TEXT = "One two three four five six seven eight nine ten eleven twelve.\n"
WORDS = TEXT.rstrip(".\n").split(" ")


def test_the_undo_history_keeps_the_last_steps_only(
    open_window: OpenWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ui.main_window, "UNDO_LIMIT", 5)
    window = open_window(text=TEXT)
    stack = window.undo_stack
    assert stack.undoLimit() == 5
    for word in WORDS[:8]:
        start = TEXT.index(word)
        window.view.select_span(start, start + len(word))
        qtbot.keyClick(window.view, Qt.Key.Key_1)
    stored = window.project.store.annotations(window.current_document_id())
    assert sorted(t.quote for t in stored) == sorted(WORDS[:8])
    assert stack.count() == 5  # the 3 oldest steps dropped
    while stack.canUndo():
        window.undo()
    live = [
        t.quote for t in window.project.store.annotations(window.current_document_id()) if not t.deleted_at
    ]
    assert sorted(live) == sorted(WORDS[:3])  # dropped from the history, still saved
    assert sorted(t.quote for t in window.open_doc.tags.by_id.values()) == sorted(WORDS[:3])
    while stack.canRedo():
        window.redo()
    live = [
        t.quote for t in window.project.store.annotations(window.current_document_id()) if not t.deleted_at
    ]
    assert sorted(live) == sorted(WORDS[:8])


def test_the_window_bounds_its_undo_history(open_window: OpenWindow) -> None:
    window = open_window(text=TEXT)
    assert window.undo_stack.undoLimit() == ui.main_window.UNDO_LIMIT >= 1000
