"""Claim cards in the real window: made from a tag with the keyboard, the Claims pane, undo and redo."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QListWidget, QMenu, QPushButton
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from db import Store, attribution, claim_settings
from db import claims as claims_db
from db import links as links_db
from db import speakers as speakers_db
from factcheck.core.claims import Evidence, Organization
from factcheck.core.links import new_link
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from factcheck.core.speakers import Speaker
from factcheck.services.exporting import export
from tests.helpers.claims import Debate, add_speaker, make_debate
from tests.ui.conftest import OpenWindow
from tests.ui.window_support import finish_operations, isolated_settings, show
from ui import scale_dialog, shortcuts, verdict_dialog
from ui.claims_table import SPEAKER, STATUS, TAGS, TEXT, VERDICT, WORTHY
from ui.main_window import MainWindow
from ui.project import ProjectModel
from ui.verdict_dialog import VerdictFields

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _claim_tags(store: Store, doc: Document) -> None:
    for phrase, who in (("crime fell by 20%", "alice"), ("We never said that", "bob")):
        start = doc.text.index(phrase)
        store.add_annotation(new_annotation(doc, start, start + len(phrase), "claim", who))


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window(annotator="alice", prepare=_claim_tags)


def tag_of(window: MainWindow, phrase: str) -> Annotation:
    return next(a for a in window.project.store.annotations() if a.quote == phrase)


def make_current(window: MainWindow, ann: Annotation) -> None:
    window.view.set_current(ann.id)
    window.view.currentAnnotationChanged.emit(ann.id)
    window.view.setFocus()


def in_dialog(qtbot: QtBot, act: Callable[[QDialog], None]) -> list[str]:
    """Run act on the next modal dialog once it shows (a modal exec() blocks the test); problems found."""
    problems: list[str] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog) or not dialog.isActiveWindow():
            if isinstance(dialog, QDialog):
                dialog.activateWindow()
            QTimer.singleShot(20, run)
            return
        try:
            act(dialog)
        except Exception as exc:  # reported to the test, and the dialog closed
            problems.append(repr(exc))
            dialog.reject()

    QTimer.singleShot(0, run)
    return problems


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


# -- the Claims pane on a small debate: four cards, two speakers, verdicts by alice, bob and rita ------


@pytest.fixture
def debate(qtbot: QtBot, tmp_path: Path, db_path: Path) -> Iterator[tuple[MainWindow, Debate]]:
    """A window (annotator rita) on the debate transcript of tests.helpers.claims, its pane shown."""
    store = Store.open(db_path)
    made = make_debate(store)
    project = ProjectModel(store)
    window = MainWindow(project, "rita", isolated_settings(tmp_path))
    project.setParent(window)
    show(qtbot, window)
    window.open_document(made.doc.id)
    window.claims.toggle_action.trigger()
    qtbot.waitUntil(window.claims.dock.isVisible)
    yield window, made
    window.project.operations.shutdown()
    window.close()
    store.close()


def listed(window: MainWindow) -> list[str]:
    model = window.claims.pane.model
    return [model.data(model.index(r, TEXT)) for r in range(model.rowCount())]


def test_the_pane_lists_filters_and_sorts_the_cards(
    debate: tuple[MainWindow, Debate], qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    window, made = debate
    pane = window.claims.pane
    qtmodeltester.check(pane.model)
    assert len(listed(window)) == 4
    assert pane.count.text() == "4 cards"
    # Speaker filter: Ben Jones's two cards, and his tally.
    pane.set_speaker_filter("sp-jones")
    jones = ["Crime doubled under my opponent's watch", "Wages fell for most families"]
    assert sorted(listed(window)) == jones
    assert pane.tally.isVisible()
    assert pane.tally.text() == "Ben Jones: 1 Half true (2 cards)"
    assert pane.count.text() == "2 of 4 cards"
    pane.set_speaker_filter(None)
    # Verdict filter: the final verdict; "no final verdict yet" is the fourth card.
    pane.verdict_filter.setCurrentIndex(pane.verdict_filter.findData(""))
    assert listed(window) == ["Crime doubled under my opponent's watch"]
    pane.verdict_filter.setCurrentIndex(pane.verdict_filter.findData("True"))
    assert listed(window) == ["Unemployment fell to 3.5 percent last year"]
    pane.verdict_filter.setCurrentIndex(pane.verdict_filter.findText("Annotators' verdicts differ"))
    assert sorted(listed(window)) == [
        "Unemployment fell to 3.5 percent last year",
        "Wages fell for most families",
    ]
    pane.verdict_filter.setCurrentIndex(0)
    # Check-worthiness: bob was unsure about one card, so three are mostly yes... all four have more yes.
    pane.worthy_filter.setCurrentIndex(pane.worthy_filter.findData("none"))
    assert listed(window) == []
    pane.worthy_filter.setCurrentIndex(0)
    # Words of the claim, typed.
    qtbot.keyClicks(pane.search, "homes city")
    qtbot.waitUntil(lambda: listed(window) == ["Our city built 12,000 new homes since 2020"])
    pane.search.clear()
    qtbot.waitUntil(lambda: len(listed(window)) == 4)
    # Most check-worthy first: the card bob was unsure about comes last.
    pane.sort_box.setCurrentText("Most check-worthy votes")
    assert listed(window)[-1] == "Wages fell for most families"
    qtmodeltester.check(pane.model)
    # Document filter: every card is in the debate.
    pane.set_document_filter(made.doc.id)
    assert len(listed(window)) == 4
    window.grab().save("/tmp/s12ui/pane.png")


def test_votes_verdicts_and_status_from_the_keyboard_are_undoable(
    debate: tuple[MainWindow, Debate], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
    dialogs: list[tuple[str, str]],
) -> None:  # fmt: skip
    window, made = debate
    pane, store = window.claims.pane, window.project.store
    crime = made.cards[3]  # no final verdict yet; alice and bob both said False
    assert pane.open_card(crime.id)
    pane.view.setFocus()
    # Y: rita votes check-worthy, with a reason.
    monkeypatch.setattr(verdict_dialog, "ask_vote", lambda *_a: "a number anyone can check")
    qtbot.keyClick(pane.view, Qt.Key.Key_Y)
    mine = [v for v in claims_db.votes(store, crime.id) if v.annotator == "rita"]
    assert [(v.value, v.reason) for v in mine] == [("yes", "a number anyone can check")]
    (votes,) = pane.card.votes.lines()
    assert votes.startswith("Check-worthy: 3 yes — ") and "rita: yes (a number anyone can check)" in votes
    row = pane.model.row_of(crime.id)
    assert row is not None and pane.model.data(pane.model.index(row, WORTHY)) == "3 yes · 0 no"
    # F: rita's final verdict, with evidence; the history shows it first, in bold.
    given = VerdictFields("Mostly false", "Police figures show a 40% rise.",
                          (("https://police.example.gov/stats", "Police statistics"),),
                          "https://factdesk.example.org/crime", "2026-03-04")  # fmt: skip
    monkeypatch.setattr(verdict_dialog, "edit_verdict", lambda *_a, **_k: given)
    qtbot.keyClick(pane.view, Qt.Key.Key_F)
    final = claims_db.final_verdict(store, crime.id)
    assert final is not None and (final.annotator, final.verdict, final.review_url) == (
        "rita", "Mostly false", "https://factdesk.example.org/crime")  # fmt: skip
    assert final.evidence == (Evidence("https://police.example.gov/stats", "Police statistics"),)
    history = pane.card.verdicts_model
    assert history.rowCount() == 3
    assert history.data(history.index(0, 1)) == "rita (final)"
    assert pane.model.data(pane.model.index(row, VERDICT)) == "Mostly false"
    # S: rita did not make the card (alice did): the status is alice's to move, and nothing changes.
    qtbot.keyClick(pane.view, Qt.Key.Key_S)
    assert claims_db.card(store, crime.id).status == "new"  # type: ignore[union-attr]
    assert dialogs and "belongs to alice" in dialogs[-1][1]
    window.grab().save("/tmp/s12ui/verdicts.png")
    # Undo the final verdict, then the vote: the store and the pane go back; redo brings them again.
    window.undo()
    assert claims_db.final_verdict(store, crime.id) is None
    assert pane.model.data(pane.model.index(row, VERDICT)) == "False"  # alice's and bob's, not final
    window.undo()
    assert [v for v in claims_db.votes(store, crime.id) if v.annotator == "rita"] == []
    assert pane.model.data(pane.model.index(row, WORTHY)) == "2 yes · 0 no"
    window.redo()
    window.redo()
    assert claims_db.final_verdict(store, crime.id) is not None
    assert [v.value for v in claims_db.votes(store, crime.id) if v.annotator == "rita"] == ["yes"]


def test_the_maker_moves_the_status_on_and_back(open_window: OpenWindow, qtbot: QtBot) -> None:
    window = open_window(annotator="alice", prepare=_one_card)
    window.claims.toggle_action.trigger()
    pane, store = window.claims.pane, window.project.store
    (card,) = claims_db.cards(store)
    qtbot.waitUntil(lambda: pane.current_card_id() == card.id)
    pane.view.setFocus()
    for expected in ("checking", "rated", "published", "published"):  # no status after published
        qtbot.keyClick(pane.view, Qt.Key.Key_S)
        assert claims_db.card(store, card.id).status == expected  # type: ignore[union-attr]
    qtbot.keyClick(pane.view, Qt.Key.Key_S, Qt.KeyboardModifier.ShiftModifier)
    assert claims_db.card(store, card.id).status == "rated"  # type: ignore[union-attr]
    assert pane.model.data(pane.model.index(0, STATUS)) == "rated"
    pane.status_filter.setCurrentIndex(pane.status_filter.findData("new"))
    assert pane.model.rowCount() == 0
    window.undo()  # back to published: still filtered out
    window.undo()
    window.undo()  # checking
    window.undo()  # new: it shows again under the "new" filter
    assert pane.model.rowCount() == 1


def _one_card(store: Store, doc: Document) -> None:
    _claim_tags(store, doc)
    ann = next(a for a in store.annotations() if a.quote == "crime fell by 20%")
    claims_db.create_card(store, [ann.id], "alice", text="Crime fell by 20%.")


def test_shift_k_puts_a_tag_on_the_most_similar_card(open_window: OpenWindow, qtbot: QtBot) -> None:
    def two_cards(store: Store, doc: Document) -> None:
        _claim_tags(store, doc)
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


def test_the_review_panel_lists_the_cards_whose_verdicts_differ(
    debate: tuple[MainWindow, Debate], qtbot: QtBot
) -> None:
    window, made = debate
    window.claims.dock.hide()
    window.review.toggle_action.trigger()
    qtbot.waitUntil(window.review.dock.isVisible)
    disputed = window.claims.disputed
    qtbot.waitUntil(disputed.isVisible)
    model = disputed.model
    rows = {model.data(model.index(r, 0)): model.data(model.index(r, 1)) for r in range(model.rowCount())}
    assert rows == {
        "Unemployment fell to 3.5 percent last year": "alice: True · bob: Mostly true",
        "Wages fell for most families": "alice: Half true · bob: False",
    }
    assert disputed.summary.text() == "2 cards with differing verdicts, 0 without a final verdict"
    window.resizeDocks([window.review.dock], [520], Qt.Orientation.Vertical)
    qtbot.waitUntil(lambda: window.review.dock.height() > 450)
    window.grab().save("/tmp/s12ui/review-disputed.png")
    # bob changes his mind: the card leaves the list at once.
    claims_db.give_verdict(window.project.store, made.cards[1].id, "bob", "Half true")
    window.project.claimsChanged.emit(made.cards[1].id)
    assert model.rowCount() == 1
    # Enter opens the card in the Claims pane.
    disputed.view.setFocus()
    disputed.view.setCurrentIndex(model.index(0, 0))
    qtbot.keyClick(disputed.view, Qt.Key.Key_Return)
    assert window.claims.dock.isVisible()
    assert window.claims.pane.current_card_id() == made.cards[0].id
    # Another document: its cards only (none), unless the box is unticked.
    other = window.project.add_document(Document.create("Another article.", title="Other"))
    window.open_document(other.id)
    assert model.rowCount() == 0
    disputed.only_document.setChecked(False)
    assert model.rowCount() == 1


def test_a_speakers_tally_and_cards_from_the_speaker_filter(
    debate: tuple[MainWindow, Debate], qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    window, made = debate
    pane = window.claims.pane
    pane.set_speaker_filter("sp-smith")
    assert pane.tally.text() == "Anna Smith: 1 True, 1 Mostly false (2 cards)"
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    speaker_window = pane.speaker_window
    assert speaker_window is not None
    qtbot.waitExposed(speaker_window)
    widget = speaker_window.widget
    qtmodeltester.check(widget.model)
    assert widget.tally.text() == "Anna Smith: 1 True, 1 Mostly false (2 cards)"
    cards = widget.model
    # Newest first: the homes (Mostly false), then unemployment (True).
    assert [cards.data(cards.index(r, 4)) for r in range(cards.rowCount())] == ["Mostly false", "True"]
    speaker_window.grab().save("/tmp/s12ui/speaker.png")
    # A new final verdict on one of hers changes the tally at once.
    claims_db.set_final_verdict(window.project.store, made.cards[2].id, "rita", "False")
    window.project.claimsChanged.emit(made.cards[2].id)
    assert widget.tally.text() == "Anna Smith: 1 True, 1 False (2 cards)"
    # Enter on a card opens it in the pane and closes the window.
    widget.view.setFocus()
    widget.view.setCurrentIndex(cards.index(0, 0))
    qtbot.keyClick(widget.view, Qt.Key.Key_Return)
    assert pane.current_card_id() == made.cards[2].id
    qtbot.waitUntil(lambda: pane.speaker_window is None)


def test_cards_of_a_merged_speaker_count_as_the_speaker_they_joined(
    debate: tuple[MainWindow, Debate], qtbot: QtBot
) -> None:
    window, _made = debate
    store = window.project.store
    add_speaker(store, "sp-smith-2", "A. Smith")
    speakers_db.merge_speakers(store, "sp-smith", "sp-smith-2")
    ann = tag_of(window, "Crime doubled under my opponent's watch")
    claims_db.create_card(store, [ann.id], "alice", text="Crime doubled.", speaker="sp-smith-2")
    window.project.claimsChanged.emit(None)
    pane = window.claims.pane
    names = [pane.speaker_filter.itemText(i) for i in range(pane.speaker_filter.count())]
    assert names == ["Any", "Anna Smith", "Ben Jones"]  # A. Smith is Anna Smith now
    pane.set_speaker_filter("sp-smith")
    assert len(listed(window)) == 3
    assert pane.tally.text() == "Anna Smith: 1 True, 1 Mostly false (3 cards)"


# -- structure: the speaker from the tag's attribution, a new speaker, denials through links ----------


def _attributed(store: Store, doc: Document) -> None:
    """Roe (a source tag with her speaker) says the claim; the critics' characterization and her
    denial are linked to it."""
    speakers_db.add_speaker(
        store, Speaker("sp-roe", "Jane Roe", "person", "", (), "2026-01-01", "2026-01-01")
    )

    def tag(phrase: str, label: str) -> Annotation:
        start = doc.text.index(phrase)
        return store.add_annotation(new_annotation(doc, start, start + len(phrase), label, "alice"))

    claim = tag("crime fell by 20%", "claim")
    source = tag("Jane Roe", "source")
    attribution.set_speaker(store, source.id, "sp-roe")
    attribution.set_attribution(store, claim.id, source=source.id)
    misleading = tag("misleading", "characterization")
    denial = tag("We never said that", "denial")
    links_db.add_link(store, new_link(doc.id, "characterizes", misleading.id, claim.id, "alice"))
    links_db.add_link(store, new_link(doc.id, "denies", denial.id, claim.id, "bob"))


def test_the_card_takes_the_speaker_of_the_tags_attribution_and_lists_linked_tags(
    open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(annotator="alice", prepare=_attributed)
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
    window.undo()
    assert claims_db.cards(store) == [] and speakers_db.speakers(store) == []
    window.redo()
    assert [s.name for s in speakers_db.speakers(store)] == ["Jane Roe"]
    assert claims_db.cards(store)[0].speaker == roe.id


def test_project_menu_edits_the_scale_and_the_organization_undoably(
    debate: tuple[MainWindow, Debate], monkeypatch: pytest.MonkeyPatch
) -> None:
    window, made = debate
    store, pane = window.project.store, window.claims.pane
    steps = [("True", 5, "#009e73"), ("Mostly true", 4, "#56b4e9"), ("Half-true", 3, "#123456"),
             ("Mostly false", 2, "#e69f00"), ("False", 1, "#d55e00")]  # fmt: skip
    monkeypatch.setattr(scale_dialog, "edit_scale", lambda *_a: (steps, {"Half true": "Half-true"}))
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    project_menu = menus["&Project"]
    assert isinstance(project_menu, QMenu)
    scale_action = next(a for a in project_menu.actions() if a.text() == "&Verdict scale…")
    scale_action.trigger()
    assert claim_settings.scale(store).names == ("True", "Mostly true", "Half-true", "Mostly false", "False")
    assert claim_settings.scale(store).entry("Half-true").color == "#123456"  # type: ignore[union-attr]
    # The verdicts follow the rename, and the pane shows it.
    assert claims_db.final_verdict(store, made.cards[1].id).verdict == "Half-true"  # type: ignore[union-attr]
    row = pane.model.row_of(made.cards[1].id)
    assert row is not None and pane.model.data(pane.model.index(row, VERDICT)) == "Half-true"
    assert pane.verdict_filter.findData("Half-true") > 0
    window.undo()
    assert claim_settings.scale(store).names == ("True", "Mostly true", "Half true", "Mostly false", "False")
    assert claims_db.final_verdict(store, made.cards[1].id).verdict == "Half true"  # type: ignore[union-attr]
    assert pane.model.data(pane.model.index(row, VERDICT)) == "Half true"

    monkeypatch.setattr(scale_dialog, "edit_organization", lambda *_a: ("Desk", "https://desk.example.org"))
    next(a for a in project_menu.actions() if a.text() == "&Organization…").trigger()
    assert claim_settings.organization(store) == Organization("Desk", "https://desk.example.org")
    window.undo()
    assert claim_settings.organization(store) == Organization("Fact Desk", "https://factdesk.example.org")


def test_a_deleted_tag_leaves_its_card_and_comes_back_with_undo(
    open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(annotator="alice", prepare=_one_card)
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


def test_the_cards_models_pass_the_model_tester(
    debate: tuple[MainWindow, Debate], qtmodeltester: ModelTester
) -> None:
    window, made = debate
    claims = window.claims
    claims.pane.open_card(made.cards[0].id)
    qtmodeltester.check(claims.pane.card.tags_model)
    qtmodeltester.check(claims.pane.card.verdicts_model)
    qtmodeltester.check(claims.disputed.model)


def test_a_vote_and_a_verdict_can_be_taken_back(
    debate: tuple[MainWindow, Debate], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, made = debate
    window.annotator = "bob"  # bob voted and gave a verdict on every card
    pane, store = window.claims.pane, window.project.store
    card = made.cards[0]
    pane.open_card(card.id)
    pane.view.setFocus()

    def withdraw_vote(dialog: QDialog) -> None:
        reason = dialog.findChild(QLineEdit, "voteReason")
        assert reason is not None and QApplication.focusWidget() is reason
        button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "&Withdraw my vote")
        qtbot.keyClick(dialog, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)  # its mnemonic
        assert button is not None

    problems = in_dialog(qtbot, withdraw_vote)
    qtbot.keyClick(pane.view, Qt.Key.Key_N)
    assert problems == []
    assert [v.annotator for v in claims_db.votes(store, card.id)] == ["alice"]
    monkeypatch.setattr(verdict_dialog, "edit_verdict", lambda *_a, **_k: verdict_dialog.WITHDRAW)
    window.activateWindow()  # back from the dialog
    qtbot.waitUntil(window.isActiveWindow)
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key.Key_V)
    assert sorted(v.annotator for v in claims_db.verdicts(store, card.id)) == ["alice", "rita"]
    history = pane.card.verdicts_model
    assert history.data(history.index(0, 2)) == "Mostly true — withdrawn"
    window.undo()
    window.undo()
    assert sorted(v.annotator for v in claims_db.verdicts(store, card.id)) == ["alice", "bob", "rita"]
    assert sorted(v.annotator for v in claims_db.votes(store, card.id)) == ["alice", "bob"]


def test_another_programs_verdict_shows_without_any_tag_changing(
    debate: tuple[MainWindow, Debate], qtbot: QtBot, db_path: Path
) -> None:
    window, made = debate
    pane = window.claims.pane
    row = pane.model.row_of(made.cards[3].id)
    assert row is not None and pane.model.data(pane.model.index(row, VERDICT)) == "False"  # not final
    with Store.open(db_path) as other:  # a teammate's sync, another window
        claims_db.set_final_verdict(other, made.cards[3].id, "sam", "Mostly false")
    qtbot.waitUntil(lambda: pane.model.data(pane.model.index(row, VERDICT)) == "Mostly false", timeout=5000)
    assert window.claims.model.reload_if_changed() is False  # nothing new since


def test_help_lists_the_card_keys(window: MainWindow) -> None:
    rows = dict(
        shortcuts.shortcut_rows(window.label_bar.label_actions, window.actions_.all() + window.claims.keys())
    )
    assert rows["Make claim card"] == "K"
    assert rows["Add tag to a card"] == "Shift+K"
    assert rows["Go to the Claims pane"] == "Ctrl+Shift+C"
    assert rows["Final verdict"] == "F"


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
