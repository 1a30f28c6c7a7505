"""The review list's columns keep their widths as the reviewer scrolls and edits a long list, fit what
they say (kinds, counts, the annotators of the rows met), and never measure every row."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.disagreements import KIND_TITLES, Disagreement
from factcheck.core.model import Annotation, Document
from factcheck.core.open_document import OpenDocument
from factcheck.core.spans import new_annotation
from ui.project import ProjectModel
from ui.review_columns import ANNOTATORS, DECIDED, KIND, SAMPLE, WIDEST
from ui.review_models import DisagreementModel
from ui.review_panel import ReviewPanel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
WORDS = 1500
LONG_NAME = "Maximiliana Wolkenstein-Oberhausen"


def _article() -> Document:
    return Document.create(" ".join(f"w{i:04d}" for i in range(WORDS)), title="long")


def _only_one(doc: Document, word: int, annotator: str) -> Annotation:
    """A tag of one word nobody else tagged: one row of the list each."""
    return new_annotation(doc, word * 6, word * 6 + 5, "claim", annotator)


def _panel(store: Store, qtbot: QtBot, od: OpenDocument) -> ReviewPanel:
    panel = ReviewPanel(ProjectModel(store), QUndoStack(), "rita", od)
    qtbot.addWidget(panel)
    panel.resize(900, 400)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _widths(panel: ReviewPanel) -> list[int]:
    header = panel.list_view.horizontalHeader()
    return [header.sectionSize(c) for c in range(header.count())]


def test_widths_stay_as_rows_scroll_and_grow_only_with_the_rows_met(
    store: Store, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = _article()
    # Rows by ana and ben at the top; far down, past the sample, a teammate with a long name.
    tags = [_only_one(doc, w, "ana" if w % 4 else "ben") for w in range(0, WORDS - 100, 2)]
    tags += [_only_one(doc, w, LONG_NAME) for w in range(WORDS - 99, WORDS, 2)]
    od = OpenDocument()
    od.open(doc, tags)
    panel = _panel(store, qtbot, od)
    rows = panel.model.rowCount()
    assert rows > 3 * SAMPLE
    view, metrics = panel.list_view, panel.list_view.fontMetrics()
    before = _widths(panel)
    assert before[KIND] >= max(metrics.horizontalAdvance(t) for t in KIND_TITLES.values())
    assert before[DECIDED] >= metrics.horizontalAdvance("✓ all")
    assert metrics.horizontalAdvance("ana") < before[ANNOTATORS] < metrics.horizontalAdvance(LONG_NAME)
    # Scrolling to the end (the long name on screen) moves no column.
    view.scrollToBottom()
    QApplication.processEvents()
    view.viewport().repaint()
    assert _widths(panel) == before
    panel.grab().save("/tmp/structreview-columns-bottom.png")

    # An edit brings a row naming the long name at the top: Annotators grows to fit it, and only that.
    counted: list[int] = []
    cell = DisagreementModel.cell

    def counting(model: DisagreementModel, d: Disagreement, col: int, role: int) -> object:
        counted.append(col)
        return cell(model, d, col, role)

    monkeypatch.setattr(DisagreementModel, "cell", counting)
    near_top = _only_one(doc, 1, LONG_NAME)
    od.tags.upsert(near_top)
    panel.session.current_tag = None
    QApplication.processEvents()
    grown = _widths(panel)
    assert grown[ANNOTATORS] > before[ANNOTATORS]
    assert grown[ANNOTATORS] >= min(metrics.horizontalAdvance(LONG_NAME), metrics.averageCharWidth() * WIDEST)
    assert [w for c, w in enumerate(grown) if c != ANNOTATORS] == [
        w for c, w in enumerate(before) if c != ANNOTATORS
    ] or grown[1] + grown[4] < before[1] + before[4]  # the stretched columns gave it room
    assert len(counted) < rows  # no pass over the rows for it
    # It goes again: nothing narrows under the reader.
    od.tags.remove(near_top.id)
    QApplication.processEvents()
    assert _widths(panel)[ANNOTATORS] == grown[ANNOTATORS]
    panel.grab().save("/tmp/structreview-columns.png")

    # Another document starts again from its own rows.
    other = _article()
    od.open(other, [_only_one(other, w, "ana" if w % 4 else "ben") for w in range(0, 100, 2)])
    QApplication.processEvents()
    assert _widths(panel)[ANNOTATORS] == before[ANNOTATORS]


def test_the_header_is_never_cut(store: Store, qtbot: QtBot) -> None:
    doc = _article()
    od = OpenDocument()
    od.open(doc, [_only_one(doc, 0, "a"), _only_one(doc, 4, "b")])
    panel = _panel(store, qtbot, od)
    header = panel.list_view.horizontalHeader()
    for col in (KIND, DECIDED, ANNOTATORS):
        title = panel.model.headerData(col, Qt.Orientation.Horizontal)
        assert header.sectionSize(col) >= header.fontMetrics().horizontalAdvance(title)
