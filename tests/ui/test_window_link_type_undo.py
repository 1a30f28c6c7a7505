"""Project > Link types… changes are commands on the window's undo stack: each edit, its undo and its redo,
with the database file's content after each (types, links, former names), and a teammate's file with a
link of a type whose rename was undone."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from db import Store
from db import links as db_links
from factcheck.core.links import new_link
from factcheck.core.model import Document
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from tests.ui.conftest import OpenWindow
from tests.ui.structure_support import TEXT, add_tag
from tests.ui.undo_support import assert_undo_redo
from ui import link_types_dialog
from ui.link_types_dialog import LinkTypesDialog
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

Rows = list[tuple[Any, ...]]
made: dict[str, str] = {}


def _content(path: Path) -> tuple[Rows, Rows, Rows]:
    """What the file holds (another connection): link types, links (whether deleted rather than when: a
    rename, a removal and their undo and redo stamp the time, as a merge needs), former link type names."""
    with sqlite3.connect(path) as conn:
        return (
            conn.execute("SELECT * FROM link_types ORDER BY name").fetchall(),
            conn.execute(
                "SELECT id, document_id, type, from_id, to_id, annotator, created_at, "
                "deleted_at IS NOT NULL FROM links "
                "ORDER BY id"
            ).fetchall(),
            conn.execute("SELECT * FROM link_type_renames ORDER BY old").fetchall(),
        )


def _prepare(store: Store, doc: Document) -> None:
    claim = add_tag(store, doc, "Trump accepted Putin's assertions", "claim", "alice")
    denial = add_tag(store, doc, "it was not clear", "denial", "alice")
    made["live"] = db_links.add_link(store, new_link(doc.id, "denies", denial.id, claim.id, "alice")).id
    gone = db_links.add_link(store, new_link(doc.id, "denies", claim.id, denial.id, "bob"))
    db_links.delete_link(store, gone.id)  # deleted before: the removal's undo must leave it deleted
    with store.atomic():
        store._db.execute(
            "INSERT INTO link_type_renames (old, new, renamed_at) "
            "VALUES ('refutes', 'denies', '2020-01-01T00:00:00Z')"
        )


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window(text=TEXT, prepare=_prepare)


def _dialog(window: MainWindow, qtbot: QtBot) -> LinkTypesDialog:
    dialog = LinkTypesDialog(window.project, window)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _select(dialog: LinkTypesDialog, name: str) -> None:
    dialog.table.selectRow([t.name for t in dialog.types()].index(name))


def _undo_redo(window: MainWindow, before: object, after: object, undo_text: str) -> None:
    assert_undo_redo(window, _content, before, after, undo_text)


def test_each_link_type_change_undoes_and_redoes(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = window.project.path
    assert path is not None
    monkeypatch.setattr(link_types_dialog, "ask_new_type", lambda *args: ("supports", False))
    monkeypatch.setattr(link_types_dialog, "ask_text", lambda *args: "rebuts")
    monkeypatch.setattr(link_types_dialog, "confirm_removal", lambda *args: True)
    dialog = _dialog(window, qtbot)
    start = _content(path)

    dialog.buttons["add"].click()
    added = _content(path)
    _undo_redo(window, start, added, "Add link type “supports”")

    _select(dialog, "denies")
    dialog.buttons["rename"].click()
    renamed = _content(path)
    assert {row[0]: row[1] for row in renamed[2]} == {"denies": "rebuts", "refutes": "rebuts"}
    _undo_redo(window, added, renamed, "Rename link type “denies” to “rebuts”")
    assert {link.type for link in window.open_doc.links} == {"rebuts"}  # the open document follows

    _select(dialog, "rebuts")
    dialog.symmetric.click()
    symmetric = _content(path)
    _undo_redo(window, renamed, symmetric, "Make link type “rebuts” symmetric")

    _select(dialog, "rebuts")
    dialog.buttons["down"].click()
    moved = _content(path)
    _undo_redo(window, symmetric, moved, "Move link type “rebuts” down")

    _select(dialog, "rebuts")
    dialog.buttons["remove"].click()
    removed = _content(path)
    assert all(row[7] for row in removed[1])  # both links deleted now
    _undo_redo(window, moved, removed, "Remove link type “rebuts” and 1 link")
    assert window.project.store is not None

    for _ in range(5):
        window.actions_.undo.trigger()
    assert _content(path) == start and not window.undo_stack.canUndo()
    live = db_links.link(window.project.store, made["live"])
    assert live is not None and live.type == "denies" and live.deleted_at is None


def test_rename_undo_then_a_teammates_file_with_the_old_name(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    store = window.project.store
    doc = window.open_doc.document
    assert doc is not None
    tags = {a.quote: a for a in store.annotations()}
    with Store.open(tmp_path / "ben.db") as ben:
        ben.add_document(doc)
        for tag in tags.values():
            ben.put_annotation(tag)
        claim, denial = tags["Trump accepted Putin's assertions"], tags["it was not clear"]
        bens = db_links.add_link(ben, new_link(doc.id, "denies", claim.id, denial.id, "ben")).id
        export(ben, "json", tmp_path / "ben.json")
    monkeypatch.setattr(link_types_dialog, "ask_text", lambda *args: "rebuts")
    dialog = _dialog(window, qtbot)
    _select(dialog, "denies")
    memory = _content(window.project.path or Path())[2]
    dialog.buttons["rename"].click()
    window.actions_.undo.trigger()
    assert _content(window.project.path or Path())[2] == memory  # the former names exactly as before

    assert not import_paths(store, [tmp_path / "ben.json"]).conflicts
    got = db_links.link(store, bens)
    assert got is not None and got.type == "denies"
    assert "rebuts" not in [t.name for t in db_links.link_types(store)]


def test_the_dialog_says_changes_are_undoable(window: MainWindow, qtbot: QtBot) -> None:
    dialog = _dialog(window, qtbot)
    dialog.grab().save("/tmp/undoscheme-linktypes.png")
    from PySide6.QtWidgets import QLabel

    texts = [w.text() for w in dialog.findChildren(QLabel)]
    assert any("Undo" in t for t in texts) and not any("cannot be undone" in t for t in texts)
