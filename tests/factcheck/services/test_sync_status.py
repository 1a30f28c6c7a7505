"""The status-bar line of a background sync: synced, offline with the changes waiting, password needed."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from db import sync_local
from factcheck.services.sync_status import sync_file, synced_text
from tests.factcheck.services.sync_support import project, tag
from tests.pg import Team


def test_synced_offline_and_back(team: Team, tmp_path: Path) -> None:
    path = tmp_path / "alice.db"
    with project(tmp_path, "alice") as alice:
        tag(alice, "alice", 4, 12)
    assert sync_file(path).kind == "not-connected"
    outcome = sync_file(path, url=team.url("alice"))
    assert outcome.kind == "synced" and outcome.text.startswith("Synced ")
    # bob and rita, and the logins other tests made (roles belong to the whole server)
    assert outcome.report is not None and outcome.report.teammates >= 2
    assert outcome.text.endswith(f" · {outcome.report.teammates} teammates")
    with project(tmp_path, "alice", article=False) as alice:
        tag(alice, "alice", 13, 18)
        tag(alice, "alice", 48, 55)
        sync_local.set_state(alice, {"server_url": team.unreachable_url("alice")})  # the server moved away
    offline = sync_file(path)
    assert (offline.kind, offline.text) == ("offline", "Offline: 2 changes waiting")
    assert "Cannot reach" in offline.detail


def test_a_password_is_asked_for_when_libpq_finds_none(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with project(tmp_path, "alice") as alice:
        tag(alice, "alice", 4, 12)
    (tmp_path / "empty-pgpass").write_text("")
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "empty-pgpass"))
    outcome = sync_file(tmp_path / "alice.db", url=team.url("alice"))
    assert outcome.kind == "password" and "password" in outcome.text
    from tests.pg import password_of

    outcome = sync_file(tmp_path / "alice.db", url=team.url("alice"), password=password_of("alice"))
    assert outcome.kind == "synced"


def test_the_synced_line() -> None:
    from factcheck.services.sync import SyncReport

    report = SyncReport(server="db/newsroom", teammates=4)
    assert synced_text(report, datetime(2026, 1, 1, 12, 3)) == "Synced 12:03 · 4 teammates"
    report.teammates = 1
    assert synced_text(report, datetime(2026, 1, 1, 9, 5)) == "Synced 09:05 · 1 teammate"


def test_the_synced_line_names_the_edits_made_while_syncing() -> None:
    from factcheck.services.sync import SyncReport

    report = SyncReport(server="db/newsroom", teammates=2, held=["kept your edit of tag t1 …"])
    assert synced_text(report, datetime(2026, 1, 1, 12, 3)) == (
        "Synced 12:03 · 2 teammates · 1 edit made while syncing waits for the next sync"
    )
    report.held.append("kept your deletion of tag t2 …")
    assert synced_text(report, datetime(2026, 1, 1, 12, 3)).endswith(
        " · 2 edits made while syncing wait for the next sync"
    )
