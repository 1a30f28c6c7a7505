"""Project > Link types…: a rename by keyboard is remembered (a teammate's older links merge under the
new name) and the status line says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from db import Store
from db import link_types as db_link_types
from db import links as db_links
from factcheck.core.links import new_link
from factcheck.core.model import Document
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from tests.ui.conftest import OpenWindow
from tests.ui.structure_support import TEXT, add_tag, answer_dialogs, keys
from ui.link_types_dialog import LinkTypesDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_a_rename_in_the_dialog_is_remembered_and_said(
    open_window: OpenWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    made: dict[str, str] = {}

    def prepare(store: Store, doc: Document) -> None:
        claim = add_tag(store, doc, "Trump accepted Putin's assertions", "claim", "alice")
        denial = add_tag(store, doc, "it was not clear", "denial", "alice")
        db_links.add_link(store, new_link(doc.id, "denies", denial.id, claim.id, "alice"))
        # ben's copy, made before the rename, with a denies link of his own.
        with Store.open(tmp_path / "ben.db") as ben:
            ben.add_document(doc)
            ben.put_annotation(claim)
            ben.put_annotation(denial)
            made["bens"] = db_links.add_link(ben, new_link(doc.id, "denies", claim.id, denial.id, "ben")).id
            export(ben, "json", tmp_path / "ben.json")

    window = open_window(text=TEXT, prepare=prepare)
    dialog = LinkTypesDialog(window.project, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert dialog.current() == "denies"
    titles = answer_dialogs(keys(qtbot, "rebuts", Qt.Key.Key_Return))
    qtbot.keyClick(dialog.table, Qt.Key.Key_F2)
    assert titles == ["Rename link type"]
    status = dialog.status.text()
    assert (
        "its 1 link follows" in status
        and "Teammates' “denies” links merged later arrive as “rebuts”" in status
    )
    qtbot.wait(50)  # the status line is laid out again for its second line
    dialog.grab().save("/tmp/linkrenames-dialog.png")
    store = window.project.store
    assert db_link_types.renamed_link_types(store) == {"denies": "rebuts"}

    report = import_paths(store, [tmp_path / "ben.json"])
    assert not report.conflicts
    assert [t.name for t in db_links.link_types(store)] == [
        "rebuts",
        "characterizes",
        "same_claim",
        "corrects",
    ]
    got = db_links.link(store, made["bens"])
    assert got is not None and got.type == "rebuts"
