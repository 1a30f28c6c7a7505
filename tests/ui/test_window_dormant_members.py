"""A claim tag relabelled with the label key in the real window stays on its card, dormant: the Claims
pane says so, publishing is refused in words, Ctrl+Z brings it back live."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QLabel
from pytestqt.qtbot import QtBot

from db import claims as claims_db
from tests.ui.claims_support import in_dialog, make_current, one_card, tag_of
from tests.ui.conftest import OpenWindow
from ui import dialogs
from ui.claims_table import TAGS, TEXT
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(open_window: OpenWindow, qtbot: QtBot) -> MainWindow:
    shown = open_window(annotator="alice", prepare=one_card)
    shown.claims.toggle_action.trigger()
    qtbot.waitUntil(shown.claims.dock.isVisible)
    return shown


def _card_id(window: MainWindow) -> str:
    (card,) = claims_db.cards(window.project.store)
    return card.id


def _pane_says(window: MainWindow) -> tuple[str, str, str]:
    """(the list's Claim and Tags cells, the open card's tag quote cell, the card's header lines)."""
    pane = window.claims.pane
    row = pane.model.row_of(_card_id(window))
    assert row is not None
    tags_cell = " | ".join(str(pane.model.data(pane.model.index(row, col))) for col in (TEXT, TAGS))
    card = pane.card
    quote = str(card.tags_model.data(card.tags_model.index(0, 2)))
    return tags_cell, quote, "\n".join(card.header.lines())


def test_relabelling_a_card_tag_with_the_label_key_makes_it_dormant_and_ctrl_z_brings_it_back(
    window: MainWindow, qtbot: QtBot
) -> None:
    card_id = _card_id(window)
    window.claims.pane.open_card(card_id)
    assert _pane_says(window)[:2] == ("Crime fell by 20%. | 1", "crime fell by 20%")
    ann = tag_of(window, "crime fell by 20%")
    make_current(window, ann)
    qtbot.keyClick(window.view, Qt.Key.Key_2)  # denial: alice's own tag, relabelled at once
    assert window.project.store.annotation(ann.id).label == "denial"  # type: ignore[union-attr]
    tags_cell, quote, header = _pane_says(window)
    assert tags_cell == "(no claim tag: add one) Crime fell by 20%. | 0"
    assert quote == "“crime fell by 20%”, a denial tag since"
    assert header.startswith("No claim tag: add one")
    assert claims_db.tag_ids(window.project.store, card_id) == [ann.id]  # still on the card
    qtbot.wait(50)  # the header's new line laid out
    window.claims.dock.grab().save("/tmp/cardrules-dormant-pane.png")
    make_current(window, ann)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert window.project.store.annotation(ann.id).label == "claim"  # type: ignore[union-attr]
    tags_cell, quote, header = _pane_says(window)
    assert (tags_cell, quote) == ("Crime fell by 20%. | 1", "crime fell by 20%")
    assert "No claim tag" not in header


def test_the_card_editor_shows_the_dormant_member(window: MainWindow, qtbot: QtBot) -> None:
    card_id = _card_id(window)
    ann = tag_of(window, "crime fell by 20%")
    make_current(window, ann)
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    window.claims.pane.open_card(card_id)
    seen: list[str] = []

    def look(dialog: QDialog) -> None:
        label = dialog.findChild(QLabel, "dormantTags")
        seen.append(label.text() if label is not None else "")
        dialog.grab().save("/tmp/cardrules-dormant-editor.png")
        dialog.reject()

    problems = in_dialog(qtbot, look)
    assert not window.claims.pane.edit_card()  # cancelled: nothing changed
    assert not problems, problems
    assert seen and "“crime fell by 20%”, a denial tag since" in seen[0], seen


def test_a_card_with_only_dormant_members_is_not_published_and_the_refusal_says_why(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = window.project.store
    card_id = _card_id(window)
    claims_db.set_final_verdict(store, card_id, "alice", "False")  # alice reviews it: rated
    window.claims.model.reload_if_changed()
    ann = tag_of(window, "crime fell by 20%")
    make_current(window, ann)
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    window.claims.pane.open_card(card_id)
    told: list[str] = []
    monkeypatch.setattr(dialogs, "show_info", lambda _p, _t, text: told.append(text))
    assert not window.claims.pane.step_status(+1)
    assert claims_db.require_card(store, card_id).status == "rated"
    assert told and "has no claim tag now" in told[0] and "relabel one back" in told[0]
    QCoreApplication.processEvents()


def test_k_on_a_dormant_member_opens_its_card(window: MainWindow, qtbot: QtBot) -> None:
    card_id = _card_id(window)
    ann = tag_of(window, "crime fell by 20%")
    make_current(window, ann)
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    make_current(window, ann)
    qtbot.keyClick(window.view, Qt.Key.Key_K)  # no new card (a denial is no claim tag): its card opens
    assert [c.id for c in claims_db.cards(window.project.store)] == [card_id]
    assert window.claims.pane.current_card_id() == card_id
    assert "from when it was a claim tag" in window.statusBar().currentMessage()


def test_a_dormant_member_deleted_leaves_the_pane_and_comes_back_with_undo(
    window: MainWindow, qtbot: QtBot
) -> None:
    card_id = _card_id(window)
    window.claims.pane.open_card(card_id)
    ann = tag_of(window, "crime fell by 20%")
    make_current(window, ann)
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    row = window.claims.model.row(card_id)
    assert row is not None and row.dormant_ids == (ann.id,)
    make_current(window, ann)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)  # her own tag: deleted, no longer dormant but gone
    row = window.claims.model.row(card_id)
    assert row is not None and (row.dormant_ids, row.no_claim_tag) == ((), False)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    row = window.claims.model.row(card_id)
    assert row is not None and row.dormant_ids == (ann.id,)
