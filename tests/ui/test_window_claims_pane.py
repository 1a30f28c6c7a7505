"""The Claims pane in the real window: filters and order, votes, verdicts, status, review, speakers."""

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
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from db import Store, claim_settings
from db import claims as claims_db
from db import speakers as speakers_db
from db.claim_listing import speaker_tally
from factcheck.core.claims import Evidence, Organization
from factcheck.core.model import Document
from tests.helpers.claims import Debate, add_speaker
from tests.ui.claims_support import (
    claim_tags,
    in_dialog,
    listed,
    one_card_in_pane,
    open_debate,
    tag_of,
)
from tests.ui.conftest import OpenWindow
from ui import scale_dialog, verdict_dialog
from ui.claims_table import STATUS, VERDICT, WORTHY
from ui.main_window import MainWindow
from ui.speaker_claims import SpeakerClaims
from ui.verdict_dialog import VerdictFields

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window(annotator="alice", prepare=claim_tags)


@pytest.fixture
def debate(qtbot: QtBot, tmp_path: Path, db_path: Path) -> Iterator[tuple[MainWindow, Debate]]:
    """A window (annotator rita) on the debate transcript of tests.helpers.claims, its pane shown."""
    yield from open_debate(qtbot, tmp_path, db_path)


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
    # The final verdict rated the new card in the same step, shown in the pane at once.
    assert claims_db.require_card(store, crime.id).status == "rated"
    assert pane.model.data(pane.model.index(row, STATUS)) == "rated"
    # S: rita, its reviewer, publishes it though alice made it; Shift+S takes it back.
    qtbot.keyClick(pane.view, Qt.Key.Key_S)
    assert claims_db.require_card(store, crime.id).status == "published"
    assert pane.model.data(pane.model.index(row, STATUS)) == "published"
    qtbot.keyClick(pane.view, Qt.Key.Key_S, Qt.KeyboardModifier.ShiftModifier)
    assert pane.model.data(pane.model.index(row, STATUS)) == "rated"
    assert not dialogs
    window.undo()
    window.undo()
    assert pane.model.data(pane.model.index(row, STATUS)) == "rated"
    # Undo the final verdict, then the vote: the store and the pane go back; redo brings them again.
    window.undo()
    assert claims_db.final_verdict(store, crime.id) is None
    assert pane.model.data(pane.model.index(row, VERDICT)) == "False"  # alice's and bob's, not final
    assert pane.model.data(pane.model.index(row, STATUS)) == "new"  # the same step took the rating back
    window.undo()
    assert [v for v in claims_db.votes(store, crime.id) if v.annotator == "rita"] == []
    assert pane.model.data(pane.model.index(row, WORTHY)) == "2 yes · 0 no"
    window.redo()
    window.redo()
    assert claims_db.final_verdict(store, crime.id) is not None
    assert [v.value for v in claims_db.votes(store, crime.id) if v.annotator == "rita"] == ["yes"]


def test_the_maker_moves_the_status_to_checking_and_a_reviewer_on(
    open_window: OpenWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, dialogs: list[tuple[str, str]]
) -> None:
    window, pane, card = one_card_in_pane(open_window, qtbot)
    store = window.project.store
    qtbot.keyClick(pane.view, Qt.Key.Key_S)
    assert claims_db.card(store, card.id).status == "checking"  # type: ignore[union-attr]
    # Rated is a reviewer's call: the maker is told why, and nothing changes.
    qtbot.keyClick(pane.view, Qt.Key.Key_S)
    assert claims_db.card(store, card.id).status == "checking"  # type: ignore[union-attr]
    assert dialogs and "Only a reviewer" in dialogs[-1][1] and "final verdict (F)" in dialogs[-1][1]
    # F: alice sets the final verdict herself (she is then its reviewer): rated in the same step.
    given = VerdictFields("False", "Police figures show a rise.", (), "", "")
    monkeypatch.setattr(verdict_dialog, "edit_verdict", lambda *_a, **_k: given)
    qtbot.keyClick(pane.view, Qt.Key.Key_F)
    assert pane.model.data(pane.model.index(0, STATUS)) == "rated"
    for expected in ("published", "published"):  # no status after published
        qtbot.keyClick(pane.view, Qt.Key.Key_S)
        assert claims_db.card(store, card.id).status == expected  # type: ignore[union-attr]
    qtbot.keyClick(pane.view, Qt.Key.Key_S, Qt.KeyboardModifier.ShiftModifier)
    assert claims_db.card(store, card.id).status == "rated"  # type: ignore[union-attr]
    assert pane.model.data(pane.model.index(0, STATUS)) == "rated"
    pane.status_filter.setCurrentIndex(pane.status_filter.findData("new"))
    assert pane.model.rowCount() == 0
    window.undo()  # back to published: still filtered out
    window.undo()  # rated
    window.undo()  # the final verdict taken back: checking again
    assert claims_db.card(store, card.id).status == "checking"  # type: ignore[union-attr]
    window.undo()  # new: it shows again under the "new" filter
    assert pane.model.rowCount() == 1


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
    for speaker in ("sp-smith", "sp-jones"):  # counted from the rows held, as the store counts them
        assert window.claims.model.tally(speaker) == speaker_tally(window.project.store, speaker)
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


class _SpeakerPage(QWidget):
    """A speaker's page as the structure window's (ui/speaker_page.py) adds sections: a title and a
    widget, told of each speaker shown through show_speaker."""

    def __init__(self) -> None:
        super().__init__()
        self.layout_ = QVBoxLayout(self)
        self.sections: list[SpeakerClaims] = []

    def add_section(self, title: str, widget: SpeakerClaims) -> None:
        self.layout_.addWidget(QLabel(title))
        self.layout_.addWidget(widget)
        self.sections.append(widget)
        widget.show_speaker(None)

    def load(self, speaker_id: str | None) -> None:
        for section in self.sections:
            section.show_speaker(speaker_id)


def test_a_speakers_page_takes_their_cards_as_a_section(
    debate: tuple[MainWindow, Debate], qtbot: QtBot
) -> None:
    window, _made = debate
    page = _SpeakerPage()
    qtbot.addWidget(page)
    page.add_section("Claim cards", window.claims.speaker_section())
    section = page.sections[0]
    assert section.model.rowCount() == 0 and section.tally.text() == ""
    page.load("sp-jones")
    assert section.tally.text() == "Ben Jones: 1 Half true (2 cards)"
    assert section.model.rowCount() == 2
    page.show()
    qtbot.waitExposed(page)
    section.view.setFocus()
    section.view.setCurrentIndex(section.model.index(0, 0))
    qtbot.keyClick(section.view, Qt.Key.Key_Return)
    assert window.claims.pane.current_card_id() == section.model.card_id(0)
    page.load(None)
    assert section.model.rowCount() == 0


def test_a_reload_queued_before_the_project_closes_reads_nothing(
    open_window: OpenWindow, qtbot: QtBot
) -> None:
    """A sync or import queues one reload of the cards; closing the project right after (quitting) stops
    it, instead of it reading the closed database on the next turn."""
    window, _pane, _card = one_card_in_pane(open_window, qtbot)
    assert window.claims.model.loaded()
    window.project.annotationsReset.emit(window.current_document_id())
    window.close()
    window.project.close()
    qtbot.wait(50)  # (the queued reload, had it run, raised here: pytest-qt fails on it)
    assert not window.claims.model.loaded()
