"""The tag detail's title is rich text (the label in bold): an annotator's name or a label's name is
shown as typed there, not read as markup ("Ana <ana@news.org>" showed as "Ana ", "R&D" lost its "&D" in
some spellings). A name may hold "<" and "&": only hidden characters are refused."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWindow
from tests.ui.structure_support import TEXT, tag_key

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
NAME = "Ana <ana@news.org> & co"


def test_the_tag_details_title_shows_the_annotators_name_as_typed(
    open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(text=TEXT, annotator=NAME)
    claim = tag_key(window, qtbot, "Tillerson", Qt.Key.Key_1)
    detail = window.structure.detail
    qtbot.waitUntil(lambda: detail.tag_id == claim.id)
    shown = QTextDocument()
    shown.setHtml(detail.title.text())
    assert shown.toPlainText() == f"claim · {NAME}"
