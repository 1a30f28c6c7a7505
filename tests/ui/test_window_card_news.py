"""Card keys in the Claims pane say what they did in the status bar, and undo and redo say it too."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from db import claims as claims_db
from tests.ui.claims_support import one_card_in_pane
from tests.ui.conftest import OpenWindow
from ui import verdict_dialog
from ui.main_window import MainWindow
from ui.verdict_dialog import VerdictFields

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def said(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def test_votes_verdicts_and_status_moves_are_said_and_so_are_their_undo_and_redo(
    open_window: OpenWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, dialogs: list[tuple[str, str]]
) -> None:
    window, pane, card = one_card_in_pane(open_window, qtbot)
    store = window.project.store
    window.statusBar().clearMessage()

    monkeypatch.setattr(verdict_dialog, "ask_vote", lambda *_a: "a number anyone can check")
    qtbot.keyClick(pane.view, Qt.Key.Key_Y)
    assert said(window) == "Your check-worthy vote on “Crime fell by 20%.”: worth checking"
    qtbot.keyClick(pane.view, Qt.Key.Key_N)
    assert said(window) == "Your check-worthy vote on “Crime fell by 20%.”: not worth checking"

    mine = VerdictFields("Mostly false", "Police figures show a rise.", (), "", "")
    monkeypatch.setattr(verdict_dialog, "edit_verdict", lambda *_a, **_k: mine)
    qtbot.keyClick(pane.view, Qt.Key.Key_V)
    assert said(window) == "Your verdict on “Crime fell by 20%.”: Mostly false"

    qtbot.keyClick(pane.view, Qt.Key.Key_S)
    assert claims_db.require_card(store, card.id).status == "checking"
    assert said(window) == "Card “Crime fell by 20%.” moved to checking"

    final = VerdictFields("False", "Police figures show a rise.", (), "", "")
    monkeypatch.setattr(verdict_dialog, "edit_verdict", lambda *_a, **_k: final)
    qtbot.keyClick(pane.view, Qt.Key.Key_F)
    assert said(window) == "Final verdict on “Crime fell by 20%.”: False"
    qtbot.keyClick(pane.view, Qt.Key.Key_S)
    assert said(window) == "Card “Crime fell by 20%.” moved to published"
    qtbot.keyClick(pane.view, Qt.Key.Key_S, SHIFT)
    assert claims_db.require_card(store, card.id).status == "rated"
    assert said(window) == "Card “Crime fell by 20%.” moved to rated"

    # Undo and redo from the keyboard, the focus in the pane: each step says what it took back or redid.
    qtbot.keyClick(pane.view, Qt.Key.Key_Z, CTRL)
    assert claims_db.require_card(store, card.id).status == "published"
    assert said(window) == "Undone: Card “Crime fell by 20%.” moved to rated"
    qtbot.keyClick(pane.view, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(pane.view, Qt.Key.Key_Z, CTRL)
    assert said(window) == "Undone: Final verdict on “Crime fell by 20%.”: False"
    assert claims_db.final_verdict(store, card.id) is None
    qtbot.keyClick(pane.view, Qt.Key.Key_Z, CTRL | SHIFT)
    assert said(window) == "Redone: Final verdict on “Crime fell by 20%.”: False"
    assert claims_db.final_verdict(store, card.id) is not None
    for _ in range(3):
        qtbot.keyClick(pane.view, Qt.Key.Key_Z, CTRL)
    assert said(window) == "Undone: Your verdict on “Crime fell by 20%.”: Mostly false"
    qtbot.keyClick(pane.view, Qt.Key.Key_Z, CTRL)
    assert said(window) == "Undone: Your check-worthy vote on “Crime fell by 20%.”: not worth checking"
    assert not dialogs


def test_withdrawing_a_vote_or_verdict_is_said(
    open_window: OpenWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, pane, card = one_card_in_pane(open_window, qtbot)
    store = window.project.store
    monkeypatch.setattr(
        verdict_dialog, "edit_verdict", lambda *_a, **_k: VerdictFields("True", "", (), "", "")
    )
    qtbot.keyClick(pane.view, Qt.Key.Key_V)
    monkeypatch.setattr(verdict_dialog, "edit_verdict", lambda *_a, **_k: verdict_dialog.WITHDRAW)
    qtbot.keyClick(pane.view, Qt.Key.Key_V)
    assert said(window) == "Your verdict on “Crime fell by 20%.” withdrawn"
    qtbot.keyClick(pane.view, Qt.Key.Key_Z, CTRL)
    assert said(window) == "Undone: Your verdict on “Crime fell by 20%.” withdrawn"
    assert [v.verdict for v in claims_db.verdicts(store, card.id) if v.deleted_at is None] == ["True"]
