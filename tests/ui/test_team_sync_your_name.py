"""Edit › Your name… in a project synced with a team server: the name is remembered as yours (for other
projects, and the command line), but this project's tags keep carrying the login, as the window takes
it at every sync. They carried the new name until the next sync put the login back, and the server
refused those tags for good ("it is Alice Smith's tag, not yours (alice)")."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.pg import Team
from tests.ui.conftest import OpenWindow
from tests.ui.test_team_sync import sync_now

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")


def test_a_new_name_in_a_synced_project_keeps_the_login_on_its_tags(
    open_window: OpenWindow, qtbot: QtBot, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(annotator="alice")
    assert sync_now(qtbot, window, team.url("alice")).kind == "synced"

    def typed(_parent: QWidget | None, _current: str = "") -> str:
        return "Alice Smith"

    monkeypatch.setattr("ui.dialogs.ask_annotator", typed)
    window.change_annotator()
    assert window.settings.annotator == "Alice Smith"  # yours, elsewhere
    assert window.annotator == "alice" and window.review.panel.reviewer == "alice"
    assert "alice" in window.statusBar().currentMessage()  # said why
    text = window.view.document_text()
    start = text.index("crime")
    window.view.select_span(start, start + 5)
    window.apply_label("claim")
    assert {tag.annotator for tag in window.open_doc.tags} == {"alice"}
    outcome = sync_now(qtbot, window)
    assert outcome.kind == "synced" and outcome.report is not None and outcome.report.refused == []
    with team.connect("alice") as conn:
        assert conn.execute("SELECT annotator FROM factcheck.annotations").fetchall() == [("alice",)]


def test_another_project_opened_after_a_synced_one_takes_your_name_again(
    open_window: OpenWindow, qtbot: QtBot, team: Team, tmp_path: Path
) -> None:
    window = open_window(annotator="Alice Smith")
    assert sync_now(qtbot, window, team.url("alice")).kind == "synced"
    assert window.annotator == "alice"  # the login, in the synced project
    assert window.open_database(tmp_path / "local.db")
    assert window.annotator == "Alice Smith" and window.review.panel.reviewer == "Alice Smith"


def test_without_a_name_of_yours_another_project_asks_for_it_again(
    open_window: OpenWindow, qtbot: QtBot, team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(annotator="")  # the first start's question cancelled
    assert sync_now(qtbot, window, team.url("alice")).kind == "synced"
    assert window.annotator == "alice"
    assert window.open_database(tmp_path / "local.db")
    assert window.annotator == ""  # not the login: asked at the first tag, as before
