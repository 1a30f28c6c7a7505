"""The open document's line in the document list follows its review state tag by tag.

On a reviewed article, each edit (add, relabel, delete, undo, redo, accept, reject, a curated mark)
leaves the list exactly as a full recompute of the project shows it, while the open document's
disagreements are never found in full again: once when its line is first read, then only around each
change (`core.open_count`); `document_state` over its tags is not called at all."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

import factcheck.core.open_count as open_count_module
import factcheck.services.curating as curating
from db import Store
from factcheck.core.curation import document_state as original_state
from factcheck.core.disagreements import Disagreement
from factcheck.core.disagreements import find_disagreements as original_find
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from tests.helpers.review import set_review
from tests.ui.conftest import OpenWindow
from tests.ui.test_window_document_counts import K, M, _cells, _key, _recomputed, _settled
from tests.ui.window_support import mark_curated_anyway
from ui import document_counts
from ui.commands import EditAnnotation, push_command

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _reviewed(store: Store, doc: Document) -> None:
    """Three annotators disagree on the article in several places; a few tags are decided; another
    article in review beside it."""
    spans = [(0, 8), (0, 9), (20, 30), (22, 30), (40, 50), (60, 72), (61, 72), (90, 99), (120, 130)]
    who = ("ana", "bo", "cy")
    labels = ("claim", "denial", "characterization")
    made = [
        store.add_annotation(new_annotation(doc, s, e, labels[i % 3], who[i % 3]))
        for i, (s, e) in enumerate(spans)
    ]
    set_review(store, made[0].id, "accepted", "rita")
    set_review(store, made[3].id, "rejected", "rita", "too wide")
    other, _ = store.add_document(Document.create("Another article. " * 30, title="Other"))
    tag = store.add_annotation(new_annotation(other, 0, 7, "claim", "ana"))
    store.add_annotation(new_annotation(other, 2, 12, "claim", "bo"))
    set_review(store, tag.id, "accepted", "rita")


@pytest.fixture
def full_reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Full computations of a document's state (per document id) and of the open count's disagreements."""
    calls: Counter[str] = Counter()

    def state(annotations: Sequence[Annotation], curated: bool) -> Any:
        tags = list(annotations)
        calls[f"state {tags[0].document_id if tags else '-'}"] += 1
        return original_state(tags, curated)

    def find(annotations: Sequence[Annotation]) -> list[Disagreement]:
        calls["open count built"] += 1
        return original_find(annotations)

    monkeypatch.setattr(curating, "document_state", state)
    monkeypatch.setattr(open_count_module, "find_disagreements", find)
    yield calls


