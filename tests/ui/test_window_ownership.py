"""A tag belongs to its annotator: in the window, another's tag is corrected (a new tag of ours, theirs
rejected as corrected), reviewed or read, never relabelled, deleted or re-noted in place."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.ui.conftest import OpenWindow
from ui import review_decisions
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _bobs_tag(store: Store, doc: Document) -> None:
    s = doc.text.index("crime fell")
    store.add_annotation(new_annotation(doc, s, s + 10, "claim", "bob", "bob's own note"))


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window(annotator="alice", prepare=_bobs_tag)


def _make_bobs_current(window: MainWindow, qtbot: QtBot) -> str:
    window.activateWindow()  # again after a dialog: the label keys are the window's shortcuts
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    (bob,) = [a for a in window.project.store.annotations() if a.annotator == "bob"]
    window.view.set_current(bob.id)
    window.view.currentAnnotationChanged.emit(bob.id)
    window.view.setFocus()
    return bob.id


def _answer_box(qtbot: QtBot, button: str, seen: list[str]) -> None:
    """Answer the next modal message box from the keyboard: Escape, or Space on the named button."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(box.text())
        if button == "Escape":
            qtbot.keyClick(box, Qt.Key.Key_Escape)
            return
        (chosen,) = [b for b in box.buttons() if b.text().replace("&", "").startswith(button)]
        qtbot.keyClick(chosen, Qt.Key.Key_Space)

    QTimer.singleShot(0, answer)


def test_a_label_key_on_bobs_tag_asks_and_corrects_in_one_undoable_step(
    window: MainWindow, qtbot: QtBot
) -> None:
    bob_id = _make_bobs_current(window, qtbot)
    seen: list[str] = []
    _answer_box(qtbot, "Escape", seen)  # cancel: nothing changes
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    assert seen and "bob's tag: correct it" in seen[0]
    (bob,) = window.project.store.annotations()
    assert (bob.label, bob.annotator, bob.status) == ("claim", "bob", None)

    _make_bobs_current(window, qtbot)
    _answer_box(qtbot, "Correct it", seen)
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    tags = {a.annotator: a for a in window.project.store.annotations()}
    assert set(tags) == {"alice", "bob"}
    bob, mine = tags["bob"], tags["alice"]
    assert (bob.label, bob.status, bob.reviewer, bob.reason) == (
        "claim",
        "rejected",
        "alice",
        "corrected by alice",
    )
    assert (mine.label, mine.start, mine.end, mine.quote) == ("denial", bob.start, bob.end, bob.quote)
    window.undo()  # one step
    (bob,) = window.project.store.annotations()
    assert (bob.id, bob.label, bob.status, bob.reason) == (bob_id, "claim", None, None)


def test_delete_on_bobs_tag_explains_and_offers_reject(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    bob_id = _make_bobs_current(window, qtbot)
    seen: list[str] = []
    _answer_box(qtbot, "Escape", seen)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert seen and "belongs to bob" in seen[0]
    bob = window.project.store.annotation(bob_id)
    assert bob is not None and not bob.deleted and bob.status is None

    monkeypatch.setattr(review_decisions, "ask_text", lambda *a, **k: "wrong figure")
    _make_bobs_current(window, qtbot)
    _answer_box(qtbot, "Reject it", seen)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    bob = window.project.store.annotation(bob_id)
    assert bob is not None and not bob.deleted
    assert (bob.status, bob.reviewer, bob.reason) == ("rejected", "alice", "wrong figure")


def test_f2_on_bobs_tag_shows_the_note_and_changes_nothing(
    window: MainWindow, qtbot: QtBot, dialogs: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.dialogs

    editor: list[str] = []  # the note editor must not open on another's tag
    monkeypatch.setattr(ui.dialogs, "edit_note", lambda _p, quote, note: editor.append(note))
    bob_id = _make_bobs_current(window, qtbot)
    before = window.project.store.annotation(bob_id)
    window.edit_current_note()
    assert editor == []
    assert dialogs and "belongs to bob" in dialogs[-1][1] and "bob's own note" in dialogs[-1][1]
    assert window.project.store.annotation(bob_id) == before
