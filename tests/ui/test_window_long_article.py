"""A long article with thousands of tags opens with its first screen drawn before every tag is indexed;
the tag list, the counts, Tab and tagging are then exactly as for a short one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Document
from factcheck.core.open_document import PREVIEW_MIN
from factcheck.core.spans import new_annotation
from tests.helpers.optional import present
from tests.ui.conftest import OpenWindow
from tests.ui.window_support import highlighted

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

TEXT = "Officials said the bridge is safe 😀 and the budget grew.\n" * 2000
TAGS = PREVIEW_MIN + 200


def many_tags(store: Store, doc: Document) -> None:
    line = TEXT.index("\n") + 1
    tags = []
    for i in range(TAGS):
        start = (i % 2000) * line + (i // 2000) * 7  # a few tags a line, as in a real article
        tags.append(new_annotation(doc, start, start + 10 + i % 30, "claim", ("ana", "ben")[i % 2]))
    store.put_annotations(tags)


def test_a_long_article_opens_lazily_and_then_behaves_as_any(open_window: OpenWindow, qtbot: QtBot) -> None:
    window = open_window(text=TEXT, prepare=many_tags)
    tags = window.open_doc.tags
    # The rows, the annotator box and the counts follow in the next turns of the event loop.
    qtbot.waitUntil(lambda: window.table.model.rowCount() == TAGS)
    assert not tags.pending and len(tags) == TAGS
    assert window.table.count_label.text() == f"{TAGS} tags"
    assert (
        present(window.findChild(type(window.status_items.counts), "tagCounts"))
        .text()
        .startswith(f"{TAGS} tags here")
    )
    items = [window.table.annotator_filter.itemText(i) for i in range(window.table.annotator_filter.count())]
    assert items == ["All", "ana", "ben"]
    first = tags.step(None, 0)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    assert window.view.current_annotation() == first == window.table.current_annotation()
    start = TEXT.index("budget")
    window.view.select_span(start, start + 6)
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    assert len(tags) == TAGS + 1 and window.table.model.rowCount() == TAGS + 1
    assert highlighted(window, start, start + 6)


def test_the_first_screen_is_drawn_from_a_pending_load(open_window: OpenWindow, qtbot: QtBot) -> None:
    window = open_window(text=TEXT, prepare=many_tags)
    other = window.project.store.add_document(Document.create("Short.", title="Other"))[0]
    window.open_document(other.id)
    qtbot.waitUntil(lambda: not window.open_doc.tags.pending)
    doc_id = next(s.id for s in window.project.documents() if s.id != other.id)
    window.open_document(doc_id)
    assert window.open_doc.tags.pending  # nothing has needed every tag yet
    view = window.view
    block = view.firstVisibleBlock()
    assert view.document().findBlock(0) == block and view._hl.done[block.blockNumber()]
    assert window.open_doc.tags.pending  # drawing the first screen did not index the load
    exact = sorted(t.id for _, _, t in window.open_doc.tags.overlapping_tags(0, 20))
    window.open_doc.tags.complete()
    assert exact == sorted(t.id for _, _, t in window.open_doc.tags.overlapping_tags(0, 20))
    assert highlighted(window, 0, 10)
