"""On a long article the Review pane finds its disagreements on a worker thread: the window stays usable,
the list shows "Finding disagreements…" meanwhile, edits made while it computes are in the list it then
shows (the same cells as a pane opened afresh), a newer request (another document) drops the older
result, and closing the pane or the window while it computes leaves nothing running or behind. The
threshold is lowered (``INLINE_MAX``) rather than building 50k tags, and a gate holds the computation
for as long as the test needs, as a long article would."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from db import Store
from db import attribution as attribution_store
from db import links as link_store
from factcheck.core import review_full
from factcheck.core.links import new_link
from factcheck.core.model import Document
from factcheck.core.review_session import StructureSource
from tests.helpers.soak import flush, growth, live_objects
from tests.ui.conftest import OpenWindow
from tests.ui.review_support import cells, fresh_panel
from tests.ui.structure_support import TEXT, add_tag, focus_view, tag_key
from tests.ui.window_support import isolated_settings
from ui import review_loading
from ui.main_window import MainWindow
from ui.project import ProjectModel
from ui.review_panel import ReviewPanel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


class Gate:
    """Holds every full computation (as a long article would) until opened; counts them."""

    def __init__(self) -> None:
        self.open = threading.Event()
        self.started = 0

    def __call__(self, request: review_full.FullRequest) -> review_full.Computed:
        self.started += 1
        assert self.open.wait(20), "the test opened the gate"
        return review_full.compute(request)


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    held = Gate()
    monkeypatch.setattr(review_loading, "INLINE_MAX", 0)  # every article goes to the worker
    monkeypatch.setattr(review_loading, "compute", held)
    yield held
    held.open.set()  # a test that failed midway leaves no thread waiting


def workers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "review-disagreements"]


def prepare(store: Store, doc: Document) -> None:
    claim = add_tag(store, doc, "Trump accepted Putin's assertions", "claim", "bob")
    lavrov = add_tag(store, doc, "Lavrov", "source", "bob")
    denial = add_tag(store, doc, "it was not clear", "denial", "bob")
    robust = add_tag(store, doc, "robust", "characterization", "bob")
    attribution_store.set_attribution(store, claim.id, source=lavrov.id, by="bob")
    link_store.add_link(store, new_link(doc.id, "denies", denial.id, claim.id, "bob"))
    link_store.add_link(store, new_link(doc.id, "characterizes", robust.id, denial.id, "bob"))
    add_tag(store, doc, "The economy", "claim", "alice")
    add_tag(store, doc, "Lavrov", "source", "alice")


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window(text=TEXT, prepare=prepare)


def computing(panel: ReviewPanel) -> bool:
    return panel.session.pending is not None


def test_edits_made_while_it_computes_are_in_the_list_it_shows(
    window: MainWindow, qtbot: QtBot, gate: Gate, qtmodeltester: ModelTester
) -> None:
    panel = window.review.panel
    qtmodeltester.check(panel.model)  # and every row signal from here on
    window.review.toggle_action.trigger()
    qtbot.waitUntil(window.review.dock.isVisible)
    assert computing(panel) and gate.started <= 1
    assert panel.full.placeholder.isVisible()
    assert panel.status.text() == "Finding disagreements…"
    assert panel.model.rowCount() == 0 and not panel.next_action.isEnabled()
    panel.grab().save("/tmp/reviewopen-placeholder.png")

    # The window stays usable: alice tags, links, attributes; a tag is deleted and one undone.
    claim = tag_key(window, qtbot, "Trump accepted Putin's assertions", Qt.Key.Key_1)
    tag_key(window, qtbot, "it was not clear", Qt.Key.Key_2)
    lavrov = next(t for t in window.open_doc.tags if t.annotator == "alice" and t.quote == "Lavrov")
    window.structure.attribution.set(claim, "source", lavrov)
    economy = next(t for t in window.open_doc.tags if t.quote == "The economy")
    window.structure.ctx.make_current(economy.id)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert economy.id not in window.open_doc.tags
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)  # back
    tag_key(window, qtbot, "robust", Qt.Key.Key_3)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)  # and gone again
    assert computing(panel) and panel.model.rowCount() == 0, "still held: every edit was made meanwhile"
    assert len(panel.session.pending.log) >= 6  # type: ignore[union-attr]

    gate.open.set()
    qtbot.waitUntil(lambda: not computing(panel), timeout=10_000)
    assert not panel.full.placeholder.isVisible()
    assert panel.model.rowCount() > 0 and panel.current_row() == 0
    panel.grab().save("/tmp/reviewopen-list.png")
    focus_view(window, qtbot)
    assert panel.session.structure is not None
    source = StructureSource(window.open_doc, panel.session.structure.symmetric)
    fresh = fresh_panel(window.project, window.open_doc.document, qtbot, source)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: not computing(fresh), timeout=10_000)
    assert panel.disagreements() == fresh.disagreements()
    assert cells(panel) == cells(fresh)
    assert panel.session.open_count() == fresh.session.open_count()
    words = [d.description for d in panel.disagreements()]
    # Without alice's edits bob's claim, denial and attribution would each be a row; the deleted tag is
    # back (undone), the tag made and undone is not.
    assert not any("Trump accepted" in w and "tagged" in w for w in words)
    assert not any("it was not clear" in w and "tagged" in w for w in words)
    assert not any(d.kind == "attribution" for d in panel.disagreements())
    assert "only alice tagged “The economy” as claim" in words
    assert not any("alice" in w and "robust" in w for w in words)
    assert panel.status.text().startswith(fresh.status.text().split(" Current:")[0])
    fresh.close()

    # From here on the pane follows edits as always, row by row, reading the live layers.
    resets: list[None] = []
    panel.model.modelReset.connect(lambda: resets.append(None))
    focus_view(window, qtbot)
    tag_key(window, qtbot, "robust", Qt.Key.Key_3)
    fresh = fresh_panel(window.project, window.open_doc.document, qtbot, source)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: not computing(fresh), timeout=10_000)
    assert cells(panel) == cells(fresh)
    assert not resets
    fresh.close()


def test_another_document_opened_while_computing_never_shows_the_older_result(
    window: MainWindow, qtbot: QtBot, gate: Gate, qtmodeltester: ModelTester, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = window.review.panel
    qtmodeltester.check(panel.model)
    first = window.open_doc.document
    assert first is not None
    store = window.project.store
    other, _ = store.add_document(Document.create(TEXT.replace("Lavrov", "L."), title="Other", source="o"))
    add_tag(store, other, "robust", "characterization", "carol")
    add_tag(store, other, "robust", "claim", "dave")
    window.project.documentsChanged.emit()
    installed: list[str | None] = []
    real_install = review_full.install

    def install(session: object, request: review_full.FullRequest, computed: review_full.Computed) -> bool:
        done = real_install(session, request, computed)  # type: ignore[arg-type]
        if done:
            installed.append(request.document.id if request.document else None)
        return done

    monkeypatch.setattr(review_loading, "install", install)
    window.review.toggle_action.trigger()
    qtbot.waitUntil(lambda: computing(panel))
    older = panel.session.pending
    window.open_document(other.id)
    assert computing(panel) and panel.session.pending is not older
    assert older is not None and older.stopped.is_set()
    assert panel.model.rowCount() == 0
    gate.open.set()
    qtbot.waitUntil(lambda: not computing(panel), timeout=10_000)
    qtbot.waitUntil(lambda: not workers(), timeout=10_000)
    qtbot.wait(3 * review_loading.POLL_MS)
    assert installed == [other.id]
    assert {d.document_id for d in panel.disagreements()} == {other.id}
    assert [d.kind for d in panel.disagreements()] == ["label"]
    assert "robust" in cells(panel)[0][1]  # type: ignore[operator]


def test_closing_the_pane_or_the_window_while_computing_leaves_nothing(
    db_path: Path, tmp_path: Path, qtbot: QtBot, gate: Gate
) -> None:
    store = Store.open(db_path)  # a window of its own: this test deletes it
    doc, _ = store.add_document(Document.create(TEXT, title="Roe on crime", source="roe.txt"))
    prepare(store, doc)
    project = ProjectModel(store)
    window = MainWindow(project, "alice", isolated_settings(tmp_path))
    project.setParent(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.open_document(doc.id)
    panel = window.review.panel
    toggle = window.review.toggle_action

    def cycle() -> None:
        toggle.trigger()
        qtbot.waitUntil(lambda: computing(panel))
        toggle.trigger()  # hidden while computing: stopped, owed
        qtbot.waitUntil(lambda: not window.review.dock.isVisible())
        assert not computing(panel)
        flush()

    gate.open.set()  # stopped computations end at their first check
    for _ in range(2):
        cycle()
    qtbot.waitUntil(lambda: not workers(), timeout=10_000)
    warm = live_objects(window)
    for _ in range(4):
        cycle()
    qtbot.waitUntil(lambda: not workers(), timeout=10_000)
    flush()
    assert growth(warm, live_objects(window)) == {}

    # Shown again: the list comes (what was owed); then closed while computing: no crash, no thread.
    toggle.trigger()
    qtbot.waitUntil(lambda: not computing(panel) and panel.model.rowCount() > 0, timeout=10_000)
    gate.open.clear()
    panel.set_side_by_side("alice", "bob")  # computing again (another choice), held
    qtbot.waitUntil(lambda: computing(panel))
    request = panel.session.pending
    assert request is not None and workers()
    gone: list[object] = []
    window.destroyed.connect(lambda *_: gone.append(None))
    window.close()
    window.deleteLater()
    flush()
    assert gone and request.stopped.is_set()
    gate.open.set()
    qtbot.waitUntil(lambda: not workers(), timeout=10_000)
    qtbot.wait(3 * review_loading.POLL_MS)  # no timer left to look for the result
    store.close()


def test_a_small_article_lists_at_once_without_the_placeholder(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[None] = []
    monkeypatch.setattr(review_loading.Placeholder, "appear", lambda self: shown.append(None))
    panel = window.review.panel
    assert review_full.full_size(panel.session) <= review_loading.INLINE_MAX
    window.review.toggle_action.trigger()  # the list is there when the action returns: computed inline
    assert not computing(panel) and panel.model.rowCount() > 0 and panel.current_row() == 0
    panel.set_side_by_side("alice", "bob")
    assert not computing(panel) and panel.model.rowCount() > 0
    qtbot.wait(3 * review_loading.POLL_MS)
    assert shown == [] and not workers()
