"""Switching to a long article with the Review pane open: no turn of the window's event loop does work
in proportion to the article. The tag table's columns are fitted after one measure of the time column's
sample of rows (not one per column resized), the pane's list waits for the article's tags to be indexed in
slices instead of indexing them at once, and the span index answers "where is this tag?" from a map built
slice by slice. Real window, real SQLite file; no timings."""

from __future__ import annotations

import threading
import weakref

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from factcheck.core import review_full
from factcheck.core.model import Document
from factcheck.core.open_document import OpenDocument
from factcheck.core.shared_index import COUNTS_ARE_EXACT
from factcheck.core.spans import new_annotation
from tests.ui.conftest import OpenWindow
from tests.ui.long_review_support import long_article, spy_indexing
from tests.ui.review_support import cells, fresh_panel
from tests.ui.test_window_review_background import workers
from ui import layout_state, review_loading, tag_indexing
from ui.annotation_table_model import TIME, TIME_FIT_ROWS, AnnotationTableModel
from ui.document_feed import DocumentFeed
from ui.main_window import MainWindow
from ui.project import ProjectModel
from ui.review_panel import ReviewPanel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
SENTENCES = 1_500  # 6,000 tags: loaded pending, indexed in slices, listed by the pane's worker


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window()


def as_if_opened_afresh(
    panel: ReviewPanel, project: ProjectModel, doc: Document, qtbot: QtBot
) -> ReviewPanel:
    """A pane opened afresh on doc, its list found: panel's list must be the same."""
    fresh = fresh_panel(project, doc, qtbot)
    qtbot.waitUntil(lambda: fresh.session.pending is None, timeout=20_000)
    assert cells(panel) == cells(fresh)
    return fresh


def listed(window: MainWindow) -> bool:
    panel = window.review.panel
    return panel.session.pending is None and panel.model.rowCount() > 0 and not window.open_doc.tags.pending


