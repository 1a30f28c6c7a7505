"""The status bar keeps what the last sync that moved anything sent and received: the window syncs every
few seconds, and the next sync, with nothing new, used to wipe "a teammate's tag came" within 5 s."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.pg import Team
from tests.ui.conftest import OpenWindow
from tests.ui.test_team_sync import sync_now, teammate_tags

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
