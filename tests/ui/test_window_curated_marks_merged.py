"""A curated mark that arrives from outside the window (a teammate's file merged by File > Import,
another program) shows in the document list and in Review > Mark as curated without reopening."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.exporting import export
from tests.conftest import ARTICLE
from tests.ui.conftest import OpenWindow
from tests.ui.window_support import finish_operations
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on show()

MARK = ("sam", "2024-05-02T10:00:00.000000Z")


def _tagged(store: Store, doc: Document) -> None:
    store.add_annotation(new_annotation(doc, 0, 8, "claim", "ana"))


def _curated(window: MainWindow, doc_id: str) -> bool:
    state = window.doc_list.model.state(doc_id)
    return state is not None and state.kind == "curated"


def test_a_mark_merged_from_a_teammates_file_shows_at_once(
    open_window: OpenWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_window(annotator="alice", prepare=_tagged)
    doc_id = window.current_document_id()
    assert doc_id is not None and not _curated(window, doc_id)
    assert not window.review.curated_action.isChecked()
    # sam's project of the same article (made apart: another document id), marked curated
    with Store.open(tmp_path / "sam.db") as sam:
        theirs, _ = sam.add_document(Document.create(ARTICLE, title="Roe on crime", source="roe.txt"))
        sam.set_curated(theirs.id, MARK)
        export(sam, "json", tmp_path / "sam.json")
    assert theirs.id != doc_id

    window.import_files([str(tmp_path / "sam.json")], report=False)
    finish_operations(qtbot, window)
    assert window.project.curated_mark(doc_id) == MARK
    qtbot.waitUntil(lambda: _curated(window, doc_id))
    assert window.review.curated_action.isChecked()  # the action follows: triggering it would unmark


def test_a_mark_set_by_another_program_shows_at_the_next_look(
    open_window: OpenWindow, qtbot: QtBot, db_path: Path
) -> None:
    window = open_window(annotator="alice", prepare=_tagged)
    doc_id = window.current_document_id()
    assert doc_id is not None
    with Store.open(db_path) as other:  # `factcheck import` or a sync in a terminal, say
        other.set_curated(doc_id, MARK)
    assert window.project.reload_if_changed()
    qtbot.waitUntil(lambda: _curated(window, doc_id))
    assert window.review.curated_action.isChecked()
    with Store.open(db_path) as other:
        other.set_curated(doc_id, None)
    assert window.project.reload_if_changed()
    qtbot.waitUntil(lambda: not _curated(window, doc_id))
    assert not window.review.curated_action.isChecked()


def _tooltip(window: MainWindow, doc_id: str) -> str:
    model = window.doc_list.model
    row = model.row_of(doc_id)
    assert row is not None
    return str(model.data(model.index(row), Qt.ItemDataRole.ToolTipRole))


def test_the_list_names_who_marked_a_document_and_who_sent_the_mark(
    open_window: OpenWindow, qtbot: QtBot, db_path: Path
) -> None:
    window = open_window(annotator="alice", prepare=_tagged)
    doc_id = window.current_document_id()
    assert doc_id is not None
    with Store.open(db_path) as other:  # a sync pulled vera's mark, which the lead's login sent
        other.set_curated(doc_id, MARK, sent_by="lead\x1b[2J")
    assert window.project.reload_if_changed()
    qtbot.waitUntil(lambda: _curated(window, doc_id))
    assert "Curated by sam on 2024-05-02 (sent by lead\\x1b[2J)" in _tooltip(window, doc_id)
    # marked again here, in the window: alice's own mark, nobody else sent it
    window.review.toggle_curated()  # clears
    window.review.toggle_curated()  # marks
    qtbot.waitUntil(lambda: _curated(window, doc_id))
    tip = _tooltip(window, doc_id)
    assert "Curated by alice on " in tip and "sent by" not in tip


def test_a_tooltip_reads_the_mark_and_its_sender_in_one_query(
    open_window: OpenWindow, qtbot: QtBot, db_path: Path
) -> None:
    """A hover asked the project twice (the mark, then who sent it): once is enough."""
    window = open_window(annotator="alice", prepare=_tagged)
    doc_id = window.current_document_id()
    assert doc_id is not None
    with Store.open(db_path) as other:
        other.set_curated(doc_id, MARK, sent_by="lead")
    assert window.project.reload_if_changed()
    qtbot.waitUntil(lambda: _curated(window, doc_id))
    statements: list[str] = []
    conn = window.project._store._db.conn
    conn.set_trace_callback(statements.append)
    try:
        tip = _tooltip(window, doc_id)
    finally:
        conn.set_trace_callback(None)
    assert "Curated by sam on 2024-05-02 (sent by lead)" in tip
    assert len(statements) == 1, statements
