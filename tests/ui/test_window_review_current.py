"""One current tag in the window: the Review panel acts on the tag the user is looking at in the article.

Opened (or shown again, or its list computed) with a tag current in the article, the panel's current row
is the disagreement involving that tag (the first, if several) and its current tag is that tag; A, R and
E act on it. N / P in the panel move the article's current tag too; moving in the article (Tab, a click,
the tag table) moves the panel's. A current tag in no disagreement stays current: the panel shows it
alone, and N / P go on from its place in the text.
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core import review_full
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from tests.helpers.optional import present
from tests.ui.conftest import OpenWindow
from tests.ui.day_support import CTRL, SHIFT, Day, K
from tests.ui.structure_support import add_tag
from tests.ui.window_support import point_at
from ui import review_decisions, review_loading
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def team(store: Store, doc: Document) -> None:
    # In text order: alice's lone source (the panel's first row), bob's lone claim, a denial both agree on
    # (no disagreement), then bob's lone characterization.
    add_tag(store, doc, "Jane Roe", "source", "alice")
    add_tag(store, doc, "crime fell by 20%", "claim", "bob")
    add_tag(store, doc, "misleading", "characterization", "bob")
    add_tag(store, doc, "Roe denied it", "denial", "alice")
    add_tag(store, doc, "Roe denied it", "denial", "bob")


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window(annotator="rita", prepare=team)


def tag(window: MainWindow, annotator: str, label: str) -> Annotation:
    return next(t for t in window.open_doc.tags if (t.annotator, t.label) == (annotator, label))


def tab_to(day: Day, target: Annotation) -> None:
    """Tab through the article's tags until ``target`` is current."""
    for _ in range(len(day.window.open_doc.tags) + 1):
        current = day.window.current_annotation()
        if current is not None and current.id == target.id:
            return
        day.press(K.Key_Tab)
    raise AssertionError(f"Tab never reached {target.quote!r}")


def open_review(day: Day) -> None:
    day.press(K.Key_R, CTRL | SHIFT)
    day.qtbot.waitUntil(day.window.review.dock.isVisible)


def assert_one_current(window: MainWindow, expected: Annotation) -> None:
    """The article, the tag table and the panel all have ``expected`` current."""
    panel = window.review.panel
    shown = panel.current_annotation()
    assert window.view.current_annotation() == expected.id
    assert window.table.current_annotation() == expected.id
    assert shown is not None and shown.id == expected.id, shown
    assert f"Current: {expected.annotator}'s {expected.label}" in panel.status.text()
    selected = [
        model.tags()[index.row()].id
        for model, view in zip(panel.tag_models, panel.tag_views, strict=True)
        for index in view.selectionModel().selectedRows()
    ]
    assert selected == [expected.id]  # the panel's tag list shows it selected, and nothing else


def test_opening_the_panel_on_a_current_tag_reviews_that_tag(window: MainWindow, qtbot: QtBot) -> None:
    day = Day(qtbot, window)
    alices, bobs = tag(window, "alice", "source"), tag(window, "bob", "claim")
    tab_to(day, bobs)
    open_review(day)
    panel = window.review.panel
    assert_one_current(window, bobs)
    row = panel.current_disagreement()
    assert row is not None and row.annotation_ids == (bobs.id,)
    day.press(K.Key_A)  # from the article, where the keys are
    assert present(window.project.store.annotation(bobs.id)).status == "accepted"
    assert present(window.project.store.annotation(alices.id)).status is None