def test_the_open_documents_line_follows_each_edit_without_a_full_computation(
    open_window: OpenWindow, qtbot: QtBot, full_reads: Counter[str]
) -> None:
    window = open_window(annotator="alice", prepare=_reviewed)
    doc_id = window.current_document_id()
    assert doc_id is not None
    model = window.doc_list.model
    _settled(window, qtbot)
    store = window.project.store
    assert _cells(model) == _recomputed(store)
    text = window.open_doc.text
    full_reads.clear()
    seen: list[tuple[str, int]] = []

    def step(what: str, act: Callable[[], object]) -> None:
        act()
        _settled(window, qtbot)
        made = dict(full_reads)
        full_reads.clear()
        shown = _cells(model)
        expected = _recomputed(store)
        full_reads.clear()  # (the recompute's own)
        state = model.state(doc_id)
        assert state is not None
        seen.append((state.kind, state.open))
        assert shown == expected, f"after {what}"
        assert f"state {doc_id}" not in made, f"after {what}: the open document's state computed in full"
        assert made.get("open count built", 0) <= (1 if what == "first add" else 0), f"after {what}"

    def add(start: int, end: int, key: Any) -> None:
        window.view.select_span(start, end)
        _key(window, qtbot, key)

    def relabel() -> None:
        _key(window, qtbot, K.Key_Escape)  # no selection: the key relabels the current tag
        _key(window, qtbot, K.Key_2)

    step("first add", lambda: add(1, 8, K.Key_1))  # against ana's and bo's tags: a boundary
    step("add another", lambda: add(text.index(" ", 140) + 1, text.index(" ", 150), K.Key_3))
    step("relabel", relabel)
    step("delete", lambda: _key(window, qtbot, K.Key_Delete))
    step("undo", lambda: _key(window, qtbot, K.Key_Z, M.ControlModifier))
    step("redo", lambda: _key(window, qtbot, K.Key_Z, M.ControlModifier | M.ShiftModifier))
    step("undo the delete", lambda: _key(window, qtbot, K.Key_Z, M.ControlModifier))

    panel = window.review.panel
    window.review.dock.show()
    qtbot.waitUntil(lambda: panel.current_annotation() is not None, timeout=3000)
    # The panel opens on the article's current tag, past every disagreement here: back to the first one
    # (P), whose tags A then decides in turn (the panel moves on to the next undecided one).
    while panel.previous_disagreement():
        pass
    for n in range(3):
        step(f"accept {n}", panel.accept_current)
    step("reject", lambda: panel.reject_current("not a claim"))
    step("undo the rejection", lambda: _key(window, qtbot, K.Key_Z, M.ControlModifier))
    step("redo the rejection", lambda: _key(window, qtbot, K.Key_Z, M.ControlModifier | M.ShiftModifier))
    still_open = model.state(doc_id)
    assert still_open is not None and still_open.open > 0
    step("mark curated", lambda: mark_curated_anyway(window))
    step("undo the mark", lambda: _key(window, qtbot, K.Key_Z, M.ControlModifier))
    window.review.dock.hide()
    step("add after review", lambda: add(100, 110, K.Key_2))
    assert len({s for s in seen if s[0] == "in_review"}) >= 3, seen  # the count moved both ways
    assert ("curated", still_open.open) in seen  # the mark closes no disagreement: the count stays

    # Another document opened: its line is read from its rows; back again, counted once more.
    other = model.summary(1).id if model.summary(0).id == doc_id else model.summary(0).id
    window.open_document(other)
    full_reads.clear()
    window.view.select_span(0, 5)
    _key(window, qtbot, K.Key_1)
    _settled(window, qtbot)
    assert _cells(model) == _recomputed(store)
    window.open_document(doc_id)
    full_reads.clear()
    step("first add", lambda: add(150, 158, K.Key_1))


def test_on_a_long_article_the_count_is_found_on_a_worker_and_the_edits_meanwhile_kept(
    open_window: OpenWindow, qtbot: QtBot, full_reads: Counter[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beyond INLINE_MAX tags (here: any) the first read starts a worker; the line keeps its state and
    reads its counts from its rows meanwhile; edits and decisions made before the count is in are played
    on it; then the line is read again and equals a full recompute, and follows each edit."""
    monkeypatch.setattr(document_counts, "INLINE_MAX", 0)
    started = threading.Event()
    release = threading.Event()

    def slow(annotations: Sequence[Annotation]) -> list[Disagreement]:
        if threading.current_thread().name == document_counts.THREAD_NAME:
            started.set()
            assert release.wait(5), "the test never let the worker go on"
        return original_find(annotations)

    monkeypatch.setattr(open_count_module, "find_disagreements", slow)
    window = open_window(annotator="alice", prepare=_reviewed)
    doc_id = window.current_document_id()
    assert doc_id is not None
    counts, model, store = window.doc_counts, window.doc_list.model, window.project.store
    _settled(window, qtbot)
    shown_before = model.state(doc_id)
    window.view.select_span(1, 8)
    _key(window, qtbot, K.Key_1)
    _settled(window, qtbot)
    assert counts.computing() and started.wait(5)
    assert model.state(doc_id) == shown_before  # kept meanwhile
    # Meanwhile: another tag and a decision, noted for the count.
    window.view.select_span(20, 26)
    _key(window, qtbot, K.Key_2)
    tag = next(t for t in window.open_doc.tags if t.annotator == "bo")
    decided = replace(tag, status="accepted", reviewer="rita", reviewed_at="2026-01-02T03:04:05Z")
    push_command(window.undo_stack, EditAnnotation(window.project, tag, decided, window.open_doc.text))
    release.set()
    qtbot.waitUntil(lambda: not counts.computing() and not counts.pending(), timeout=5000)
    assert _cells(model) == _recomputed(store)
    assert window.doc_counts.open_count is not None and window.doc_counts.open_count.built
    for undo in range(2):  # the decision, then the tag added meanwhile
        _key(window, qtbot, K.Key_Z, M.ControlModifier)
        _settled(window, qtbot)
        assert not counts.computing()
        assert _cells(model) == _recomputed(store), f"after undo {undo}"
