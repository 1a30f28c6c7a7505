"""The agreement dialog's Decisions tab in the real window: the claim cards' κ and α, measured with the
other figures on the worker thread, as `factcheck agreement` prints them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from db import claims
from factcheck.services.claim_agreement import store_decision_agreement
from tests.helpers.claims import Debate
from tests.ui.claims_support import open_debate
from tests.ui.window_support import finish_operations
from ui.agreement_dialog import AgreementDialog
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def debate(qtbot: QtBot, tmp_path: Path, db_path: Path) -> Iterator[tuple[MainWindow, Debate]]:
    yield from open_debate(qtbot, tmp_path, db_path)


def test_the_decisions_tab_shows_kappa_and_alpha_of_votes_and_verdicts(
    debate: tuple[MainWindow, Debate], qtbot: QtBot
) -> None:
    window, _made = debate
    assert window.review.show_agreement() is not None
    finish_operations(qtbot, window)
    dialog = window.review.agreement_dialog
    assert isinstance(dialog, AgreementDialog) and dialog.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)  # the tab's mnemonic
    assert dialog.tabs.currentWidget() is dialog.decision_page
    page = dialog.decision_page
    expected = store_decision_agreement(window.project.store)
    assert page.rows == expected and len(expected) == 4  # κ alice–bob and α, for votes and verdicts
    model = page.model
    shown = [
        [model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(model.rowCount())
    ]
    verdict_kappa = next(r for r in expected if r.kind == "verdict" and r.measure == "cohen_kappa")
    assert verdict_kappa.value is not None
    assert ["verdict", "Cohen's κ", "alice – bob", "4", f"{verdict_kappa.value:.3f}"] in shown
    assert ["check-worthiness", "Krippendorff's α (nominal)", "all annotators", "4"] in [s[:4] for s in shown]
    assert page.coverage.text() == (
        "Over all documents: 4 cards with check-worthiness votes and 4 cards with verdicts from two or "
        "more annotators."
    )
    assert not dialog.document_combo.isEnabled()  # the decisions are over all documents
    qtbot.keyClick(dialog, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    assert dialog.document_combo.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
    assert "Cohen's κ" in page.findChildren(type(page.coverage))[0].text()  # the explanation line
    assert dialog.copy_button.isEnabled()
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text().splitlines()
    assert copied[0] == "kind,measure,annotator_a,annotator_b,cards,value"
    assert (
        copied[1 + expected.index(verdict_kappa)]
        == f"verdict,cohen_kappa,alice,bob,4,{verdict_kappa.value!r}"
    )
    dialog.grab().save("/tmp/cardstatus-decisions.png")


def test_without_decisions_the_tab_says_what_it_needs(qtbot: QtBot) -> None:
    from ui.decision_page import DecisionPage

    page = DecisionPage([])
    qtbot.addWidget(page)
    assert "two annotators who voted on or gave a verdict" in page.coverage.text()
    assert page.model.rowCount() == 0


def test_copy_as_csv_escapes_hidden_characters_and_guards_formulas(
    debate: tuple[MainWindow, Debate], qtbot: QtBot
) -> None:
    # An older project kept a voter's name holding a right-to-left override, starting like a formula:
    # the copy writes it as the command line and the other tabs do, escaped (\u202e) and guarded (').
    window, made = debate
    odd = "=cy\u202e"
    for card in made.cards:
        claims.vote(window.project.store, card.id, odd, "no", "")
    assert window.review.show_agreement() is not None
    finish_operations(qtbot, window)
    dialog = window.review.agreement_dialog
    assert isinstance(dialog, AgreementDialog)
    qtbot.keyClick(dialog, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
    assert dialog.tabs.currentWidget() is dialog.decision_page
    dialog.copy_button.click()
    copied = list(csv.reader(io.StringIO(QGuiApplication.clipboard().text())))
    names = {cell for row in copied[1:] for cell in row[2:4]}
    assert "'=cy\\u202e" in names
    assert not any("\u202e" in cell for row in copied for cell in row)
