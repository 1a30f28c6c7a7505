"""The claim cards' windows (pane, card, dialogs) put what they show through Qt's translation."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from tests.ui.claims_support import open_debate
from tests.ui.test_window_locale import Shouting
from ui import verdict_dialog
from ui.claim_card import CardView
from ui.claim_editor import ClaimEditor
from ui.claim_picker import ClaimPicker
from ui.claims_table import STATUS, VERDICT, WORTHY
from ui.decision_page import DecisionPage
from ui.scale_dialog import ScaleDialog
from ui.verdict_dialog import VerdictDialog, VoteDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


MINE = (
    "ClaimsDock",
    "ClaimsPane",
    "ClaimsTable",
    "ClaimsModel",
    "ClaimsTableModel",
    "ClaimCard",
    "ClaimCommands",
    "CardTagsModel",
    "VerdictHistoryModel",
    "ClaimFlows",
    "ClaimEditor",
    "ClaimPicker",
    "VerdictDialog",
    "ScaleDialog",
    "DecisionPage",
    "SpeakerClaims",
    "VerdictDisagreements",
)


class ShoutingClaims(Shouting):
    """Shouting, and in the contexts of the claim cards' modules too."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        known = "MainWindow" if context in MINE else context
        return super().translate(known, source, disambiguation, n)


def test_the_claim_cards_go_through_translation(
    qtbot: QtBot, tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    translator = ShoutingClaims()
    QCoreApplication.installTranslator(translator)
    debate = open_debate(qtbot, tmp_path, db_path)
    try:
        window, made = next(debate)
        claims = window.claims
        assert claims.dock.windowTitle() == "CLAIMS"
        assert claims.toggle_action.text() == "&CLAIMS PANE"
        assert claims.make_action.text() == "&MAKE CLAIM CARD…"
        assert claims.scale_action.statusTip() == "THE RATINGS OF VERDICTS: NAMES, VALUES, COLOURS"
        pane = claims.pane
        assert pane.count.text() == "4 CARDS"
        assert pane.search.placeholderText() == "FIND CARDS (WORDS OF THE CLAIM)"
        assert pane.verdict_filter.itemText(0) == "ANY" and pane.verdict_filter.itemData(0) is None
        assert pane.status_filter.itemText(1) == "NEW" and pane.status_filter.itemData(1) == "new"
        assert pane.sort_box.itemText(0) == "MOST TAGGED"
        assert pane.edit_action.text() == "&EDIT CARD…"
        assert pane.edit_action.toolTip() == "EDIT THE CARD'S CLAIM, SPEAKER, DATE AND URLS (E)"
        assert "SPEA&KER" in [label.text() for label in pane.findChildren(QLabel)]
        model = pane.model
        assert model.headerData(0, Qt.Orientation.Horizontal) == "CLAIM"
        texts = [model.index(r, WORTHY).data() for r in range(model.rowCount())]
        assert any(t.endswith(" YES · 0 NO") for t in texts), texts
        statuses = {model.index(r, STATUS).data() for r in range(model.rowCount())}
        assert statuses and statuses <= {"NEW", "CHECKING", "RATED", "PUBLISHED"}
        tips = [model.index(r, VERDICT).data(Qt.ItemDataRole.ToolTipRole) for r in range(model.rowCount())]
        assert any(t.startswith("FINAL: True (BY ") for t in tips), tips
        pane.set_speaker_filter("sp-jones")
        assert pane.tally.text() == "Ben Jones: 1 Half true (2 CARDS)"
        assert pane.count.text() == "2 OF 4 CARDS"
        pane.set_speaker_filter(None)
        empty = CardView()
        qtbot.addWidget(empty)
        assert empty.title.lines() == ["NO CARD OPEN"]
        crime = made.cards[3]  # no final verdict yet; alice and bob both said False
        assert pane.open_card(crime.id)
        (votes,) = pane.card.votes.lines()
        assert votes.startswith("CHECK-WORTHY: 2 YES — ") and "alice: YES" in votes, votes
        assert " · NEW · CARD BY " in pane.card.header.lines()[0]
        assert pane.card.verdicts_model.headerData(2, Qt.Orientation.Horizontal) == "VERDICT"
        monkeypatch.setattr(verdict_dialog, "ask_vote", lambda *_a: "")
        pane.view.setFocus()
        qtbot.keyClick(pane.view, Qt.Key.Key_N)
        assert window.undo_stack.undoText().startswith("VOTE NO ON “")
        claims.actions.add_to_card(None)
        assert window.statusBar().currentMessage() == "SELECT A CLAIM TAG FIRST (CLICK IT, OR TAB TO IT)."
        editor = ClaimEditor(window, quote="crime fell")
        qtbot.addWidget(editor)
        assert editor.windowTitle() == "CLAIM CARD"
        assert editor.text_edit.placeholderText() == "THE CLAIM AS CHECKED, IN ONE PLAIN SENTENCE"
        assert editor.problem() == "TYPE THE CLAIM AS CHECKED: ONE PLAIN SENTENCE."
        picker = ClaimPicker(window, "crime fell", [("c1", "Crime fell", "")])
        qtbot.addWidget(picker)
        assert picker.windowTitle() == "ADD THE TAG TO A CARD"
        steps = [("True", 2, "#2e7d32"), ("False", 0, "#c62828")]
        verdict = VerdictDialog(window, claim_text="Crime fell", scale=steps, current=None, final=True)
        qtbot.addWidget(verdict)
        assert verdict.windowTitle() == "FINAL VERDICT"
        vote = VoteDialog(window, "Crime fell", "no", "", "yes")
        qtbot.addWidget(vote)
        assert "YOU VOTE: NOT CHECK-WORTHY (YOU SAID YES BEFORE)." in [
            w.text() for w in vote.findChildren(QLabel)
        ]
        scale = ScaleDialog(window, steps, {"True": 1})
        qtbot.addWidget(scale)
        assert (scale.windowTitle(), scale.add_button.text()) == ("VERDICT SCALE", "&ADD")
        colour = scale.table.horizontalHeaderItem(2)
        assert colour is not None and colour.text() == "COLOUR"
        page = DecisionPage([])
        qtbot.addWidget(page)
        assert page.coverage.text().startswith("NO DECISIONS TO COMPARE YET")
        pane.set_speaker_filter("sp-jones")
        pane.show_speaker()
        assert pane.speaker_window is not None
        assert pane.speaker_window.windowTitle() == "CLAIMS OF Ben Jones"
        pane.speaker_window.close()
        window.review.toggle_action.trigger()
        qtbot.waitUntil(claims.disputed.isVisible)
        assert claims.disputed.summary.text() == "2 CARDS WITH DIFFERING VERDICTS, 0 WITHOUT A FINAL VERDICT"
        assert claims.disputed.only_document.text() == "THIS DOCUMENT'S CARDS ONLY"
    finally:
        next(debate, None)  # closes the window
        QCoreApplication.removeTranslator(translator)
