"""The claim-card workflow rule on the team server itself (`db.pg_claim_rules`), attempted with plain
psycopg as each role, as someone with psql and a teammate's login would: only reviewers move a card into
or out of rated / published, and a card becomes published only with a live final verdict on the server.
An older (version-4) server is upgraded in place by `init_server`."""

from __future__ import annotations

import psycopg
import pytest

from db.pg_schema import SCHEMA_VERSION, add_annotator, init_server
from db.pg_tables import CLAIMS, VERDICTS
from tests.db import pg_schema_v4
from tests.db.test_pg_claim_rules import T0, T1, _insert, card, verdict
from tests.pg import ROLES, PgServer, Team, password_of

T2 = "2026-01-03T10:00:00.000000Z"


def _status(team: Team, card_id: str = "c1") -> str:
    with team.server.admin(team.database) as conn:
        row = conn.execute("SELECT status FROM factcheck.claims WHERE id = %s", [card_id]).fetchone()
    assert row is not None
    return str(row[0])


def _set_status(conn: psycopg.Connection[tuple[object, ...]], status: str, at: str = T1) -> int:
    cur = conn.execute(
        "UPDATE factcheck.claims SET status = %s, updated_at = %s WHERE id = 'c1'", [status, at]
    )
    return cur.rowcount


def test_only_a_reviewer_moves_a_card_into_or_out_of_rated_and_published(team: Team) -> None:
    with team.connect("alice") as alice:
        _insert(alice, CLAIMS, card("c1", "alice"))
        assert _set_status(alice, "checking") == 1  # new <-> checking: the maker may
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="only members of factcheck_reviewer"):
            _set_status(alice, "rated")
        # Nor does a card arrive rated or published from an annotator.
        rated = {**card("c2", "alice"), "status": "rated"}
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="rated or published"):
            _insert(alice, CLAIMS, rated)
    assert _status(team) == "checking"
    with team.connect("rita") as rita:
        assert _set_status(rita, "rated") == 1
    with team.connect("alice") as alice:  # and back, neither
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="move it back"):
            _set_status(alice, "checking", T2)
        # The maker's own fields stay theirs on a rated card: the text changes, the status does not.
        alice.execute("UPDATE factcheck.claims SET text = 'Crime fell a lot', updated_at = %s", [T2])
    with team.connect("rita") as rita:
        assert _set_status(rita, "checking", T2) == 1  # a reviewer moves it back
    assert _status(team) == "checking"


def test_a_card_is_published_only_with_a_live_final_verdict(team: Team) -> None:
    with team.connect("alice") as alice:
        _insert(alice, CLAIMS, card("c1", "alice"))
        _insert(alice, VERDICTS, verdict("v-alice", "alice"))  # an annotator's verdict is not final
    with team.connect("rita") as rita:
        assert _set_status(rita, "rated") == 1  # rated without a final verdict: the store allows it too
        with pytest.raises(psycopg.errors.CheckViolation, match="no final verdict"):
            _set_status(rita, "published")
        # A withdrawn final verdict is none.
        _insert(rita, VERDICTS, {**verdict("v-rita-final", "rita", final=1), "deleted_at": T0})
        with pytest.raises(psycopg.errors.CheckViolation, match="c1 cannot be published"):
            _set_status(rita, "published")
        # Inserted published: the same.
        with pytest.raises(psycopg.errors.CheckViolation, match="c2 cannot be published"):
            _insert(rita, CLAIMS, {**card("c2", "rita"), "status": "published"})
    assert _status(team) == "rated"
    with team.connect("rita") as rita:
        # The card first, its final verdict after it, in one transaction (as a push may bring them): the
        # check is at commit.
        with rita.transaction():
            _set_status(rita, "published")
            rita.execute(
                "UPDATE factcheck.verdicts SET deleted_at = NULL, updated_at = %s WHERE id = 'v-rita-final'",
                [T1],
            )
        assert _status(team) == "published"
        # Withdrawn while published: allowed, as the store allows it (the card keeps its status) ...
        rita.execute(
            "UPDATE factcheck.verdicts SET deleted_at = %s, updated_at = %s WHERE id = 'v-rita-final'",
            [T2, T2],
        )
        # ... but a card moved out and back into published needs one again.
        assert _set_status(rita, "rated", T2) == 1
        with pytest.raises(psycopg.errors.CheckViolation):
            _set_status(rita, "published", T2)
        # Published and its final verdict withdrawn in the same transaction: refused as a whole.
        with pytest.raises(psycopg.errors.CheckViolation), rita.transaction():
            rita.execute(
                "UPDATE factcheck.verdicts SET deleted_at = NULL, updated_at = %s WHERE id = 'v-rita-final'",
                [T2],
            )
            _set_status(rita, "published", T2)
            rita.execute("UPDATE factcheck.verdicts SET deleted_at = %s WHERE id = 'v-rita-final'", [T2])
    assert _status(team) == "rated"
    with team.server.admin(team.database) as conn:
        deleted = conn.execute(
            "SELECT deleted_at FROM factcheck.verdicts WHERE id = 'v-rita-final'"
        ).fetchone()
    assert deleted == (T2,)


