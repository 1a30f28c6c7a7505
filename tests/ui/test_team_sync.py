"""The window's background sync against the test PostgreSQL: the status bar, a teammate's tag appearing,
a key press never kept waiting by the network, offline, and File > Team server… with a typed password."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from db import Store, sync_local
from db.pg_schema import WRITE_LOCK
from factcheck.core.spans import new_annotation
from factcheck.services.sync import sync
from factcheck.services.sync_status import SyncOutcome
from tests.pg import Team, password_of
from tests.ui.conftest import OpenWindow
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")

WAIT_MS = 30_000


def sync_now(qtbot: QtBot, window: MainWindow, url: str | None = None) -> SyncOutcome:
    """Start a background sync and wait for its outcome (the event loop keeps turning meanwhile)."""
    with qtbot.waitSignal(window.team.outcomeReady, timeout=WAIT_MS) as blocker:
        window.team.request(url)
    outcome = blocker.args[0]
    assert isinstance(outcome, SyncOutcome)
    return outcome


def teammate_tags(team: Team, tmp_path: Path, db_path: Path, quote: str) -> str:
    """bob, in a project of his own with the same article, tags quote and syncs; returns the tag id."""
    with Store.open(db_path) as ours:
        (doc,) = ours.documents()
    with Store.open(tmp_path / "bob.db") as bob:
        bob.add_document(doc)
        start = doc.text.index(quote)
        ann = bob.add_annotation(new_annotation(doc, start, start + len(quote), "denial", "bob"), doc.text)
        sync(bob, team.url("bob"))
    return ann.id


def test_status_bar_after_a_sync_and_a_teammates_tag_appears(
    open_window: OpenWindow, qtbot: QtBot, team: Team, tmp_path: Path, db_path: Path
) -> None:
    window = open_window(annotator="someone")
    outcome = sync_now(qtbot, window, team.url("alice"))
    assert outcome.kind == "synced", outcome.detail
    text = window.team.label.text()
    assert text.startswith("Synced ") and text.endswith(" teammates") and " · " in text
    assert window.annotator == "alice"  # the login is the annotator of a synced project
    tag_id = teammate_tags(team, tmp_path, db_path, "crime fell by 20%")
    outcome = sync_now(qtbot, window)
    assert outcome.report is not None and outcome.report.pulled.added == 1
    qtbot.waitUntil(lambda: tag_id in window.open_doc.tags, timeout=WAIT_MS)
    assert window.open_doc.tags[tag_id].annotator == "bob"
    window.grab().save(str(tmp_path / "team-window.png"))  # looked at with --basetemp


def test_a_key_press_is_never_kept_waiting_by_the_server(
    open_window: OpenWindow, qtbot: QtBot, team: Team
) -> None:
    window = open_window()
    assert sync_now(qtbot, window, team.url("alice")).kind == "synced"
    # Another client holds the server's write lock: our push waits for it, on its worker thread.
    with team.server.admin(team.database) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", [WRITE_LOCK])
        window.team.request()
        assert window.team.running()
        text = window.project.document(window.current_document_id() or "").text
        start = text.index("Critics")
        window.view.select_span(start, start + len("Critics"))
        qtbot.keyClick(window.view, Qt.Key.Key_2)  # tagged and stored while the sync waits
        (ann,) = window.project.store.annotations(window.current_document_id())
        assert ann.quote == "Critics" and window.team.running()
        with qtbot.waitSignal(window.team.outcomeReady, timeout=WAIT_MS):
            holder.execute("SELECT pg_advisory_unlock(%s)", [WRITE_LOCK])
    # The save asked for another sync: it sends the new tag.
    qtbot.waitUntil(lambda: sync_local.waiting(window.project.store) == 0, timeout=WAIT_MS)
    with team.server.admin(team.database) as conn:
        assert conn.execute(
            "SELECT count(*) FROM factcheck.annotations WHERE id = %s", [ann.id]
        ).fetchone() == (1,)


def test_offline_the_status_bar_counts_the_changes_waiting(
    open_window: OpenWindow, qtbot: QtBot, team: Team
) -> None:
    window = open_window()
    assert sync_now(qtbot, window, team.url("alice")).kind == "synced"
    sync_local.set_state(window.project.store, {"server_url": team.unreachable_url("alice")})
    text = window.project.document(window.current_document_id() or "").text
    for quote, key in (("Critics", Qt.Key.Key_2), ("misleading", Qt.Key.Key_3)):
        start = text.index(quote)
        window.view.select_span(start, start + len(quote))
        qtbot.keyClick(window.view, key)
    outcome = sync_now(qtbot, window)
    assert outcome.kind == "offline"
    assert window.team.label.text() == "Offline: 2 changes waiting"


def test_team_server_dialog_connects_with_a_typed_password_that_is_never_stored(
    open_window: OpenWindow,
    qtbot: QtBot,
    team: Team,
    tmp_path: Path,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "empty-pgpass").write_text("")
    monkeypatch.setenv(
        "PGPASSFILE", str(tmp_path / "empty-pgpass")
    )  # libpq finds no password: it must be typed
    window = open_window()
    assert not window.team.connected()
    file_menu = window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu) and window.actions_.team in file_menu.actions()  # File > Team server…
    window.actions_.team.trigger()
    dialog = window.team.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.url.setText(team.url("alice"))
    with qtbot.waitSignal(window.team.outcomeReady, timeout=WAIT_MS) as blocker:
        dialog.sync_button.click()
    assert blocker.args[0].kind == "password"
    assert "password" in dialog.state.text()
    dialog.password.setText(password_of("alice"))
    with qtbot.waitSignal(window.team.outcomeReady, timeout=WAIT_MS) as blocker:
        dialog.sync_button.click()
    assert blocker.args[0].kind == "synced", blocker.args[0].detail
    assert dialog.state.text().startswith("Synced ")
    assert "Synced with" in dialog.details.toPlainText()
    assert window.team.connected()
    # The next background sync uses the password kept in memory.
    assert sync_now(qtbot, window).kind == "synced"
    dialog.grab().save(str(tmp_path / "team-dialog.png"))
    dialog.close()
    window.close()
    for path in db_path.parent.glob(db_path.name + "*"):
        assert password_of("alice").encode() not in path.read_bytes(), path


def test_closing_the_window_cancels_a_sync_that_waits_on_the_server(
    open_window: OpenWindow, qtbot: QtBot, team: Team
) -> None:
    window = open_window()
    assert sync_now(qtbot, window, team.url("alice")).kind == "synced"
    text = window.project.document(window.current_document_id() or "").text
    start = text.index("Critics")
    window.view.select_span(start, start + len("Critics"))
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    with team.server.admin(team.database) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", [WRITE_LOCK])
        window.team._soon.stop()
        window.team.request()
        qtbot.waitUntil(lambda: _waiting_on_lock(team), timeout=WAIT_MS)
        with qtbot.waitSignal(window.team.outcomeReady, timeout=WAIT_MS) as blocker:
            window.close()  # does not wait for the server's lock: the sync is cancelled
        assert not window.team.running()
        assert blocker.args[0].kind == "offline"
        with team.server.admin(team.database) as conn:
            assert conn.execute("SELECT count(*) FROM factcheck.annotations").fetchone() == (0,)
    assert sync_local.waiting(window.project.store) == 1  # kept for the next sync


def _waiting_on_lock(team: Team) -> bool:
    with team.server.admin(team.database) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'factcheck' "
            "AND wait_event_type = 'Lock'"
        ).fetchone()
    return bool(row and row[0])
