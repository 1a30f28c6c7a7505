"""Undo of a card edit in the window after a teammate's change of the same card came in by an import: the
undo takes back the reviewer's own step, not the maker's newer text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from db import Store
from db import claims as claims_db
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from tests.helpers.claims import Debate
from tests.ui.claims_support import listed, open_debate
from tests.ui.window_support import finish_operations
from ui import dialogs, verdict_dialog
from ui.claims_table import STATUS, VERDICT
from ui.main_window import MainWindow
from ui.verdict_dialog import VerdictFields

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def debate(qtbot: QtBot, tmp_path: Path, db_path: Path) -> Iterator[tuple[MainWindow, Debate]]:
    yield from open_debate(qtbot, tmp_path, db_path)


def test_undoing_a_final_verdict_keeps_the_makers_text_merged_in_since(
    debate: tuple[MainWindow, Debate], qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, made = debate
    pane, store = window.claims.pane, window.project.store
    crime = made.cards[3]  # alice's card, new, no final verdict
    # alice works on a copy of the project meanwhile.
    export(store, "json", tmp_path / "start.json")
    with Store.open(tmp_path / "alice.db") as alice:
        import_paths(alice, [tmp_path / "start.json"])
        assert pane.open_card(crime.id)
        pane.view.setFocus()
        given = VerdictFields("Mostly false", "Police figures show a 40% rise.", (), "", "")
        monkeypatch.setattr(verdict_dialog, "edit_verdict", lambda *_a, **_k: given)
        qtbot.keyClick(pane.view, Qt.Key.Key_F)  # rita: the final verdict, and the card rated
        assert claims_db.require_card(store, crime.id).status == "rated"
        claims_db.update_card(alice, crime.id, "alice", text="Crime doubled since 2022.")
        export(alice, "json", tmp_path / "alice.json")
    window.import_files([str(tmp_path / "alice.json")], report=False)
    finish_operations(qtbot, window)
    qtbot.waitUntil(lambda: "Crime doubled since 2022." in listed(window))
    window.undo()  # rita takes her final verdict back
    card = claims_db.require_card(store, crime.id)
    assert (card.status, card.text) == ("new", "Crime doubled since 2022.")
    assert claims_db.final_verdict(store, crime.id) is None
    row = pane.model.row_of(crime.id)
    assert row is not None and pane.model.data(pane.model.index(row, STATUS)) == "new"
    assert "Crime doubled since 2022." in listed(window)
    window.redo()
    card = claims_db.require_card(store, crime.id)
    assert (card.status, card.text) == ("rated", "Crime doubled since 2022.")
    assert pane.model.data(pane.model.index(row, VERDICT)) == "Mostly false"
    window.grab().save("/tmp/claimsfuzz-undo.png")


def test_undo_that_would_publish_a_card_without_its_final_verdict_says_why_and_changes_nothing(
    debate: tuple[MainWindow, Debate], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, made = debate
    pane, store = window.claims.pane, window.project.store
    shown: list[str] = []
    monkeypatch.setattr(
        dialogs, "show_error", lambda _parent, title, text, **_k: shown.append(f"{title}: {text}")
    )
    card = made.cards[0]  # rated by rita, with her final verdict
    assert pane.open_card(card.id)
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key.Key_S)  # published
    assert claims_db.require_card(store, card.id).status == "published"
    claims_db.withdraw_verdict(store, card.id, "rita", final=True)  # from her other machine, by a sync
    qtbot.keyClick(pane.view, Qt.Key.Key_S, Qt.KeyboardModifier.ShiftModifier)  # back to rated
    assert claims_db.require_card(store, card.id).status == "rated"
    window.undo()
    assert shown and shown[-1].startswith("Undo failed") and "no final verdict now" in shown[-1]
    assert claims_db.require_card(store, card.id).status == "rated"
    row = pane.model.row_of(card.id)
    assert row is not None and pane.model.data(pane.model.index(row, STATUS)) == "rated"
