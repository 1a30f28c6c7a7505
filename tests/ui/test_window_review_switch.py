"""Opening another long article with the Review pane open: its tags are not indexed on the window's
thread before the article's first paint (the pane's snapshot is the layer as loaded, indexed on the
worker), its disagreements are found on the worker, the edits made meanwhile are in the list it shows
(the same cells as a pane opened afresh), and a third article opened before the second's list is in
never shows the second's. ``PREVIEW_MIN`` and ``INLINE_MAX`` are lowered rather than building 50k tags;
the gate holds the computation as a long article would."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core import open_document, review_full
from factcheck.core.model import Document
from factcheck.core.open_document import TagLayer
from factcheck.core.review_session import StructureSource
from tests.ui.conftest import OpenWindow
from tests.ui.review_support import cells, fresh_panel
from tests.ui.structure_support import TEXT, add_tag, focus_view, tag_key
from tests.ui.test_window_review_background import Gate, computing, prepare, workers
from ui import review_loading
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    held = Gate()
    monkeypatch.setattr(review_loading, "INLINE_MAX", 0)  # every article goes to the worker
    monkeypatch.setattr(open_document, "PREVIEW_MIN", 3)  # and loads of 3 tags on are indexed lazily
    monkeypatch.setattr(review_loading, "compute", held)
    yield held
    held.open.set()


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, bool]]:
    """Each indexing of a tag layer: (the layer's id, on the window's thread)."""
    seen: list[tuple[int, bool]] = []
    real = TagLayer._build

    def spy(layer: TagLayer, anns: list[object]) -> None:
        seen.append((id(layer), threading.current_thread() is threading.main_thread()))
        real(layer, anns)  # type: ignore[arg-type]

    monkeypatch.setattr(TagLayer, "_build", spy)
    return seen


def long_article(store: Store, title: str, who: tuple[str, str]) -> Document:
    doc, _ = store.add_document(Document.create(TEXT.replace("Lavrov", title), title=title, source=title))
    add_tag(store, doc, "robust", "characterization", who[0])
    add_tag(store, doc, "robust", "claim", who[1])
    add_tag(store, doc, "it was not clear", "denial", who[0])
    add_tag(store, doc, "The economy", "claim", who[1])
    return doc


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window(text=TEXT, prepare=prepare)


def shown(window: MainWindow, qtbot: QtBot, gate: Gate) -> None:
    window.review.toggle_action.trigger()
    qtbot.waitUntil(window.review.dock.isVisible)
    gate.open.set()
    qtbot.waitUntil(lambda: not computing(window.review.panel), timeout=10_000)
    gate.open.clear()


def test_another_long_article_is_indexed_on_the_worker_with_the_edits_meanwhile(
    window: MainWindow, qtbot: QtBot, gate: Gate, builds: list[tuple[int, bool]]
) -> None:
    panel = window.review.panel
    other = long_article(window.project.store, "Other", ("carol", "dave"))
    window.project.documentsChanged.emit()
    shown(window, qtbot, gate)
    live = id(window.open_doc.tags)
    builds.clear()

    window.open_document(other.id)
    assert window.open_doc.id == other.id and computing(panel)
    assert (live, True) not in builds, "the opening indexed the article's tags on the window's thread"
    assert window.open_doc.tags.pending  # indexed after the first paint, by the views that need it
    assert [a.annotator for a in panel.session.pending.tags] != []  # type: ignore[union-attr]
    assert panel.a_combo.count() == 2  # carol and dave: the choice of annotators without indexing

    # Edits while the worker computes: played on its result.
    focus_view(window, qtbot)
    tag_key(window, qtbot, "it was not clear", Qt.Key.Key_2)  # alice comes: a new pair, asked again
    tag_key(window, qtbot, "The economy", Qt.Key.Key_3)
    tag_key(window, qtbot, "booming", Qt.Key.Key_1)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # booming gone again
    assert computing(panel) and len(panel.session.pending.log) >= 3  # type: ignore[union-attr]
    gate.open.set()
    qtbot.waitUntil(lambda: not computing(panel), timeout=10_000)
    assert any(not main for layer, main in builds if layer != live), "the worker indexed its copy"

    source = StructureSource(window.open_doc, panel.session.structure.symmetric)  # type: ignore[union-attr]
    fresh = fresh_panel(window.project, other, qtbot, source)
    qtbot.waitUntil(lambda: not computing(fresh), timeout=10_000)
    assert panel.disagreements() == fresh.disagreements() and panel.disagreements()
    assert cells(panel) == cells(fresh)
    assert {d.document_id for d in panel.disagreements()} == {other.id}
    assert any("alice" in d.annotators for d in panel.disagreements())
    assert not any("booming" in d.description for d in panel.disagreements())
    fresh.close()


def test_a_third_article_opened_meanwhile_never_shows_the_seconds_list(
    window: MainWindow,
    qtbot: QtBot,
    gate: Gate,
    builds: list[tuple[int, bool]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    panel = window.review.panel
    store = window.project.store
    second = long_article(store, "Second", ("carol", "dave"))
    third = long_article(store, "Third", ("erin", "frank"))
    window.project.documentsChanged.emit()
    shown(window, qtbot, gate)
    installed: list[str | None] = []
    real_install = review_full.install

    def install(session: object, request: review_full.FullRequest, computed: review_full.Computed) -> bool:
        done = real_install(session, request, computed)  # type: ignore[arg-type]
        if done:
            installed.append(request.document.id if request.document else None)
        return done

    monkeypatch.setattr(review_loading, "install", install)
    window.open_document(second.id)
    older = panel.session.pending
    window.open_document(third.id)
    assert older is not None and older.stopped.is_set() and panel.session.pending is not older
    assert panel.model.rowCount() == 0
    gate.open.set()
    qtbot.waitUntil(lambda: not computing(panel), timeout=10_000)
    qtbot.waitUntil(lambda: not workers(), timeout=10_000)
    qtbot.wait(3 * review_loading.POLL_MS)
    assert installed == [third.id]
    assert {d.document_id for d in panel.disagreements()} == {third.id}
    assert {name for d in panel.disagreements() for name in d.annotators} == {"erin", "frank"}
