"""What the team server enforces by itself: each refusal attempted with plain psycopg as the role, a
client that bypasses factcheck."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from db.pg_tables import ANNOTATIONS
from tests.pg import Team

COLUMNS = ", ".join(f'"{c}"' for c in ANNOTATIONS.names)
PLACEHOLDERS = ", ".join("%s" for _ in ANNOTATIONS.names)
T0 = "2026-01-01T10:00:00.000000Z"


def row(id: str, annotator: str, **changes: Any) -> tuple[Any, ...]:
    values: dict[str, Any] = {
        "id": id, "document_id": "doc-1", "label": "claim", "start": 0, "end": 3, "quote": "The",
        "prefix": "", "suffix": " minister", "annotator": annotator, "note": "", "created_at": T0,
        "updated_at": T0, "deleted_at": None, "status": None, "reviewer": None, "reason": None,
        "reviewed_at": None, "orphaned": 0, "fragments": None, "speaker": None, "source": None, "cue": None,
        "quotation": None,
    }  # fmt: skip
    values.update(changes)
    return tuple(values[c] for c in ANNOTATIONS.names)


def insert(conn: psycopg.Connection[tuple[Any, ...]], values: tuple[Any, ...]) -> None:
    conn.execute(f"INSERT INTO factcheck.annotations ({COLUMNS}) VALUES ({PLACEHOLDERS})", values)


def server_row(team: Team, id: str) -> tuple[Any, ...] | None:
    with team.server.admin(team.database) as conn:
        return conn.execute(f"SELECT {COLUMNS} FROM factcheck.annotations WHERE id = %s", [id]).fetchone()


@pytest.fixture
def tags(team: Team) -> Iterator[Team]:
    """alice's tag a1 and bob's tag b1 on the server."""
    with team.connect("alice") as alice, team.connect("bob") as bob:
        insert(alice, row("a1", "alice"))
        insert(bob, row("b1", "bob"))
    yield team


def test_a_role_inserts_only_its_own_rows(tags: Team) -> None:
    with tags.connect("alice") as alice:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            insert(alice, row("a2", "bob"))
        insert(alice, row("a3", "alice"))
    assert server_row(tags, "a2") is None and server_row(tags, "a3") is not None


def test_a_role_cannot_change_anothers_row(tags: Team) -> None:
    before = server_row(tags, "b1")
    with tags.connect("alice") as alice:
        cur = alice.execute("UPDATE factcheck.annotations SET label = 'denial' WHERE id = 'b1'")
        assert cur.rowcount == 0  # row-level security: bob's row is not alice's to update
        cur = alice.execute(
            "UPDATE factcheck.annotations SET deleted_at = %s, updated_at = %s WHERE id = 'b1'", [T0, T0]
        )
        assert cur.rowcount == 0
    assert server_row(tags, "b1") == before


def test_nobody_deletes_a_row_not_even_their_own(tags: Team) -> None:
    for role, id in (("alice", "b1"), ("alice", "a1"), ("rita", "a1")):
        with tags.connect(role) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM factcheck.annotations WHERE id = %s", [id])
    assert server_row(tags, "a1") is not None and server_row(tags, "b1") is not None


@pytest.mark.parametrize(
    ("column", "value"),
    [("annotator", "bob"), ("document_id", "doc-2"), ("id", "a9"), ("created_at", T0[:-2] + "1Z")],
)
def test_nobody_changes_the_id_document_or_annotator_of_a_row(tags: Team, column: str, value: str) -> None:
    before = server_row(tags, "a1")
    for role in ("alice", "rita"):
        with tags.connect(role) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(f'UPDATE factcheck.annotations SET "{column}" = %s WHERE id = %s', [value, "a1"])
    assert server_row(tags, "a1") == before


def test_only_reviewers_write_review_decisions(tags: Team) -> None:
    with tags.connect("alice") as alice:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="factcheck_reviewer"):
            alice.execute("UPDATE factcheck.annotations SET status = 'accepted' WHERE id = 'a1'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="factcheck_reviewer"):
            insert(alice, row("a4", "alice", status="accepted", reviewer="alice"))
        alice.execute("UPDATE factcheck.annotations SET note = 'mine', updated_at = %s WHERE id = 'a1'", [T0])
    with tags.connect("rita") as rita:
        cur = rita.execute(
            "UPDATE factcheck.annotations SET status = 'rejected', reviewer = 'rita', reason = 'no source' "
            "WHERE id = 'a1'"
        )
        assert cur.rowcount == 1
        # A reviewer decides, but does not rewrite someone else's tag.
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="belongs to alice"):
            rita.execute("UPDATE factcheck.annotations SET label = 'denial' WHERE id = 'a1'")
    stored = server_row(tags, "a1")
    assert stored is not None
    values = dict(zip(ANNOTATIONS.names, stored, strict=True))
    assert (values["status"], values["reason"], values["note"], values["label"]) == (
        "rejected", "no source", "mine", "claim",
    )  # fmt: skip


def test_labels_and_documents_are_insert_only_and_the_numbering_is_the_servers(tags: Team) -> None:
    with tags.connect("alice") as alice:
        alice.execute("INSERT INTO factcheck.labels VALUES ('rumour', '#000000', '', 9)")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            alice.execute("UPDATE factcheck.labels SET color = '#ffffff'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            alice.execute("DELETE FROM factcheck.documents")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            alice.execute("SELECT setval('factcheck.change_seq', 1)")
        (before,) = alice.execute("SELECT max(change_no) FROM factcheck.annotations").fetchone()  # type: ignore[misc]
        alice.execute("UPDATE factcheck.annotations SET note = 'x', change_no = 1 WHERE id = 'a1'")
        (after,) = alice.execute("SELECT change_no FROM factcheck.annotations WHERE id = 'a1'").fetchone()  # type: ignore[misc]
    assert after > before  # a client cannot set its own change number (pulls would miss the row)


def test_a_login_outside_the_groups_reads_nothing(tags: Team) -> None:
    with tags.server.admin(tags.database) as admin:
        admin.execute("DROP ROLE IF EXISTS outsider")
        admin.execute("CREATE ROLE outsider LOGIN PASSWORD 'x'")
    try:
        with (
            psycopg.connect(tags.url("outsider"), password="x") as conn,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            conn.execute("SELECT * FROM factcheck.annotations")
    finally:
        with tags.server.admin(tags.database) as admin:
            admin.execute("DROP ROLE outsider")
