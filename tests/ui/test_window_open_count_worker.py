"""The open document's line on a long article finds nothing in full on the window's thread: not its first
line after an edit (its counts from its followed tags, its state as shown, until the worker's count is
in), not a refresh of the whole list after another process changed its tags (its state left to the
worker then too). Edits made meanwhile are in the line it then shows, and another document opened before
the count is in never gets the older count. ``INLINE_MAX`` is lowered rather than building 50k tags; the
gate holds the worker as a long article would."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

import factcheck.core.open_count as open_count_module
import factcheck.services.curating as curating
from db import Store
from factcheck.core.curation import document_state as original_state
from factcheck.core.disagreements import Disagreement
from factcheck.core.disagreements import find_disagreements as original_find
from factcheck.core.model import Annotation
from factcheck.core.open_count import Build
from factcheck.core.spans import new_annotation
from tests.ui.conftest import OpenWindow
from tests.ui.test_window_document_counts import K, _cells, _key, _recomputed, _settled
from tests.ui.test_window_open_count import _reviewed
from ui import document_counts
from ui.main_window import MainWindow
from ui.project import ProjectModel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


class Gate:
    """Holds the worker's count until opened; notes which documents it was started for."""

    def __init__(self) -> None:
        self.open = threading.Event()
        self.started: list[str | None] = []

    def __call__(self, build: Build) -> None:
        self.started.append(build.document_id)
        assert self.open.wait(20), "the test opened the gate"
        open_count_module.compute(build)


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    held = Gate()
    monkeypatch.setattr(document_counts, "INLINE_MAX", 0)  # every article is counted on the worker
    monkeypatch.setattr(document_counts, "compute", held)
    yield held
    held.open.set()


