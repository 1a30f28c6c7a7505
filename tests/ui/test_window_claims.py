"""Claim cards in the real window: made from a tag with the keyboard, the Claims pane, undo and redo."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from db import Store
from db import claims as claims_db
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from tests.helpers.claims import Debate, make_debate
from tests.ui.conftest import OpenWindow
from tests.ui.window_support import isolated_settings, show
from ui.claims_table import TEXT
from ui.main_window import MainWindow
from ui.project import ProjectModel

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
