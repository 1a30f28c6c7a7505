"""The values the team server refuses from any client (`db.pg_value_guards`), attempted with plain psycopg
as the role (a client that bypasses factcheck), and the upgrade that repairs what a version-7 server let in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest
from psycopg import sql

from db.pg_schema import SCHEMA_VERSION, ServerSchemaError, add_annotator, init_server
from db.pg_tables import ANNOTATIONS, CLAIMS, DOCUMENTS, SPEAKERS, TABLES, TableSpec
from factcheck.core.model import STAMP_FORMAT
from tests.db.test_pg_claim_rules import card
from tests.db.test_pg_rules import insert, row, server_row
from tests.pg import ROLES, PgServer, Team, password_of

TEXT = "The minister said crime fell."
T0 = "2026-01-01T10:00:00.000000Z"


def ahead(**delta: float) -> str:
    return (datetime.now(UTC) + timedelta(**delta)).strftime(STAMP_FORMAT)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def add(conn: psycopg.Connection[tuple[Any, ...]], spec: TableSpec, values: dict[str, Any]) -> None:
    names = [n for n in spec.names if n in values]
    conn.execute(
        sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
            sql.Identifier("factcheck", spec.name),
            sql.SQL(", ").join(map(sql.Identifier, names)),
            sql.SQL(", ").join(sql.Placeholder() for _ in names),
        ),
        [values[n] for n in names],
    )


def document(id: str, text: str, digest: str | None = None) -> dict[str, Any]:
    return {
        "id": id,
        "title": id,
        "source": "",
        "text": text,
        "sha256": digest or sha(text),
        "imported_at": T0,
    }


def speaker(id: str, updated_at: str = T0) -> dict[str, Any]:
    return {
        "id": id, "name": "Minister", "kind": "person", "description": "", "same_as": "",
        "created_at": T0, "updated_at": updated_at, "deleted_at": None, "merged_into": None,
    }  # fmt: skip


@pytest.mark.parametrize("column", ["updated_at", "created_at", "deleted_at"])
def test_a_tag_stamped_years_ahead_is_refused_in_words(team: Team, column: str) -> None:
    with (
        team.connect("alice") as alice,
        pytest.raises(psycopg.errors.CheckViolation) as refused,
    ):
        insert(alice, row("a1", "alice", **{column: "2031-06-01T10:00:00.000000Z"}))
    message = refused.value.diag.message_primary or ""
    assert f"tag a1: its time stamp {column} 2031-06-01T10:00:00.000000Z is " in message
    assert "years ahead of the server's clock: check this computer's date and time" in message
    assert server_row(team, "a1") is None


def test_a_clock_hours_ahead_still_syncs(team: Team) -> None:
    with team.connect("alice") as alice:
        insert(alice, row("a1", "alice", updated_at=ahead(hours=6)))
        alice.execute(
            "UPDATE factcheck.annotations SET note = 'later', updated_at = %s WHERE id = 'a1'",
            [ahead(hours=23)],
        )
    assert server_row(team, "a1") is not None


def test_an_update_stamping_a_shared_row_ahead_is_refused(team: Team) -> None:
    """A speaker anyone may edit: the far stamp would make every later edit "not newer"."""
    with team.connect("alice") as alice:
        add(alice, SPEAKERS, speaker("s1"))
    with team.connect("bob") as bob, pytest.raises(psycopg.errors.CheckViolation, match="days ahead"):
        bob.execute(
            "UPDATE factcheck.speakers SET name = 'X', updated_at = %s WHERE id = 's1'", [ahead(days=9)]
        )
    with team.server.admin(team.database) as conn:
        assert conn.execute("SELECT name, updated_at FROM factcheck.speakers").fetchone() == ("Minister", T0)


def test_a_reviewers_decision_is_refused_only_for_the_stamp_it_writes(team: Team) -> None:
    with team.connect("alice") as alice:
        insert(alice, row("a1", "alice"))
    with team.connect("rita") as rita:
        with pytest.raises(psycopg.errors.CheckViolation, match="reviewed_at"):
            rita.execute(
                "UPDATE factcheck.annotations SET status = 'accepted', reviewer = 'rita', reviewed_at = %s "
                "WHERE id = 'a1'",
                [ahead(days=400)],
            )
        rita.execute(
            "UPDATE factcheck.annotations SET status = 'accepted', reviewer = 'rita', reviewed_at = %s "
            "WHERE id = 'a1'",
            [ahead(hours=1)],
        )


def test_a_claim_card_stamped_ahead_is_refused(team: Team) -> None:
    with team.connect("alice") as alice, pytest.raises(psycopg.errors.CheckViolation, match="claim card c1"):
        add(alice, CLAIMS, {**card("c1", "alice"), "updated_at": ahead(days=3)})


def test_a_stamp_that_is_no_time_is_refused_when_it_would_sort_after_every_time(team: Team) -> None:
    with team.connect("alice") as alice, pytest.raises(psycopg.errors.CheckViolation, match="not a date"):
        insert(alice, row("a1", "alice", updated_at="tomorrow"))


def test_every_table_with_a_stamp_has_the_trigger(team: Team) -> None:
    with team.server.admin(team.database) as conn:
        guarded = {
            str(r[0])
            for r in conn.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname = 'b_values'"
            )
        }
    stamped = {s.name for s in TABLES if {"created_at", "updated_at"} & set(s.names)}
    assert stamped <= guarded and "documents" in guarded and "annotations" in stamped


def test_a_document_under_another_texts_sha256_is_refused(team: Team) -> None:
    with team.connect("bob") as bob:
        with pytest.raises(psycopg.errors.CheckViolation, match="is not the sha256 of its text"):
            add(bob, DOCUMENTS, document("poison", "Nothing to see.", sha(TEXT)))
        add(bob, DOCUMENTS, document("doc-1", TEXT))  # the text's own hash: taken
        add(bob, DOCUMENTS, document("doc-2", "Ünïcode — and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 beyond the BMP."))
        # Documents never change: no UPDATE grant (the trigger checks an update all the same).
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            bob.execute("UPDATE factcheck.documents SET sha256 = %s WHERE id = 'doc-1'", [sha("x")])
    with team.server.admin(team.database) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM factcheck.documents ORDER BY id")]
    assert ids == ["doc-1", "doc-2"]


# -- the upgrade from version 7 ---------------------------------------------------------------------


@pytest.fixture
def version_7(pg_server: PgServer) -> Iterator[Team]:
    """A server as factcheck 7 left it: the same tables, no value triggers, schema_version 7."""
    name = "team_upgrade_from_7"
    with pg_server.admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    team = Team(pg_server, name)
    with psycopg.connect(team.admin_url) as conn:
        init_server(conn)
        for role, reviewer in ROLES.items():
            add_annotator(conn, role, password_of(role), reviewer=reviewer)
        for spec in TABLES:
            conn.execute(
                sql.SQL("DROP TRIGGER IF EXISTS b_values ON {}").format(
                    sql.Identifier("factcheck", spec.name)
                )
            )
        conn.execute("UPDATE factcheck.meta SET value = '7' WHERE key = 'schema_version'")
        conn.commit()
    try:
        yield team
    finally:
        with pg_server.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _upgrade(team: Team) -> list[str]:
    with psycopg.connect(team.admin_url) as conn:
        repaired = init_server(conn)
        conn.commit()
    return repaired


def test_the_upgrade_brings_rows_stamped_ahead_back_to_now_and_honest_edits_win_again(
    version_7: Team,
) -> None:
    team = version_7
    far = "2031-06-01T10:00:00.000000Z"
    with team.connect("alice") as alice:
        insert(alice, row("a1", "alice", updated_at=far, created_at=far))
        insert(alice, row("a2", "alice"))
        add(alice, SPEAKERS, speaker("s1", updated_at=far))
    with team.server.admin(team.database) as conn:
        before = dict(conn.execute("SELECT id, change_no FROM factcheck.annotations").fetchall())
    start = datetime.now(UTC).strftime(STAMP_FORMAT)
    repaired = _upgrade(team)
    assert len(repaired) == 2 and "1 row of annotations stamped more than a day ahead" in repaired[0]
    assert "1 row of speakers" in repaired[1]
    with team.server.admin(team.database) as conn:
        version = conn.execute("SELECT value FROM factcheck.meta WHERE key = 'schema_version'").fetchone()
        stamps = conn.execute(
            "SELECT id, created_at, updated_at, change_no FROM factcheck.annotations"
        ).fetchall()
        (speaker_stamp,) = conn.execute("SELECT updated_at FROM factcheck.speakers").fetchone() or ("",)
    assert version == (str(SCHEMA_VERSION),) and SCHEMA_VERSION == 8
    by_id = {r[0]: r[1:] for r in stamps}
    now = datetime.now(UTC).strftime(STAMP_FORMAT)
    assert start <= by_id["a1"][0] == by_id["a1"][1] <= now and start <= speaker_stamp <= now
    assert by_id["a1"][2] > before["a1"] and by_id["a2"] == (T0, T0, before["a2"])  # a1 is pulled again
    # An honest edit after the upgrade is newer again: it lands.
    later = ahead(seconds=1)
    with team.connect("alice") as alice:
        alice.execute(
            "UPDATE factcheck.annotations SET note = 'fixed', updated_at = %s WHERE id = 'a1'", [later]
        )
    assert (server_row(team, "a1") or ())[ANNOTATIONS.names.index("note")] == "fixed"
    assert _upgrade(team) == []  # again: nothing left to repair


def test_the_upgrade_deletes_a_poisoned_document_and_the_real_text_takes_its_tags(version_7: Team) -> None:
    team = version_7
    with team.connect("bob") as bob:  # bob's script: another text under the sha256 of TEXT
        add(bob, DOCUMENTS, document("doc-1", "Nothing to see.", sha(TEXT)))
        add(bob, DOCUMENTS, document("doc-2", "An honest text."))
    with team.connect("alice") as alice:  # alice's tags, on the real text, went onto its id
        insert(alice, row("a1", "alice"))
    repaired = _upgrade(team)
    assert repaired == [
        "1 document row deleted, whose sha256 was not the text's (doc-1): the tags on it stay, and the "
        "teammate who holds the real text sends it with their next change on it, and it takes the deleted "
        "row's id."
    ]
    with team.connect("alice") as alice:  # alice's next push: the text the server now lacks, her id
        add(alice, DOCUMENTS, document("alices-own-id", TEXT))
    with team.server.admin(team.database) as conn:
        docs = conn.execute("SELECT id, text FROM factcheck.documents ORDER BY id").fetchall()
        tag = conn.execute("SELECT document_id, quote FROM factcheck.annotations").fetchall()
    assert docs == [("doc-1", TEXT), ("doc-2", "An honest text.")]
    assert tag == [("doc-1", "The")] and TEXT.startswith("The")


def test_an_older_factcheck_meets_the_upgraded_server_with_update_factcheck(
    version_7: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    from db import pg_connection

    _upgrade(version_7)
    monkeypatch.setattr(pg_connection, "SCHEMA_VERSION", 7)
    with (
        version_7.connect("bob") as bob,
        pytest.raises(ServerSchemaError, match=r"schema \(version 8\) is newer than this factcheck: update"),
    ):
        pg_connection.check_schema(bob)


def test_server_init_says_what_it_repaired(version_7: Team, capsys: pytest.CaptureFixture[str]) -> None:
    from factcheck.cli import main

    with version_7.connect("alice") as alice:
        insert(alice, row("a1", "alice", updated_at="2099-01-01T00:00:00.000000Z"))
    assert main(["server", "init", version_7.admin_url]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Repaired: 1 row of annotations stamped more than a day ahead")
    assert out[-1].startswith("The team server is ready")
    assert main(["server", "init", version_7.admin_url]) == 0
    assert not capsys.readouterr().out.startswith("Repaired")
