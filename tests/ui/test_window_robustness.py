"""The real window against real faults: a real full disk (SQLITE_FULL), a lock held by another process,
and tags written by another process while the window holds its own state."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from db import Store, UserFixableError
from db.labels import rename_label
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from tests.conftest import ARTICLE
from tests.faults import live_connection
from tests.helpers.dbfiles import finish, integrity, spawn, wait_for
from tests.helpers.optional import present
from tests.ui.conftest import OpenWindow
from ui import status_text
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window(ARTICLE * 3)


def doc_of(window: MainWindow) -> Document:
    return window.project.document(window.current_document_id() or "")


def stored(window: MainWindow) -> list[Annotation]:
    return window.project.store.annotations(window.current_document_id())


def select(window: MainWindow, quote: str, nth: int = 0) -> tuple[int, int]:
    text = doc_of(window).text
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    window.view.select_span(start, start + len(quote))
    return start, start + len(quote)


def fill_the_disk(store: Store, doc: Document) -> int:
    """Cap the file at its size, then add tags like the window's until SQLite reports SQLITE_FULL.
    Returns the cap to lift to "free space" again."""
    conn = live_connection(store)
    previous = int(conn.execute("PRAGMA max_page_count").fetchone()[0])
    conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")
    for i in range(10_000):
        start = i % 150
        try:
            store.add_annotation(new_annotation(doc, start, start + 12, "claim", "filler"))
        except UserFixableError:
            return previous
    raise AssertionError("the disk never filled up")


def test_a_real_full_disk_while_tagging_is_told_and_the_tag_can_be_saved_again(
    window: MainWindow, qtbot: QtBot, dialogs: list[tuple[str, str]]
) -> None:
    store = window.project.store
    lift = fill_the_disk(store, doc_of(window))
    before = len(stored(window))
    span = select(window, "crime fell by 20%", nth=2)
    qtbot.keyClick(window.view, Qt.Key.Key_1)

    assert dialogs and dialogs[-1][0] == "critical" and "disk is full" in dialogs[-1][1]
    assert len(stored(window)) == before  # nothing stored, not half
    assert window.undo_stack.count() == 0
    assert window.view.selected_span() == span  # kept: the tag is not silently dropped
    live_connection(store).execute(f"PRAGMA max_page_count = {lift}")  # space is freed
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert len(stored(window)) == before + 1
    assert [a.quote for a in stored(window) if a.annotator == "alice"] == ["crime fell by 20%"]
    assert integrity(present(store.path)) == "ok"


def test_a_real_full_disk_while_editing_a_note_keeps_the_tag_as_it_was(
    window: MainWindow, qtbot: QtBot, dialogs: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    select(window, "Jane Roe")
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    (mine,) = stored(window)
    long_note = "A long note that needs pages of its own. " * 500
    monkeypatch.setattr("ui.dialogs.edit_note", lambda parent, quote, note: long_note)
    lift = fill_the_disk(window.project.store, doc_of(window))
    window.edit_note(mine.id)
    assert dialogs and "disk is full" in dialogs[-1][1]
    assert window.project.store.annotation(mine.id) == mine
    assert window.undo_stack.count() == 1  # only the tag itself
    live_connection(window.project.store).execute(f"PRAGMA max_page_count = {lift}")
    window.edit_note(mine.id)
    saved = window.project.store.annotation(mine.id)
    assert saved is not None and saved.note == long_note and window.undo_stack.count() == 2


def test_a_lock_held_by_another_process_is_told_and_the_tag_saved_after(
    window: MainWindow, qtbot: QtBot, dialogs: list[tuple[str, str]], db_path: Path
) -> None:
    store = window.project.store
    live_connection(store).execute("PRAGMA busy_timeout = 100")
    holder = spawn("hold", str(db_path), "2")
    try:
        before = wait_for(holder, "locked")
        span = select(window, "misleading")
        qtbot.keyClick(window.view, Qt.Key.Key_1)
        assert dialogs and "another program" in dialogs[-1][1]
        assert window.view.selected_span() == span and stored(window) == []
    finally:
        _, err = finish(holder, before)
    assert holder.returncode == 0, err
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert [a.quote for a in stored(window)] == ["misleading"]


def test_tags_another_process_adds_appear_and_the_window_keeps_its_state(
    window: MainWindow, qtbot: QtBot, db_path: Path
) -> None:
    select(window, "Jane Roe")
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    (mine,) = stored(window)
    window.view.set_current(mine.id)
    doc = doc_of(window)
    worker = spawn("tag", str(db_path), doc.id, "3", "25")
    lines, err = finish(worker, wait_for(worker, "ready"))
    assert worker.returncode == 0 and len(lines) == 26, err
    # Nobody calls reload here: the window's own polling timer must notice the other process.
    qtbot.waitUntil(lambda: window.table.model.rowCount() == 26, timeout=5000)
    assert window.view.current_annotation() == mine.id
    assert window.undo_stack.count() == 1 and window.current_document_id() == doc.id
    window.undo()  # our own tag, undone; theirs stay
    assert len(stored(window)) == 25 and window.table.model.rowCount() == 25


def other_program_notes(db_path: Path, ann_id: str, note: str) -> None:
    """A teammate's window on the same file adds a note to a tag."""
    done = threading.Event()

    def run() -> None:
        with Store.open(db_path) as other:
            other.update_annotation(ann_id, note=note)
        done.set()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert done.is_set()


