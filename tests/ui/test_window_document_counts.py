"""The document list's counts and review states follow each edit from the edited document's rows only.

An edit (add, relabel, delete, undo, redo, a review decision, a curated mark) used to re-read every tag
of the project for the list: the whole-project counts and states. Now the line of the document touched
is read again, and after every step the list shows exactly what a full recompute shows."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any, cast

import pytest
from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from db import Store
from db.curated import mark_and_sender
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.curating import document_states
from tests.helpers.review import set_review
from tests.ui.conftest import OpenWindow
from tests.ui.window_support import mark_curated_anyway
from ui.document_list import DocumentListModel, IdRole, StateRole, SummaryRole, mark_text
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

K, M = Qt.Key, Qt.KeyboardModifier
OTHERS = 6
ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleDescriptionRole,
    SummaryRole,
    IdRole,
    StateRole,
)


def _project(store: Store, doc: Document) -> None:
    """ana and bo tagged the open article (one tag decided: in review); other articles: tagged, one in
    review, one curated."""
    for who in ("ana", "bo"):
        store.add_annotation(new_annotation(doc, 0, 8, "claim", who))
    store.add_annotation(new_annotation(doc, 20, 30, "denial", "ana"))
    lone = store.add_annotation(new_annotation(doc, 40, 50, "characterization", "bo"))
    set_review(store, lone.id, "accepted", "rita")
    for i in range(OTHERS):
        other, _ = store.add_document(Document.create(f"Article {i}. " * 30, title=f"Other {i}"))
        tag = store.add_annotation(new_annotation(other, 0, 9, "claim", "ana"))
        store.add_annotation(new_annotation(other, 12, 20, "denial", "bo"))
        if i == 1:
            set_review(store, tag.id, "rejected", "rita", "no")
        if i == 2:
            store.set_curated(other.id, ("rita", "2026-01-02T03:04:05Z"))


def _cells(model: DocumentListModel) -> list[tuple[Any, ...]]:
    return [tuple(model.index(row).data(role) for role in ROLES) for row in range(model.rowCount())]


def _sender(store: Store, document_id: str) -> str | None:
    mark = mark_and_sender(store, document_id)
    return None if mark is None else mark[2]


def _recomputed(store: Store) -> list[tuple[Any, ...]]:
    """The list as a full read of the project shows it (no cache)."""
    fresh = DocumentListModel()
    marks = store.curated_documents()
    fresh.mark_of = lambda d: None if d not in marks else mark_text(*marks[d], _sender(store, d))
    fresh.set_summaries(store.document_summaries())
    fresh.set_states(document_states(store))
    return _cells(fresh)


@pytest.fixture
def whole_reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Calls of the store's whole-project reads behind the list (counts, fingerprints, marks, ids)."""
    calls: Counter[str] = Counter()
    for name in ("document_summaries", "annotation_fingerprints", "curated_documents", "document_ids"):
        original = getattr(Store, name)

        def spy(self: Store, *args: Any, _name: str = name, _original: Callable[..., Any] = original) -> Any:
            calls[_name] += 1
            return _original(self, *args)

        monkeypatch.setattr(Store, name, spy)
    yield calls


def _settled(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: not window.doc_counts.pending(), timeout=3000)


def _same_as_full(window: MainWindow, reads: Counter[str]) -> None:
    shown = _cells(window.doc_list.model)
    made = dict(reads)
    reads.clear()
    store = window.project.store
    assert shown == _recomputed(store)
    total = sum(s.total for s in store.document_summaries())
    reads.clear()  # (the recompute's own reads)
    assert window.status_items._total == total
    assert made == {}, "an edit read the whole project"


def _key(window: MainWindow, qtbot: QtBot, key: Qt.Key, mods: Qt.KeyboardModifier = M.NoModifier) -> None:
    window.activateWindow()
    window.view.setFocus()
    qtbot.keyClick(window.view, key, mods)


