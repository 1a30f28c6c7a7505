"""Undo and redo of the steps other than a tag's on a document another program removed meanwhile (factcheck
remove in a terminal): a correction and its deletion, a link made or deleted, the curated mark, a rename.
Each writes nothing, says why in the status bar and in its line of the undo history, and the stack moves
on (no 'Undo failed' dialog holding it at that step)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from db import Store
from db.documents import remove_document
from factcheck.core.links import new_link
from tests.ui.conftest import OpenWindow
from tests.ui.test_window_corrections import _bobs_tag, _correct_bobs_tag
from tests.ui.test_window_removal_undo_renames import _linked
from tests.ui.window_support import mark_curated_anyway
from ui.commands import push_command
from ui.main_window import MainWindow
from ui.structure_commands import AddLink, DeleteLink

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on show()


def _rows(window: MainWindow) -> list[str]:
    """Every row of the project file, as SQL."""
    with sqlite3.connect(window.project.store.path or "") as conn:
        return list(conn.iterdump())


def _removed_elsewhere(window: MainWindow) -> str:
    document_id = window.current_document_id() or ""
    with Store.open(window.project.store.path or "") as other:  # factcheck remove in a terminal
        remove_document(other, document_id, "bob")
    window.project.reload_if_changed()
    return document_id


def _every_step_changes_nothing(window: MainWindow, dialogs: list[tuple[str, str]], gone: str) -> None:
    steps = window.undo_stack.count()
    assert steps > 0
    rows = _rows(window)
    moves: list[Callable[[], None]] = [window.undo] * steps + [window.redo] * steps
    for n, move in enumerate(moves):
        move()
        assert dialogs == []
        assert (
            window.statusBar()
            .currentMessage()
            .endswith(f"changed nothing: its {gone} was removed meanwhile.")
        )
        assert window.undo_stack.index() == (steps - n - 1 if n < steps else n - steps + 1)
    assert _rows(window) == rows
    assert window.undo_stack.undoText().endswith(f" (its {gone} was removed meanwhile)")


def test_a_correction_and_its_deletion(
    open_window: OpenWindow, qtbot: QtBot, dialogs: list[tuple[str, str]]
) -> None:
    window = open_window(annotator="alice", prepare=_bobs_tag)
    mine = _correct_bobs_tag(window, qtbot)
    window.view.set_current(mine.id)
    window.delete_current()  # the correction goes, bob's tag undecided again
    assert window.undo_stack.count() == 2
    _removed_elsewhere(window)
    _every_step_changes_nothing(window, dialogs, "tag")


def test_a_link_made_then_deleted(open_window: OpenWindow, dialogs: list[tuple[str, str]]) -> None:
    window = open_window(prepare=_linked)
    doc_id = window.current_document_id() or ""
    claim, denial = sorted(window.project.annotations(doc_id), key=lambda t: t.label)
    link = new_link(doc_id, "characterizes", denial.id, claim.id, "alice")
    window.undo_stack.clear()
    push_command(window.undo_stack, AddLink(window.project, link, denial, claim))
    push_command(window.undo_stack, DeleteLink(window.project, link, denial, claim, "alice"))
    _removed_elsewhere(window)
    _every_step_changes_nothing(window, dialogs, "tag")


def test_the_curated_mark_and_a_rename(open_window: OpenWindow, dialogs: list[tuple[str, str]]) -> None:
    window = open_window(prepare=_linked)
    doc_id = window.current_document_id() or ""
    window.undo_stack.clear()
    mark_curated_anyway(window)
    window.docs.rename(doc_id, "Roe on crime, again")
    assert window.project.curated_mark(doc_id) is not None and window.undo_stack.count() == 2
    _removed_elsewhere(window)
    _every_step_changes_nothing(window, dialogs, "document")
