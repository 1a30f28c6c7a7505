"""The status bar keeps what the last sync that moved anything sent and received: the window syncs every
few seconds, and the next sync, with nothing new, used to wipe "a teammate's tag came" within 5 s."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from db import Store, claims
from factcheck.services.sync import sync
from tests.factcheck.services.sync_support import span_of, tag
from tests.helpers.review import set_review
from tests.pg import Team
from tests.ui.conftest import OpenWindow
from tests.ui.test_team_sync import sync_now, teammate_tags
from ui.team_news import news as news_of

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")


def test_a_teammates_tag_stays_said_in_the_status_bar_after_the_next_syncs(
    open_window: OpenWindow, qtbot: QtBot, team: Team, tmp_path: Path, db_path: Path
) -> None:
    window = open_window()
    news = window.team.news
    assert news.text() == ""
    first = sync_now(qtbot, window, team.url("alice"))
    assert first.kind == "synced"
    assert news.text().endswith(": sent 1 document"), news.text()  # the article went up
    teammate_tags(team, tmp_path, db_path, "crime fell by 20%")
    sync_now(qtbot, window)
    assert news.text().endswith(": received 1 new tag"), news.text()
    quiet = sync_now(qtbot, window)  # nothing new: what came is still said
    assert quiet.report is not None and not quiet.report.pulled.changed
    assert news.text().endswith(": received 1 new tag"), news.text()
    assert window.team.label.text().startswith("Synced ")
    dialog = window.team.open_dialog()
    qtbot.addWidget(dialog)
    details = dialog.details.toPlainText()
    assert "Received: nothing new." in details  # the last sync's own report
    assert "Last changes (" in details and "Tags: 1 added." in details, details
    window.grab().save(str(tmp_path / "team-news.png"))


def test_the_news_are_forgotten_when_another_project_opens(
    open_window: OpenWindow, qtbot: QtBot, team: Team, tmp_path: Path, db_path: Path
) -> None:
    window = open_window()
    sync_now(qtbot, window, team.url("alice"))
    assert window.team.news.text()
    window.team.project_changed()  # as when another project is opened
    assert window.team.news.text() == "" and window.team.news.detail == ""


def test_a_sync_ending_while_a_message_shows_leaves_the_message_its_room(
    open_window: OpenWindow, qtbot: QtBot, team: Team, tmp_path: Path, db_path: Path
) -> None:
    window = open_window()
    window.resize(1000, 700)
    sync_now(qtbot, window, team.url("alice"))
    teammate_tags(team, tmp_path, db_path, "crime fell by 20%")
    bar, room = window.statusBar(), window.status_items.room
    message = "Tag now: “water rates “have not risen in real terms for a decade”"
    bar.showMessage(message, 60_000)
    need = bar.fontMetrics().horizontalAdvance(message)
    sync_now(qtbot, window)  # the news and the status grow while the message shows
    assert window.team.news.text().endswith("received 1 new tag")
    qtbot.waitUntil(lambda: room.message_width() >= need)  # (was: cut mid-word, no "…", until a resize)


def test_a_reviewers_decision_and_verdict_are_said_as_such(
    open_window: OpenWindow, qtbot: QtBot, team: Team, tmp_path: Path, db_path: Path
) -> None:
    """rita decides on bob's tag and gives a verdict on a card of her claim: alice's status bar says
    "received 1 new tag, 1 claim card, 1 verdict, 1 decision" (was: "received 1 new tag, 1 tag update"),
    and File > Team server… "rita's decision on 1 tag" (was: "Tags: 1 updated (theirs newer)", and "1
    document already there")."""
    window = open_window()
    window.resize(1200, 700)
    news = window.team.news
    sync_now(qtbot, window, team.url("alice"))
    bobs = teammate_tags(team, tmp_path, db_path, "crime fell by 20%")
    sync_now(qtbot, window)
    assert news.text().endswith(": received 1 new tag"), news.text()
    with Store.open(tmp_path / "rita.db") as rita:
        sync(rita, team.url("rita"))
        set_review(rita, bobs, "accepted", "rita", "the figures say so")
        claim = tag(rita, "rita", *span_of(rita, "crime fell by 20%"))
        card, _ = claims.create_card(rita, [claim.id], "rita", text="Crime fell by 20%")
        claims.give_verdict(rita, card.id, "rita", "Mostly true", "close to the figures")
        assert news_of(sync(rita)) == "sent 1 tag, 1 claim card, 1 verdict, 1 decision"
    outcome = sync_now(qtbot, window)
    assert outcome.report is not None
    assert news.text().endswith(": received 1 new tag, 1 claim card, 1 verdict, 1 decision"), news.text()
    sync_now(qtbot, window)  # nothing new: still said
    assert news.text().endswith(": received 1 new tag, 1 claim card, 1 verdict, 1 decision"), news.text()
    dialog = window.team.open_dialog()
    qtbot.addWidget(dialog)
    details = dialog.details.toPlainText()
    assert "rita's decision on 1 tag." in details, details
    assert "theirs newer" not in details and "already there" not in details, details
    window.grab().save(str(tmp_path / "teamwords-bar.png"))
    dialog.grab().save(str(tmp_path / "teamwords-dialog.png"))
    if shots := os.environ.get("TEAMWORDS_SHOTS"):
        window.grab().save(f"{shots}/teamwords-bar.png")
        dialog.grab().save(f"{shots}/teamwords-dialog.png")
