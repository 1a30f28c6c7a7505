"""The team server's rule for a former name taken again (schema 7, `db.pg_renames`): adding the name
anew drops its alias in the adding transaction, and a push maps a client's rows only through the renames
that client has not applied, so a late row made before the rename still goes to the new name while a
row of the re-added name stays under it."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from db import pg_renames, pg_sync
from db.pg_schema import SCHEMA_VERSION
from factcheck.cli import main
from tests.db.test_pg_rules import insert, row
from tests.pg import Team

Conn = psycopg.Connection[tuple[Any, ...]]
LABEL = (
    "INSERT INTO factcheck.labels (name, color, shortcut, position, role) "
    "VALUES (%s, '#aa0000', '', 9, 'content')"
)


def _aliases(conn: Conn) -> list[tuple[Any, ...]]:
    return conn.execute("SELECT kind, old, new FROM factcheck.scheme_aliases ORDER BY kind, old").fetchall()


def _label_of(team: Team, id: str) -> str | None:
    with team.server.admin(team.database) as conn:
        found = conn.execute("SELECT label FROM factcheck.annotations WHERE id = %s", [id]).fetchone()
    return None if found is None else str(found[0])


@pytest.fixture
def renamed(team: Team) -> Team:
    """denial (with a tag of alice's) renamed to rebuttal; the link type denies renamed to rebuts."""
    with team.connect("alice") as alice:
        alice.execute(LABEL, ["denial"])
        insert(alice, row("a1", "alice", label="denial"))
        alice.execute(
            "INSERT INTO factcheck.link_types (name, position, \"symmetric\") VALUES ('denies', 0, 0)"
        )
    with team.connect("rita") as rita:
        pg_renames.rename(rita, "label", "denial", "rebuttal")
        pg_renames.rename(rita, "link_type", "denies", "rebuts")
        assert _aliases(rita) == [("label", "denial", "rebuttal"), ("link_type", "denies", "rebuts")]
    return team


def test_adding_a_former_name_anew_drops_its_alias_in_the_same_transaction(renamed: Team) -> None:
    with renamed.connect("bob") as bob:
        with bob.transaction(force_rollback=True):
            bob.execute(LABEL, ["denial"])
            assert _aliases(bob) == [("link_type", "denies", "rebuts")]  # before the commit, in it
        assert len(_aliases(bob)) == 2  # rolled back: the alias with it
        bob.execute(LABEL, ["denial"])
        bob.execute(
            "INSERT INTO factcheck.link_types (name, position, \"symmetric\") VALUES ('denies', 1, 0)"
        )
        assert _aliases(bob) == []
        # The re-added name can be renamed again like any other; the old tag stays where it went.
        with renamed.connect("rita") as rita:
            pg_renames.rename(rita, "label", "denial", "contested")
        assert _aliases(bob) == [("label", "denial", "contested")]
    assert _label_of(renamed, "a1") == "rebuttal"


def test_a_push_maps_rows_only_through_the_renames_the_client_has_not_applied(renamed: Team) -> None:
    late, anew = row("late", "bob", label="denial"), row("anew", "bob", label="denial")
    with renamed.connect("bob") as bob:
        # A client that applied none of the renames: its label row is the renamed one, dropped; its tag
        # meant the old "denial".
        old_label = ("denial", "#aa0000", "", 3, "content")
        pg_sync.push(bob, 0, {"labels": [old_label], "annotations": [late]}, {}, renames_applied=0)
        assert _label_of(renamed, "late") == "rebuttal"
        assert ("label", "denial", "rebuttal") in _aliases(bob)
        # A client that applied both added "denial" anew: its label goes in, the alias goes, its tag stays.
        new_label = ("denial", "#336699", "", 4, "content")
        pg_sync.push(bob, 0, {"labels": [new_label], "annotations": [anew]}, {}, renames_applied=2)
        assert _label_of(renamed, "anew") == "denial"
        assert ("label", "denial", "rebuttal") not in _aliases(bob)
        # Another late tag from before the first rename, after the re-add: still the old meaning.
        pg_sync.push(bob, 0, {"annotations": [row("later", "bob", label="denial")]}, {}, renames_applied=0)
        assert _label_of(renamed, "later") == "rebuttal"
        # The re-added name renamed in turn: a client that applied the first two maps onto the third only.
        with renamed.connect("rita") as rita:
            pg_renames.rename(rita, "label", "denial", "contested")
        pg_sync.push(bob, 0, {"annotations": [row("third", "bob", label="denial")]}, {}, renames_applied=2)
        pg_sync.push(bob, 0, {"annotations": [row("oldest", "bob", label="denial")]}, {}, renames_applied=0)
    assert (_label_of(renamed, "third"), _label_of(renamed, "oldest")) == ("contested", "rebuttal")
    assert (_label_of(renamed, "anew"), _label_of(renamed, "late")) == ("contested", "rebuttal")


def test_server_init_upgrades_a_schema_6_server(renamed: Team, capsys: pytest.CaptureFixture[str]) -> None:
    with renamed.server.admin(renamed.database) as conn:
        for table in ("labels", "link_types"):
            conn.execute(f"DROP TRIGGER fc_taken_again ON factcheck.{table}")
        conn.execute("DROP FUNCTION factcheck.scheme_taken_again()")
        conn.execute("UPDATE factcheck.meta SET value = '6' WHERE key = 'schema_version'")
    assert main(["server", "init", renamed.admin_url]) == 0
    assert capsys.readouterr().err == ""
    with renamed.connect("bob") as bob:
        assert bob.execute("SELECT value FROM factcheck.meta WHERE key = 'schema_version'").fetchone() == (
            str(SCHEMA_VERSION),
        )
        bob.execute(LABEL, ["denial"])
        assert _aliases(bob) == [("link_type", "denies", "rebuts")]


def test_the_renames_a_client_missed_fold_into_one_mapping_per_kind() -> None:
    def r(n: int, kind: pg_renames.Kind, old: str, new: str) -> pg_renames.TeamRename:
        return pg_renames.TeamRename(n, kind, old, new, "2026-01-01T10:00:00.000000Z", "rita")

    missed = [
        r(1, "label", "denial", "rebuttal"),
        r(2, "link_type", "denies", "rebuts"),
        r(3, "label", "rebuttal", "refutation"),  # a chain
        r(4, "label", "denial", "contested"),  # "denial" taken again, then renamed in turn
        r(5, "label", "cue", "signal"),
        r(6, "label", "signal", "cue"),  # renamed back: no change at all
    ]
    # "cue" ends as itself (left out); "signal" ends as "cue", as the client's own apply would take it.
    label = {"denial": "refutation", "rebuttal": "refutation", "signal": "cue"}
    assert pg_renames.folded(missed, "label") == label
    assert pg_renames.folded(missed[3:5], "label") == {"denial": "contested", "cue": "signal"}
    assert pg_renames.folded(missed, "link_type") == {"denies": "rebuts"}
