"""Documents in the window: the source under the title, the filter on sources, F2 renames in place,
Delete removes (asking, undoable), the next document opens in its place."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from db import Store
from db.documents import is_removed
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.ui.conftest import OpenWindow
from ui import document_tools
from ui.document_list import FilterRole, IdRole
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on show()


def _prepare(store: Store, doc: Document) -> None:
    store.add_annotation(new_annotation(doc, 0, 8, "claim", "alice"))
    for title, source in (("Tillerson on Russia", "/home/ana/news/tillerson.html"),
                          ("Budget vote", "https://example.org/budget")):  # fmt: skip
        store.add_document(Document.create(f"{title}: the text of it.", title=title, source=source))


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window(prepare=_prepare)


def _titles(window: MainWindow) -> list[str]:
    proxy = window.doc_list.proxy
    return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]


def test_the_filter_matches_sources_too(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.keyClicks(window.doc_list.filter, "example.org")
    assert _titles(window) == ["Budget vote"]
    window.doc_list.filter.clear()
    assert window.doc_list.model.index(0).data(FilterRole) == "Roe on crime\nroe.txt"


def test_f2_renames_in_place_and_undo_renames_back(window: MainWindow, qtbot: QtBot) -> None:
    first = window.current_document_id()
    window.doc_list.view.setFocus()
    qtbot.keyClick(window.doc_list.view, Qt.Key.Key_F2)
    editor = window.doc_list.view.findChild(QLineEdit)
    assert editor is not None and editor.isVisible() and editor.text() == "Roe on crime"
    editor.selectAll()
    qtbot.keyClicks(editor, "Roe: crime figures")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # Qt commits the editor's text from a queued call
    qtbot.waitUntil(lambda: window.project.store.document(first or "").title == "Roe: crime figures")
    assert _titles(window)[0] == "Roe: crime figures"
    assert window.windowTitle().startswith("Roe: crime figures")
    window.undo()
    assert window.project.store.document(first or "").title == "Roe on crime"
    assert _titles(window)[0] == "Roe on crime"


def test_delete_removes_after_asking_and_undo_brings_all_back(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    answer = [False]

    def confirm(parent: object, title: str, message: str, offer: str) -> bool:
        asked.append(message)
        return answer[0]

    monkeypatch.setattr(document_tools, "confirm", confirm)
    store = window.project.store
    first = window.current_document_id() or ""
    sha = store.document(first).sha256
    window.doc_list.view.setFocus()
    qtbot.keyClick(window.doc_list.view, Qt.Key.Key_Delete)
    assert "Remove “Roe on crime” and its 1 tag" in asked[0] and "Undo" in asked[0]
    assert len(store.documents()) == 3  # cancelled: nothing changed
    answer[0] = True
    qtbot.keyClick(window.doc_list.view, Qt.Key.Key_Delete)
    assert [d.title for d in store.documents()] == ["Tillerson on Russia", "Budget vote"]
    assert store.annotations(include_deleted=True) == [] and is_removed(store, sha)
    assert window.open_doc.document is not None and window.open_doc.document.title == "Tillerson on Russia"
    assert "Removed" in window.statusBar().currentMessage()
    window.undo()
    assert window.current_document_id() is not None
    assert [a.quote for a in store.annotations(first)] == ["Minister"]
    assert not is_removed(store, sha) and len(_titles(window)) == 3
    window.open_document(first)
    window.redo()  # removed again while it is open: the next one takes its place
    assert len(store.documents()) == 2
    assert window.open_doc.document is not None and window.open_doc.document.title == "Tillerson on Russia"


def test_a_document_removed_by_another_program_leaves_the_screen(window: MainWindow) -> None:
    first = window.current_document_id() or ""
    with Store.open(window.project.store.path or "") as other:
        from db.documents import remove_document

        remove_document(other, first, "bob")
    assert window.project.reload_if_changed()
    assert window.current_document_id() not in (None, first)
    assert "Roe on crime" not in _titles(window)


def test_project_menu_removes_the_chosen_document(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(document_tools, "confirm", lambda *args: True)
    index = window.doc_list.proxy.index(2, 0)
    window.doc_list.view.setCurrentIndex(index)
    chosen = index.data(IdRole)
    window.actions_.remove_document.trigger()
    assert chosen not in {d.id for d in window.project.store.documents()}
    assert window.current_document_id() != chosen
