"""An older factcheck's window on a team a newer one synced (the sync rules' version on the server,
db.pg_sync_rules; the older client simulated by lowering the constant): the background sync pulls, sends
nothing, and the status bar and File > Team server… say what to do; no error dialog, no traceback; the
changes stay in the outbox and go up once factcheck is updated."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from db import sync_local
from factcheck.services import sync_rules
from tests.pg import Team
from tests.ui.conftest import OpenWindow
from tests.ui.test_team_sync import sync_now, teammate_tags

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")

NEWER = sync_rules.NEWER_RULES


def test_an_older_window_pulls_says_what_to_do_and_keeps_its_changes(
    open_window: OpenWindow,
    qtbot: QtBot,
    team: Team,
    tmp_path: Path,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: list[tuple[str, str]],
) -> None:
    window = open_window()
    assert sync_now(qtbot, window, team.url("alice")).kind == "synced"
    theirs = teammate_tags(team, tmp_path, db_path, "crime fell by 20%")  # bob's newer factcheck
    monkeypatch.setattr(sync_rules, "SYNC_RULES_VERSION", sync_rules.SYNC_RULES_VERSION - 1)
    text = window.project.document(window.current_document_id() or "").text
    start = text.index("Critics")
    window.view.select_span(start, start + len("Critics"))
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    (mine,) = [a for a in window.project.store.annotations() if a.quote == "Critics"]

    outcome = sync_now(qtbot, window)
    assert outcome.kind == "synced" and outcome.report is not None and outcome.report.push_held == NEWER
    assert window.team.label.text().startswith(
        "Update factcheck to send changes · received "
    ) and window.team.label.text().endswith(NEWER)
    qtbot.waitUntil(lambda: theirs in window.open_doc.tags, timeout=30_000)  # pulled
    assert window.team.label.toolTip() == window.team.label.text()  # elided: the whole line in the tooltip
    assert dialogs == []  # said in the status bar, not in a box that interrupts the work
    store = window.project.store
    assert mine.id in sync_local.outbox(store, sync_local.outbox_top(store)).get("annotations", [])
    with team.server.admin(team.database) as conn:
        assert conn.execute(
            "SELECT count(*) FROM factcheck.annotations WHERE id = %s", [mine.id]
        ).fetchone() == (0,)
    window.grab().save("/tmp/speakerpolish-rules-window.png")
    report = window.team.open_dialog()
    qtbot.addWidget(report)
    assert NEWER in report.state.text() and f"Nothing sent. {NEWER}" in report.details.toPlainText()
    assert "Traceback" not in report.details.toPlainText()
    report.grab().save("/tmp/speakerpolish-rules-dialog.png")

    monkeypatch.undo()  # factcheck updated: the waiting tag goes up with the next sync
    outcome = sync_now(qtbot, window)
    assert outcome.report is not None and outcome.report.push_held == ""
    assert outcome.report.pushed.get("annotations") == 1
    assert window.team.label.text().startswith("Synced ")
