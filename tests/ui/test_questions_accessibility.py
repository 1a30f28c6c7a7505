"""Every question box the window asks before something happens, opened as a user opens it: a default
button that does no harm, Esc answering the safe button and changing nothing, unique mnemonics, buttons
that say what they do (tests/ui/question_audit.py)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QTableView
from pytestqt.qtbot import QtBot

import ui.project_operations
from db import Store
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services import importing
from tests.ui.conftest import OpenWindow
from tests.ui.dialog_audit import snapshot
from tests.ui.question_audit import audit_question
from tests.ui.test_window_drops import drop as drop_on
from tests.ui.test_window_drops import files
from ui import link_types_dialog, sample_bar
from ui.import_export import ExportDialog
from ui.labels_dialog import LabelsDialog
from ui.main_window import MainWindow
from ui.note_dialog import NoteDialog
from ui.speakers_dialog import SpeakerEditor

pytestmark = pytest.mark.qt_log_ignore(
    "propagateSizeHints", "does not support raise", "grabbing the keyboard"
)


def _tags(store: Store, doc: Document) -> None:
    s = doc.text.index("crime fell")
    store.add_annotation(new_annotation(doc, s, s + 10, "claim", "alice"))
    store.add_annotation(new_annotation(doc, s, s + 5, "denial", "bob"))


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    w = open_window(prepare=_tags)
    w.view.setFocus()
    return w


def _state(window: MainWindow, db_path: Path) -> Callable[[], object]:
    return lambda: (snapshot(db_path), window.undo_stack.count())


def _inside(qtbot: QtBot, kind: type[QDialog], act: Callable[[QDialog], None]) -> None:
    """Once a dialog of kind is the active modal one, act in it (a question then opens from it)."""
    tries = iter(range(300))

    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind) or not dialog.isActiveWindow():
            if next(tries, None) is not None:
                QTimer.singleShot(10, step)
            return
        act(dialog)

    QTimer.singleShot(0, step)


def _press(qtbot: QtBot, dialog: QDialog, text: str) -> None:
    button = next((b for b in dialog.findChildren(QPushButton) if b.text() == text), None)
    if button is None:  # no such button: the question never comes (the test says so), nothing hangs
        return
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)


def _check(problems: list[str]) -> None:
    assert not problems, "\n" + "\n".join(problems)


def test_remove_document(window: MainWindow, qtbot: QtBot, db_path: Path) -> None:
    """Project > Remove document…"""
    _check(
        audit_question(
            qtbot, "remove document", window.actions_.remove_document.trigger, _state(window, db_path)
        )
    )


def test_correct_another_s_tag(window: MainWindow, qtbot: QtBot, db_path: Path) -> None:
    """A label key on a teammate's tag: correct it?"""
    bobs = next(a for a in window.project.store.annotations() if a.annotator == "bob")

    def correct() -> None:
        window.view.set_current(bobs.id)
        window.view.setFocus()
        qtbot.keyClick(window.view, Qt.Key.Key_1)

    _check(audit_question(qtbot, "correct another's tag", correct, _state(window, db_path)))


def test_remove_a_label_in_use(window: MainWindow, qtbot: QtBot, db_path: Path) -> None:
    """Project > Labels…, Remove on a label tags have."""

    def remove_claim(dialog: QDialog) -> None:
        table = dialog.findChild(QTableView)
        assert table is not None
        table.setFocus()
        table.selectRow(0)  # "claim": a tag has it

        def press_then_close() -> None:
            _press(qtbot, dialog, "&Remove…")
            dialog.reject()

        QTimer.singleShot(0, press_then_close)

    _inside(qtbot, LabelsDialog, remove_claim)
    _check(audit_question(qtbot, "remove a label", window.actions_.labels.trigger, _state(window, db_path)))


def test_replace_a_file_on_export(window: MainWindow, qtbot: QtBot, db_path: Path, tmp_path: Path) -> None:
    """File > Export…, onto a file that exists."""
    existing = tmp_path / "out.json"
    existing.write_text("{}", encoding="utf-8")

    def export_over(dialog: QDialog) -> None:
        assert isinstance(dialog, ExportDialog)
        dialog.path.setText(str(existing))

        def enter_then_close() -> None:
            qtbot.keyClick(dialog.path, Qt.Key.Key_Return)
            dialog.reject()

        QTimer.singleShot(0, enter_then_close)

    _inside(qtbot, ExportDialog, export_over)
    _check(audit_question(qtbot, "replace a file", window.actions_.export.trigger, _state(window, db_path)))
    assert existing.read_text(encoding="utf-8") == "{}"


