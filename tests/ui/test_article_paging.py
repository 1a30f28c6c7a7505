"""Page Down / Page Up in the article: a page scrolled, the caret carried along (Shift: selecting), and no
memory kept per press (Qt's own paging, with the text selectable from the keyboard, kept ~0.8 MB each)."""

from __future__ import annotations

import gc
import random

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from bench.common import rss_mb
from bench.ui import make_article, make_tags
from factcheck.core.model import DEFAULT_LABELS, Document
from ui.article_view import ArticleView

K, M = Qt.Key, Qt.KeyboardModifier


@pytest.fixture
def view(qtbot: QtBot) -> ArticleView:
    rnd = random.Random(5)
    doc = Document.create(make_article(rnd, 300_000), title="Long")
    made = ArticleView()
    qtbot.addWidget(made)
    made.resize(900, 600)
    made.set_article(doc, make_tags(rnd, doc, 2_000), DEFAULT_LABELS)
    made.show()
    qtbot.waitExposed(made)
    made.setFocus()
    return made


def _on_screen(view: ArticleView) -> bool:
    return view.viewport().rect().contains(view.cursorRect().center())


def test_page_down_scrolls_a_page_and_carries_the_caret(view: ArticleView, qtbot: QtBot) -> None:
    bar = view.verticalScrollBar()
    assert bar.value() == 0 and view.textCursor().position() == 0
    qtbot.keyClick(view, K.Key_PageDown)
    assert bar.value() == bar.pageStep()
    first = view.textCursor().position()
    assert first > 0 and _on_screen(view) and not view.textCursor().hasSelection()
    qtbot.keyClick(view, K.Key_PageDown)
    assert bar.value() == 2 * bar.pageStep() and view.textCursor().position() > first and _on_screen(view)
    qtbot.keyClick(view, K.Key_PageUp)
    assert bar.value() == bar.pageStep() and view.textCursor().position() == first
    qtbot.keyClick(view, K.Key_PageUp)
    assert bar.value() == 0 and view.textCursor().position() == 0


def test_shift_page_down_selects_from_where_the_caret_was(view: ArticleView, qtbot: QtBot) -> None:
    qtbot.keyClick(view, K.Key_PageDown)
    anchor = view.textCursor().position()
    qtbot.keyClick(view, K.Key_PageDown, M.ShiftModifier)
    qtbot.keyClick(view, K.Key_PageDown, M.ShiftModifier)
    cursor = view.textCursor()
    assert cursor.anchor() == anchor and cursor.position() > anchor and _on_screen(view)
    assert view.selected_span() is not None
    qtbot.keyClick(view, K.Key_PageUp, M.ShiftModifier)
    assert view.textCursor().anchor() == anchor


def test_no_page_further_puts_the_caret_at_the_end_or_the_start(view: ArticleView, qtbot: QtBot) -> None:
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum())  # (the range grows as the last lines are laid out: a few pages more)
    for _ in range(5):
        qtbot.keyClick(view, K.Key_PageDown)
    assert bar.value() == bar.maximum()
    assert view.textCursor().position() == view.document().characterCount() - 1
    bar.setValue(0)
    qtbot.keyClick(view, K.Key_PageUp)
    assert view.textCursor().position() == 0


def test_paging_over_pages_seen_keeps_no_memory(view: ArticleView, qtbot: QtBot) -> None:
    """Three rounds over the same 60 pages: the first lays them out (kept, as Qt keeps any page seen);
    the others add nothing (measured: 0.0 MB; Qt's own paging: ~9 MB each round)."""
    bar = view.verticalScrollBar()

    def round_over_pages() -> float:
        bar.setValue(0)
        for _ in range(60):
            qtbot.keyClick(view, K.Key_PageDown)
            view.viewport().repaint()
        gc.collect()
        return rss_mb()

    round_over_pages()
    second = round_over_pages()
    third = round_over_pages()
    assert third - second < 2.0  # Qt's own: ~9 MB a round here
