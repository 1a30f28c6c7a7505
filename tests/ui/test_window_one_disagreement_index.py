"""One copy of the open article's disagreements in the window, however long the session: the Review pane
and the document list's line of the open article (its open count) follow the same index.

Found in a 10k-action soak on the 50k-tag article: live Python objects stepped up twice by ~77k (25,600
``Disagreement`` objects and a set of them per tag, each time), once when the Review pane found the
article's disagreements and once when the document list's count did, then both were kept all day and
both updated on every edit. Counted here (no timings) on an article of a few hundred tags by two
annotators: after the pane is opened and K edits made (tagging, relabelling, undo, redo, deleting), and
after it is closed (its list still following) and K more, the live ``Disagreement`` objects are one
index's worth."""

from __future__ import annotations

import gc
import random

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from bench.ui import make_article, make_tags
from db import Store
from factcheck.core.curation import document_state, state_from
from factcheck.core.disagreements import Disagreement, find_disagreements
from factcheck.core.model import Document
from factcheck.core.open_count import OpenCount
from tests.helpers.soak import flush
from tests.ui.conftest import OpenWindow
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "raise()", "grabbing the keyboard")

K, M = Qt.Key, Qt.KeyboardModifier
TAGS = 600  # two annotators': within what both compute at once (no worker thread)
EDITS = 40
#: The disagreements one change may take away around a tag (the index keeps them for its other followers).
LAST_CHANGE = 10


def _prepare(store: Store, doc: Document) -> None:
    store.put_annotations(make_tags(random.Random(3), doc, TAGS))


def _live_disagreements() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is Disagreement)


def _open_count(window: MainWindow) -> OpenCount:
    counted = window.doc_counts.open_count
    assert counted is not None
    return counted


def _edit(window: MainWindow, qtbot: QtBot, rng: random.Random) -> None:
    """A tag made on a few words, relabelled, undone, redone or deleted, from the keyboard."""
    view = window.view
    text = window.open_doc.text
    kind = rng.choice(["tag", "tag", "relabel", "undo", "redo", "delete"])
    view.setFocus()
    if kind == "tag":
        start = text.find(" ", rng.randrange(len(text) - 200)) + 1
        view.select_span(start, text.find(" ", start + rng.randint(5, 60)))
        qtbot.keyClick(view, rng.choice([K.Key_1, K.Key_2, K.Key_3]))
    elif kind == "relabel" and view.current_annotation() is not None:
        qtbot.keyClick(view, K.Key_Escape)
        qtbot.keyClick(view, K.Key_2)
    elif kind in ("undo", "redo"):
        qtbot.keyClick(
            view, K.Key_Z, M.ControlModifier | (M.ShiftModifier if kind == "redo" else M.NoModifier)
        )
    elif kind == "delete" and view.current_annotation() is not None:
        qtbot.keyClick(view, K.Key_Delete)
    flush()


def _one_index(window: MainWindow) -> int:
    """The span disagreements of the article as a full computation finds them now (how many)."""
    found = find_disagreements(list(window.open_doc.tags))
    panel = window.review.panel
    if not panel.session.suspended:  # the pane's index is the count's
        index = panel.session._index
        assert index is not None and index is _open_count(window)._counted.index  # type: ignore[union-attr]
    reviewed, open_now = _open_count(window).state()  # followed: equal to a full computation now
    assert state_from(False, reviewed, open_now) == document_state(list(window.open_doc.tags), False)
    return len(found)


def test_the_review_pane_and_the_document_list_follow_one_index(
    open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(text=make_article(random.Random(2), 60_000), annotator="ana", prepare=_prepare)
    rng = random.Random(11)
    baseline = _live_disagreements()
    window.doc_counts.touch(window.current_document_id() or "")
    window.doc_counts.flush()  # the document list's line of the open article: its count built
    assert _open_count(window).built
    one = _one_index(window)
    assert one > 100
    assert _live_disagreements() - baseline <= one + LAST_CHANGE

    window.review.toggle_action.trigger()  # the Review pane shown: it finds them too
    flush()
    session = window.review.panel.session
    structure = len(session.disagreements) - len(find_disagreements(list(window.open_doc.tags)))
    assert _live_disagreements() - baseline <= one + structure + LAST_CHANGE, "a second copy"
    assert not session.suspended and session._index is _open_count(window)._counted.index  # type: ignore[union-attr]
    for _ in range(EDITS):
        _edit(window, qtbot, rng)
    structure = len(session.disagreements) - len(find_disagreements(list(window.open_doc.tags)))
    assert _live_disagreements() - baseline <= _one_index(window) + structure + LAST_CHANGE, "a second copy"
    assert _open_count(window).builds <= 1, "followed edit by edit, not found again"

    window.review.toggle_action.trigger()  # hidden: its list goes on following the same index
    flush()
    for _ in range(EDITS):
        _edit(window, qtbot, rng)
    assert session.suspended and session._index is _open_count(window)._counted.index
    structure = len(session.disagreements) - len(find_disagreements(list(window.open_doc.tags)))
    hidden = _live_disagreements() - baseline
    assert hidden <= _one_index(window) + structure + LAST_CHANGE, "the hidden pane holds a second copy"
