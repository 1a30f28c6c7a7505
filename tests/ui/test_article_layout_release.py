"""Hours over one long article keep a bounded number of paragraph layouts: Qt keeps what it made to draw
each paragraph it laid out for as long as the text is open (~40 KB a paragraph of the 5 MB article), so
paging through it kept more and more (a 10k-action session: hundreds of MB). Once enough paragraphs were
shown and the view is idle, it gets a fresh document layout (ui/layout_release.py): Qt's layouts go, what
is on screen stays where it was (scroll, selection, heights), and it is drawn as before (highlighted
again). Counted (paragraphs laid out, Qt's own count), not timed."""

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
RENEW_AFTER = 60


@pytest.fixture
def view(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> ArticleView:
    monkeypatch.setattr(layout_release, "RENEW_AFTER", RENEW_AFTER)  # a few screens: a shorter article
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


def _laid_out(view: ArticleView) -> int:
    count, block = 0, view.document().firstBlock()
    while block.isValid():
        count += block.layout().lineCount() > 0
        block = block.next()
    return count


def _formats(block: QTextBlock) -> list[tuple[int, int, str]]:
    return [(r.start, r.length, r.format.background().color().name()) for r in block.layout().formats()]


def _screen(view: ArticleView) -> tuple[int, int, tuple[int, int], list[tuple[int, int, str]]]:
    """What is on screen: the paragraph on top, the scroll, the selection, the top paragraph's tints. (Not
    the scroll bar's range: the fresh layout lays out the article's last page to set it, where the old
    one had counted a line a paragraph it had not laid out.)"""
    top = view.firstVisibleBlock()
    cursor = view.textCursor()
    return (
        top.blockNumber(),
        view.verticalScrollBar().value(),
        (cursor.anchor(), cursor.position()),
        _formats(top),
    )


def test_paging_through_keeps_a_bounded_number_of_layouts(view: ArticleView, qtbot: QtBot) -> None:
    renewed = view._layouts.renewals
    bar = view.verticalScrollBar()
    most = 0
    while bar.value() < bar.maximum():
        for _ in range(8):
            qtbot.keyClick(view, K.Key_PageDown)
        view._layouts._timer.timeout.emit()  # the view left alone a moment (as the idle timer would)
        most = max(most, _laid_out(view))
    assert view.document().blockCount() > 5 * RENEW_AFTER
    assert view._layouts.renewals - renewed >= 4
    assert most <= 2 * RENEW_AFTER, "the layouts kept piled up"


def test_a_fresh_layout_keeps_what_is_on_screen(view: ArticleView, qtbot: QtBot) -> None:
    for _ in range(25):
        qtbot.keyClick(view, K.Key_PageDown)
    start = view._offsets.from_qt(view.firstVisibleBlock().position())
    view.select_span(start + 2, start + 9)
    view.viewport().repaint()
    before = _screen(view)
    assert before[3], "tags drawn in the paragraph on top"
    picture = view.viewport().grab().toImage()
    laid = _laid_out(view)
    view._layouts.renew()
    view.viewport().repaint()
    assert _laid_out(view) < laid // 2
    assert _screen(view) == before, "the same paragraph on top, scroll, selection and tint"
    assert view.viewport().grab().toImage() == picture, "drawn as before"
    qtbot.keyClick(view, K.Key_PageUp)
    qtbot.keyClick(view, K.Key_PageDown)
    assert _screen(view)[0] == before[0]


def test_another_article_starts_afresh(view: ArticleView, qtbot: QtBot) -> None:
    for _ in range(12):
        qtbot.keyClick(view, K.Key_PageDown)
    assert view._layouts.shown_since() > 0
    doc = Document.create(make_article(random.Random(6), 20_000), title="Short")
    view.set_article(doc, [], DEFAULT_LABELS)
    view.viewport().repaint()
    assert view._layouts.shown_since() <= 12, "the other text's paragraphs were not carried over"