def test_init_upgrades_a_version_4_server(pg_server: PgServer) -> None:
    name = "team_upgrade_from_4"
    with pg_server.admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    team = Team(pg_server, name)
    try:
        with psycopg.connect(team.admin_url) as conn:
            pg_schema_v4.init_server(conn)
            for role, reviewer in ROLES.items():
                pg_schema_v4.add_annotator(conn, role, password_of(role), reviewer=reviewer)
            conn.commit()
        # What version 4 let through: a reviewer published a card without a final verdict.
        with team.connect("alice") as alice:
            _insert(alice, CLAIMS, card("c1", "alice"))
            _insert(alice, CLAIMS, card("c2", "alice"))
        with team.connect("rita") as rita:
            assert _set_status(rita, "published") == 1
        with psycopg.connect(team.admin_url) as conn:
            init_server(conn)
            add_annotator(conn, "alice", password_of("alice"))
            conn.commit()
        with team.server.admin(team.database) as conn:
            version = conn.execute("SELECT value FROM factcheck.meta WHERE key = 'schema_version'").fetchone()
            rows = conn.execute("SELECT id, status FROM factcheck.claims ORDER BY id").fetchall()
        assert version == (str(SCHEMA_VERSION),) and SCHEMA_VERSION == 8
        assert rows == [("c1", "published"), ("c2", "new")]  # the rows as they were
        with team.connect("alice") as alice:
            # The old published card is still its maker's to edit; the rule holds for new steps.
            alice.execute(
                "UPDATE factcheck.claims SET text = 'Crime rose', updated_at = %s WHERE id = 'c1'", [T1]
            )
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="rated or published"):
                alice.execute(
                    "UPDATE factcheck.claims SET status = 'rated', updated_at = %s WHERE id = 'c2'", [T1]
                )
        with team.connect("rita") as rita, pytest.raises(psycopg.errors.CheckViolation):
            rita.execute(
                "UPDATE factcheck.claims SET status = 'published', updated_at = %s WHERE id = 'c2'", [T1]
            )
        with psycopg.connect(team.admin_url) as conn:  # again: nothing breaks
            init_server(conn)
            conn.commit()
    finally:
        with pg_server.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_reviewer_marks_only_their_own_verdict_final(team: Team) -> None:
    with team.connect("alice") as alice:
        _insert(alice, CLAIMS, card("c1", "alice"))
        _insert(alice, VERDICTS, verdict("v-alice", "alice"))
    with team.connect("rita") as rita:
        _insert(rita, VERDICTS, verdict("v-rita-final", "rita", final=1))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="v-alice belongs to alice"):
            rita.execute(
                "UPDATE factcheck.verdicts SET final = 1, updated_at = %s WHERE id = 'v-alice'", [T1]
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="belongs to alice"):
            rita.execute("UPDATE factcheck.verdicts SET updated_at = %s WHERE id = 'v-alice'", [T1])
        # Their own final verdict: theirs to change, un-final or withdraw.
        rita.execute(
            "UPDATE factcheck.verdicts SET deleted_at = %s, updated_at = %s WHERE id = 'v-rita-final'",
            [T1, T1],
        )
    with team.connect("alice") as alice:  # the annotator still changes their own verdict
        alice.execute(
            "UPDATE factcheck.verdicts SET verdict = 'False', updated_at = %s WHERE id = 'v-alice'", [T1]
        )
    with team.server.admin(team.database) as conn:
        rows = conn.execute(
            "SELECT id, verdict, final, deleted_at FROM factcheck.verdicts ORDER BY id"
        ).fetchall()
    assert rows == [("v-alice", "False", None, None), ("v-rita-final", "True", 1, T1)]


def test_a_publication_refused_at_commit_is_one_sentence_for_the_user(team: Team) -> None:
    """What a sync says when the server's last word (the check at commit) refuses its transaction."""
    from db.pg_errors import ServerError, server_errors

    with team.connect("alice") as alice:
        _insert(alice, CLAIMS, card("c1", "alice"))
    with (
        team.connect("rita") as rita,
        pytest.raises(ServerError) as caught,
        server_errors(),
        rita.transaction(),
    ):
        _set_status(rita, "published")
    message = str(caught.value)
    assert message == (
        "The team server refused the sync: claim card c1 cannot be published: it has no final verdict on "
        "the server (a reviewer sets it first)."
    )
    assert _status(team) == "new"
