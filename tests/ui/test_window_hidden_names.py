"""Annotators whose names differ by a hidden character ("bob" and "bob" + a zero-width space, kept by an
older project) are told apart in the window: their names shown with the hidden character escaped, as
`factcheck list` writes them, while filters and comparisons go by the stored names."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.conftest import ARTICLE
from tests.ui.conftest import OpenWindow
from ui.annotation_table_model import ANNOTATOR
from ui.main_window import MainWindow
from ui.review_annotators import SIDE_BY_SIDE

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

HIDDEN = "bob\u200b"
SHOWN = "bob\\u200b"


def _two_bobs(store: Store, doc: Document) -> None:
    s = doc.text.index("misleading")
    store.add_annotation(new_annotation(doc, s, s + 10, "claim", "bob"))
    store.add_annotation(new_annotation(doc, s, s + 10, "denial", HIDDEN))
    r = doc.text.index("Roe")
    store.add_annotation(new_annotation(doc, r, r + 3, "claim", HIDDEN))


def _items(combo: QComboBox) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window(annotator="rita", prepare=_two_bobs)


def test_the_tag_table_shows_a_hidden_character_and_filters_by_the_stored_name(
    window: MainWindow, qtbot: QtBot
) -> None:
    table = window.table
    model = table.proxy
    shown = sorted(str(model.index(r, ANNOTATOR).data()) for r in range(model.rowCount()))
    assert shown == ["bob", SHOWN, SHOWN]
    assert _items(table.annotator_filter) == ["All", "bob", SHOWN]
    table.annotator_filter.setCurrentIndex(_items(table.annotator_filter).index(SHOWN))
    assert model.rowCount() == 2
    assert {window.open_doc.tags[str(model.index(r, 0).data(Qt.ItemDataRole.UserRole + 2))].annotator
            for r in range(model.rowCount())} == {HIDDEN}  # fmt: skip
    table.annotator_filter.setCurrentIndex(_items(table.annotator_filter).index("bob"))
    assert model.rowCount() == 1


def test_the_review_pane_offers_both_and_compares_the_stored_names(window: MainWindow, qtbot: QtBot) -> None:
    window.review.toggle_action.trigger()
    qtbot.waitUntil(window.review.dock.isVisible)
    panel = window.review.panel
    listed = {str(panel.model.index(r, 3).data()) for r in range(panel.model.rowCount())}
    assert f"bob, {SHOWN}" in listed  # the disagreement on "misleading": whose tags
    assert SHOWN in window.label_bar.marks.toolTip()  # the annotators' marks, explained
    panel.mode_combo.setCurrentIndex(SIDE_BY_SIDE)
    assert _items(panel.a_combo) == ["bob", SHOWN]
    assert _items(panel.b_combo) == [SHOWN]  # the other one, not "bob" again
    assert panel.chosen_annotators() == {"bob", HIDDEN}
    assert panel.tag_boxes[1].title() == f"{SHOWN}'s tags"
    panel.a_combo.setCurrentIndex(1)
    assert _items(panel.b_combo) == ["bob"] and panel.chosen_annotators() == {"bob", HIDDEN}
    assert panel.tag_boxes[0].title() == f"{SHOWN}'s tags"
    panel.set_side_by_side(HIDDEN, "bob")  # by the stored names, as the window asks
    assert panel.a_combo.currentText() == SHOWN and panel.b_combo.currentText() == "bob"


def test_the_article_tooltips_and_the_spoken_current_tag_show_a_hidden_character(
    open_window: OpenWindow, qtbot: QtBot
) -> None:
    def prepare(store: Store, doc: Document) -> None:
        _two_bobs(store, doc)
        c = doc.text.index("Critics")
        rejected = new_annotation(doc, c, c + 7, "claim", "bob")
        store.add_annotation(replace(rejected, status="rejected", reviewer=HIDDEN, reason="no"))

    window = open_window(annotator="rita", prepare=prepare)
    view, text = window.view, ARTICLE
    both = view.tooltip_at(text.index("misleading"))
    assert " · bob<" in both and f" · {SHOWN}<" in both  # the two annotators, told apart
    assert f" · {SHOWN}<" in view.tooltip_at(text.index("Roe"))
    assert f"by {SHOWN}:" in view.tooltip_at(text.index("Critics"))  # the reviewer too
    tags = {(a.annotator, a.start): a for a in window.project.store.annotations()}
    view.set_current(tags[(HIDDEN, text.index("Roe"))].id)
    assert f"claim by {SHOWN}:" in view.accessibleDescription()
    view.set_current(tags[("bob", text.index("misleading"))].id)
    assert "claim by bob:" in view.accessibleDescription()
    view.set_current(tags[("bob", text.index("Critics"))].id)
    assert f"rejected by {SHOWN}: no." in view.accessibleDescription()
    assert {a.annotator for a in window.project.store.annotations()} == {"bob", HIDDEN}  # as stored
