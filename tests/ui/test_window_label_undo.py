"""Project > Labels… changes are commands on the window's undo stack: each edit, its undo and its redo,
with the database file's content after each (labels, tags, former names), and a teammate's file that
uses a name a rename gave up and an undo took back."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from db import Store
from db import links as db_links
from factcheck.core.links import new_link
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from tests.ui.conftest import OpenWindow
from tests.ui.test_window_locale import Shouting
from tests.ui.undo_support import assert_undo_redo
from ui import labels_dialog
from ui.labels_dialog import LabelsDialog
from ui.main_window import MainWindow
from ui.scheme_commands import AddLabel, RemoveLabel, RenameLabel, RenameLinkType

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on show()

Rows = list[tuple[Any, ...]]


def _content(path: Path) -> tuple[Rows, Rows, Rows, Rows]:
    """What the file holds (read by another connection): labels, tags, links, former label names."""
    with sqlite3.connect(path) as conn:
        return (
            conn.execute("SELECT * FROM labels ORDER BY name").fetchall(),
            conn.execute("SELECT * FROM annotations ORDER BY id").fetchall(),
            conn.execute("SELECT * FROM links ORDER BY id").fetchall(),
            conn.execute("SELECT * FROM label_renames ORDER BY old").fetchall(),
        )


def _prepare(store: Store, doc: Document) -> None:
    claim = store.add_annotation(new_annotation(doc, 0, 8, "claim", "alice"))
    store.add_annotation(new_annotation(doc, 9, 17, "claim", "bob"))
    gone = store.add_annotation(new_annotation(doc, 18, 25, "claim", "alice"))
    store.delete_annotation(gone.id)  # a tombstone: removal takes it too, undo brings it back
    denial = store.add_annotation(new_annotation(doc, 30, 40, "denial", "alice"))
    db_links.add_link(store, new_link(doc.id, "denies", denial.id, claim.id, "alice"))
    with store.atomic():  # a name given up long ago that now means claim
        store._db.execute(
            "INSERT INTO label_renames (old, new, renamed_at) "
            "VALUES ('statement', 'claim', '2020-01-01T00:00:00Z')"
        )


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window(prepare=_prepare)


def _dialog(window: MainWindow, qtbot: QtBot) -> LabelsDialog:
    dialog = LabelsDialog(window.project, window)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _select(dialog: LabelsDialog, name: str) -> None:
    dialog.table.selectRow([lab.name for lab in dialog.labels()].index(name))


def _first_row(dialog: LabelsDialog) -> str:
    item = dialog.table.item(0, 0)
    return item.text() if item is not None else ""


def _names(window: MainWindow) -> list[str]:
    return [lab.name for lab in window.project.store.labels()]


def _undo_redo(window: MainWindow, before: object, after: object, undo_text: str) -> None:
    assert_undo_redo(window, _content, before, after, undo_text)


def test_each_label_change_undoes_and_redoes(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = window.project.path
    assert path is not None
    answers: list[str | None] = ["verdict", "assertion", "7"]
    monkeypatch.setattr(labels_dialog, "ask_text", lambda *args: answers.pop(0))
    monkeypatch.setattr(labels_dialog, "ask_color", lambda *args: "#0072B2")
    monkeypatch.setattr(labels_dialog, "confirm_removal", lambda *args: True)
    dialog = _dialog(window, qtbot)
    start = _content(path)

    dialog.buttons["add"].click()
    added = _content(path)
    _undo_redo(window, start, added, "Add label “verdict”")
    assert "verdict" in window.label_bar.label_actions  # the bar follows the redo

    _select(dialog, "claim")
    dialog.buttons["rename"].click()
    renamed = _content(path)
    assert {row[0]: row[1] for row in renamed[3]} == {"claim": "assertion", "statement": "assertion"}
    _undo_redo(window, added, renamed, "Rename label “claim” to “assertion”")
    assert {a.label for a in window.open_doc.tags} == {"assertion", "denial"}

    _select(dialog, "assertion")
    dialog.buttons["color"].click()
    recoloured = _content(path)
    _undo_redo(window, renamed, recoloured, "Colour label “assertion” #0072B2")

    _select(dialog, "assertion")
    dialog.buttons["key"].click()
    keyed = _content(path)
    _undo_redo(window, recoloured, keyed, "Give label “assertion” the key 7")
    assert window.label_bar.label_actions["assertion"].shortcut().toString() == "7"

    _select(dialog, "assertion")
    dialog.buttons["down"].click()
    moved = _content(path)
    assert _names(window)[:2] == ["denial", "assertion"]
    _undo_redo(window, keyed, moved, "Move label “assertion” down")

    _select(dialog, "assertion")
    dialog.buttons["remove"].click()
    removed = _content(path)
    assert "assertion" not in _names(window) and len(removed[1]) == 1  # only the denial left
    assert removed[2] == start[2]  # the link stays, naming the tags' ids
    _undo_redo(window, moved, removed, "Remove label “assertion” and 3 tags")

    # All the way back, one step per action, to the project as it was; and forward again.
    for _ in range(6):
        window.actions_.undo.trigger()
    assert _content(path) == start and not window.undo_stack.canUndo()
    assert {a.label for a in window.open_doc.tags} == {"claim", "denial"}
    for _ in range(6):
        window.actions_.redo.trigger()
    assert _content(path) == removed


def test_rename_undo_then_a_teammates_file_with_the_old_name(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    store = window.project.store
    doc = window.open_doc.document
    assert doc is not None
    with Store.open(tmp_path / "ben.db") as ben:
        ben.add_document(doc)
        theirs = ben.add_annotation(new_annotation(doc, 41, 50, "claim", "ben"))
        export(ben, "json", tmp_path / "ben.json")
    monkeypatch.setattr(labels_dialog, "ask_text", lambda *args: "assertion")
    dialog = _dialog(window, qtbot)
    _select(dialog, "claim")
    memory = _content(window.project.path or Path())[3]
    dialog.buttons["rename"].click()
    assert window.undo_stack.undoText() == "Rename label “claim” to “assertion”"
    window.actions_.undo.trigger()
    assert _content(window.project.path or Path())[3] == memory  # the former names exactly as before

    report = import_paths(store, [tmp_path / "ben.json"])
    assert not report.conflicts
    got = store.annotation(theirs.id)
    assert got is not None and got.label == "claim"  # claim is the label's name again: no alias
    assert "assertion" not in _names(window)


def test_a_redone_rename_merges_old_names_under_the_new(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    store = window.project.store
    doc = window.open_doc.document
    assert doc is not None
    with Store.open(tmp_path / "ben.db") as ben:
        ben.add_document(doc)
        theirs = ben.add_annotation(new_annotation(doc, 41, 50, "claim", "ben"))
        export(ben, "json", tmp_path / "ben.json")
    monkeypatch.setattr(labels_dialog, "ask_text", lambda *args: "assertion")
    dialog = _dialog(window, qtbot)
    _select(dialog, "claim")
    dialog.buttons["rename"].click()
    window.actions_.undo.trigger()
    window.actions_.redo.trigger()
    assert not import_paths(store, [tmp_path / "ben.json"]).conflicts
    got = store.annotation(theirs.id)
    assert got is not None and got.label == "assertion"


def test_a_tag_made_before_a_rename_undoes_after_it(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = window.view.document_text()
    start = text.index("Critics")
    window.view.select_span(start, start + len("Critics"))
    window.view.setFocus()
    qtbot.keyClick(window.view, "1")
    assert [a.label for a in window.project.store.annotations() if a.quote == "Critics"] == ["claim"]
    monkeypatch.setattr(labels_dialog, "ask_text", lambda *args: "assertion")
    dialog = _dialog(window, qtbot)
    _select(dialog, "claim")
    dialog.buttons["rename"].click()
    assert window.undo_stack.count() == 2  # the tag's command stays: the rename is undone first
    window.actions_.undo.trigger()
    window.actions_.undo.trigger()
    assert [a.quote for a in window.project.store.annotations()].count("Critics") == 0
    assert "claim" in _names(window)


def test_an_undo_refused_leaves_the_stack_and_says_why(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, dialogs: list[tuple[str, str]]
) -> None:
    monkeypatch.setattr(labels_dialog, "ask_text", lambda *args: "verdict")
    _dialog(window, qtbot).buttons["add"].click()
    doc = window.open_doc.document
    assert doc is not None
    # Another program tags with the new label: undoing the add would take the tag with it.
    with Store.open(window.project.path or Path()) as other:
        other.add_annotation(new_annotation(doc, 41, 50, "verdict", "carol"))
    window.actions_.undo.trigger()
    assert dialogs and "verdict" in dialogs[-1][1]
    assert "verdict" in _names(window) and window.undo_stack.index() == 1


def test_the_dialog_says_changes_are_undoable(window: MainWindow, qtbot: QtBot) -> None:
    dialog = _dialog(window, qtbot)
    texts = [w.text() for w in dialog.findChildren(QLabel)]
    assert any("Undo" in t for t in texts) and not any("cannot be undone" in t for t in texts)
    dialog.grab().save("/tmp/undoscheme-labels.png")


class _ShoutingScheme(Shouting):
    """Shouting, for the scheme commands' context."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        if context == "SchemeCommands":
            return super().translate("Actions", source, disambiguation, n)
        return super().translate(context, source, disambiguation, n) or source


