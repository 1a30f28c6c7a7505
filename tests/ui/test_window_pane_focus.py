"""Hiding a pane from the keyboard while it holds the focus gives the focus back to the article, where
the tagging keys work, not to whatever control comes next in the focus chain (a filter box, where the next
label key would be typed as a filter)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.ui.conftest import OpenWindow
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _tags(store: Store, doc: Document) -> None:
    s = doc.text.index("crime fell")
    store.add_annotation(new_annotation(doc, s, s + 10, "claim", "alice"))
    store.add_annotation(new_annotation(doc, s, s + 5, "denial", "bob"))


def _alices_only(store: Store, doc: Document) -> None:
    s = doc.text.index("crime fell")
    store.add_annotation(new_annotation(doc, s, s + 10, "claim", "alice"))


def _alices(window: MainWindow) -> str:
    return next(a.id for a in window.project.store.annotations() if a.annotator == "alice")


def test_hiding_the_tags_pane_from_its_table_goes_back_to_the_article(
    open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(prepare=_alices_only)
    window.view.set_current(_alices(window))
    qtbot.keyClick(window.view, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)  # to the tag table
    assert QApplication.focusWidget() is window.table.view
    qtbot.keyClick(window.table.view, Qt.Key.Key_3, CTRL_SHIFT)  # View > Tags pane: hidden
    assert not window.table.isVisible()
    assert QApplication.focusWidget() is window.view
    # The next label key relabels the current tag, as in the article; nothing is typed in a filter box.
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    relabelled = window.project.store.annotation(_alices(window))
    assert relabelled is not None and relabelled.label == "denial"
    assert window.doc_list.filter.text() == ""


def test_hiding_the_review_panel_from_its_list_goes_back_to_the_article(
    open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(prepare=_tags)
    window.view.set_current(_alices(window))
    qtbot.keyClick(window.view, Qt.Key.Key_R, CTRL_SHIFT)  # Review > Review panel
    qtbot.waitUntil(window.review.dock.isVisible)
    window.review.panel.list_view.setFocus()
    qtbot.keyClick(window.review.panel.list_view, Qt.Key.Key_R, CTRL_SHIFT)  # and hidden again
    assert not window.review.dock.isVisible()
    assert QApplication.focusWidget() is window.view
