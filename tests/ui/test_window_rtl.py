"""Right-to-left paragraphs in the real window: each paragraph follows its own text's direction."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWindow
from tests.ui.window_support import u16

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

ARABIC = "قال الوزير إن معدل الجريمة انخفض بنسبة عشرين في المئة هذا العام."
HEBREW = "השר אמר כי הפשיעה ירדה בעשרים אחוז השנה."
TEXT = f"The minister spoke on Monday.\n{ARABIC}\n{HEBREW}\nCritics disagreed.\n"


def test_arabic_and_hebrew_paragraphs_are_right_aligned_and_right_to_left(
    open_window: OpenWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_window(text=TEXT)
    view = window.view
    qtbot.wait(20)
    margin = view.document().documentMargin()
    right_edge = view.viewport().width() - margin
    directions, edges = [], []
    block = view.document().begin()
    while block.isValid() and block.text():
        line = block.layout().lineAt(0)
        rect = line.naturalTextRect()
        directions.append(block.textDirection())
        edges.append((rect.left(), rect.right()))
        block = block.next()
    rtl, ltr = Qt.LayoutDirection.RightToLeft, Qt.LayoutDirection.LeftToRight
    assert directions == [ltr, rtl, rtl, ltr]
    for (left, right), direction in zip(edges, directions, strict=True):
        if direction == rtl:
            assert right == pytest.approx(right_edge, abs=2) and left > margin + 20
        else:
            assert left == pytest.approx(margin, abs=1) and right < right_edge - 20
    # The first word of the Arabic paragraph is at its right end, where a right-to-left reader starts;
    # selecting and tagging it there keeps the exact code points.
    start = TEXT.index(ARABIC)
    cursor = QTextCursor(view.document())
    cursor.setPosition(u16(TEXT[:start]))
    assert view.cursorRect(cursor).center().x() > view.viewport().width() * 0.8
    view.select_span(start, start + 3)
    window.apply_label("claim")
    tag = window.project.store.annotations()[0]
    assert (tag.start, tag.end, tag.quote) == (start, start + 3, ARABIC[:3])
    rects = view.span_rects(tag.start, tag.end)
    assert rects and rects[0].right() == pytest.approx(right_edge, abs=3)
    window.grab().save(str(tmp_path / "rtl.png"))
