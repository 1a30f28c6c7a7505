"""Opening a long article in the window indexes its tags in slices, one per turn of the event loop (never
all of them in one turn); the table, the status count, Tab and tagging then behave as for a short
article, also after an edit or another document opened while the slices were underway."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Annotation, Document
from factcheck.core.open_document import PREVIEW_MIN
from factcheck.core.span_index import Span, SpanIndex
from factcheck.core.spans import new_annotation
from tests.helpers.optional import present
from tests.ui.conftest import OpenWindow
from ui import tag_indexing
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

LINE = "Officials said the bridge is safe 😀 and the budget grew.\n"
TEXT = LINE * 2000
TAGS = PREVIEW_MIN + 3 * tag_indexing.SLICE  # four slices and more


def many_tags(doc: Document, count: int = TAGS, who: tuple[str, ...] = ("ana", "ben")) -> list[Annotation]:
    tags = []
    for i in range(count):
        start = (i % 2000) * len(LINE) + (i // 2000) % 5 * 7  # a few tags a line, as in a real article
        tags.append(new_annotation(doc, start, start + 10 + i % 30, "claim", who[i % len(who)]))
    return tags


def prepare(store: Store, doc: Document) -> None:
    store.put_annotations(many_tags(doc))


def listed(window: MainWindow) -> bool:
    model = window.table.model
    return not model.listing() and model.rowCount() == len(window.open_doc.tags)


def table_ids(window: MainWindow) -> set[str]:
    return {window.table.model._rows[r] for r in range(window.table.model.rowCount())}


def count_indexing(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every span put into a span index from now on, added to the last item of the list returned."""
    counted = [0]
    init = SpanIndex.__init__
    extend: Callable[[SpanIndex, list[Span]], None] | None = getattr(SpanIndex, "extend", None)

    def counting_init(self: SpanIndex, spans: Iterable[Span] = ()) -> None:
        spans = list(spans)
        counted[-1] += len(spans)
        init(self, spans)

    def counting_extend(self: SpanIndex, spans: list[Span]) -> None:
        counted[-1] += len(spans)
        assert extend is not None
        extend(self, spans)

    monkeypatch.setattr(SpanIndex, "__init__", counting_init)
    if extend is not None:
        monkeypatch.setattr(SpanIndex, "extend", counting_extend)
    return counted


def turns_until(app: QApplication, done: Callable[[], bool], counted: list[int]) -> None:
    """Turn the event loop until done(), a new count for each turn (1 ms apart: timers come due)."""
    deadline = time.monotonic() + 20
    while not done():
        assert time.monotonic() < deadline, "not done"
        counted.append(0)
        app.processEvents()
        time.sleep(0.001)


def reopen_long(window: MainWindow, qtbot: QtBot) -> str:
    """Open a short article, then the long one again (the window opened it first); its id."""
    long_id = present(window.current_document_id())
    short = window.project.store.add_document(Document.create("Short.", title="Short"))[0]
    window.open_document(short.id)
    qtbot.waitUntil(lambda: listed(window) and not tag_indexing.slicing(window.open_doc.tags))
    window.open_document(long_id)
    return long_id


def test_no_turn_indexes_every_tag(
    open_window: OpenWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(text=TEXT, prepare=prepare)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    counted = count_indexing(monkeypatch)
    reopen_long(window, qtbot)
    assert window.open_doc.tags.pending  # the open itself indexed nothing
    app.processEvents()
    status = present(window.findChild(type(window.status_items.counts), "tagCounts"))
    assert window.open_doc.tags.pending and status.text().startswith(f"{TAGS} tags here")  # as loaded
    turns_until(app, lambda: listed(window), counted)
    assert sum(counted) == TAGS  # each tag indexed once...
    assert max(counted) <= tag_indexing.SLICE  # ...in slices, one a turn
    assert len([n for n in counted if n]) >= TAGS // tag_indexing.SLICE
    # Then as any article: every row, the counts, Tab.
    assert len(table_ids(window)) == TAGS and window.table.count_label.text() == f"{TAGS} tags"
    assert status.text().startswith(f"{TAGS} tags here")
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    first = window.open_doc.tags.step(None, 0)
    assert window.view.current_annotation() == first == window.table.current_annotation()


def test_a_tag_made_while_the_slices_run(open_window: OpenWindow, qtbot: QtBot) -> None:
    window = open_window(text=TEXT, prepare=prepare)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    long_id = reopen_long(window, qtbot)
    while window.open_doc.tags.pending and window.open_doc.tags._done < tag_indexing.SLICE:
        app.processEvents()
    assert window.open_doc.tags.pending  # mid-way
    start = TEXT.index("budget")
    window.view.setFocus()
    window.view.select_span(start, start + 6)
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    qtbot.waitUntil(lambda: listed(window) and not tag_indexing.slicing(window.open_doc.tags))
    stored = {a.id for a in window.project.store.annotations(long_id)}
    assert len(stored) == TAGS + 1 and table_ids(window) == stored == set(window.open_doc.tags.by_id)
    made = next(t for t in window.open_doc.tags if t.start == start and t.end == start + 6)
    assert window.open_doc.tags.span(made.id) == (start, start + 6)


def test_another_article_opened_while_the_slices_run(open_window: OpenWindow, qtbot: QtBot) -> None:
    window = open_window(text=TEXT, prepare=prepare)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    store = window.project.store
    other = store.add_document(Document.create(TEXT.replace("bridge", "tunnel"), title="Other long"))[0]
    others = many_tags(other, TAGS - 777, ("cy", "dee", "ed"))
    store.put_annotations(others)
    reopen_long(window, qtbot)
    while window.open_doc.tags.pending and window.open_doc.tags._done < tag_indexing.SLICE:
        app.processEvents()
    assert window.open_doc.tags.pending and window.table.model.listing()  # mid-way
    window.open_document(other.id)
    assert window.open_doc.id == other.id and window.open_doc.tags.pending
    qtbot.waitUntil(lambda: listed(window) and not tag_indexing.slicing(window.open_doc.tags))
    assert table_ids(window) == {t.id for t in others} == set(window.open_doc.tags.by_id)
    assert window.table.count_label.text() == f"{len(others)} tags"
    status = present(window.findChild(type(window.status_items.counts), "tagCounts"))
    assert status.text().startswith(f"{len(others)} tags here")
    assert window.open_doc.tags.annotators() == ["cy", "dee", "ed"]
    assert [n for n, _ in window.view.annotator_marks()] == ["cy", "dee", "ed"]