@pytest.fixture
def on_gui(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Full computations and row reads made on the window's thread, per kind and document."""
    calls: Counter[str] = Counter()

    def main() -> bool:
        return threading.current_thread() is threading.main_thread()

    def state(annotations: Sequence[Annotation], curated: bool) -> Any:
        tags = list(annotations)
        if main():
            calls[f"state {tags[0].document_id if tags else '-'}"] += 1
        return original_state(tags, curated)

    def find(annotations: Sequence[Annotation]) -> list[Disagreement]:
        tags = list(annotations)
        if main():
            calls[f"count {tags[0].document_id if tags else '-'}"] += 1
        return original_find(tags)

    real_summary = ProjectModel.document_summary

    def summary(project: ProjectModel, document_id: str) -> Any:
        if main():
            calls[f"rows {document_id}"] += 1
        return real_summary(project, document_id)

    monkeypatch.setattr(curating, "document_state", state)
    monkeypatch.setattr(open_count_module, "find_disagreements", find)
    monkeypatch.setattr(ProjectModel, "document_summary", summary)
    return calls


def computed(window: MainWindow, qtbot: QtBot, gate: Gate) -> None:
    gate.open.set()
    qtbot.waitUntil(
        lambda: not window.doc_counts.computing() and not window.doc_counts.pending(), timeout=5000
    )


def test_the_first_line_after_an_edit_reads_nothing_in_full_on_the_windows_thread(
    open_window: OpenWindow, qtbot: QtBot, gate: Gate, on_gui: Counter[str]
) -> None:
    window = open_window(annotator="alice", prepare=_reviewed)
    doc_id = window.current_document_id()
    assert doc_id is not None
    counts, model, store = window.doc_counts, window.doc_list.model, window.project.store
    _settled(window, qtbot)
    shown_before = model.state(doc_id)
    on_gui.clear()
    window.view.select_span(1, 8)
    _key(window, qtbot, K.Key_1)
    _settled(window, qtbot)
    qtbot.waitUntil(lambda: gate.started == [doc_id], timeout=3000)  # once the window settled
    assert counts.computing()
    assert not [k for k in on_gui if k.endswith(doc_id)], on_gui  # no rows read, nothing found in full
    row = model.row_of(doc_id)
    assert row is not None
    rows = next(s for s in store.document_summaries() if s.id == doc_id)
    assert model.summary(row) == rows  # counted from its followed tags: the same as its rows
    assert model.state(doc_id) == shown_before  # kept until the count is in
    window.view.select_span(40, 47)  # meanwhile: another tag, played on the count
    _key(window, qtbot, K.Key_3)
    _settled(window, qtbot)
    computed(window, qtbot, gate)
    assert not [k for k in on_gui if k.endswith(doc_id)], on_gui
    assert _cells(model) == _recomputed(store)  # (the test's own full read, on this thread)


def test_another_document_opened_before_the_count_is_in_never_gets_it(
    open_window: OpenWindow, qtbot: QtBot, gate: Gate
) -> None:
    window = open_window(annotator="alice", prepare=_reviewed)
    first = window.current_document_id()
    assert first is not None
    counted = window.doc_counts.open_count
    assert counted is not None
    _settled(window, qtbot)
    window.view.select_span(1, 8)
    _key(window, qtbot, K.Key_1)
    _settled(window, qtbot)
    older = counted.pending
    assert older is not None and older.document_id == first
    other = next(s.id for s in window.project.documents() if s.id != first)
    window.open_document(other)
    assert older.stopped.is_set() and counted.pending is not older
    computed(window, qtbot, gate)
    assert not counted.built or counted.document_id == other
    window.view.select_span(0, 7)  # an edit on the other: its line from its own count
    _key(window, qtbot, K.Key_2)
    _settled(window, qtbot)
    computed(window, qtbot, gate)
    assert counted.built and counted.document_id == other
    # Every line as a full read shows it: the first article's too, counted from its tags as left.
    assert _cells(window.doc_list.model) == _recomputed(window.project.store)


def test_a_refresh_after_another_process_changed_its_tags_leaves_its_state_to_the_worker(
    open_window: OpenWindow, qtbot: QtBot, gate: Gate, on_gui: Counter[str], db_path: Path
) -> None:
    window = open_window(annotator="alice", prepare=_reviewed)
    doc_id = window.current_document_id()
    assert doc_id is not None and window.open_doc.document is not None
    counts, model = window.doc_counts, window.doc_list.model
    _settled(window, qtbot)
    gate.open.set()  # the first count, before the other process writes
    window.view.select_span(1, 8)
    _key(window, qtbot, K.Key_1)
    computed(window, qtbot, gate)
    gate.open.clear()
    on_gui.clear()
    text = window.open_doc.text
    with Store.open(db_path) as other:  # another process: two annotators' tags where there were none
        other.add_annotation(new_annotation(window.open_doc.document, 150, 160, "claim", "dee"), text)
        other.add_annotation(new_annotation(window.open_doc.document, 152, 160, "denial", "eve"), text)
    with qtbot.waitSignal(window.project.documentsChanged):
        assert window.project.reload_if_changed()
    _settled(window, qtbot)
    assert counts.computing(), "its count found again on the worker"
    assert not [k for k in on_gui if k.endswith(doc_id)], on_gui
    computed(window, qtbot, gate)
    assert not [k for k in on_gui if k.endswith(doc_id)], on_gui
    assert _cells(model) == _recomputed(window.project.store)


def test_the_worker_counts_once_the_window_settled_on_the_article(
    open_window: OpenWindow, qtbot: QtBot, gate: Gate, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the tag table still lists a long article just opened (or the line was just read), the worker
    does not count: each of those turns' calls into Python would wait for the interpreter meanwhile. It
    counts once the window settled, and the line then shows the count."""
    window = open_window(annotator="alice", prepare=_reviewed)
    doc_id = window.current_document_id()
    assert doc_id is not None
    counts = window.doc_counts
    _settled(window, qtbot)
    listing = [True]
    monkeypatch.setattr(window.table.model, "listing", lambda: listing[0])
    gate.open.set()
    window.view.select_span(1, 8)
    _key(window, qtbot, K.Key_1)
    _settled(window, qtbot)
    assert counts.computing()
    qtbot.wait(300)  # well past document_counts.START_AFTER_S and many polls
    assert gate.started == [] and counts.computing(), "no count while the table lists the article"
    monkeypatch.setattr(document_counts, "START_AFTER_SETTLED_S", 30.0)
    listing[0] = False  # listed: then its reset and first paints, before the count
    qtbot.wait(300)
    assert gate.started == [] and counts.computing(), "no count right after the listing"
    monkeypatch.setattr(document_counts, "START_AFTER_SETTLED_S", 0.0)
    qtbot.waitUntil(lambda: not counts.computing() and not counts.pending(), timeout=5000)
    assert gate.started == [doc_id]
    assert _cells(window.doc_list.model) == _recomputed(window.project.store)
