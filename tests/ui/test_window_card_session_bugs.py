"""What the random card and review sessions (test_window_card_sessions.py) found, each replayed by hand."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QListWidget
from pytestqt.qtbot import QtBot

from db import Store
from db import links as links_db
from db import speakers as speakers_db
from factcheck.core.links import new_link
from factcheck.core.model import Document
from factcheck.core.speakers import Speaker
from tests.ui.claims_support import in_dialog, make_current, tag_of
from tests.ui.conftest import OpenWindow
from tests.ui.session_support import TEXT, US, two_annotators
from ui.commands import push_command
from ui.main_window import MainWindow
from ui.structure_commands import AddLink

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "not support raise")
K = Qt.Key


def card_rows(window: MainWindow) -> list[tuple[str, str]]:
    """The opened card's tag list as shown: (quote, tag column)."""
    model = window.claims.pane.card.tags_model
    return [(str(model.index(r, 2).data()), str(model.index(r, 1).data())) for r in range(model.rowCount())]


def open_ridership_card(window: MainWindow) -> None:
    card_id = next(r.id for r in window.claims.model.rows() if r.text == "Ridership more than doubled.")
    window.claims.open_card(card_id, focus=False)


def test_the_opened_card_drops_a_denial_deleted_and_shows_it_again_on_undo(
    open_window: OpenWindow, qtbot: QtBot, dialogs: list[tuple[str, str]]
) -> None:
    window = open_window(text=TEXT, annotator=US, prepare=two_annotators)
    open_ridership_card(window)
    denial = tag_of(window, "has never published any number")
    assert (denial.quote, "denial — denies it") in card_rows(window)
    make_current(window, denial)
    qtbot.keyClick(window.view, K.Key_Delete)
    assert window.project.store.annotation(denial.id).deleted  # type: ignore[union-attr]
    assert denial.quote not in [quote for quote, _tag in card_rows(window)]
    window.undo()
    assert (denial.quote, "denial — denies it") in card_rows(window)
    assert not dialogs


def test_the_opened_card_follows_a_link_made_to_its_tag_and_its_undo(
    open_window: OpenWindow, qtbot: QtBot, dialogs: list[tuple[str, str]]
) -> None:
    window = open_window(text=TEXT, annotator=US, prepare=two_annotators)
    open_ridership_card(window)
    claim = next(
        a for a in window.open_doc.tags.by_id.values() if a.annotator == US and "ridership" in a.quote
    )
    start = TEXT.index("Critics called it")
    critics = window.tag_selection("characterization", (start, start + len("Critics called it")))
    assert critics is not None
    link = new_link(critics.document_id, "characterizes", critics.id, claim.id, US)
    push_command(window.undo_stack, AddLink(window.project, link, critics, claim))
    assert ("Critics called it", "characterization — characterizes it") in card_rows(window)
    window.undo()
    assert "Critics called it" not in [quote for quote, _tag in card_rows(window)]
    window.redo()
    assert ("Critics called it", "characterization — characterizes it") in card_rows(window)
    assert not dialogs


def same_claim_back(store: Store, doc: Document) -> None:
    """alice's two claim tags, the later one linked to the first as the same claim (a symmetric type)."""
    two_annotators(store, doc)
    ours = [a for a in store.annotations(doc.id) if a.annotator == US and a.label == "claim"]
    ridership = next(a for a in ours if "ridership" in a.quote)
    crime = next(a for a in ours if a.quote.startswith("Crime"))
    links_db.add_link(store, new_link(doc.id, "same_claim", crime.id, ridership.id, US))


def test_linking_two_tags_the_same_claim_again_the_other_way_says_so_without_an_error(
    open_window: OpenWindow, qtbot: QtBot, dialogs: list[tuple[str, str]]
) -> None:
    """same_claim is symmetric: its link back is the same link (the store refuses it); L said "The link
    was not saved" in an error box instead of the hint it gives for a link made already."""
    window = open_window(text=TEXT, annotator=US, prepare=same_claim_back)
    doc_id = window.current_document_id()
    tags = window.open_doc.tags.by_id.values()
    make_current(window, next(a for a in tags if a.annotator == US and "ridership" in a.quote))

    def choose(picker: QDialog) -> None:
        qtbot.keyClicks(picker.focusWidget(), "last year")  # alice's "Crime fell by 20% last year"
        qtbot.keyClick(picker.focusWidget(), K.Key_Return)

    problems = in_dialog(qtbot, choose)
    assert window.structure.links.make_link("same_claim") is None
    assert not problems and not dialogs
    assert "already" in window.statusBar().currentMessage()
    assert len(links_db.links(window.project.store, doc_id)) == 2  # the denial's and the same claim's


def listed_speakers(window: MainWindow) -> set[str]:
    dialog = window.structure.speakers_dialog
    assert dialog is not None
    return {dialog.model.speaker(r).name for r in range(dialog.model.rowCount())}


def test_the_speakers_dialog_follows_a_speaker_a_new_card_names_and_its_undo(
    open_window: OpenWindow, qtbot: QtBot, dialogs: list[tuple[str, str]]
) -> None:
    """A name typed in the card editor adds a speaker with the card; the open Speakers dialog did not
    list it, and kept listing it once the card was undone."""
    window = open_window(text=TEXT, annotator=US, prepare=two_annotators)
    window.structure.show_speakers()
    window.activateWindow()
    start = TEXT.index("Marsh denied it")
    claim = window.tag_selection("claim", (start, start + len("Marsh denied it")))
    assert claim is not None
    make_current(window, claim)

    def name_the_speaker(editor: QDialog) -> None:
        speaker = editor.findChild(QLineEdit, "claimSpeaker")
        assert speaker is not None
        speaker.setFocus()
        qtbot.keyClicks(speaker, "Jane Roe")
        qtbot.keyClick(speaker, K.Key_Return)

    problems = in_dialog(qtbot, name_the_speaker)
    assert window.claims.make_card() is not None and not problems
    assert "Jane Roe" in listed_speakers(window)
    window.undo()
    assert "Jane Roe" not in listed_speakers(window)
    window.redo()
    assert "Jane Roe" in listed_speakers(window)
    assert not dialogs


def roe_merged_into_marsh(store: Store, doc: Document) -> None:
    two_annotators(store, doc)
    for sid, name in (("sp-roe", "Jane Roe"), ("sp-jones", "Ben Jones")):
        speakers_db.add_speaker(store, Speaker(sid, name, "person", "", (), "2026-01-01", "2026-01-01"))
    speakers_db.merge_speakers(store, "sp-marsh", "sp-roe")


def test_merging_a_merged_speaker_does_not_offer_the_speaker_it_stands_for(
    open_window: OpenWindow, qtbot: QtBot, dialogs: list[tuple[str, str]]
) -> None:
    """Ctrl+M on a speaker merged already offered the one it is merged into; choosing it gave an error
    box ("are one speaker already")."""
    window = open_window(text=TEXT, annotator=US, prepare=roe_merged_into_marsh)
    speakers = window.structure.show_speakers()
    speakers.select("sp-roe")
    offered: list[str] = []

    def look(picker: QDialog) -> None:
        choices = picker.findChild(QListWidget)
        assert choices is not None
        offered.extend(choices.item(row).text() for row in range(choices.count()))
        qtbot.keyClick(picker.focusWidget(), K.Key_Escape)

    problems = in_dialog(qtbot, look)
    speakers.activateWindow()
    qtbot.waitUntil(speakers.isActiveWindow)
    speakers.table.setFocus()
    qtbot.keyClick(speakers.table, K.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert not problems and not dialogs
    assert offered == ["Ben Jones (person)"]
