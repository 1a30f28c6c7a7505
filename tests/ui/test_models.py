"""Item models checked by pytest-qt's model tester, and updated row by row (no reset per tag)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import DEFAULT_LABELS, Annotation, Document
from factcheck.core.open_document import OpenDocument
from factcheck.core.spans import new_annotation
from tests.ui.window_support import Paints
from ui import annotation_table_model
from ui.annotation_table import AnnotationTable
from ui.annotation_table_model import QUOTE, AnnotationFilterProxy, AnnotationTableModel
from ui.document_list import DocumentListModel


def anns(document: Document) -> list[Annotation]:
    text = document.text
    quotes = [
        ("Jane Roe", "claim", "alice"),
        ("misleading", "characterization", "bob"),
        ("Roe denied", "denial", "alice"),
    ]
    out = []
    for quote, label, who in quotes:
        start = text.index(quote)
        out.append(new_annotation(document, start, start + len(quote), label, who))
    return out


def test_annotation_table_model(qtmodeltester: ModelTester, qtbot: QtBot, document: Document) -> None:
    open_document = OpenDocument()
    model = AnnotationTableModel(open_document)
    model.set_labels(list(DEFAULT_LABELS))
    open_document.open(document, anns(document))
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 3 and model.columnCount() == 5
    assert model.index(0, QUOTE).data() == "Jane Roe"
    assert model.index(0, 0).data(Qt.ItemDataRole.DecorationRole) is not None  # the colour swatch


def test_table_follows_the_open_document_row_by_row(
    qtmodeltester: ModelTester, qtbot: QtBot, document: Document
) -> None:
    open_document = OpenDocument()
    model = AnnotationTableModel(open_document)
    qtmodeltester.check(model, force_py=True)  # the tester keeps checking through every change below
    first, second, third = anns(document)
    open_document.open(document, [first, second])
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    tags = open_document.tags
    with qtbot.waitSignal(model.rowsInserted):
        tags.upsert(third)
    with qtbot.waitSignal(model.dataChanged):
        tags.upsert(replace(second, label="denial"))
    with qtbot.waitSignal(model.rowsRemoved):
        tags.remove(first.id)
    tags.upsert(replace(third, deleted_at="2024-01-01T00:00:00.000000Z"))  # a tombstone leaves the table
    tags.upsert(replace(first, document_id="another"))  # another document's tag: not a row
    assert resets == []
    assert [a.id for a in model.annotations()] == [second.id]
    assert model.index(0, 0).data() == "denial"  # read from the OpenDocument, not a copy
    assert model.row_of(second.id) == 0
    tags.reset([first])  # a bulk change resets the model
    assert resets == [1] and [a.id for a in model.annotations()] == [first.id]
    open_document.open(None)
    assert model.rowCount() == 0


def test_proxy_sorts_and_filters(qtmodeltester: ModelTester, document: Document) -> None:
    open_document = OpenDocument()
    model = AnnotationTableModel(open_document)
    open_document.open(document, list(reversed(anns(document))))
    proxy = AnnotationFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(QUOTE)
    qtmodeltester.check(proxy, force_py=True)
    assert [proxy.index(r, QUOTE).data() for r in range(3)] == ["Jane Roe", "misleading", "Roe denied"]
    proxy.set_annotator_filter("alice")
    assert proxy.rowCount() == 2
    proxy.set_label_filter("denial")
    assert [proxy.index(r, QUOTE).data() for r in range(proxy.rowCount())] == ["Roe denied"]
    # The filter lives in the OpenDocument: the window can ask it what the list shows.
    assert [t.quote for t in open_document.tags.visible()] == ["Roe denied"]
    proxy.set_annotator_filter(None)
    proxy.set_label_filter(None)
    assert proxy.rowCount() == 3


def test_table_widget_filters_by_combo(qtbot: QtBot, document: Document) -> None:
    table = AnnotationTable()
    qtbot.addWidget(table)
    table.set_labels(list(DEFAULT_LABELS))
    table.open_document.open(document, anns(document))
    assert [table.annotator_filter.itemText(i) for i in range(table.annotator_filter.count())] == [
        "All", "alice", "bob",
    ]  # fmt: skip
    table.annotator_filter.setCurrentText("bob")
    assert table.proxy.rowCount() == 1
    assert table.count_label.text() == "1 of 3 tags shown"
    table.label_filter.setCurrentText("claim")
    assert table.proxy.rowCount() == 0
    table.label_filter.setCurrentText("All")
    table.annotator_filter.setCurrentText("All")
    assert table.count_label.text() == "3 tags"
    table.open_document.tags.reset([])
    assert "select text in the article and press 1, 2 or 3" in table.count_label.text()


def test_document_list_model(qtmodeltester: ModelTester, store: Store, document: Document) -> None:
    store.add_document(Document.create("A second article.", title="Second"))
    for ann in anns(document):
        store.add_annotation(ann)
    model = DocumentListModel()
    model.labels = list(DEFAULT_LABELS)
    model.set_summaries(store.document_summaries())
    qtmodeltester.check(model, force_py=True)
    assert [model.index(r).data() for r in range(2)] == ["Roe on crime", "Second"]
    assert "1 claim" in model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    changed: list[int] = []
    model.dataChanged.connect(lambda a, b, roles=(): changed.append(a.row()))
    model.modelReset.connect(lambda: changed.append(-1))
    summaries = store.document_summaries()
    summaries[1] = replace(summaries[1], by_label={"claim": 1})
    model.set_summaries(summaries)
    assert changed == [1]  # one row refreshed in place, no reset


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_table_repaint_reuses_the_rows_texts(
    qtbot: QtBot, document: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each key press repaints the table: a row's texts (its quote cut to one line, its time formatted)
    are made once, and again only for a tag that changed or once the day (or the hour) is over."""
    table = AnnotationTable()
    qtbot.addWidget(table)
    table.set_labels(list(DEFAULT_LABELS))
    first, second, third = anns(document)
    table.open_document.open(document, [first, second, third])
    with qtbot.waitExposed(table):
        table.show()
    made: list[str] = []
    display = AnnotationTableModel._display

    def counted(ann: Annotation, col: int) -> str:
        made.append(ann.id)
        return display(ann, col)

    monkeypatch.setattr(AnnotationTableModel, "_display", staticmethod(counted))
    viewport = table.view.viewport()
    paints = Paints(viewport)
    viewport.repaint()
    made.clear()
    viewport.repaint()
    assert paints.count == 2
    assert made == []  # (was: every cell's text made again at every paint)
    table.open_document.tags.upsert(replace(second, label="denial", note="seen on TV"))
    viewport.repaint()
    assert set(made) == {second.id}  # the edited row only, all its columns at once
    made.clear()
    table.model._texts_until = 0.0  # past midnight (or an hour on): "today" may be another day
    viewport.repaint()
    assert paints.count == 4
    assert set(made) == {first.id, second.id, third.id}
    assert len(table.model._texts) == 3
    made.clear()
    monkeypatch.setattr(annotation_table_model, "TEXTS_KEPT", 2)  # a long table scrolled through
    table.model._texts_until = 0.0
    viewport.repaint()
    assert set(made) == {first.id, second.id, third.id}
    assert len(table.model._texts) <= 2  # few rows' texts kept: made again when scrolled back to
    row = table.proxy.mapFromSource(table.model.index(table.model.row_of(second.id) or 0, 0)).row()
    assert [table.proxy.index(row, c).data() for c in (0, 3)] == ["denial", "seen on TV"]