def test_relabelling_does_not_undo_another_programs_note(
    window: MainWindow, qtbot: QtBot, db_path: Path
) -> None:
    select(window, "Jane Roe")
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    (mine,) = stored(window)
    other_program_notes(db_path, mine.id, "checked by bob")
    window.relabel_current("denial")  # before the window's next poll
    after = window.project.store.annotation(mine.id)
    assert after is not None and (after.label, after.note) == ("denial", "checked by bob")


def test_undo_reverts_only_what_it_changed(window: MainWindow, qtbot: QtBot, db_path: Path) -> None:
    select(window, "Jane Roe")
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    (mine,) = stored(window)
    window.relabel_current("denial")
    other_program_notes(db_path, mine.id, "checked by bob")
    window.project.reload_if_changed()
    window.undo()
    after = window.project.store.annotation(mine.id)
    assert after is not None and (after.label, after.note) == ("claim", "checked by bob")


def test_a_project_file_moved_away_under_the_window_is_told_and_saves_again_once_back(
    window: MainWindow, qtbot: QtBot, dialogs: list[tuple[str, str]], db_path: Path
) -> None:
    select(window, "Jane Roe")
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    asked: list[str] = []

    def not_now() -> None:  # the window's question about the file gone (ui.file_gone)
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.objectName() == "projectFileGone":
            asked.append(box.text())
            next(b for b in box.buttons() if b.text().replace("&", "") == "Not now").click()

    closer = QTimer(window, interval=10)
    closer.timeout.connect(not_now)
    closer.start()
    away = db_path.with_name("moved away.db")
    db_path.rename(away)
    span = select(window, "misleading")
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    closer.stop()
    # SQLite would have written it into the moved file, under a -wal left at the old name.
    assert dialogs == [] and len(asked) == 1 and "moved" in asked[0] and "not saved" in asked[0]
    assert window.view.selected_span() == span and window.undo_stack.count() == 1
    assert [a.quote for a in stored(window)] == ["Jane Roe"]
    away.rename(db_path)  # put back, as the dialog says
    window.activateWindow()  # the question closed: the label keys are the window's again
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert sorted(a.quote for a in stored(window)) == ["Jane Roe", "misleading"]


def test_a_project_file_deleted_under_the_window_is_told_and_its_tags_can_be_backed_up(
    window: MainWindow, qtbot: QtBot, dialogs: list[tuple[str, str]], db_path: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    select(window, "Jane Roe")
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    # The refused tag leads straight to the window's question (ui.file_gone), which saves the copy: not
    # an error box saying to back up by hand, then the question as well at the window's next look.
    asked: list[str] = []
    answer = ["Save a copy…"]

    def reply() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.objectName() == "projectFileGone":
            asked.append(box.text())
            states.append(window.status_items.save_state.text())
            named = {b.text().replace("&", ""): b for b in box.buttons()}
            (named.get(answer[0]) or named["Close without saving"]).click()

    states: list[str] = []
    closer = QTimer(window, interval=10)
    closer.timeout.connect(reply)
    closer.start()
    copy = tmp_path / "saved" / "copy.db"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(copy), ""))
    window._reload_timer.setInterval(50)  # the window's two-second look, made quick
    db_path.unlink()  # a file manager, a sync client or a cleanup script
    select(window, "misleading")
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    # Before, "All changes saved" for a tag written into a deleted file, gone when the window closed.
    assert dialogs == []
    assert len(asked) == 1 and "Your last change was not saved" in asked[0] and "Save a copy" in asked[0]
    assert states == [status_text.not_saved()]
    assert window.project.path == copy  # the copy is the open project
    with Store.open(copy) as saved:
        assert [a.quote for a in saved.annotations()] == ["Jane Roe"]
    assert not db_path.exists()  # nothing made a new, empty project in its place
    qtbot.wait(400)  # eight looks: nothing more is asked
    assert len(asked) == 1 and dialogs == []
    answer[0] = "Close without saving"
    assert window.close()
    closer.stop()
    assert len(asked) == 1  # the copy is there: closing asks nothing


def test_a_label_key_just_after_another_window_renamed_its_label_tags_with_the_new_name(
    window: MainWindow, qtbot: QtBot, dialogs: list[tuple[str, str]], db_path: Path
) -> None:
    with Store.open(db_path) as other:  # another window's Labels dialog, before this one looks again
        rename_label(other, "claim", "assertion")
    select(window, "Jane Roe")
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    # Before: "The tag was not saved: Unknown label 'claim'", for the label the key now gives.
    assert dialogs == []
    assert [(a.label, a.quote) for a in stored(window)] == [("assertion", "Jane Roe")]
    window.undo()
    assert stored(window) == []
    window.redo()
    assert [(a.label, a.quote) for a in stored(window)] == [("assertion", "Jane Roe")]