def test_n_and_p_move_the_articles_current_tag_then_a_accepts_it(
    window: MainWindow, qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    day = Day(qtbot, window)
    alices, bobs = tag(window, "alice", "source"), tag(window, "bob", "claim")
    bobs_char = tag(window, "bob", "characterization")
    open_review(day)  # nothing current in the article: the panel starts on its first row, and says so there
    qtmodeltester.check(window.review.panel.model, force_py=True)  # and on every change below
    assert_one_current(window, alices)
    assert day.focus() is window.view
    day.press(K.Key_N)
    assert_one_current(window, bobs)
    day.press(K.Key_N)
    assert_one_current(window, bobs_char)
    day.press(K.Key_P)
    assert_one_current(window, bobs)
    day.press(K.Key_A)
    assert present(window.project.store.annotation(bobs.id)).status == "accepted"
    for other in (alices, bobs_char):
        assert present(window.project.store.annotation(other.id)).status is None
    assert_one_current(window, bobs_char)  # on to the next open disagreement, in the article too


def test_a_current_tag_in_no_disagreement_is_the_one_decided(window: MainWindow, qtbot: QtBot) -> None:
    day = Day(qtbot, window)
    agreed = tag(window, "alice", "denial")  # bob tagged the same: in no disagreement
    tab_to(day, agreed)
    open_review(day)
    panel = window.review.panel
    assert_one_current(window, agreed)
    assert panel.current_disagreement() is None and not panel.list_view.selectionModel().hasSelection()
    assert [t.id for t in panel.tag_models[0].tags()] == [agreed.id]  # shown alone
    assert panel.tag_boxes[0].title() == "Current tag (in no disagreement)"
    assert "in no disagreement" in panel.status.text()
    assert not panel.next_action.isEnabled() and panel.previous_action.isEnabled()  # the last tag
    day.press(K.Key_A)
    assert present(window.project.store.annotation(agreed.id)).status == "accepted"
    assert all(
        t.status is None for t in window.project.store.annotations() if t.id != agreed.id
    )  # bob's denial, the same span, untouched
    assert_one_current(window, agreed)
    day.press(K.Key_P)  # the disagreement before it in the text
    assert_one_current(window, tag(window, "bob", "characterization"))


def test_reopened_after_moving_in_the_article_it_is_on_the_new_tag(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    day = Day(qtbot, window)
    open_review(day)
    assert_one_current(window, tag(window, "alice", "source"))
    day.press(K.Key_R, CTRL | SHIFT)  # closed
    qtbot.waitUntil(lambda: not window.review.dock.isVisible())
    bobs_char = tag(window, "bob", "characterization")
    tab_to(day, bobs_char)
    open_review(day)
    assert_one_current(window, bobs_char)
    asked: list[str] = []

    def ask(_parent: object, _title: str, label: str, *_a: object, **_k: object) -> str:
        asked.append(label)
        return "an opinion"

    monkeypatch.setattr(review_decisions, "ask_text", ask)
    day.press(K.Key_R)
    assert "bob's characterization" in asked[0]
    assert present(window.project.store.annotation(bobs_char.id)).status == "rejected"


def test_the_tag_table_and_a_click_in_the_article_move_the_panels_current_tag(
    window: MainWindow, qtbot: QtBot
) -> None:
    day = Day(qtbot, window)
    open_review(day)
    bobs = tag(window, "bob", "claim")
    table = window.table
    row = table.proxy.mapFromSource(table.model.index(table.model.row_of(bobs.id) or 0, 0))
    table.view.setFocus()
    table.view.setCurrentIndex(row)  # as a click on its row
    assert_one_current(window, bobs)
    # A click off every tag: no tag is current anywhere, and A decides nothing.
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point_at(window, 2))
    panel = window.review.panel
    assert window.view.current_annotation() is None and panel.current_annotation() is None
    assert not panel.accept_action.isEnabled() and "No current tag" in panel.status.text()
    window.view.setFocus()
    day.press(K.Key_A)
    assert all(t.status is None for t in window.project.store.annotations())
    day.press(K.Key_Tab)  # the next tag in the article: the panel's again
    assert_one_current(window, tag(window, "alice", "source"))


def test_the_list_computed_on_a_worker_follows_where_the_article_is_once_it_arrives(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()

    def held(request: review_full.FullRequest) -> review_full.Computed:
        assert gate.wait(20)
        return review_full.compute(request)

    monkeypatch.setattr(review_loading, "INLINE_MAX", 0)  # as a long article: on the worker
    monkeypatch.setattr(review_loading, "compute", held)
    try:
        day = Day(qtbot, window)
        tab_to(day, tag(window, "alice", "source"))
        open_review(day)
        panel = window.review.panel
        assert panel.session.pending is not None and "Finding" in panel.status.text()
        bobs_char = tag(window, "bob", "characterization")
        tab_to(day, bobs_char)  # moving on while it computes
        gate.set()
        qtbot.waitUntil(lambda: panel.session.pending is None and panel.model.rowCount() == 3)
        assert_one_current(window, bobs_char)
        row = panel.current_disagreement()
        assert row is not None and row.annotation_ids == (bobs_char.id,)
    finally:
        gate.set()


def test_a_current_tag_the_side_by_side_choice_hides_is_current_nowhere(
    window: MainWindow, qtbot: QtBot
) -> None:
    day = Day(qtbot, window)
    carols = window.project.add(
        new_annotation(present(window.open_doc.document), 0, 8, "claim", "carol")  # "Minister"
    )
    tab_to(day, carols)
    open_review(day)
    assert_one_current(window, carols)
    panel = window.review.panel
    panel.set_side_by_side("alice", "bob")  # the article shows only theirs: carol's tag is not there
    assert window.view.current_annotation() is None and panel.current_annotation() is None
    window.view.setFocus()
    day.press(K.Key_N)
    current = panel.current_annotation()
    assert current is not None and current.annotator in {"alice", "bob"}
    assert_one_current(window, current)


def several(store: Store, doc: Document) -> None:
    # bob's claim is in two disagreements: its label (carol's denial), its boundaries (alice's claim).
    add_tag(store, doc, "crime fell by 20%", "claim", "bob")
    add_tag(store, doc, "crime fell", "claim", "alice")
    add_tag(store, doc, "crime fell by 20%", "denial", "carol")


def test_a_tag_in_several_disagreements_opens_on_the_first_and_stays_on_the_one_chosen(
    open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(annotator="rita", prepare=several)
    day = Day(qtbot, window)
    bobs = tag(window, "bob", "claim")
    tab_to(day, bobs)
    open_review(day)
    panel = window.review.panel
    rows = [i for i, d in enumerate(panel.disagreements()) if bobs.id in d.annotation_ids]
    assert len(rows) == 2 and panel.current_row() == rows[0]
    assert_one_current(window, bobs)
    panel.list_view.setFocus()
    panel.list_view.setCurrentIndex(panel.model.index(rows[1], 0))  # the reviewer picks the other row
    view = panel.tag_views[0]
    view.setCurrentIndex(panel.tag_models[0].index(panel.tag_models[0].row_of(bobs.id) or 0, 0))
    assert panel.current_row() == rows[1]
    assert_one_current(window, bobs)  # bob's claim again, from the second row: the row stays
    window.view.setFocus()
    day.press(K.Key_A)
    assert present(window.project.store.annotation(bobs.id)).status == "accepted"


def test_another_article_opened_with_the_panel_open_starts_on_its_first_disagreement(
    window: MainWindow, qtbot: QtBot
) -> None:
    store = window.project.store
    other, _ = store.add_document(Document.create("Roe said taxes rose.", title="Taxes", source="taxes.txt"))
    add_tag(store, other, "taxes rose", "claim", "alice")
    add_tag(store, other, "taxes rose", "denial", "bob")
    day = Day(qtbot, window)
    tab_to(day, tag(window, "bob", "claim"))
    open_review(day)
    window.open_document(other.id)
    panel = window.review.panel
    assert panel.document_id() == other.id and panel.current_row() == 0
    first = tag(window, "alice", "claim")  # the first undecided tag of the label disagreement
    assert_one_current(window, first)
    window.view.setFocus()
    day.press(K.Key_A)
    assert present(store.annotation(first.id)).status == "accepted"


def test_deleting_the_current_tag_leaves_no_tag_current_anywhere(window: MainWindow, qtbot: QtBot) -> None:
    ritas = window.project.add(new_annotation(present(window.open_doc.document), 9, 19, "claim", "rita"))
    day = Day(qtbot, window)
    tab_to(day, ritas)
    open_review(day)
    assert_one_current(window, ritas)
    day.press(K.Key_Delete)
    assert ritas.id not in window.open_doc.tags, (day.focus(), window.project.store.annotation(ritas.id))
    panel = window.review.panel
    assert window.view.current_annotation() is None and panel.current_annotation() is None
    assert not panel.accept_action.isEnabled() and "No current tag" in panel.status.text()
    day.press(K.Key_N)  # the panel's next disagreement: current in both again
    current = panel.current_annotation()
    assert current is not None
    assert_one_current(window, current)
