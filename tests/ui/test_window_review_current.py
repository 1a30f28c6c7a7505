"""One current tag in the window: the Review panel acts on the tag the user is looking at in the article.

Opened (or shown again, or its list computed) with a tag current in the article, the panel's current row
is the disagreement involving that tag (the first, if several) and its current tag is that tag; A, R and
E act on it. N / P in the panel move the article's current tag too; moving in the article (Tab, a click,
the tag table) moves the panel's. A current tag in no disagreement stays current: the panel shows it
alone, and N / P go on from its place in the text.
"""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Annotation, Document
from tests.helpers.optional import present
from tests.ui.conftest import OpenWindow
from tests.ui.day_support import CTRL, SHIFT, Day, K
from tests.ui.structure_support import add_tag
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
