"""Claim cards made in the real window: K and Shift+K on tags, the card's speaker and linked tags, undo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
)
from pytestqt.qtbot import QtBot

from db import Store
from db import claims as claims_db
from db import speakers as speakers_db
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.core.speakers import new_speaker
from factcheck.services.exporting import export
from tests.helpers.claims import Debate, make_debate
from tests.ui.claims_support import (
    attributed,
    claim_tags,
    in_dialog,
    make_current,
    one_card,
    open_debate,
    tag_of,
)
from tests.ui.conftest import OpenWindow
from tests.ui.window_support import finish_operations
from ui import labels_dialog, shortcuts
from ui.claims_table import SPEAKER, TAGS
from ui.labels_dialog import LabelsDialog
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window(annotator="alice", prepare=claim_tags)


@pytest.fixture
def debate(qtbot: QtBot, tmp_path: Path, db_path: Path) -> Iterator[tuple[MainWindow, Debate]]:
    """A window (annotator rita) on the debate transcript of tests.helpers.claims, its pane shown."""
    yield from open_debate(qtbot, tmp_path, db_path)


def test_k_makes_a_card_from_a_claim_tag_with_the_keyboard_only(window: MainWindow, qtbot: QtBot) -> None:
    ann = tag_of(window, "crime fell by 20%")
    make_current(window, ann)

    def type_card(dialog: QDialog) -> None:
        text = dialog.findChild(QLineEdit, "claimText")
        assert text is not None and text.text() == "crime fell by 20%"  # prefilled from the quote
        assert QApplication.focusWidget() is text
        qtbot.keyClicks(text, "Crime fell by 20% last year.")  # replaces the selected draft
        qtbot.keyClick(text, Qt.Key.Key_Tab)
        speaker = QApplication.focusWidget()
        assert isinstance(speaker, QLineEdit) and speaker.objectName() == "claimSpeaker"
        qtbot.keyClick(speaker, Qt.Key.Key_Tab)
        date = QApplication.focusWidget()
        assert isinstance(date, QLineEdit) and date.objectName() == "claimDate"
        qtbot.keyClicks(date, "2024-05-06")
        qtbot.keyClick(date, Qt.Key.Key_Return)  # the default button: OK

    problems = in_dialog(qtbot, type_card)
    qtbot.keyClick(window.view, Qt.Key.Key_K)
    assert problems == []
    cards = claims_db.cards(window.project.store)
    assert [(c.text, c.claim_date, c.annotator, c.status) for c in cards] == [
        ("Crime fell by 20% last year.", "2024-05-06", "alice", "new")
    ]
    assert claims_db.tag_ids(window.project.store, cards[0].id) == [ann.id]
    claims = window.claims
    assert claims.dock.isVisible()
    assert claims.pane.current_card_id() == cards[0].id
    assert claims.pane.model.rowCount() == 1
    window.grab().save("/tmp/s12ui/window-card.png")

    window.undo()
    assert claims_db.cards(window.project.store) == []
    assert claims.pane.model.rowCount() == 0
    window.redo()
    assert [c.id for c in claims_db.cards(window.project.store)] == [cards[0].id]
    assert claims.pane.model.rowCount() == 1


def test_shift_k_puts_a_tag_on_the_most_similar_card(open_window: OpenWindow, qtbot: QtBot) -> None:
    def two_cards(store: Store, doc: Document) -> None:
        claim_tags(store, doc)
        ann = next(a for a in store.annotations() if a.quote == "crime fell by 20%")
        claims_db.create_card(store, [ann.id], "alice", text="Crime fell by 20%.")
        claims_db.create_card(store, [ann.id], "alice", text="The mayor called the claim misleading.")
        second = store.add_document(
            Document.create("Jane Roe: we never said that at all.", title="Interview")
        )[0]
        start = second.text.index("we never said that")
        store.add_annotation(new_annotation(second, start, start + 18, "claim", "alice"))

    window = open_window(annotator="alice", prepare=two_cards)
    store = window.project.store
    denial_card = claims_db.create_card(store, [tag_of(window, "We never said that").id], "bob",
                                        text="Roe never said that.")[0]  # fmt: skip
    window.project.claimsChanged.emit(None)
    other = next(a for a in store.annotations() if a.quote == "we never said that")
    window.open_document(other.document_id)
    make_current(window, other)

    def choose(dialog: QDialog) -> None:
        cards = dialog.findChild(QListWidget, "cardList")
        assert cards is not None
        first = cards.item(0)
        assert first is not None and first.text().startswith("Roe never said that.")  # the most similar
        search = dialog.findChild(QLineEdit, "cardSearch")
        assert search is not None and QApplication.focusWidget() is search
        qtbot.keyClicks(search, "roe never")
        qtbot.keyClick(search, Qt.Key.Key_Return)

    problems = in_dialog(qtbot, choose)
    qtbot.keyClick(window.view, Qt.Key.Key_K, Qt.KeyboardModifier.ShiftModifier)
    assert problems == []
    assert set(claims_db.tag_ids(store, denial_card.id)) == {
        other.id,
        tag_of(window, "We never said that").id,
    }
    pane = window.claims.pane
    assert pane.current_card_id() == denial_card.id
    tags = pane.card.tags_model
    assert sorted(tags.data(tags.index(r, 0)) for r in range(tags.rowCount())) == [
        "Interview",
        "Roe on crime",
    ]
    # Enter on a tag of the card jumps to it, in its document.
    pane.card.tags_view.setFocus()
    row = next(r for r in range(tags.rowCount()) if tags.data(tags.index(r, 0)) == "Roe on crime")
    pane.card.tags_view.setCurrentIndex(tags.index(row, 0))
    qtbot.keyClick(pane.card.tags_view, Qt.Key.Key_Return)
    assert window.current_document_id() == tag_of(window, "We never said that").document_id
    assert window.view.current_annotation() == tag_of(window, "We never said that").id
    window.grab().save("/tmp/s12ui/two-documents.png")
    window.activateWindow()  # back from the picker
    qtbot.waitUntil(window.isActiveWindow)
    pane.card.tags_view.setFocus()
    qtbot.keyClick(pane.card.tags_view, Qt.Key.Key_Escape)  # back to the list
    assert QApplication.focusWidget() is pane.view
    window.undo()  # takes the tag off the card again
    assert claims_db.tag_ids(store, denial_card.id) == [tag_of(window, "We never said that").id]


def test_shift_k_on_a_tag_on_every_card_says_so(open_window: OpenWindow, qtbot: QtBot) -> None:
    def on_the_card(store: Store, doc: Document) -> None:
        claim_tags(store, doc)
        ann = next(a for a in store.annotations() if a.quote == "crime fell by 20%")
        claims_db.create_card(store, [ann.id], "alice", text="Crime fell by 20%.")

    window = open_window(annotator="alice", prepare=on_the_card)
    make_current(window, tag_of(window, "crime fell by 20%"))
    qtbot.keyClick(window.view, Qt.Key.Key_K, Qt.KeyboardModifier.ShiftModifier)
    # Not "There is no card to add it to yet: press K to make one" (there is one, and K makes none).
    assert window.statusBar().currentMessage() == (
        "This tag is on every card already: K shows its card in the Claims pane."
    )
    qtbot.keyClick(window.view, Qt.Key.Key_K)
    card = claims_db.cards_of_tag(window.project.store, tag_of(window, "crime fell by 20%").id)[0]
    assert window.claims.pane.current_card_id() == card.id


def test_the_card_takes_the_speaker_of_the_tags_attribution_and_lists_linked_tags(
    open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(annotator="alice", prepare=attributed)
    make_current(window, tag_of(window, "crime fell by 20%"))
    seen: dict[str, str] = {}

    def accept(dialog: QDialog) -> None:
        speaker = dialog.findChild(QLineEdit, "claimSpeaker")
        assert speaker is not None
        seen["speaker"] = speaker.text()
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    problems = in_dialog(qtbot, accept)
    qtbot.keyClick(window.view, Qt.Key.Key_K)
    assert problems == [] and seen == {"speaker": "Jane Roe"}
    (card,) = claims_db.cards(window.project.store)
    assert card.speaker == "sp-roe"
    tags = window.claims.pane.card.tags_model
    shown = [(tags.data(tags.index(r, 1)), tags.data(tags.index(r, 2))) for r in range(tags.rowCount())]
    assert shown == [
        ("claim", "crime fell by 20%"),
        ("characterization — characterizes it", "misleading"),
        ("denial — denies it", "We never said that"),
    ]
    window.grab().save("/tmp/s12ui/linked.png")
    # K again on the same tag opens its card rather than making another.
    window.claims.dock.hide()
    window.activateWindow()  # back from the dialog
    qtbot.waitUntil(window.isActiveWindow)
    make_current(window, tag_of(window, "crime fell by 20%"))
    qtbot.keyClick(window.view, Qt.Key.Key_K)
    assert len(claims_db.cards(window.project.store)) == 1
    assert window.claims.dock.isVisible() and window.claims.pane.current_card_id() == card.id


def test_a_new_speaker_typed_on_the_card_is_added_with_it_and_undone_with_it(
    window: MainWindow, qtbot: QtBot
) -> None:
    make_current(window, tag_of(window, "crime fell by 20%"))

    def type_speaker(dialog: QDialog) -> None:
        text = dialog.findChild(QLineEdit, "claimText")
        assert text is not None
        qtbot.keyClick(text, Qt.Key.Key_Tab)
        qtbot.keyClicks(QApplication.focusWidget(), "Jane Roe")
        note = dialog.findChild(QLabel, "speakerNote")
        assert note is not None and note.text() == "New speaker: “Jane Roe” will be added to the project"
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    problems = in_dialog(qtbot, type_speaker)
    qtbot.keyClick(window.view, Qt.Key.Key_K)
    assert problems == []
    store = window.project.store
    (roe,) = speakers_db.speakers(store)
    assert roe.name == "Jane Roe"
    assert claims_db.cards(store)[0].speaker == roe.id
    assert window.claims.pane.model.data(window.claims.pane.model.index(0, SPEAKER)) == "Jane Roe"
    speakers = window.claims.pane.speaker_filter
    assert [speakers.itemText(i) for i in range(speakers.count())] == ["Any", "Jane Roe"]  # offered at once
    window.undo()
    assert claims_db.cards(store) == [] and speakers_db.speakers(store) == []
    window.redo()
    assert [s.name for s in speakers_db.speakers(store)] == ["Jane Roe"]
    assert claims_db.cards(store)[0].speaker == roe.id


def test_a_deleted_tag_leaves_its_card_and_comes_back_with_undo(
    open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(annotator="alice", prepare=one_card)
    window.claims.toggle_action.trigger()
    pane = window.claims.pane
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1)
    assert pane.model.data(pane.model.index(0, TAGS)) == "1"
    make_current(window, tag_of(window, "crime fell by 20%"))
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert pane.model.data(pane.model.index(0, TAGS)) == "0"
    tags = pane.card.tags_model
    assert tags.data(tags.index(0, 1)) == "(deleted)"
    window.undo()
    assert pane.model.data(pane.model.index(0, TAGS)) == "1"
    assert tags.data(tags.index(0, 1)) == "claim"


def test_help_lists_the_card_keys(window: MainWindow) -> None:
    groups = shortcuts.shortcut_groups(
        window, window.label_bar.label_actions, window.actions_.all() + window.claims.keys()
    )
    rows = {row.what: row.keys for group in groups for row in group.rows}
    assert rows["Make claim card"] == ["K"]
    assert rows["Add tag to a card"] == ["Shift+K"]
    assert rows["Go to the Claims pane"] == ["Ctrl+Shift+C"]
    assert rows["Final verdict"] == ["F"]


def test_ctrl_shift_c_goes_to_the_pane_and_back(window: MainWindow, qtbot: QtBot) -> None:
    claims = window.claims
    window.view.setFocus()
    qtbot.keyClick(
        window.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert claims.dock.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is claims.pane.view)
    qtbot.keyClick(claims.pane.view, Qt.Key.Key_C,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    assert not claims.dock.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.view)
    # The View menu's toggle shows it without moving the focus.
    claims.toggle_action.trigger()
    assert claims.dock.isVisible() and claims.toggle_action.isChecked()


def test_a_teammates_cards_arrive_with_an_import_and_leave_with_another_database(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    window.claims.toggle_action.trigger()
    pane = window.claims.pane
    assert pane.model.rowCount() == 0
    with Store.open(tmp_path / "teammate.db") as theirs:
        make_debate(theirs)
        export(theirs, "json", tmp_path / "debate.json")
    window.import_files([str(tmp_path / "debate.json")], report=False)
    finish_operations(qtbot, window)
    qtbot.waitUntil(lambda: pane.model.rowCount() == 4)
    assert pane.count.text() == "4 cards"
    assert pane.speaker_filter.count() == 3  # Any, and the debate's two speakers
    assert pane.verdict_filter.findData("Half true") > 0
    # Another database: its (no) cards.
    assert window.open_database(tmp_path / "empty.db")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 0)
    assert pane.card.title.lines() == ["No card open"]


@pytest.mark.qt_log_ignore(
    "propagateSizeHints", "support raise", "grabbing the keyboard"
)  # the completer's popup
def test_a_merged_speakers_name_typed_on_the_card_is_the_speaker_it_was_merged_into(
    open_window: OpenWindow, qtbot: QtBot
) -> None:
    def prepare(store: Store, doc: Document) -> None:
        claim_tags(store, doc)
        rex = speakers_db.add_speaker(store, new_speaker("Jane Roe"))
        short = speakers_db.add_speaker(store, new_speaker("Roe"))
        speakers_db.merge_speakers(store, rex.id, short.id)

    window = open_window(annotator="alice", prepare=prepare)
    make_current(window, tag_of(window, "crime fell by 20%"))

    notes: list[str] = []

    def type_speaker(dialog: QDialog) -> None:
        text = dialog.findChild(QLineEdit, "claimText")
        assert text is not None
        qtbot.keyClick(text, Qt.Key.Key_Tab)
        qtbot.keyClicks(QApplication.focusWidget(), "Roe")
        note = dialog.findChild(QLabel, "speakerNote")
        notes.append(note.text() if note is not None else "no note")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    problems = in_dialog(qtbot, type_speaker)
    qtbot.keyClick(window.view, Qt.Key.Key_K)
    assert problems == [] and notes == [""]  # no "New speaker" note
    store = window.project.store
    jane = next(s for s in speakers_db.speakers(store) if s.name == "Jane Roe")
    assert claims_db.cards(store)[0].speaker == jane.id
    assert len(speakers_db.speakers(store)) == 2  # no third speaker named "Roe"


def test_k_still_makes_a_card_once_the_claim_label_is_renamed(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Project > Labels…: "claim" renamed "Claim"; its tags follow, and are the project's claim tags still
    monkeypatch.setattr(labels_dialog, "ask_text", lambda *args: "Claim")
    dialog = LabelsDialog(window.project, window)
    qtbot.addWidget(dialog)
    dialog.table.selectRow([lab.name for lab in dialog.labels()].index("claim"))
    dialog.buttons["rename"].click()
    dialog.close()
    ann = tag_of(window, "crime fell by 20%")
    assert ann.label == "Claim"
    make_current(window, ann)
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)

    def accept(dialog: QDialog) -> None:
        text = dialog.findChild(QLineEdit, "claimText")
        assert text is not None and text.text() == "crime fell by 20%"
        qtbot.keyClick(text, Qt.Key.Key_Return)

    problems = in_dialog(qtbot, accept)
    qtbot.keyClick(window.view, Qt.Key.Key_K)
    assert problems == [] and not any("Cards are made of claim tags" in s for s in said)
    (card,) = claims_db.cards(window.project.store)
    assert claims_db.tag_ids(window.project.store, card.id) == [ann.id]