def test_each_edit_updates_its_documents_line_only_and_matches_a_full_recompute(
    open_window: OpenWindow, qtbot: QtBot, whole_reads: Counter[str], qtmodeltester: ModelTester
) -> None:
    window = open_window(annotator="alice", prepare=_project)
    doc_id = window.current_document_id()
    assert doc_id is not None
    model = window.doc_list.model
    assert model.rowCount() == OTHERS + 1
    _settled(window, qtbot)
    assert _cells(model) == _recomputed(window.project.store)
    whole_reads.clear()
    text = window.open_doc.text

    def step(what: str, act: Callable[[], object]) -> None:
        act()
        _settled(window, qtbot)
        try:
            _same_as_full(window, whole_reads)
        except AssertionError as exc:
            raise AssertionError(f"after {what}: {exc}") from exc

    def add(start: int, end: int, key: Qt.Key) -> None:
        window.view.select_span(start, end)
        _key(window, qtbot, key)

    def relabel() -> None:
        _key(window, qtbot, K.Key_Escape)  # no selection: the key relabels the current tag
        _key(window, qtbot, K.Key_2)

    before = model.state(doc_id)
    assert before is not None and before.kind == "in_review"
    step("add", lambda: add(60, 70, K.Key_1))
    assert model.summary(model.row_of(doc_id) or 0).by_annotator["alice"] == 1
    step("add another", lambda: add(text.index(" ", 90) + 1, text.index(" ", 110), K.Key_3))
    step("relabel", relabel)
    step("delete", lambda: _key(window, qtbot, K.Key_Delete))
    step("undo", lambda: _key(window, qtbot, K.Key_Z, M.ControlModifier))
    step("redo", lambda: _key(window, qtbot, K.Key_Z, M.ControlModifier | M.ShiftModifier))
    step("undo the delete", lambda: _key(window, qtbot, K.Key_Z, M.ControlModifier))

    panel = window.review.panel
    opened = model.state(doc_id)
    window.review.dock.show()
    qtbot.waitUntil(lambda: panel.current_annotation() is not None, timeout=3000)
    step("accept in review", panel.accept_current)
    decided = model.state(doc_id)
    assert decided is not None and opened is not None and decided.open < opened.open
    step("reject in review", lambda: panel.reject_current("not a claim"))
    step("undo the rejection", lambda: _key(window, qtbot, K.Key_Z, M.ControlModifier))
    step("mark curated", lambda: mark_curated_anyway(window))
    assert (model.state(doc_id) or before).kind == "curated"
    step("undo the mark", lambda: _key(window, qtbot, K.Key_Z, M.ControlModifier))

    other = model.summary(3).id
    window.open_document(other)
    whole_reads.clear()
    step("add on another article", lambda: add(0, 9, K.Key_2))
    assert model.summary(3).by_annotator.get("alice") == 1
    qtmodeltester.check(model)


def test_many_documents_changed_refresh_the_whole_list(
    open_window: OpenWindow, qtbot: QtBot, whole_reads: Counter[str]
) -> None:
    """An import, a merge, a sync or another process (documentsChanged) reads the whole list again."""
    window = open_window(annotator="alice", prepare=_project)
    _settled(window, qtbot)
    store = window.project.store
    added, _ = store.add_document(Document.create("A late article. " * 10, title="Late"))
    store.add_annotation(new_annotation(added, 0, 6, "claim", "bo"))
    whole_reads.clear()
    window.project.documentsChanged.emit()
    assert whole_reads["document_summaries"] >= 1
    assert _cells(window.doc_list.model) == _recomputed(store)
    assert window.doc_list.model.row_of(added.id) is not None


def test_a_paint_of_the_list_asks_each_lines_roles_together(
    open_window: OpenWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The delegate's style roles (text, font, colours, decoration…) come in one call into Python per
    line through the filter proxy; only its own two reads (the summary, the state) come alone."""
    data = DocumentListModel.data
    asked = {"together": 0, "alone": 0}

    def counted(self: DocumentListModel, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        caller = sys._getframe(1).f_code.co_name  # answer_roles (from multiData), or Qt alone
        asked["together" if caller == "answer_roles" else "alone"] += 1
        return data(self, index, role)

    # Patched before the window is made: Qt's calls of a model's override are looked up once.
    monkeypatch.setattr(DocumentListModel, "data", counted)
    window = open_window(annotator="alice", prepare=_project)
    _settled(window, qtbot)
    asked.update(together=0, alone=0)
    view = window.doc_list.view
    view.viewport().repaint()
    lines = sum(
        1
        for row in range(window.doc_list.proxy.rowCount())
        if view.visualRect(window.doc_list.proxy.index(row, 0)).intersects(view.viewport().rect())
    )
    assert lines > 0
    assert asked["together"] >= 4 * lines, (asked, lines)
    assert asked["alone"] <= 2 * lines, (asked, lines)  # (was: 9 per line)


def test_an_edits_line_paints_its_own_row_only(open_window: OpenWindow, qtbot: QtBot) -> None:
    """The line brought up to date after a burst is painted again alone, not the whole list (Qt's list
    view would lay every row out again on the next turn and paint them all, in the next key's turn)."""
    window = open_window(annotator="alice", prepare=_project)
    _settled(window, qtbot)
    view = window.doc_list.view
    painted: list[QRect] = []

    class Paints(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                painted.append(cast(QPaintEvent, event).region().boundingRect())
            return False

    doc_id = window.current_document_id()
    assert doc_id is not None
    row = window.doc_list.proxy.mapFromSource(
        window.doc_list.model.index(window.doc_list.model.row_of(doc_id) or 0)
    )
    line = view.visualRect(row)
    assert view.viewport().rect().contains(line) and view.viewport().height() > 2 * line.height()
    watch = Paints()
    view.viewport().installEventFilter(watch)
    try:
        window.view.select_span(60, 70)
        _key(window, qtbot, K.Key_1)
        window.repaint()
        QApplication.processEvents()
        painted.clear()
        window.doc_counts.flush()
        for _ in range(3):  # the turns after it, each painting what waits
            QApplication.processEvents()
            window.repaint()
    finally:
        view.viewport().removeEventFilter(watch)
    assert painted, "the line was painted again"
    assert all(line.contains(rect) for rect in painted), (painted, line)