def test_discard_typed_text(window: MainWindow, qtbot: QtBot, db_path: Path) -> None:
    """Project > Speakers…, Add…: a name typed, then Esc."""
    editor = SpeakerEditor(window, None)
    editor.setModal(True)

    def typed_then_esc() -> None:
        editor.show()
        qtbot.waitUntil(editor.isActiveWindow, timeout=3000)
        qtbot.keyClicks(editor.name, "Jane Roe")
        qtbot.keyClick(editor.name, Qt.Key.Key_Escape)

    _check(audit_question(qtbot, "discard typed text", typed_then_esc, _state(window, db_path)))
    assert editor.isVisible() and editor.name.text() == "Jane Roe"  # Esc on the question: keep editing
    editor.done(0)


def test_open_a_dropped_project(window: MainWindow, qtbot: QtBot, db_path: Path, tmp_path: Path) -> None:
    other = tmp_path / "team" / "budget.factcheck"
    other.parent.mkdir()
    Store.open(other).close()
    _check(
        audit_question(
            qtbot, "open a dropped project", lambda: drop_on(window, files(other)), _state(window, db_path)
        )
    )


def test_remove_the_sample_and_a_link_type_in_use(window: MainWindow, qtbot: QtBot, db_path: Path) -> None:
    """The boxes as the sample bar and the Link types dialog ask them."""
    state = _state(window, db_path)
    problems = audit_question(qtbot, "remove the sample", lambda: sample_bar._confirm(window, 3), state)
    problems += audit_question(
        qtbot, "remove a link type", lambda: link_types_dialog.confirm_removal(window, "denies", 2), state
    )
    _check(problems)


def test_quitting_while_an_import_runs_asks_and_esc_stays(
    window: MainWindow, qtbot: QtBot, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inside = threading.Event()
    release = threading.Event()
    real = importing.import_paths

    def held(store: Any, paths: Any, *, annotator: str = "", progress: Any = None) -> Any:
        def step(done: int, total: int) -> None:
            inside.set()
            deadline = time.monotonic() + 20
            while not release.is_set() and time.monotonic() < deadline:
                progress(done, total)
                time.sleep(0.01)
            progress(done, total)

        return real(store, paths, annotator=annotator, progress=step)

    monkeypatch.setattr(ui.project_operations, "import_paths", held)
    article = tmp_path / "a.txt"
    article.write_text("An article.\n", encoding="utf-8")
    window.import_files([str(article)], report=False)
    qtbot.waitUntil(inside.is_set, timeout=10_000)
    problems = audit_question(qtbot, "quit while an import runs", window.close)
    assert window.isVisible()  # Esc: Don't quit
    release.set()
    qtbot.waitUntil(lambda: window.project.operations.current() is None, timeout=20_000)
    assert not problems, "\n" + "\n".join(problems)


def test_discard_a_changed_note(window: MainWindow, qtbot: QtBot, db_path: Path) -> None:
    """Return on one's own tag opens its note; a change typed, then Esc: discard, keep editing or save?"""
    alices = next(a for a in window.project.store.annotations() if a.annotator == "alice")
    seen: list[str] = []

    def type_then_esc(dialog: QDialog) -> None:
        assert isinstance(dialog, NoteDialog)
        seen.append("note")

        def keys() -> None:
            qtbot.keyClicks(dialog.editor, "check the figures")
            qtbot.keyClick(dialog.editor, Qt.Key.Key_Escape)  # the question: audited, answered by Esc
            dialog.done(0)  # kept editing: close it unchanged, as the audit is over

        QTimer.singleShot(0, keys)

    def open_note() -> None:
        window.view.set_current(alices.id)
        window.view.setFocus()
        _inside(qtbot, NoteDialog, type_then_esc)
        qtbot.keyClick(window.view, Qt.Key.Key_Return)

    _check(audit_question(qtbot, "discard a changed note", open_note, _state(window, db_path)))
    assert seen == ["note"]
