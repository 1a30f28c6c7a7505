"""The tag table sorts and filters in its model, over precomputed keys: after any edit (add, delete,
relabel, undo, redo) its rows are exactly a plain Python sort of the tags shown, for every column and
both orders, with the filters on or off; the selection follows its tag across sorts and edits; and a long
article's rows are listed without one Python call per comparison."""

from __future__ import annotations

import random
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Annotation, Document
from factcheck.core.open_document import PREVIEW_MIN
from factcheck.core.spans import new_annotation
from tests.ui.conftest import OpenWindow
from ui.annotation_table_model import (
    ANNOTATOR,
    COLUMNS,
    LABEL,
    NOTE,
    QUOTE,
    TIME,
    AnnotationTableModel,
    IdRole,
)
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

ASC, DESC = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder
TEXT = " ".join(f"Word{i % 37} said{i % 11} figures{i % 5} rose." for i in range(120))

# The order a reader expects of each column, written out plainly (ties broken by position, then id).
PLAIN: dict[int, Callable[[Annotation], tuple[object, ...]]] = {
    LABEL: lambda a: (a.label, a.start, a.end, a.id),
    QUOTE: lambda a: (a.start, a.end, a.id),
    ANNOTATOR: lambda a: (a.annotator.casefold(), a.start, a.end, a.id),
    NOTE: lambda a: (a.note.casefold(), a.start, a.end, a.id),
    TIME: lambda a: (a.updated_at or a.created_at, a.id),
}


def word_spans(text: str) -> list[tuple[int, int]]:
    spans, at = [], 0
    for word in text.split(" "):
        spans.append((at, at + len(word.rstrip("."))))
        at += len(word) + 1
    return spans


def teammates(store: Store, doc: Document) -> None:
    """Tags by bob and Carol (which alice may not edit) and alice's own, with notes to sort by."""
    rnd = random.Random(7)
    spans = word_spans(doc.text)
    tags = []
    for i in range(60):
        a, b = spans[rnd.randrange(len(spans) - 3)]
        end = spans[spans.index((a, b)) + rnd.randrange(3)][1]
        who = ("bob", "Carol", "alice")[i % 3]
        tag = new_annotation(doc, a, end, ("claim", "denial", "characterization")[i % 3 if i % 2 else 0], who)
        tags.append(replace(tag, note=rnd.choice(["", "Source?", "check figures", "Zeta", "alpha"])))
    store.put_annotations(tags)


def shown_ids(window: MainWindow) -> list[str]:
    proxy = window.table.proxy
    return [proxy.index(r, 0).data(IdRole) for r in range(proxy.rowCount())]


def expected_ids(window: MainWindow, column: int, order: Qt.SortOrder) -> list[str]:
    f = window.open_doc.tags.list_filter
    tags = [t for t in window.open_doc.tags if f.accepts(t)]
    return [t.id for t in sorted(tags, key=PLAIN[column], reverse=order == DESC)]


def check_order(window: MainWindow) -> None:
    header = window.table.view.horizontalHeader()
    column, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
    assert shown_ids(window) == expected_ids(window, column, order), (COLUMNS[column], order)


def check_every_order(window: MainWindow, qtbot: QtBot) -> None:
    """Each column, both orders, as header clicks ask: the rows in order, the current tag kept."""
    table = window.table
    current = table.current_annotation()
    for column in range(len(COLUMNS)):
        for order in (ASC, DESC):
            table.view.sortByColumn(column, order)
            check_order(window)
            assert table.current_annotation() == current
            if current is not None:  # still the selected row, and the one the keyboard moves from
                assert table.view.selectionModel().isRowSelected(table.view.currentIndex().row())