def test_the_tag_tables_columns_are_fitted_after_one_measure_of_the_time_column(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = long_article(window.project.store, SENTENCES)
    window.project.documentsChanged.emit()
    window.review.toggle_action.trigger()
    qtbot.waitUntil(window.review.dock.isVisible)
    measured: list[int] = []  # time cells read, per fit
    fits: list[int] = []
    real_cell, real_fit = AnnotationTableModel.cell, layout_state.ColumnFitter.fit

    def cell(model: AnnotationTableModel, tag_id: str, col: int, role: int) -> object:
        if col == TIME and role == Qt.ItemDataRole.DisplayRole:
            measured.append(1)
        return real_cell(model, tag_id, col, role)

    def fit(fitter: layout_state.ColumnFitter) -> None:
        before = len(measured)
        real_fit(fitter)
        fits.append(len(measured) - before)

    monkeypatch.setattr(AnnotationTableModel, "cell", cell)
    monkeypatch.setattr(layout_state.ColumnFitter, "fit", fit)
    window.open_document(doc.id)
    qtbot.waitUntil(lambda: listed(window), timeout=20_000)
    qtbot.wait(50)
    assert window.table.model.rowCount() == 4 * SENTENCES
    # The rows arriving bring the scroll bar, which narrows the table: its columns are fitted again.
    assert fits, "the columns were fitted to the narrower table"
    assert max(fits) <= TIME_FIT_ROWS, f"one fit measured {max(fits)} time cells (more than one sample)"
    header = window.table.view.horizontalHeader()
    width = header.viewport().width()
    assert sum(header.sectionSize(c) for c in range(header.count())) <= width + 1  # every column in view


def test_the_panels_list_waits_for_the_tags_indexed_in_slices_not_indexed_at_once(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pane alone (no tag table slicing the article, as in the bench): its worker's list arrives
    while the live tags are still pending. Showing it reads them: they are indexed slice by slice first,
    then the list is shown as a pane opened afresh shows it, on its first disagreement, and N / P walk it.
    The worker starts only once they are indexed, and indexes its copy of them in slices as well."""
    doc = long_article(window.project.store, SENTENCES)
    project = window.project
    od = OpenDocument()
    panel = ReviewPanel(project, QUndoStack(), "rita", od)
    qtbot.addWidget(panel)
    panel.resize(900, 500)
    panel.show()
    indexing = spy_indexing(monkeypatch)
    real_work = review_loading._work

    def work(*args: object) -> None:
        indexing.order.append("worker")
        real_work(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(review_loading, "_work", work)
    tags, links = project.annotations(doc.id), project.links(doc.id)
    od.open(doc, tags, links)
    assert od.tags.pending and panel.session.pending is not None, "listed on the worker"
    qtbot.waitUntil(lambda: panel.session.pending is None, timeout=20_000)
    assert not od.tags.pending
    on_window = indexing.on_window_thread()
    assert on_window, "the live tags were indexed on the window's thread, in slices"
    assert max(on_window) <= tag_indexing.SLICE, f"{max(on_window)} tags indexed in one turn"
    assert sum(on_window) == 4 * SENTENCES
    # The worker started once they were: it never shared the interpreter with those turns.
    assert indexing.order.count("worker") == 1
    assert indexing.order.index("worker") > max(i for i, e in enumerate(indexing.order) if e == "window")
    # The worker's copy, indexed in slices too: between them the interpreter changes hands.
    on_worker = [n for n, main in indexing.calls if not main and n]
    assert sum(on_worker) == 4 * SENTENCES and max(on_worker) <= review_full._SLICE < 4 * SENTENCES

    fresh = as_if_opened_afresh(panel, project, doc, qtbot)
    assert panel.model.rowCount() >= 2 * SENTENCES
    assert panel.current_row() == 0 and panel.current_annotation() is not None
    panel.activateWindow()  # its keys are the panel's: the window's are not in the way
    qtbot.waitUntil(lambda: QApplication.activeWindow() is panel)
    panel.list_view.setFocus()
    qtbot.keyClick(panel.list_view, Qt.Key.Key_N)
    qtbot.keyClick(panel.list_view, Qt.Key.Key_N)
    assert panel.current_row() == 2
    qtbot.keyClick(panel.list_view, Qt.Key.Key_P)
    assert panel.current_row() == 1
    assert panel.current_disagreement() == fresh.disagreements()[1]


def test_an_edit_while_the_list_waits_for_the_slices_is_in_the_list(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker done, the tags still pending: a tag added then (which indexes the rest at once, as any
    edit does) is in the list shown, as a pane opened afresh lists it."""
    doc = long_article(window.project.store, SENTENCES)
    project = window.project
    od = OpenDocument()
    panel = ReviewPanel(project, QUndoStack(), "rita", od)
    qtbot.addWidget(panel)
    DocumentFeed(project, od, panel).open(doc.id)
    panel.show()
    monkeypatch.setattr(tag_indexing, "SLICE", 1)  # slices slower than the test's edit
    assert panel.session.pending is not None
    qtbot.waitUntil(lambda: not any(t.is_alive() for t in workers()), timeout=20_000)
    qtbot.wait(3 * review_loading.POLL_MS)
    assert panel.session.pending is not None and od.tags.pending, "waiting for the slices"
    start = doc.text.index("million")
    added = project.add(new_annotation(doc, start, start + len("million"), "claim", "cleo"))
    assert added is not None
    qtbot.waitUntil(lambda: panel.session.pending is None, timeout=20_000)
    as_if_opened_afresh(panel, project, doc, qtbot)
    assert any("cleo" in d.annotators for d in panel.disagreements())


@pytest.mark.skipif(not COUNTS_ARE_EXACT, reason="reference counts not exact: an index is never retired")
def test_the_index_let_go_of_when_the_pane_is_shown_again_is_emptied_on_a_worker(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pane shown on a long article, hidden, a tag added, shown again: its next list is found on the worker
    and the index it replaces (~100k objects on a 50k-tag article, which the document list followed
    meanwhile) is emptied bit by bit on a worker thread, not freed in one pass in the turn showing the
    list. The list and the document list's count are those of a pane opened afresh."""
    doc = long_article(window.project.store, SENTENCES)
    window.project.documentsChanged.emit()
    window.open_document(doc.id)
    qtbot.waitUntil(lambda: not window.open_doc.tags.pending, timeout=20_000)
    panel = window.review.panel
    window.review.toggle_action.trigger()
    qtbot.waitUntil(lambda: listed(window), timeout=20_000)
    index = panel.session._index
    assert index is not None and index.shared
    old = weakref.ref(index)
    del index
    released: list[bool] = []  # per emptying of the old index: on the window's thread?
    real = review_full.release

    def release(things: list[object]) -> None:
        index = old()
        if index is not None and any(t is index for t in things):
            released.append(threading.current_thread() is threading.main_thread())
        real(things)

    monkeypatch.setattr(review_loading, "release", release)
    window.review.toggle_action.trigger()  # hidden
    qtbot.waitUntil(lambda: not window.review.dock.isVisible())
    start = doc.text.index("million")
    window.project.add(new_annotation(doc, start, start + len("million"), "claim", "cleo"))
    window.review.toggle_action.trigger()  # shown again: found again on the worker
    qtbot.waitUntil(lambda: listed(window), timeout=20_000)
    qtbot.waitUntil(lambda: released != [] or old() is None, timeout=5_000)
    assert released == [False], "emptied on a worker thread, not freed at once"
    qtbot.waitUntil(lambda: old() is None or not old().by_tag, timeout=5_000)  # type: ignore[union-attr]
    as_if_opened_afresh(panel, window.project, doc, qtbot)
    assert any("cleo" in d.annotators for d in panel.disagreements())


def test_the_pane_hidden_before_its_worker_started_starts_none_and_lists_once_shown(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = long_article(window.project.store, SENTENCES)
    window.project.documentsChanged.emit()
    window.review.toggle_action.trigger()
    qtbot.waitUntil(window.review.dock.isVisible)
    started: list[object] = []
    real_work = review_loading._work

    def work(*args: object) -> None:
        started.append(args[0])
        real_work(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(review_loading, "_work", work)
    window.open_document(doc.id)
    panel = window.review.panel
    assert panel.session.pending is not None and window.open_doc.tags.pending
    window.review.toggle_action.trigger()  # hidden before the tags are indexed
    qtbot.waitUntil(lambda: not window.open_doc.tags.pending, timeout=20_000)
    qtbot.wait(int(review_loading.START_AFTER_INDEXED_S * 1000) + 5 * review_loading.POLL_MS)
    assert started == [] and not any(t.is_alive() for t in workers())
    window.review.toggle_action.trigger()  # shown: computed now (the tags are indexed: at once)
    qtbot.waitUntil(lambda: listed(window), timeout=20_000)
    assert len(started) == 1
    as_if_opened_afresh(panel, window.project, doc, qtbot)
