"""The tag table's cells kept as drawn (ui/cell_cache.py): the same pixels as Qt's own delegate draws, in
every state a key press leaves them, and no cell asked of the model again while nothing changed."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QStyledItemDelegate
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import DEFAULT_LABELS, Document
from factcheck.core.spans import new_annotation
from tests.helpers.review import set_review
from tests.ui.conftest import OpenWindow
from ui.annotation_table_model import AnnotationTableModel
from ui.cell_cache import CellCache
from ui.main_window import MainWindow
from ui.theme import dark_palette

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, showing the window

WORDS = (
    "minister", "said", "crime", "fell", "critics", "mayor", "called", "claim", "misleading", "denied",
    "budget", "hospital",
)  # fmt: skip
TEXT = " ".join(WORDS[i % len(WORDS)] + ("." if i % 9 == 8 else "") for i in range(400))


def _tagged(store: Store, doc: Document) -> None:
    """Thirty tags by two annotators, one rejected, one with a note: rows of every look."""
    starts = [i for i in range(1, len(doc.text)) if doc.text[i - 1] == " "]
    tags = []
    for n in range(30):
        start = starts[n * 7]
        end = doc.text.index(" ", start + 10 + 17 * (n % 5))
        label = DEFAULT_LABELS[n % len(DEFAULT_LABELS)].name
        tag = new_annotation(doc, start, end, label, "ana" if n % 2 else "ben")
        tags.append(replace(tag, note="see the report" if n == 3 else ""))
    store.put_annotations(tags)
    set_review(store, tags[4].id, "rejected", "rita")


def _grab(window: MainWindow) -> QImage:
    viewport = window.table.view.viewport()
    viewport.repaint()
    return viewport.grab().toImage()


def _as_qt_draws(window: MainWindow) -> QImage:
    """The table as Qt's own delegate draws it, then the cache put back."""
    view = window.table.view
    kept = view.itemDelegate()
    view.setItemDelegate(QStyledItemDelegate(view))
    try:
        return _grab(window)
    finally:
        view.setItemDelegate(kept)


def _same_as_qt(window: MainWindow) -> None:
    first, again = _grab(window), _grab(window)  # drawn into the cache, then copied from it
    qt = _as_qt_draws(window)
    assert first == qt
    assert again == qt


def test_cells_are_drawn_as_qt_draws_them_after_tagging_relabelling_and_recolouring(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window(TEXT, prepare=_tagged)
    assert isinstance(window.table.view.itemDelegate(), CellCache)
    _same_as_qt(window)

    window.view.select_span(40, 75)
    QTest.keyClick(window.view, Qt.Key.Key_1)  # a new row, selected; the rows under it move down
    assert window.table.current_annotation() is not None
    _same_as_qt(window)

    window.relabel_current("denial")  # the same row, another label and swatch
    _same_as_qt(window)

    labels = [replace(lab, color="#8e44ad") if lab.name == "denial" else lab for lab in DEFAULT_LABELS]
    window.table.set_labels(labels)  # another colour: the swatches drawn before are stale
    _same_as_qt(window)

    window.table.view.setFocus()  # the current row with the focus frame
    _same_as_qt(window)


def test_cells_follow_a_dark_theme(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window(TEXT, prepare=_tagged)
    _grab(window)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    light = app.palette()
    app.setPalette(dark_palette())
    try:
        dark = _grab(window)
        assert dark == _as_qt_draws(window)
        assert dark != _grab_light(window, light)
    finally:
        app.setPalette(light)


def _grab_light(window: MainWindow, light: object) -> QImage:
    view = window.table.view
    kept = view.palette()
    view.setPalette(light)  # type: ignore[arg-type]
    try:
        return _grab(window)
    finally:
        view.setPalette(kept)


def test_a_repaint_with_nothing_changed_asks_the_model_nothing(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window(TEXT, prepare=_tagged)
    model = window.table.model
    asked: list[int] = []
    ask = AnnotationTableModel.multiData

    def counted(index, slots):  # type: ignore[no-untyped-def]
        asked.append(index.row())
        ask(model, index, slots)

    model.multiData = counted  # type: ignore[method-assign]
    _grab(window)
    asked.clear()
    _grab(window)  # as each key press that leaves the rows on screen as they were
    assert asked == []
    window.view.select_span(40, 75)
    QTest.keyClick(window.view, Qt.Key.Key_1)
    _grab(window)  # the key press's paint: the new row, the rows under it now in the other colour
    asked.clear()
    _grab(window)
    assert asked == []
