"""The team server's rename function (`db.pg_renames`), called with plain psycopg as each role: who may,
clashes, everyone's rows renamed in one transaction, the rename recorded, and the rest of the row rules
unchanged (a tag still belongs to its annotator)."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from db import pg_renames
from tests.db.test_pg_rules import T0, insert, row, server_row
from tests.pg import Team

LINK = "id, document_id, type, from_id, to_id, annotator, created_at, updated_at, deleted_at"


def _label(conn: psycopg.Connection[tuple[Any, ...]], name: str) -> None:
    conn.execute(
        "INSERT INTO factcheck.labels (name, color, shortcut, position, role) VALUES (%s, '#aa0000', '', 1, "
        "'content')",
        [name],
    )


@pytest.fixture
def denial(team: Team) -> Team:
    """The label denial, with a tag of alice's and one of bob's; a link type denies with a link of bob's."""
    with team.connect("alice") as alice:
        _label(alice, "claim")
        _label(alice, "denial")
        insert(alice, row("a1", "alice", label="denial"))
        alice.execute(
            'INSERT INTO factcheck.link_types (name, position, "symmetric") VALUES (%s, 0, 0)', ["denies"]
        )
    with team.connect("bob") as bob:
        insert(bob, row("b1", "bob", label="denial", note="bob's"))
        insert(bob, row("b2", "bob", label="claim"))
        bob.execute(
            f"INSERT INTO factcheck.links ({LINK}) VALUES "
            "('l1', 'doc-1', 'denies', 'b1', 'b2', 'bob', %s, %s, NULL)",
            [T0, T0],
        )
    return team


def _labels(team: Team) -> list[str]:
    with team.server.admin(team.database) as conn:
        return [r[0] for r in conn.execute("SELECT name FROM factcheck.labels ORDER BY name")]


def _renames(team: Team) -> list[tuple[Any, ...]]:
    with team.server.admin(team.database) as conn:
        return conn.execute("SELECT kind, old, new, renamed_by FROM factcheck.renames ORDER BY id").fetchall()


def test_a_reviewer_renames_a_label_on_everyones_tags_and_it_is_recorded(denial: Team) -> None:
    before = server_row(denial, "b1")
    with denial.connect("rita") as rita:
        assert pg_renames.rename(rita, "label", "denial", "rebuttal") == 2
    assert _labels(denial) == ["claim", "rebuttal"]
    after = server_row(denial, "b1")
    assert before is not None and after is not None
    # Only the label changed: the stamp is the annotator's (an offline edit made before still wins).
    assert [(a, b) for a, b in zip(before, after, strict=True) if a != b] == [("denial", "rebuttal")]
    assert server_row(denial, "a1")[2] == "rebuttal"  # type: ignore[index]
    assert _renames(denial) == [("label", "denial", "rebuttal", "rita")]
    with denial.connect("bob") as bob:  # clients learn it: the renames are readable
        (change,) = pg_renames.since(bob, 0)
        assert change.sentence() == "label 'denial' is now 'rebuttal' (renamed by rita)"
        assert change.renamed_at.endswith("Z") and pg_renames.since(bob, change.id) == []


def test_a_link_type_is_renamed_with_everyones_links(denial: Team) -> None:
    with denial.connect("rita") as rita:
        assert pg_renames.rename(rita, "link_type", "denies", "rebuts") == 1
        assert rita.execute("SELECT type FROM factcheck.links").fetchall() == [("rebuts",)]
        assert rita.execute('SELECT name, "symmetric" FROM factcheck.link_types').fetchall() == [
            ("rebuts", 0)
        ]


def test_the_servers_owner_may_rename(denial: Team) -> None:
    with psycopg.connect(denial.admin_url, autocommit=True) as admin:
        assert pg_renames.rename(admin, "label", "denial", "rebuttal") == 2
    assert _renames(denial) == [("label", "denial", "rebuttal", "postgres")]


def test_an_annotator_who_is_not_a_reviewer_is_refused_and_nothing_changes(denial: Team) -> None:
    with (
        denial.connect("alice") as alice,
        pytest.raises(psycopg.errors.InsufficientPrivilege, match=r"only reviewers .* alice is neither"),
    ):
        pg_renames.rename(alice, "label", "denial", "rebuttal")
    assert _labels(denial) == ["claim", "denial"] and _renames(denial) == []


@pytest.mark.parametrize("new", ["claim", "Claim"])
def test_a_rename_onto_an_existing_name_is_refused(denial: Team, new: str) -> None:
    with denial.connect("rita") as rita, pytest.raises(psycopg.errors.UniqueViolation, match="already"):
        pg_renames.rename(rita, "label", "denial", new)
    assert _labels(denial) == ["claim", "denial"] and _renames(denial) == []
    assert server_row(denial, "b1")[2] == "denial"  # type: ignore[index]


def test_an_unknown_name_and_an_empty_new_name_are_refused(denial: Team) -> None:
    with denial.connect("rita") as rita:
        with pytest.raises(psycopg.errors.NoDataFound, match="no label 'refutation'"):
            pg_renames.rename(rita, "label", "refutation", "x")
        with pytest.raises(psycopg.errors.InvalidParameterValue, match="empty"):
            pg_renames.rename(rita, "label", "denial", "  ")


def test_nobody_calls_the_guard_bypass_by_setting_the_flag(denial: Team) -> None:
    """The flag the function sets lets only the schema's owner through the guard: a reviewer who sets it
    by hand still cannot change another's tag content."""
    with (
        denial.connect("rita") as rita,
        pytest.raises(psycopg.errors.InsufficientPrivilege, match="belongs to bob"),
    ):
        rita.execute(f"SET {pg_renames.RENAMING} = 'on'")
        rita.execute("UPDATE factcheck.annotations SET label = 'claim' WHERE id = 'b1'")
    with (
        denial.connect("alice") as alice,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        alice.execute("INSERT INTO factcheck.renames (kind, old, new, renamed_at, renamed_by) VALUES "
                      "('label', 'claim', 'x', 'now', 'alice')")  # fmt: skip


def test_a_chain_of_renames_maps_a_stale_push_onto_the_last_name(denial: Team) -> None:
    with denial.connect("rita") as rita:
        pg_renames.rename(rita, "label", "denial", "rebuttal")
        pg_renames.rename(rita, "label", "rebuttal", "refutation")
        aliases = rita.execute("SELECT old, new FROM factcheck.scheme_aliases ORDER BY old").fetchall()
        assert aliases == [("denial", "refutation"), ("rebuttal", "refutation")]
        pg_renames.rename(rita, "label", "refutation", "denial")  # back: denial is a name in use again
        aliases = rita.execute("SELECT old, new FROM factcheck.scheme_aliases ORDER BY old").fetchall()
        assert aliases == [("rebuttal", "denial"), ("refutation", "denial")]
    assert _labels(denial) == ["claim", "denial"]
