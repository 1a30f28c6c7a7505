"""The undo history holds one copy of an article's text, however often the article was opened again.

An edit's undo step keeps its document's text (to check the quote before each write). Each opening of an
article reads a new copy of its text from the store, and each step kept the copy of its time: switching
between articles all day left the history (2,000 steps) holding a copy per opening, 20 MB each for the
5 MB article, unseen among Python's objects (a str is not tracked by the collector): ~600 MB in a
10k-action soak. Counted here: the distinct copies of the article's text the steps hold."""

from __future__ import annotations

import random
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from bench.ui import make_article, make_tags
from db import Store
from factcheck.core.model import Document
from tests.helpers.soak import flush
from tests.ui.conftest import OpenWindow
from tests.ui.session_support import activate
from ui import command_texts
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "raise()", "grabbing the keyboard")

K = Qt.Key
OPENINGS = 6
TEXT = make_article(random.Random(4), 40_000) + " 🙂"  # an emoji: 4 bytes a code point, as the long article


def _prepare(store: Store, doc: Document) -> None:
    store.put_annotations(make_tags(random.Random(3), doc, 200))
    store.add_document(Document.create("Another article, short.", title="Other", source="other.txt"))


def _texts_held(window: MainWindow) -> set[int]:
    """The distinct copies of the article's text the undo steps hold (by identity)."""
    held: set[int] = set()
    stack = window.undo_stack
    for i in range(stack.count()):
        command: Any = stack.command(i)
        for value in vars(command).values():
            if isinstance(value, command_texts.SharedText):
                value = value.text
            if isinstance(value, str) and len(value) == len(TEXT):
                held.add(id(value))
    return held


#: The label each key gives (the default scheme).
_LABELS = {K.Key_1: "claim", K.Key_2: "denial", K.Key_3: "characterization"}


def _relabel(window: MainWindow, qtbot: QtBot, key: Qt.Key) -> tuple[str, str]:
    """(the tag relabelled, its label before): one of ana's tags with another label (the ids are random:
    the same label again would make no step)."""
    others = (t for t in window.open_doc.tags if t.annotator == "ana" and t.label != _LABELS[key])
    tags = sorted(others, key=lambda t: t.id)
    tag = tags[len(tags) // 2]
    window.view.set_current(tag.id)
    window.view.setFocus()
    qtbot.keyClick(window.view, K.Key_Escape)
    qtbot.keyClick(window.view, key)
    flush()
    return tag.id, tag.label


def test_the_undo_history_holds_one_copy_of_an_articles_text(open_window: OpenWindow, qtbot: QtBot) -> None:
    window = open_window(text=TEXT, annotator="ana", prepare=_prepare)
    article = window.current_document_id()
    other = next(s.id for s in window.project.documents() if s.id != article)
    assert article is not None
    for opening in range(OPENINGS):
        _relabel(window, qtbot, K.Key_2 if opening % 2 else K.Key_3)
        window.open_document(other)
        flush()
        window.open_document(article)
        flush()
    tag_id, label = _relabel(window, qtbot, K.Key_1)  # claim (it was a characterization or a denial)
    assert window.open_doc.tags[tag_id].label == "claim" != label
    assert window.undo_stack.count() >= OPENINGS, "each relabelling an undo step"
    assert len(_texts_held(window)) == 1, "a copy of the article's text per opening"
    assert command_texts.held() >= 1
    qtbot.keyClick(window.view, K.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the quote checked: undone
    flush()
    assert window.open_doc.tags[tag_id].label == label


def test_an_article_opened_again_gives_the_undo_history_its_copy(
    open_window: OpenWindow, qtbot: QtBot
) -> None:
    """Opened again (a new copy of its text from the store) and not edited since: the steps hold the copy
    the open article holds, not the older one beside it."""
    window = open_window(text=TEXT, annotator="ana", prepare=_prepare)
    article = window.current_document_id()
    other = next(s.id for s in window.project.documents() if s.id != article)
    assert article is not None
    activate(qtbot, window.view)  # the window active: its label keys heard
    tag_id, label = _relabel(window, qtbot, K.Key_2)
    assert window.undo_stack.count() == 1, f"the relabelling of {tag_id} ({label}) made no undo step"
    first = window.open_doc.text
    assert _texts_held(window) == {id(first)}
    window.open_document(other)
    flush()
    window.open_document(article)
    flush()
    assert window.open_doc.text is not first, "a new copy read from the store"
    assert _texts_held(window) == {id(window.open_doc.text)}, "the older copy still held by the steps"
    del first
