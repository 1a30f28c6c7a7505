"""Links made, followed and deleted in the real window from the keyboard; drawn, listed, undoable."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from db import Store
from db import links as link_store
from factcheck.core.links import Link, new_link
from factcheck.core.model import Document
from tests.faults import failing_writes
from tests.ui.conftest import OpenWindow
from tests.ui.structure_support import TEXT, answer_dialogs, focus_view, keys, tag_key
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window(text=TEXT)


def live_links(window: MainWindow) -> list[Link]:
    return window.project.links(window.current_document_id() or "")


def make_denial_link(window: MainWindow, qtbot: QtBot) -> tuple[str, str, Link]:
    claim = tag_key(window, qtbot, "Trump accepted Putin's assertions", Qt.Key.Key_1)
    tag_key(window, qtbot, "Lavrov", Qt.Key.Key_4)  # nearer, but not what a denial denies
    denial = tag_key(window, qtbot, "it was not clear", Qt.Key.Key_2)
    titles = answer_dialogs(keys(qtbot, Qt.Key.Key_Return), keys(qtbot, Qt.Key.Key_Return))
    qtbot.keyClick(window.view, Qt.Key.Key_L)
    assert titles == ["Link type", "Link target"]
    (link,) = live_links(window)
    focus_view(window, qtbot)
    return denial.id, claim.id, link


def test_l_enter_enter_links_a_denial_to_the_claim_it_denies(window: MainWindow, qtbot: QtBot) -> None:
    denial, claim, link = make_denial_link(window, qtbot)
    assert (link.type, link.from_id, link.to_id, link.annotator) == ("denies", denial, claim, "alice")
    assert window.open_doc.links.outgoing(denial) == [link]
    assert window.open_doc.links.incoming(claim) == [link]
    # Listed in the tag's detail and drawn: an arc from the current tag, a mark on both ends.
    detail = window.structure.detail
    qtbot.waitUntil(lambda: detail.tag_id == denial)
    assert [detail.links.item(i).text() for i in range(detail.links.count())] == [
        "→ denies “Trump accepted Putin's assertions” (claim) · alice"
    ]
    overlay = window.structure.overlay
    window.view.viewport().repaint()
    assert (denial, claim, "denies") in overlay.painted_arcs
    assert {denial, claim} <= set(overlay.painted_marks)

    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert live_links(window) == [] and len(window.open_doc.links) == 0
    qtbot.keyClick(window.view, Qt.Key.Key_Y, CTRL)
    assert [ln.id for ln in live_links(window)] == [link.id]
    assert window.open_doc.links.get(link.id) is not None


def test_f_follows_and_alt_left_comes_back(window: MainWindow, qtbot: QtBot) -> None:
    denial, claim, _link = make_denial_link(window, qtbot)
    window.structure.ctx.make_current(denial)
    qtbot.keyClick(window.view, Qt.Key.Key_F)
    assert window.view.current_annotation() == claim
    assert window.table.current_annotation() == claim
    qtbot.keyClick(window.view, Qt.Key.Key_F)  # the incoming link, followed back the other way
    assert window.view.current_annotation() == denial
    qtbot.keyClick(window.view, Qt.Key.Key_Left, ALT)
    assert window.view.current_annotation() == claim
    qtbot.keyClick(window.view, Qt.Key.Key_Backspace)
    assert window.view.current_annotation() == denial
    qtbot.keyClick(window.view, Qt.Key.Key_Left, ALT)
    assert "Nothing to go back to" in window.statusBar().currentMessage()


def test_shift_l_deletes_a_link_and_undo_brings_it_back(window: MainWindow, qtbot: QtBot) -> None:
    denial, _claim, link = make_denial_link(window, qtbot)
    window.structure.ctx.make_current(denial)
    qtbot.keyClick(window.view, Qt.Key.Key_L, SHIFT)
    assert live_links(window) == []
    stored = [r for r in window.project.store.annotations() if r.id == denial]
    assert stored  # the tags stay
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert [ln.id for ln in live_links(window)] == [link.id]


def test_a_link_picker_when_the_tag_has_several(window: MainWindow, qtbot: QtBot) -> None:
    denial, claim, _link = make_denial_link(window, qtbot)
    window.structure.ctx.make_current(denial)
    # A second link, its type typed into the picker's filter.
    answer_dialogs(keys(qtbot, "same", Qt.Key.Key_Return), keys(qtbot, Qt.Key.Key_Return))
    qtbot.keyClick(window.view, Qt.Key.Key_L)
    focus_view(window, qtbot)
    assert sorted(ln.type for ln in live_links(window)) == ["denies", "same_claim"]
    titles = answer_dialogs(keys(qtbot, "denies", Qt.Key.Key_Return))
    qtbot.keyClick(window.view, Qt.Key.Key_L, SHIFT)
    assert titles == ["Delete a link"]
    assert [ln.type for ln in live_links(window)] == ["same_claim"]
    assert claim in window.open_doc.tags


def test_deleting_a_tag_deletes_its_links_undoably(window: MainWindow, qtbot: QtBot) -> None:
    _denial, claim, link = make_denial_link(window, qtbot)
    window.structure.ctx.make_current(claim)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert claim not in window.open_doc.tags
    assert live_links(window) == [] and len(window.open_doc.links) == 0
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert claim in window.open_doc.tags
    assert [ln.id for ln in live_links(window)] == [link.id]
    assert window.open_doc.links.incoming(claim)[0].id == link.id


def test_the_detail_list_follows_with_enter_and_deletes_with_delete(window: MainWindow, qtbot: QtBot) -> None:
    denial, claim, _link = make_denial_link(window, qtbot)
    detail = window.structure.detail
    qtbot.waitUntil(lambda: detail.tag_id == denial)
    detail.links.setFocus()
    detail.links.setCurrentRow(0)
    qtbot.keyClick(detail.links, Qt.Key.Key_Return)
    assert window.view.current_annotation() == claim
    qtbot.waitUntil(lambda: detail.tag_id == claim)
    assert detail.links.item(0).text().startswith("← denies from “it was not clear”")
    detail.links.setFocus()
    detail.links.setCurrentRow(0)
    qtbot.keyClick(detail.links, Qt.Key.Key_Delete)
    assert live_links(window) == []
    qtbot.waitUntil(lambda: detail.links.count() == 0)


def test_only_the_links_annotator_deletes_it(open_window: OpenWindow, qtbot: QtBot) -> None:
    window = open_window(text=TEXT)
    denial, _claim, link = make_denial_link(window, qtbot)
    window.use_annotator("bob")
    window.structure.ctx.make_current(denial)
    qtbot.keyClick(window.view, Qt.Key.Key_L, SHIFT)
    assert "belongs to alice" in window.statusBar().currentMessage()
    assert [ln.id for ln in live_links(window)] == [link.id]


def test_undoing_a_link_from_another_document_shows_it(open_window: OpenWindow, qtbot: QtBot) -> None:
    def prepare(store: Store, _doc: Document) -> None:
        store.add_document(Document.create("Another article.", title="Other"))

    window = open_window(text=TEXT, prepare=prepare)
    denial, _claim, link = make_denial_link(window, qtbot)
    first = window.current_document_id()
    assert first is not None
    other = next(s.id for s in window.project.documents() if s.title == "Other")
    window.open_document(other)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert window.current_document_id() == first
    assert window.project.links(first) == [] and window.view.current_annotation() == denial
    assert link.id not in window.open_doc.links.by_id


def test_a_link_made_by_another_process_appears(window: MainWindow, qtbot: QtBot, db_path: Path) -> None:
    denial, claim, link = make_denial_link(window, qtbot)
    doc_id = window.current_document_id()
    assert doc_id is not None and not window.project.reload_if_changed()  # our own writes: nothing new
    other = Store.open(db_path)
    try:
        theirs = link_store.add_link(other, new_link(doc_id, "same_claim", claim, denial, "bob"))
    finally:
        other.close()
    assert window.project.reload_if_changed()
    assert window.open_doc.links.get(theirs.id) == theirs
    assert {ln.id for ln in window.open_doc.links.of(claim)} == {link.id, theirs.id}


def test_a_link_on_a_full_disk_is_not_half_made(
    window: MainWindow, qtbot: QtBot, dialogs: list[tuple[str, str]]
) -> None:
    tag_key(window, qtbot, "Trump accepted Putin's assertions", Qt.Key.Key_1)
    tag_key(window, qtbot, "it was not clear", Qt.Key.Key_2)
    count = window.undo_stack.count()
    answer_dialogs(keys(qtbot, Qt.Key.Key_Return), keys(qtbot, Qt.Key.Key_Return))
    with failing_writes(window.project.store, "database or disk is full"):
        qtbot.keyClick(window.view, Qt.Key.Key_L)
    assert len(dialogs) == 1 and "disk is full" in dialogs[0][1]
    assert live_links(window) == [] and len(window.open_doc.links) == 0
    assert window.undo_stack.count() == count  # no command whose write failed
    focus_view(window, qtbot)
    answer_dialogs(keys(qtbot, Qt.Key.Key_Return), keys(qtbot, Qt.Key.Key_Return))
    qtbot.keyClick(window.view, Qt.Key.Key_L)  # the cause gone: the same keys make it
    assert len(live_links(window)) == 1
