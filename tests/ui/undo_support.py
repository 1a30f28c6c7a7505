"""Checking one undo step through the real window: the database file before and after it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ui.main_window import MainWindow


def assert_undo_redo(
    window: MainWindow, content: Callable[[Path], object], before: object, after: object, undo_text: str
) -> None:
    """The last action (undo text undo_text, shown in the Edit menu) undoes to before and redoes to
    after: content(path) reads the project file through another connection."""
    path = window.project.path
    assert path is not None
    assert window.undo_stack.undoText() == undo_text
    assert window.actions_.undo.text() == f"&Undo {undo_text}"
    assert content(path) == after
    window.actions_.undo.trigger()
    assert content(path) == before
    window.actions_.redo.trigger()
    assert content(path) == after
