"""A tag the reviewer rejected reads as rejected in the article whatever its label's dash pattern: its
words are struck through (its dotted line was the 3rd label's pattern, told apart by colour only)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtGui import QColor, QImage, QTextCursor
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.conftest import ARTICLE
from tests.ui.conftest import OpenWindow
from ui.article_view import ArticleView

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

REJECTED = "crime fell"  # a claim the reviewer rejected
UNDECIDED = "the mayor"  # a claim nobody decided yet


def _tags(store: Store, doc: Document) -> None:
    s = doc.text.index(REJECTED)
    claim = new_annotation(doc, s, s + len(REJECTED), "claim", "bob")
    store.add_annotation(replace(claim, status="rejected", reviewer="rita", reason="an opinion"))
    s = doc.text.index(UNDECIDED)
    store.add_annotation(new_annotation(doc, s, s + len(UNDECIDED), "claim", "bob"))


def _through_the_space(view: ArticleView, image: QImage, text: str, words: str) -> tuple[QColor, QColor]:
    """The colour where a strike-through crosses the space between the tag's two words, and just above."""
    space = text.index(words) + words.index(" ")
    cursor = QTextCursor(view.document())
    cursor.setPosition(view._offsets.to_qt(space))
    left = view.cursorRect(cursor).center().x()
    cursor.setPosition(view._offsets.to_qt(space + 1))
    x = (left + view.cursorRect(cursor).center().x()) // 2
    (rect,) = view.span_rects(space, space + 1)
    metrics = view.fontMetrics()
    y = round(rect.bottom() - metrics.descent() - metrics.strikeOutPos())
    return image.pixelColor(x, y), image.pixelColor(x, y - 3)


def test_a_rejected_tag_is_struck_through_and_an_undecided_one_is_not(
    open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(prepare=_tags)
    view = window.view
    text = ARTICLE
    view.viewport().repaint()
    image = view.viewport().grab().toImage()
    struck, above = _through_the_space(view, image, text, REJECTED)
    assert struck.lightness() < above.lightness() - 40  # a line across the words, in the label's ink
    plain, above_plain = _through_the_space(view, image, text, UNDECIDED)
    assert plain == above_plain  # only the tint there
