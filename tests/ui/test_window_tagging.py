"""The real window on a real SQLite file: select, press a label key, and the tag is stored, drawn, listed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from tests.faults import failing_writes
from tests.helpers.optional import present
from tests.ui.conftest import OpenWindow
from tests.ui.window_support import highlighted, point_at
from ui.main_window import MainWindow
from ui.note_dialog import NoteDialog

# The offscreen platform plugin warns when a main window with a toolbar is shown; that is not our bug.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window()


def stored(window: MainWindow) -> list[Annotation]:
    return window.project.store.annotations(window.current_document_id())


def text_of(window: MainWindow) -> str:
    return window.project.document(window.current_document_id() or "").text


def select(window: MainWindow, quote: str) -> tuple[int, int]:
    start = text_of(window).index(quote)
    window.view.select_span(start, start + len(quote))
    return start, start + len(quote)


def table_quotes(window: MainWindow) -> list[str]:
    model = window.table.proxy
    return [model.index(r, 1).data() for r in range(model.rowCount())]


def test_select_by_cursor_and_press_1(window: MainWindow, qtbot: QtBot) -> None:
    start, end = select(window, "crime fell by 20%")
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    (ann,) = stored(window)
    assert (ann.label, ann.start, ann.end, ann.quote, ann.annotator) == (
        "claim",
        start,
        end,
        "crime fell by 20%",
        "alice",
    )
    assert highlighted(window, start, end)
    assert table_quotes(window) == ["crime fell by 20%"]
    assert window.table.current_annotation() == ann.id == window.view.current_annotation()
    assert window.view.selected_span() is None  # the next key relabels the new tag


def test_selection_is_trimmed_and_whitespace_only_is_a_hint(
    window: MainWindow, qtbot: QtBot, dialogs: list[tuple[str, str]]
) -> None:
    text = text_of(window)
    start = text.index("Critics") - 1
    window.view.select_span(start, start + len(" Critics "))
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    (ann,) = stored(window)
    assert ann.quote == "Critics" and ann.label == "denial"
    blank = text.index("\n")
    window.view.select_span(blank, blank + 1)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert len(stored(window)) == 1
    assert "whitespace" in window.statusBar().currentMessage()
    assert dialogs == []


def test_mouse_drag_then_label_button(window: MainWindow, qtbot: QtBot) -> None:
    text = text_of(window)
    start = text.index("called the claim")
    end = start + len("called the claim")
    vp = window.view.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=point_at(window, start))
    qtbot.mouseMove(vp, pos=point_at(window, start + 4))
    qtbot.mouseMove(vp, pos=point_at(window, end))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=point_at(window, end))
    assert window.view.selected_span() == (start, end)
    window.label_bar.label_actions["characterization"].trigger()
    (ann,) = stored(window)
    assert (ann.start, ann.end, ann.label) == (start, end, "characterization")
    assert highlighted(window, start, end)


def test_tag_after_emoji_is_exact(window: MainWindow, qtbot: QtBot, db_path: Path) -> None:
    start, end = select(window, "that crime fell")
    assert "😀" in text_of(window)[:start]
    qtbot.keyClick(window.view, Qt.Key.Key_3)
    (ann,) = stored(window)
    assert (ann.start, ann.end, ann.quote) == (start, end, "that crime fell")
    assert highlighted(window, start, end)
    with Store.open(db_path) as other:  # what another program reads from the file
        again = other.annotation(ann.id)
    assert again is not None and text_of(window)[again.start : again.end] == "that crime fell"


def test_undo_redo_are_stored_each_time(window: MainWindow, qtbot: QtBot) -> None:
    select(window, "Jane Roe")
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    (ann,) = stored(window)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(window) == [] and table_quotes(window) == []
    tomb = window.project.store.annotation(ann.id)
    assert tomb is not None and tomb.deleted
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.view, Qt.Key.Key_Z, shift_ctrl)
    assert [a.id for a in stored(window)] == [ann.id] and table_quotes(window) == ["Jane Roe"]
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Y redoes too
    assert [a.id for a in stored(window)] == [ann.id]


def test_delete_key_and_undo(window: MainWindow, qtbot: QtBot) -> None:
    start, end = select(window, "Jane Roe")
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    (ann,) = stored(window)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert stored(window) == [] and table_quotes(window) == []
    assert not highlighted(window, start, end)
    window.undo()
    assert [a.id for a in stored(window)] == [ann.id]
    assert highlighted(window, start, end)


def test_change_label_with_a_key_and_from_the_table(window: MainWindow, qtbot: QtBot) -> None:
    select(window, "misleading")
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    qtbot.keyClick(window.view, Qt.Key.Key_3)  # nothing selected, a current tag: relabel it
    (ann,) = stored(window)
    assert ann.label == "characterization"
    assert window.table.proxy.index(0, 0).data().startswith("characterization")
    window.table.view.setFocus()
    qtbot.keyClick(window.table.view, Qt.Key.Key_2)
    assert stored(window)[0].label == "denial"
    window.undo()
    assert stored(window)[0].label == "characterization"
    window.undo()
    assert stored(window)[0].label == "claim"


def test_edit_note_with_f2(window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    select(window, "misleading")
    qtbot.keyClick(window.view, Qt.Key.Key_1)

    def typed_and_saved(dialog: NoteDialog) -> QDialog.DialogCode:
        dialog.editor.setPlainText("  Source: council minutes ")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NoteDialog, "exec", typed_and_saved)
    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    assert stored(window)[0].note == "Source: council minutes"
    assert window.table.proxy.index(0, 3).data() == "Source: council minutes"
    window.undo()
    assert stored(window)[0].note == ""


def test_typing_1_in_a_text_field_does_not_tag(window: MainWindow, qtbot: QtBot) -> None:
    select(window, "Jane Roe")
    window.doc_list.filter.setFocus()
    qtbot.keyClicks(window.doc_list.filter, "1")
    assert window.doc_list.filter.text() == "1"
    window.find_bar.open_bar()
    qtbot.keyClicks(window.find_bar.edit, "2")
    assert stored(window) == []


def test_table_row_and_view_current_follow_each_other(window: MainWindow, qtbot: QtBot) -> None:
    for quote in ("Jane Roe", "misleading"):
        select(window, quote)
        qtbot.keyClick(window.view, Qt.Key.Key_1)
    first, second = stored(window)
    window.table.view.selectRow(0)
    assert window.view.current_annotation() == first.id
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    assert window.view.current_annotation() == second.id
    assert window.table.current_annotation() == second.id


def test_disk_full_while_tagging_loses_nothing(
    window: MainWindow, qtbot: QtBot, dialogs: list[tuple[str, str]]
) -> None:
    start, end = select(window, "crime fell by 20%")
    with failing_writes(window.project.store, "database or disk is full"):
        qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert len(dialogs) == 1 and dialogs[0][0] == "critical" and "disk is full" in dialogs[0][1]
    assert stored(window) == [] and table_quotes(window) == []
    assert window.undo_stack.count() == 0  # no command whose write failed
    assert window.view.selected_span() == (start, end)  # the selection is kept: press the key again
    assert "Not saved" in window.status_items.save_state.text()
    qtbot.keyClick(window.view, Qt.Key.Key_1)  # the cause is gone
    assert [a.quote for a in stored(window)] == ["crime fell by 20%"]
    assert window.status_items.save_state.text() == "All changes saved"


def test_locked_database_during_undo_keeps_the_stack(
    window: MainWindow, qtbot: QtBot, dialogs: list[tuple[str, str]]
) -> None:
    select(window, "Jane Roe")
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    with failing_writes(window.project.store, "database is locked"):
        window.undo()
    assert "another program" in dialogs[-1][1]
    assert len(stored(window)) == 1 and window.undo_stack.index() == 1
    window.undo()
    assert stored(window) == [] and window.undo_stack.index() == 0


def test_status_bar_counts_follow_each_key_at_once(open_window: OpenWindow, qtbot: QtBot) -> None:
    def other_document(store: Store, _doc: Document) -> None:
        other, _ = store.add_document(Document.create("Another article, tagged twice.", title="Other"))
        store.add_annotation(new_annotation(other, 0, 7, "claim", "bob"))
        store.add_annotation(new_annotation(other, 8, 15, "denial", "bob"))

    window = open_window(prepare=other_document)
    counts = present(window.statusBar().findChild(QLabel, "tagCounts"))
    assert counts.text() == "0 tags here · 2 in all"
    select(window, "Jane Roe")
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert counts.text() == "1 tag here · 3 in all"  # at once, not after the document list's refresh
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert counts.text() == "0 tags here · 2 in all"
    window.undo()
    assert counts.text() == "1 tag here · 3 in all"
