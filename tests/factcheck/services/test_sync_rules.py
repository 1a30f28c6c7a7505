"""The sync rules' version on the team server (factcheck.services.sync_rules, db.pg_sync_rules), on a
real PostgreSQL: each push records its client's version, the highest any client used, with no schema
change; a client whose rules are older (simulated by lowering the constant) does not push, may still
pull, says what to do, and keeps its changes in the outbox until it is updated; from the CLI, one line
on stderr and a non-zero exit."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from db import Store, sync_local
from db.pg_schema import SCHEMA_VERSION
from factcheck.cli import main
from factcheck.services import sync_rules
from factcheck.services.sync import pending_changes, sync
from tests.factcheck.services.sync_support import project, tag
from tests.pg import Team

NEWER = (
    "This team's server was last synced by a newer factcheck with newer sync rules: update factcheck "
    "before sending changes; your changes stay here meanwhile."
)


def _meta(team: Team) -> dict[str, str]:
    with team.server.admin(team.database) as conn:
        return {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM factcheck.meta")}


def _server_tags(team: Team) -> list[str]:
    with team.server.admin(team.database) as conn:
        return [str(r[0]) for r in conn.execute("SELECT id FROM factcheck.annotations ORDER BY id")]


def _queued(store: Store) -> set[str]:
    """The tags waiting in the outbox for the next push."""
    return set(sync_local.outbox(store, sync_local.outbox_top(store)).get("annotations", ()))


def _older(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process plays an older factcheck: its rules one version behind."""
    monkeypatch.setattr(sync_rules, "SYNC_RULES_VERSION", sync_rules.SYNC_RULES_VERSION - 1)


def test_a_push_records_the_rules_without_a_schema_change(team: Team, tmp_path: Path) -> None:
    assert sync_rules.NEWER_RULES == NEWER
    assert "sync_rules_version" not in _meta(team)
    with project(tmp_path, "alice") as alice:
        tag(alice, "alice", 0, 12)
        assert sync(alice, team.url("alice")).pushed["annotations"] == 1
    meta = _meta(team)
    assert meta["sync_rules_version"] == str(sync_rules.SYNC_RULES_VERSION)
    assert meta["schema_version"] == str(SCHEMA_VERSION)
    # Clients read the meta table, and write it only through the rule.
    with team.connect("alice") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("UPDATE factcheck.meta SET value = '0' WHERE key = 'sync_rules_version'")
    with team.connect("alice") as conn:
        assert conn.execute("SELECT factcheck.note_sync_rules(0)").fetchone() == (
            sync_rules.SYNC_RULES_VERSION,
        )
    assert _meta(team)["sync_rules_version"] == str(sync_rules.SYNC_RULES_VERSION)  # never lowered


def test_an_older_client_pulls_but_does_not_push_and_keeps_its_changes_until_updated(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        sync(bob, team.url("bob"))
        tag(alice, "alice", 0, 12)
        sync(alice, team.url("alice"))  # the newer factcheck: its rules recorded
        theirs = _server_tags(team)
        mine = tag(bob, "bob", 13, 30, "denial")
        assert pending_changes(bob) == 1

        _older(monkeypatch)
        report = sync(bob)
        assert report.push_held == NEWER and report.pushed == {} and report.refused == []
        assert f"Nothing sent. {NEWER}" in report.summary()
        assert _server_tags(team) == theirs  # nothing of bob's went up
        assert {a.id for a in bob.annotations()} == {*theirs, mine.id}  # but alice's came down
        assert pending_changes(bob) == 1 and _queued(bob) == {mine.id}
        assert sync(bob).push_held == NEWER  # and again, until updated
        assert _meta(team)["sync_rules_version"] == str(sync_rules.SYNC_RULES_VERSION + 1)

        monkeypatch.undo()  # bob updates factcheck
        report = sync(bob)
        assert report.push_held == "" and report.pushed["annotations"] == 1
        assert pending_changes(bob) == 0 and sorted(_server_tags(team)) == sorted([*theirs, mine.id])


def test_a_newer_client_recording_its_rules_meanwhile_rolls_the_older_push_back(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        tag(alice, "alice", 0, 12)
        sync(alice, team.url("alice"))
        mine = tag(bob, "bob", 13, 30, "denial")
        _older(monkeypatch)
        # bob read the server's rules just before alice's push recorded them: his push, under the write
        # lock, finds them newer and writes nothing.
        monkeypatch.setattr(sync_rules, "server_is_newer", lambda conn: False)
        report = sync(bob, team.url("bob"))
        assert report.push_held == NEWER and report.pushed == {}
        assert mine.id not in _server_tags(team) and _queued(bob) >= {mine.id}


def test_a_server_prepared_before_the_rule_still_syncs_and_records_nothing(
    team: Team, tmp_path: Path
) -> None:
    with team.server.admin(team.database) as conn:
        conn.execute("DROP FUNCTION factcheck.note_sync_rules(integer)")
    with project(tmp_path, "alice") as alice:
        tag(alice, "alice", 0, 12)
        assert sync(alice, team.url("alice")).pushed["annotations"] == 1
    assert "sync_rules_version" not in _meta(team)


def test_the_cli_says_it_in_one_line_and_exits_non_zero(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with project(tmp_path, "alice") as alice:
        tag(alice, "alice", 0, 12)
        sync(alice, team.url("alice"))
    with project(tmp_path, "bob") as bob:
        mine = tag(bob, "bob", 13, 30, "denial")
    _older(monkeypatch)
    code = main(["--db", str(tmp_path / "bob.db"), "sync", "--server", team.url("bob")])
    out, err = capsys.readouterr()
    assert code != 0 and err == f"factcheck: {NEWER}\n" and "Traceback" not in err
    assert f"Nothing sent. {NEWER}" in out and "Tags: 1 added" in out, out  # alice's tag came down
    assert mine.id not in _server_tags(team)
    with project(tmp_path, "bob", article=False) as bob:
        assert _queued(bob) >= {mine.id}


def test_an_older_client_keeps_its_dropped_identical_tag_in_the_outbox_until_updated(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The team's rule on identical tags writes after the pull (a tombstone of our own twin): an older
    factcheck sends that no more than the rest, and the updated one does."""
    with project(tmp_path, "laptop") as laptop, project(tmp_path, "desktop") as desktop:
        older = tag(laptop, "alice", 0, 12)
        newer = tag(desktop, "alice", 0, 12)  # the same tag under another id, made later
        sync(laptop, team.url("alice"))  # a newer factcheck: its rules recorded

        _older(monkeypatch)
        report = sync(desktop, team.url("alice"))
        assert report.push_held == NEWER and report.pushed == {} and report.refused == []
        assert report.twins.wrote  # the twin dropped here...
        assert [a.id for a in desktop.annotations()] == [older.id]
        assert _server_tags(team) == [older.id] and _queued(desktop) >= {newer.id}  # ...and not sent

        monkeypatch.undo()  # alice updates factcheck on her desktop
        report = sync(desktop)
        assert report.push_held == "" and not report.refused and pending_changes(desktop) == 0
        assert sorted(_server_tags(team)) == sorted([older.id, newer.id])
        sync(laptop)
        for store in (laptop, desktop):
            assert [a.id for a in store.annotations()] == [older.id]
            dropped = store.annotation(newer.id)
            assert dropped is not None and dropped.deleted
