"""The review list in the real window: which tags it pairs, and whom "Two side by side" offers."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.ui.conftest import OpenWindow
from ui.main_window import MainWindow
from ui.review_annotators import ALL, SIDE_BY_SIDE

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def open_review(window: MainWindow, qtbot: QtBot) -> None:
    window.review.toggle_action.trigger()
    qtbot.waitUntil(window.review.dock.isVisible)


def rows(window: MainWindow) -> list[tuple[str, str]]:
    model = window.review.panel.model
    return [
        (str(model.index(r, 0).data()), str(model.index(r, model.columnCount() - 1).data()))
        for r in range(model.rowCount())
    ]


def choices(combo: QComboBox) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def test_overlapping_tags_with_different_labels_are_one_row(open_window: OpenWindow, qtbot: QtBot) -> None:
    def prepare(store: Store, doc: Document) -> None:
        s = doc.text.index("misleading")  # alice's claim on “misleading”, bob's narrower characterization
        store.add_annotation(new_annotation(doc, s - 1, s + 11, "claim", "alice", trim_whitespace=False))
        store.add_annotation(new_annotation(doc, s + 1, s + 9, "characterization", "bob"))

    window = open_window(annotator="rita", prepare=prepare)
    open_review(window, qtbot)
    (row,) = rows(window)
    kind, description = row
    assert "Label and boundary" in kind
    assert "different label and boundary" in description
    assert "claim (alice" in description and "characterization (bob" in description
    # Side by side, the pair is one row with a tag on each side.
    panel = window.review.panel
    panel.set_side_by_side("alice", "bob")
    assert len(rows(window)) == 1
    assert [m.rowCount() for m in panel.tag_models] == [1, 1]


def _two_documents(store: Store, doc: Document) -> None:
    s = doc.text.index("crime")
    store.add_annotation(new_annotation(doc, s, s + 5, "claim", "alice"))
    store.add_annotation(new_annotation(doc, s, s + 5, "denial", "bob"))
    alone, _ = store.add_document(Document.create("Only alice read this one. It is short.", title="Alone"))
    store.add_annotation(new_annotation(alone, 0, 10, "claim", "alice"))


def test_side_by_side_never_offers_one_annotator_against_themself(
    open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(annotator="rita", prepare=_two_documents)
    open_review(window, qtbot)
    panel = window.review.panel
    panel.mode_combo.setCurrentIndex(SIDE_BY_SIDE)
    assert panel.a_combo.currentText() == "alice" and panel.b_combo.currentText() == "bob"
    assert "alice" not in choices(panel.b_combo)  # B offers the others than A
    panel.a_combo.setCurrentText("bob")
    assert panel.b_combo.currentText() == "alice" and "bob" not in choices(panel.b_combo)

    # A document only alice tagged: no A: alice, B: alice; the panel says why there is nothing to compare.
    alone = next(s.id for s in window.project.documents() if s.title == "Alone")
    window.open_document(alone)
    assert not panel.a_combo.isVisible() and not panel.b_combo.isVisible()
    assert panel.chosen_annotators() is None or len(panel.chosen_annotators() or ()) != 1
    assert "only alice tagged this document" in panel.status.text().lower()
    modes = panel.mode_combo.model()
    assert not modes.flags(modes.index(SIDE_BY_SIDE, 0)) & Qt.ItemFlag.ItemIsEnabled

    # Back on the document two tagged, side by side comes back as it was.
    window.open_document(next(s.id for s in window.project.documents() if s.title != "Alone"))
    assert panel.mode_combo.currentIndex() == SIDE_BY_SIDE
    assert {panel.a_combo.currentText(), panel.b_combo.currentText()} == {"alice", "bob"}
    assert panel.a_combo.isVisible()
    panel.mode_combo.setCurrentIndex(ALL)
    assert not panel.a_combo.isVisible()