def random_edit(window: MainWindow, qtbot: QtBot, rnd: random.Random, spans: list[tuple[int, int]]) -> None:
    table = window.table
    mine = [i for i in shown_ids(window) if window.open_doc.tags[i].annotator == "alice"]
    kind = rnd.choice(["add", "add", "relabel", "delete", "undo", "redo"])
    if kind == "add":
        a, b = spans[rnd.randrange(len(spans))]
        window.view.select_span(a, b)
        qtbot.keyClick(window.view, rnd.choice([Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3]))
    elif kind in ("relabel", "delete") and mine:
        tag_id = rnd.choice(mine)
        table.view.setFocus()
        table.view.selectRow(shown_ids(window).index(tag_id))
        assert table.current_annotation() == tag_id
        key = (
            Qt.Key.Key_Delete if kind == "delete" else rnd.choice([Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3])
        )
        qtbot.keyClick(table.view, key)
        if kind == "relabel":  # the row moved (sorted by label) or not: it is still the selected one,
            # unless its new label is filtered out
            shown = window.open_doc.tags.list_filter.accepts(window.open_doc.tags[tag_id])
            assert table.current_annotation() == (tag_id if shown else None)
    elif kind == "undo":
        window.undo()
    elif kind == "redo":
        window.redo()


@pytest.mark.parametrize("seed", [1, 2])
def test_random_edits_keep_the_rows_in_a_plain_sort(
    open_window: OpenWindow, qtbot: QtBot, qtmodeltester: ModelTester, seed: int
) -> None:
    window = open_window(text=TEXT, prepare=teammates)
    table = window.table
    qtmodeltester.check(table.proxy, force_py=True)  # and it keeps checking every change below
    rnd = random.Random(seed)
    spans = word_spans(TEXT)
    check_every_order(window, qtbot)
    filters = [("All", "All"), ("claim", "All"), ("All", "bob"), ("denial", "alice")]
    for step in range(40):
        if step % 8 == 0:
            label, annotator = filters[(step // 8) % len(filters)]
            table.label_filter.setCurrentText(label)
            table.annotator_filter.setCurrentText(annotator)
            table.view.sortByColumn(rnd.randrange(len(COLUMNS)), rnd.choice([ASC, DESC]))
        random_edit(window, qtbot, rnd, spans)
        check_order(window)
        if step % 5 == 4:
            check_every_order(window, qtbot)
    table.label_filter.setCurrentText("All")
    table.annotator_filter.setCurrentText("All")
    check_every_order(window, qtbot)
    assert sorted(shown_ids(window)) == sorted(t.id for t in window.open_doc.tags)
    assert table.count_label.text() == f"{len(window.open_doc.tags)} tags"


def test_a_filter_keeps_the_selected_row_when_it_stays(open_window: OpenWindow, qtbot: QtBot) -> None:
    window = open_window(text=TEXT, prepare=teammates)
    table = window.table
    bob = next(i for i in shown_ids(window) if window.open_doc.tags[i].annotator == "bob")
    table.view.setFocus()
    table.view.selectRow(shown_ids(window).index(bob))
    table.annotator_filter.setCurrentText("bob")
    assert table.current_annotation() == bob and shown_ids(window) == expected_ids(window, QUOTE, ASC)
    qtbot.keyClick(table.view, Qt.Key.Key_Down)  # the keyboard goes on from the kept row
    rows = shown_ids(window)
    assert table.current_annotation() == rows[rows.index(bob) + 1] == window.view.current_annotation()
    table.annotator_filter.setCurrentText("Carol")  # the selected row leaves: nothing selected
    assert table.current_annotation() is None
    assert all(window.open_doc.tags[i].annotator == "Carol" for i in shown_ids(window))


def test_the_current_tag_of_the_article_selects_its_row_in_any_order(
    open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(text=TEXT, prepare=teammates)
    window.table.view.sortByColumn(NOTE, DESC)
    window.view.setFocus()
    for _ in range(5):
        qtbot.keyClick(window.view, Qt.Key.Key_Tab)  # the next tag in the article
        current = window.view.current_annotation()
        assert current is not None and window.table.current_annotation() == current


def test_header_clicks_sort_every_column_both_ways(open_window: OpenWindow, qtbot: QtBot) -> None:
    window = open_window(text=TEXT, prepare=teammates)
    header = window.table.view.horizontalHeader()
    seen = set()
    for column in range(len(COLUMNS)):
        for _ in range(2):  # a second click on the same header turns the order round
            x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
            qtbot.mouseClick(
                header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
            )
            assert header.sortIndicatorSection() == column
            seen.add((column, header.sortIndicatorOrder()))
            check_order(window)
    assert len(seen) == 2 * len(COLUMNS)


LONG_TEXT = "Officials said the bridge is safe and the budget grew.\n" * 2000
LONG_TAGS = PREVIEW_MIN + 200


def many_tags(store: Store, doc: Document) -> None:
    line = LONG_TEXT.index("\n") + 1
    tags = []
    for i in range(LONG_TAGS):
        start = (i % 2000) * line + (i // 2000) * 7
        tag = new_annotation(doc, start, start + 10 + i % 30, "claim", ("ana", "ben")[i % 2])
        tags.append(replace(tag, note=f"n{(i * 7919) % 1000}"))
    store.put_annotations(tags)


def test_a_long_article_is_listed_and_sorted_without_a_python_call_per_comparison(
    open_window: OpenWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = [0]
    cell = AnnotationTableModel.cell  # what every data() of a row asks (not a Qt virtual: safe to patch)

    def counted(self: AnnotationTableModel, tag_id: str, col: int, role: int) -> object:
        calls[0] += 1
        return cell(self, tag_id, col, role)

    monkeypatch.setattr(AnnotationTableModel, "cell", counted)
    window = open_window(text=LONG_TEXT, prepare=many_tags)
    qtbot.waitUntil(lambda: window.table.model.rowCount() == LONG_TAGS)
    qtbot.wait(50)  # the table painted
    assert calls[0] < 3 * LONG_TAGS  # a sorting proxy asked for about 2 x n x log2(n) cells
    for column, order in ((NOTE, DESC), (ANNOTATOR, ASC), (TIME, DESC), (QUOTE, ASC)):
        calls[0] = 0
        window.table.view.sortByColumn(column, order)
        qtbot.wait(10)
        assert calls[0] < 3 * LONG_TAGS, COLUMNS[column]
        check_order(window)


def test_a_paint_asks_each_cell_for_all_its_roles_in_one_call(
    open_window: OpenWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Qt's delegates ask a cell's roles (text, colour, font, alignment…) together through multiData: one
    call into Python per cell instead of one per role, each of which waits its turn at the interpreter
    while a worker computes; and the cell's tag is looked up once for all its roles, not once per role
    (a paint of the table on every key press)."""
    window = open_window(prepare=teammates)
    view = window.table.view
    qtbot.waitUntil(lambda: window.table.model.rowCount() > 0)
    qtbot.wait(50)
    answer = AnnotationTableModel._answer
    asked = {"together": 0, "alone": 0}

    def counted(self: AnnotationTableModel, ann: Annotation, col: int, role: int) -> object:
        caller = sys._getframe(1).f_code.co_name  # multiData, or cell <- data called by Qt
        asked["together" if caller == "multiData" else "alone"] += 1
        return answer(self, ann, col, role)

    tags = window.open_doc.tags
    get = tags.get
    looked_up: Counter[str | None] = Counter()

    def looked(tag_id: str | None) -> Annotation | None:
        looked_up[tag_id] += 1
        return get(tag_id)

    monkeypatch.setattr(AnnotationTableModel, "_answer", counted)
    monkeypatch.setattr(tags, "get", looked)
    view.viewport().repaint()
    assert asked["together"] > 0, asked
    assert asked["alone"] == 0, asked  # (was: every role of every cell shown)
    assert looked_up and max(looked_up.values()) <= len(COLUMNS), looked_up  # (was: ~7 per cell)
