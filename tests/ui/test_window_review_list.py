"""The review list in the real window: each disagreement quoted in its sentence, several rows in view."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.ui.conftest import OpenWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

WORDS = ["Roe", "said", "Monday", "crime", "fell", "Critics", "mayor", "misleading", "denied", "never"]


def _many(store: Store, doc: Document) -> None:
    # Only bob tagged each of these words: one "only one" disagreement each.
    taken = 0
    for word in WORDS:
        s = doc.text.find(word, taken)
        if s < 0:
            continue
        store.add_annotation(new_annotation(doc, s, s + len(word), "claim", "bob"))
        taken = s + len(word)
    s = doc.text.index("crime")
    store.add_annotation(new_annotation(doc, s, s + 5, "denial", "alice"))


def test_each_disagreement_shows_its_sentence_and_six_rows_fit(open_window: OpenWindow, qtbot: QtBot) -> None:
    window = open_window(prepare=_many)
    window.resize(1280, 800)
    window.review.toggle_action.trigger()
    qtbot.waitUntil(window.review.dock.isVisible)
    panel = window.review.panel
    model, view = panel.model, panel.list_view
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Sentence"
    assert model.rowCount() >= 6
    text = window.view.document_text()
    for row in range(model.rowCount()):
        d = model.item(row)
        assert d is not None
        sentence = model.data(model.index(row, 1))
        assert f"[{text[d.start : d.end]}]" in sentence  # the disagreement's words, marked, in context
        assert f"{d.start}–{d.end}" not in sentence
        assert "\n" not in sentence
    qtbot.wait(20)
    bottom_of_sixth = view.rowViewportPosition(5) + view.rowHeight(5)
    assert view.rowViewportPosition(5) >= 0 and bottom_of_sixth <= view.viewport().height()
