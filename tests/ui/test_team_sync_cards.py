"""The window's sync when the team server refuses a claim card's step (published without a final verdict
on the server): the status bar counts the refused change, File > Team server… says which and why, and
the project holds the server's copy again."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from db import Store, claims
from factcheck.core.model import Document, utc_now
from factcheck.core.spans import new_annotation
from tests.pg import Team
from tests.ui.conftest import OpenWindow
from tests.ui.test_team_sync import sync_now

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")


def test_a_card_published_without_a_final_verdict_is_shown_refused(
    open_window: OpenWindow, qtbot: QtBot, team: Team, db_path: Path
) -> None:
    made: list[str] = []

    def prepare(store: Store, doc: Document) -> None:
        ann = store.add_annotation(new_annotation(doc, 0, 20, "claim", "rita"), doc.text)
        card, _ = claims.create_card(store, [ann.id], "rita", text="Crime fell")
        made.append(card.id)

    window = open_window(annotator="rita", prepare=prepare)
    assert sync_now(qtbot, window, team.url("rita")).kind == "synced"
    (card_id,) = made
    with Store.open(db_path) as other:  # a client that bypasses the window publishes the card
        forged = replace(claims.require_card(other, card_id), status="published", updated_at=utc_now())
        claims.put_cards(other, [forged])
    outcome = sync_now(qtbot, window)
    assert outcome.kind == "synced" and outcome.report is not None
    assert window.team.label.text().endswith(" · 1 change refused")
    dialog = window.team.open_dialog()
    details = dialog.details.toPlainText()
    assert f"refused claim {card_id}: a claim card is published with its final verdict" in details
    assert (
        "Nothing sent. " in details
        and "1 row refused by the server" in details
        and "1 local copy replaced by the server's" in details
    )
    with Store.open(db_path) as other:
        assert claims.require_card(other, card_id).status == "new"  # the server's copy
    # ... which the window shows (the sync replaced a row: the project reloads).
    qtbot.waitUntil(lambda: getattr(window.claims.model.card(card_id), "status", None) == "new", timeout=5000)
    dialog.resize(760, 420)
    dialog.grab().save("/tmp/serverrule-refused.png")
    dialog.close()
    window.close()