def test_the_scheme_undo_texts_go_through_translation(window: MainWindow) -> None:
    translator = _ShoutingScheme()
    QCoreApplication.installTranslator(translator)
    try:
        texts = [
            AddLabel(window.project, "verdict").text(),
            RenameLabel(window.project, "claim", "assertion").text(),
            RemoveLabel(window.project, "claim", 3).text(),
            RenameLinkType(window.project, "denies", "rebuts").text(),
        ]
    finally:
        QCoreApplication.removeTranslator(translator)
    assert texts == [
        "ADD LABEL “verdict”",
        "RENAME LABEL “claim” TO “assertion”",
        "REMOVE LABEL “claim” AND 3 TAGS",
        "RENAME LINK TYPE “denies” TO “rebuts”",
    ]


def test_ctrl_z_in_the_dialog_undoes_and_redoes(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = window.project.path
    assert path is not None
    monkeypatch.setattr(labels_dialog, "ask_text", lambda *args: "assertion")
    dialog = _dialog(window, qtbot)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    before = _content(path)
    assert not dialog.buttons["undo"].isEnabled()
    _select(dialog, "claim")
    dialog.buttons["rename"].click()
    after = _content(path)
    assert dialog.buttons["undo"].toolTip() == "Undo Rename label “claim” to “assertion” (Ctrl+Z)"
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _content(path) == before and dialog.current() == "claim"
    assert dialog.status.text() == "Undone: Rename label “claim” to “assertion”."
    assert _first_row(dialog) == "claim"  # the list follows
    qtbot.keyClick(dialog.table, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert _content(path) == after and _first_row(dialog) == "assertion"
    dialog.buttons["undo"].click()
    assert _content(path) == before
    dialog.buttons["redo"].click()
    assert _content(path) == after and window.undo_stack.index() == 1
    dialog.grab().save("/tmp/undoscheme-labels-undo.png")


def test_add_label_tag_undo_both_then_redo_both(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = window.project.path
    assert path is not None
    start = _content(path)
    monkeypatch.setattr(labels_dialog, "ask_text", lambda *args: "verdict")
    _dialog(window, qtbot).buttons["add"].click()
    text = window.view.document_text()
    begin = text.index("Critics")
    window.view.select_span(begin, begin + len("Critics"))
    window.view.setFocus()
    key = window.label_bar.label_actions["verdict"].shortcut().toString()
    qtbot.keyClick(window.view, getattr(Qt.Key, f"Key_{key}"))
    tagged = _content(path)
    window.actions_.undo.trigger()  # the tag: a tombstone that still names the label
    window.actions_.undo.trigger()  # the label, and that tombstone with it
    assert _content(path) == start
    window.actions_.redo.trigger()
    window.actions_.redo.trigger()
    assert _content(path)[0] == tagged[0]
    assert [a.label for a in window.project.store.annotations() if a.quote == "Critics"] == ["verdict"]
