"""Undoing a document's removal: the links between its tags come back with them (the cascade deletes them
with the document); after one of its tags' labels, or its links' type, was renamed elsewhere (another
program, or the Labels dialog), the tags come back under the new name, the links with the new type; a label
removed meanwhile refuses the undo, saying why, and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from db import Store
from db import labels as label_store
from db import link_types as link_type_store
from db import links as link_store
from db.documents import remove_document
from factcheck.core.links import new_link
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.importing import import_paths
from tests.ui.conftest import OpenWindow
from ui import document_tools, labels_dialog
from ui.labels_dialog import LabelsDialog
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on show()


def _linked(store: Store, doc: Document) -> None:
    def tag(words: str, label: str) -> str:
        start = doc.text.index(words)
        return store.add_annotation(new_annotation(doc, start, start + len(words), label, "alice")).id

    claim, denial = tag("crime fell by 20%", "claim"), tag("We never said that", "denial")
    link_store.add_link(store, new_link(doc.id, "denies", denial, claim, "alice"))
    store.add_document(Document.create("Budget vote: the text of it.", title="Budget vote"))


def _remove_first(window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(document_tools, "confirm", lambda *args: True)
    first = window.current_document_id() or ""
    window.doc_list.select_document(first)
    window.doc_list.view.setFocus()
    qtbot.keyClick(window.doc_list.view, Qt.Key.Key_Delete)
    assert first not in {s.id for s in window.project.documents()}
    return first


def test_undoing_a_removal_brings_back_the_links_between_its_tags(
    open_window: OpenWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(prepare=_linked)
    (link,) = window.project.links(window.current_document_id() or "")
    first = _remove_first(window, qtbot, monkeypatch)
    assert window.project.links(first) == []
    window.undo()
    assert window.project.links(first) == [link]  # the cascade had deleted it with the document
    window.open_document(first)
    assert [ln.id for ln in window.open_doc.links.outgoing(link.from_id)] == [link.id]


def test_undo_follows_a_rename_made_by_another_program(
    open_window: OpenWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(prepare=_linked)
    first = _remove_first(window, qtbot, monkeypatch)
    with Store.open(window.project.store.path or "") as other:
        label_store.rename_label(other, "claim", "assertion")
        link_type_store.rename_link_type(other, "denies", "rebuts")
    window.project.reload_if_changed()
    assert window.undo_stack.canUndo()
    window.undo()
    assert first in {s.id for s in window.project.documents()}
    tags = window.project.store.annotations(first)
    assert sorted(t.label for t in tags) == ["assertion", "denial"]
    (link,) = window.project.links(first)
    assert link.type == "rebuts"


def test_undo_is_refused_when_a_label_was_removed_meanwhile(
    open_window: OpenWindow,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: list[tuple[str, str]],
) -> None:
    window = open_window(prepare=_linked)
    first = _remove_first(window, qtbot, monkeypatch)
    with Store.open(window.project.store.path or "") as other:
        label_store.remove_label(other, "denial")  # no tag has it while the document is away
    window.project.reload_if_changed()
    window.undo()
    ((kind, said),) = dialogs
    assert kind == "critical" and said.startswith("Undo failed: ")
    assert "the label “denial”, which was removed since" in said and "Add the label again" in said
    assert first not in {s.id for s in window.project.documents()}  # nothing changed: still removed
    assert window.undo_stack.canUndo()  # once the label is back, undo brings the document back
    with Store.open(window.project.store.path or "") as other:
        label_store.add_label(other, "denial", "#c62828")
    window.project.reload_if_changed()
    window.undo()
    assert sorted(t.label for t in window.project.store.annotations(first)) == ["claim", "denial"]


def test_a_rename_in_the_labels_dialog_is_undone_first(
    open_window: OpenWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(prepare=_linked)
    first = _remove_first(window, qtbot, monkeypatch)
    monkeypatch.setattr(labels_dialog, "ask_text", lambda *args: "assertion")
    dialog = LabelsDialog(window.project, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.table.selectRow([lab.name for lab in dialog.labels()].index("claim"))
    dialog.buttons["rename"].click()
    dialog.close()
    window.actions_.undo.trigger()  # the rename: claim again
    window.actions_.undo.trigger()  # the removal
    assert sorted(t.label for t in window.project.store.annotations(first)) == ["claim", "denial"]
    window.actions_.redo.trigger()
    window.actions_.redo.trigger()
    assert first not in {s.id for s in window.project.documents()}
    assert "assertion" in {lab.name for lab in window.project.labels()}
    window.actions_.undo.trigger()
    window.actions_.undo.trigger()
    assert sorted(t.label for t in window.project.store.annotations(first)) == ["claim", "denial"]


def test_undo_after_the_article_was_imported_again_moves_on(
    open_window: OpenWindow,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: list[tuple[str, str]],
    tmp_path: Path,
) -> None:
    window = open_window(prepare=_linked)
    doc = window.project.document(window.current_document_id() or "")
    window.undo_stack.clear()
    window.view.setFocus()
    window.view.select_span(0, 8)
    window.apply_label("characterization")  # an earlier step, undone once the removal's is passed
    first = _remove_first(window, qtbot, monkeypatch)
    article = tmp_path / "roe.txt"
    article.write_text(doc.text, encoding="utf-8")
    with Store.open(window.project.store.path or "") as other:  # factcheck import roe.txt elsewhere
        import_paths(other, [article])
    window.project.reload_if_changed()
    window.undo()
    assert dialogs == []
    assert "imported again" in window.statusBar().currentMessage()
    assert first not in {s.id for s in window.project.documents()}  # the copy imported again stays
    assert len(window.project.documents()) == 2
    window.undo()  # the step before it: the characterization tag made on the removed copy
    assert dialogs == [] and not window.undo_stack.canUndo()
    assert "removed meanwhile" in window.statusBar().currentMessage()
    window.redo()
    window.redo()
    assert dialogs == [] and len(window.project.documents()) == 2


def test_steps_on_a_document_removed_by_another_program_change_nothing(
    open_window: OpenWindow, dialogs: list[tuple[str, str]]
) -> None:
    window = open_window(prepare=_linked)
    first = window.current_document_id() or ""
    window.undo_stack.clear()
    window.view.setFocus()
    window.view.select_span(0, 8)
    window.apply_label("characterization")  # a new tag
    window.relabel_current("claim")  # then relabelled
    assert window.undo_stack.count() == 2
    with Store.open(window.project.store.path or "") as other:  # factcheck remove in a terminal
        remove_document(other, first, "bob")
    window.project.reload_if_changed()
    for step in (window.undo, window.undo, window.redo, window.redo):
        step()
        assert dialogs == []
        assert "removed meanwhile" in window.statusBar().currentMessage()
    assert window.undo_stack.index() == 2
