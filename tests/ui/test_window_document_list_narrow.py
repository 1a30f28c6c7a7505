"""The document list shows the count of every label under each title however narrow it is (an 800x600
screen, a large font): the counts go on as many lines as they take rather than the last ones being cut."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.ui.conftest import OpenWindow
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _tags(store: Store, doc: Document) -> None:
    s = doc.text.index("crime fell")
    for label in ("claim", "denial", "characterization", "source", "cue"):
        store.add_annotation(new_annotation(doc, s, s + 10, label, "alice"))


def _dots_shown(window: MainWindow) -> set[str]:
    """The labels whose coloured dot is drawn, whole, in the first document's row."""
    view = window.doc_list.view
    rect = view.visualRect(view.model().index(0, 0)).intersected(view.viewport().rect())
    image: QImage = view.viewport().grab(rect).toImage()
    colours = {image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())}
    shown = set()
    for label in window.project.store.labels():
        if QColor(label.color).name() in colours:
            shown.add(label.name)
    return shown


def test_every_labels_count_shows_in_a_narrow_document_list(open_window: OpenWindow, qtbot: QtBot) -> None:
    window = open_window(prepare=_tags)
    everyone = {label.name for label in window.project.store.labels()}
    assert _dots_shown(window) == everyone  # the window's usual width: one line
    window.resize(800, 600)  # the list at its narrowest
    qtbot.waitUntil(lambda: window.doc_list.view.viewport().width() < 130)
    qtbot.waitUntil(lambda: _dots_shown(window) == everyone)
    window.appearance.set_zoom(180)  # and a large text
    try:
        qtbot.waitUntil(lambda: _dots_shown(window) == everyone)
    finally:
        window.appearance.set_zoom(100)  # the application's font is shared by the tests that follow
