"""Speakers in the real window: W names a source tag's speaker (a completer; a new name makes one), the
Speakers dialog lists, adds, edits and merges them, and a speaker's page lists what they said across
documents (Enter opens the document at the tag). Every change is undoable from the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from db import Store
from db import speakers as speaker_store
from factcheck.core.model import Document
from factcheck.core.speakers import Speaker, new_speaker
from tests.ui.conftest import OpenWindow
from tests.ui.structure_support import TEXT, answer_dialogs, focus_view, keys, stored, tag_key
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "grabbing the keyboard", "support raise")
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
SECOND = "Rex Tillerson said the talks were robust.\n"


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    def prepare(store: Store, _doc: Document) -> None:
        store.add_document(Document.create(SECOND, title="Tillerson on talks", source="second.txt"))

    return open_window(text=TEXT, prepare=prepare)


def live_speakers(window: MainWindow) -> dict[str, Speaker]:
    return {s.name: s for s in window.project.speakers()}


def activate(qtbot: QtBot, widget: QWidget) -> None:
    """Make a window active (its shortcuts then work), as a click on it would."""
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


def name_speaker(window: MainWindow, qtbot: QtBot, *answer: Qt.Key | str) -> list[str]:
    titles = answer_dialogs(keys(qtbot, *answer))
    qtbot.keyClick(window.view, Qt.Key.Key_W)
    focus_view(window, qtbot)
    return titles


def test_w_names_a_new_speaker_then_completes_an_existing_one(window: MainWindow, qtbot: QtBot) -> None:
    first = tag_key(window, qtbot, "Tillerson", Qt.Key.Key_4)
    titles = name_speaker(window, qtbot, Qt.Key.Key_Backspace, "Rex Tillerson", Qt.Key.Key_Return)
    assert titles == ["Speaker"]
    rex = live_speakers(window)["Rex Tillerson"]
    assert stored(window, first.id).speaker == rex.id
    second = tag_key(window, qtbot, "Rex Tillerson", Qt.Key.Key_4)
    name_speaker(window, qtbot, Qt.Key.Key_Backspace, "rex tillerson", Qt.Key.Key_Return)  # any case
    assert stored(window, second.id).speaker == rex.id
    assert list(live_speakers(window)) == ["Rex Tillerson"]  # no second speaker
    detail = window.structure.detail
    qtbot.waitUntil(lambda: detail.tag_id == second.id)
    assert detail.speaker.text() == "Rex Tillerson"

    # One undo takes the new speaker and its assignment back together.
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert stored(window, second.id).speaker is None
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)  # the second source tag
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert stored(window, first.id).speaker is None and live_speakers(window) == {}
    qtbot.keyClick(window.view, Qt.Key.Key_Y, CTRL)
    assert stored(window, first.id).speaker == rex.id and list(live_speakers(window)) == ["Rex Tillerson"]


def test_w_on_a_content_tag_explains(window: MainWindow, qtbot: QtBot) -> None:
    claim = tag_key(window, qtbot, "it was not clear", Qt.Key.Key_1)
    qtbot.keyClick(window.view, Qt.Key.Key_W)
    assert "a speaker is named on a source tag" in window.statusBar().currentMessage()
    assert stored(window, claim.id).speaker is None


def test_speakers_dialog_add_edit_merge_and_the_page(window: MainWindow, qtbot: QtBot) -> None:
    source = tag_key(window, qtbot, "Tillerson", Qt.Key.Key_4)
    name_speaker(window, qtbot, Qt.Key.Key_Backspace, "Tillerson", Qt.Key.Key_Return)
    claim = tag_key(window, qtbot, "it was not clear", Qt.Key.Key_1)
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    assert stored(window, claim.id).source == source.id
    # The same person in the second article, under a fuller name.
    second_doc = next(s.id for s in window.project.documents() if s.title == "Tillerson on talks")
    window.open_document(second_doc)
    focus_view(window, qtbot)
    other_source = tag_key(window, qtbot, "Rex Tillerson", Qt.Key.Key_4)
    name_speaker(window, qtbot, Qt.Key.Key_Backspace, "Rex Tillerson", Qt.Key.Key_Return)
    other_claim = tag_key(window, qtbot, "the talks were robust", Qt.Key.Key_3)
    qtbot.keyClick(window.view, Qt.Key.Key_S)

    qtbot.keyClick(window.view, Qt.Key.Key_K, CTRL | SHIFT)
    dialog = window.structure.speakers_dialog
    assert dialog is not None and dialog.isVisible()
    assert sorted(dialog.model.speaker(r).name for r in range(dialog.model.rowCount())) == [
        "Rex Tillerson",
        "Tillerson",
    ]
    # Edit Rex Tillerson: kind, description, a Wikidata URL (keyboard: F2, Tab between fields).
    dialog.select(live_speakers(window)["Rex Tillerson"].id)
    answer_dialogs(
        keys(qtbot, Qt.Key.Key_Tab, Qt.Key.Key_Tab, "US Secretary of State", Qt.Key.Key_Tab,
             "https://www.wikidata.org/wiki/Q58574", Qt.Key.Key_Tab, Qt.Key.Key_Return)
    )  # fmt: skip
    activate(qtbot, dialog)
    qtbot.keyClick(dialog.table, Qt.Key.Key_F2)
    rex = live_speakers(window)["Rex Tillerson"]
    assert rex.description == "US Secretary of State"
    assert rex.same_as == ("https://www.wikidata.org/wiki/Q58574",)
    # Merge "Tillerson" into "Rex Tillerson" (Ctrl+M, then the picker).
    dialog.select(live_speakers(window)["Tillerson"].id)
    answer_dialogs(keys(qtbot, "Rex", Qt.Key.Key_Return))
    activate(qtbot, dialog)
    qtbot.keyClick(dialog.table, Qt.Key.Key_M, CTRL)
    assert live_speakers(window)["Tillerson"].merged_into == rex.id
    assert dialog.page.speaker_id == rex.id
    # The page: both ways of naming him, and what he said in both documents.
    said = [dialog.page.said_model.row(r)[1].id for r in range(dialog.page.said_model.rowCount())]
    assert sorted(said) == sorted([claim.id, other_claim.id])
    assert (
        "“Tillerson” ×1" in dialog.page.named_as.text()
        and "“Rex Tillerson” ×1" in dialog.page.named_as.text()
    )
    header = dialog.page.findChild(QLabel, "speakerHeader")
    assert header is not None and "wikidata.org/wiki/Q58574" in header.text()
    qtbot.wait(50)  # the header relays out
    dialog.grab().save("/tmp/s11ui-speakers.png")

    # Enter on a row opens its document at the tag.
    first_doc = window.project.document(claim.document_id)
    row = said.index(claim.id)
    activate(qtbot, dialog)
    dialog.page.said.setFocus()
    dialog.page.said.setCurrentIndex(dialog.page.said_model.index(row, 0))
    qtbot.keyClick(dialog.page.said, Qt.Key.Key_Return)
    assert window.current_document_id() == first_doc.id
    assert window.view.current_annotation() == claim.id

    # Undo (in the window) separates them again.
    focus_view(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert live_speakers(window)["Tillerson"].merged_into is None
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert live_speakers(window)["Rex Tillerson"].description == ""
    assert other_source.id  # still there


def test_a_bad_same_as_address_is_refused_with_a_message(
    window: MainWindow, qtbot: QtBot, dialogs: list[tuple[str, str]]
) -> None:
    dialog = window.structure.show_speakers()

    typed = keys(qtbot, "Jane Roe", Qt.Key.Key_Tab, Qt.Key.Key_Tab, Qt.Key.Key_Tab, "wikidata Q1",
                 Qt.Key.Key_Tab, Qt.Key.Key_Return)  # fmt: skip
    asked: list[str] = []

    def discard() -> None:  # Esc asks before dropping what was typed: Discard
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, discard)
            return
        asked.append(box.text())
        next(b for b in box.buttons() if "Discard" in b.text()).click()

    def then_escape(editor: QWidget) -> None:
        typed(editor)
        QTimer.singleShot(0, discard)
        qtbot.keyClick(editor.focusWidget() or editor, Qt.Key.Key_Escape)

    answer_dialogs(then_escape)
    activate(qtbot, dialog)
    qtbot.keyClick(dialog.table, Qt.Key.Key_N, CTRL)
    assert dialogs and "not a web address" in dialogs[0][1]
    assert asked and "Discard" in asked[0]
    assert live_speakers(window) == {}


def test_page_has_a_place_for_more_sections_and_follows_the_tags(window: MainWindow, qtbot: QtBot) -> None:
    shown: list[str | None] = []

    class Section(QLabel):
        def show_speaker(self, speaker_id: str | None) -> None:
            shown.append(speaker_id)

    window.structure.add_speaker_section("Claims", lambda: Section("cards"))
    source = tag_key(window, qtbot, "Lavrov", Qt.Key.Key_4)
    name_speaker(window, qtbot, Qt.Key.Key_Backspace, "Sergei Lavrov", Qt.Key.Key_Return)
    lavrov = live_speakers(window)["Sergei Lavrov"]
    dialog = window.structure.show_speakers()
    dialog.select(lavrov.id)
    assert shown[-1] == lavrov.id
    assert dialog.page.said_model.rowCount() == 0
    # Attributing a claim to him in the window (the dialog open beside it) updates his page.
    focus_view(window, qtbot)
    claim = tag_key(window, qtbot, "Trump accepted Putin's assertions", Qt.Key.Key_1)
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    assert stored(window, claim.id).source == source.id
    qtbot.waitUntil(lambda: dialog.page.said_model.rowCount() == 1)
    assert dialog.page.said_model.row(0)[1].id == claim.id


def test_w_takes_a_straight_apostrophe_for_the_articles_curly_one(
    open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(text="Dan O’Brien said it was not clear. Later O'Brien said it again.\n")
    first = tag_key(window, qtbot, "Dan O’Brien", Qt.Key.Key_4)
    name_speaker(window, qtbot, Qt.Key.Key_Return)  # the tag's words, as the article prints them
    dan = live_speakers(window)["Dan O’Brien"]
    assert stored(window, first.id).speaker == dan.id
    second = tag_key(window, qtbot, "O'Brien", Qt.Key.Key_4)
    name_speaker(window, qtbot, Qt.Key.Key_Backspace, "dan o'brien", Qt.Key.Key_Return)  # as typed
    assert stored(window, second.id).speaker == dan.id
    assert list(live_speakers(window)) == ["Dan O’Brien"]  # no second speaker


def test_w_with_a_merged_speakers_name_names_the_one_it_was_merged_into(
    open_window: OpenWindow, qtbot: QtBot
) -> None:
    def prepare(store: Store, _doc: Document) -> None:
        rex = speaker_store.add_speaker(store, new_speaker("Rex Tillerson"))
        short = speaker_store.add_speaker(store, new_speaker("Tillerson"))
        speaker_store.merge_speakers(store, rex.id, short.id)

    window = open_window(text=TEXT, prepare=prepare)
    source = tag_key(window, qtbot, "Tillerson", Qt.Key.Key_4)
    name_speaker(window, qtbot, Qt.Key.Key_Return)  # "Tillerson", the tag's words
    rex = live_speakers(window)["Rex Tillerson"]
    assert stored(window, source.id).speaker == rex.id
    assert sorted(live_speakers(window)) == ["Rex Tillerson", "Tillerson"]  # no second "Tillerson"


def test_an_open_speakers_page_is_not_refreshed_after_the_window_closed(
    window: MainWindow, qtbot: QtBot
) -> None:
    dialog = window.structure.show_speakers()
    qtbot.waitExposed(dialog)
    focus_view(window, qtbot)
    tag_key(window, qtbot, "Lavrov", Qt.Key.Key_1)  # a tag written: the page refreshes soon
    window.close()
    window.project.close()
    qtbot.wait(500)  # the wait ends after the project closed: nothing may read it
    dialog.close()
