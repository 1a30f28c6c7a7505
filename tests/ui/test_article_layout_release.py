"""Hours over one long article keep a bounded number of paragraph layouts: Qt keeps what it made to draw
a paragraph for as long as the text is open (~40 KB a paragraph of the 5 MB article), so paging through
it kept more and more (a 10k-action session: hundreds of MB). The view lets go of the paragraphs long
off screen (ui/layout_release.py); coming back to them draws them as before (highlighted again)."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextBlock
from pytestqt.qtbot import QtBot

from bench.ui import make_article, make_tags
from factcheck.core.model import DEFAULT_LABELS, Document
from ui import layout_release
from ui.article_view import ArticleView

K = Qt.Key
KEEP, BATCH = 40, 10


@pytest.fixture
def view(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> ArticleView:
    monkeypatch.setattr(layout_release, "KEEP", KEEP)  # a few screens, not a hundred: a shorter article
    monkeypatch.setattr(layout_release, "BATCH", BATCH)
    rnd = random.Random(5)
    doc = Document.create(make_article(rnd, 200_000), title="Long")
    made = ArticleView()
    qtbot.addWidget(made)
    made.resize(900, 600)
    made.set_article(doc, make_tags(rnd, doc, 1_500), DEFAULT_LABELS)
    made.show()
    qtbot.waitExposed(made)
    made.setFocus()
    return made


def _laid_out(view: ArticleView) -> list[int]:
    numbers, block = [], view.document().firstBlock()
    while block.isValid():
        if block.layout().lineCount():
            numbers.append(block.blockNumber())
        block = block.next()
    return numbers


def _formats(block: QTextBlock) -> list[tuple[int, int, str]]:
    return [(r.start, r.length, r.format.background().color().name()) for r in block.layout().formats()]


def test_paging_through_keeps_a_bounded_number_of_layouts(view: ArticleView, qtbot: QtBot) -> None:
    top = view.firstVisibleBlock()
    first_screen = [(top.blockNumber(), _formats(top))]
    assert first_screen[0][1], "the first paragraph has tags drawn"
    screens = 0
    bar = view.verticalScrollBar()
    while bar.value() < bar.maximum():
        qtbot.keyClick(view, K.Key_PageDown)
        screens += 1
        assert len(_laid_out(view)) <= KEEP + BATCH + 20, f"layouts kept piled up after {screens} pages"
    assert view.document().blockCount() > 4 * (KEEP + BATCH)
    assert view._layouts.released > 2 * KEEP
    assert 0 not in _laid_out(view), "the first paragraph's layout was let go of"

    height = bar.maximum()
    qtbot.keyClick(view, K.Key_Home, Qt.KeyboardModifier.ControlModifier)  # back to the start
    view.viewport().repaint()
    assert bar.maximum() == height, "the paragraphs let go of kept their height"
    top = view.firstVisibleBlock()
    assert top.blockNumber() == first_screen[0][0] and top.layout().lineCount() > 0
    assert _formats(top) == first_screen[0][1], "highlighted again as the first time"
    assert view._hl.done[top.blockNumber()] == 1


def test_another_article_starts_afresh(view: ArticleView, qtbot: QtBot) -> None:
    for _ in range(30):
        qtbot.keyClick(view, K.Key_PageDown)
    assert view._layouts.laid_out() > 0
    doc = Document.create(make_article(random.Random(6), 20_000), title="Short")
    view.set_article(doc, [], DEFAULT_LABELS)
    view.viewport().repaint()
    assert view._layouts.laid_out() <= 10, "the other text's paragraphs were not carried over"
