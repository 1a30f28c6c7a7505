"""What the team server enforces on claim cards by itself, attempted with plain psycopg as each role: a
card belongs to its maker, a vote or verdict to its annotator, and only reviewers mark a verdict final."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from db.pg_tables import CLAIMS, TABLES, VERDICTS, TableSpec
from tests.pg import Team

T0 = "2026-01-01T10:00:00.000000Z"
T1 = "2026-01-02T10:00:00.000000Z"


def _insert(conn: psycopg.Connection[tuple[Any, ...]], spec: TableSpec, values: dict[str, Any]) -> None:
    columns = ", ".join(f'"{c}"' for c in spec.names)
    marks = ", ".join("%s" for _ in spec.names)
    conn.execute(
        f"INSERT INTO factcheck.{spec.name} ({columns}) VALUES ({marks})", [values[c] for c in spec.names]
    )


def card(id: str, annotator: str) -> dict[str, Any]:
    return {
        "id": id, "text": "Crime fell", "speaker": None, "claim_date": None, "appearances": "[]",
        "status": "new", "annotator": annotator, "created_at": T0, "updated_at": T0, "deleted_at": None,
    }  # fmt: skip


def verdict(id: str, annotator: str, final: int | None = None) -> dict[str, Any]:
    return {
        "id": id, "claim_id": "c1", "annotator": annotator, "verdict": "True", "explanation": "",
        "evidence": "[]", "final": final, "review_url": "", "date_published": None, "created_at": T0,
        "updated_at": T0, "deleted_at": None,
    }  # fmt: skip


def test_the_claim_tables_are_on_the_server(team: Team) -> None:
    names = {spec.name for spec in TABLES}
    assert {"claims", "claim_tags", "checkworthy", "verdicts", "verdict_scale", "settings"} <= names
    with team.server.admin(team.database) as conn:
        found = {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'factcheck'")}
    assert names <= found


def test_a_card_belongs_to_its_maker(team: Team) -> None:
    with team.connect("alice") as alice:
        _insert(alice, CLAIMS, card("c1", "alice"))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            _insert(alice, CLAIMS, card("c2", "bob"))
    with team.connect("bob") as bob:
        cur = bob.execute(
            "UPDATE factcheck.claims SET text = 'Crime rose', updated_at = %s WHERE id = 'c1'", [T1]
        )
        assert cur.rowcount == 0  # row-level security: not their row
    # A reviewer neither: a card's text is its maker's (a reviewer reaches the row for its status only).
    with (
        team.connect("rita") as rita,
        pytest.raises(psycopg.errors.InsufficientPrivilege, match="belongs to"),
    ):
        rita.execute("UPDATE factcheck.claims SET text = 'Crime rose', updated_at = %s WHERE id = 'c1'", [T1])
    with team.server.admin(team.database) as conn:
        assert conn.execute("SELECT text FROM factcheck.claims").fetchall() == [("Crime fell",)]


def test_only_a_reviewer_marks_a_verdict_final(team: Team) -> None:
    with team.connect("alice") as alice:
        _insert(alice, CLAIMS, card("c1", "alice"))
        _insert(alice, VERDICTS, verdict("v-alice", "alice"))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="only members of factcheck_reviewer"):
            _insert(alice, VERDICTS, verdict("v-alice-final", "alice", final=1))
    with team.connect("alice") as alice, pytest.raises(psycopg.errors.InsufficientPrivilege, match="final"):
        alice.execute("UPDATE factcheck.verdicts SET final = 1, updated_at = %s WHERE id = 'v-alice'", [T1])
    with team.connect("rita") as rita:
        _insert(rita, VERDICTS, verdict("v-rita-final", "rita", final=1))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="belongs to alice"):
            rita.execute(
                "UPDATE factcheck.verdicts SET verdict = 'False', updated_at = %s WHERE id = 'v-alice'", [T1]
            )
    with team.server.admin(team.database) as conn:
        rows = conn.execute("SELECT id, final FROM factcheck.verdicts ORDER BY id").fetchall()
    assert rows == [("v-alice", None), ("v-rita-final", 1)]


def test_a_cards_status_is_its_makers_or_a_reviewers(team: Team) -> None:
    with team.connect("alice") as alice:
        _insert(alice, CLAIMS, card("c1", "alice"))
        alice.execute(
            "UPDATE factcheck.claims SET status = 'checking', updated_at = %s WHERE id = 'c1'", [T0]
        )
    with team.connect("bob") as bob:  # an annotator, not its maker
        cur = bob.execute(
            "UPDATE factcheck.claims SET status = 'rated', updated_at = %s WHERE id = 'c1'", [T1]
        )
        assert cur.rowcount == 0  # row-level security: not their row
    with team.connect("rita") as rita:  # a reviewer: the status, but not the text
        cur = rita.execute(
            "UPDATE factcheck.claims SET status = 'rated', updated_at = %s WHERE id = 'c1'", [T1]
        )
        assert cur.rowcount == 1
        _insert(rita, VERDICTS, verdict("v-rita-final", "rita", final=1))
        rita.execute(
            "UPDATE factcheck.claims SET status = 'published', updated_at = %s WHERE id = 'c1'", [T1]
        )
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="belongs to alice"):
            rita.execute("UPDATE factcheck.claims SET text = 'Crime rose' WHERE id = 'c1'")
    with team.server.admin(team.database) as conn:
        assert conn.execute("SELECT text, status FROM factcheck.claims").fetchall() == [
            ("Crime fell", "published")
        ]
