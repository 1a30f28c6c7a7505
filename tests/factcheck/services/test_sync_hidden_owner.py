"""A teammate's row whose annotator (or reviewer) holds hidden characters (a zero-width space, a direction
mark), written on the team server by a login made outside factcheck or by an older client: the pull keeps
the server's name exactly, so that a push of that row (a reviewer's decision on it, its annotator's own
edit under that decision) names the same owner as the server's copy and is not refused for good."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

from psycopg import sql

from db import links, sync_local
from factcheck.core.links import LINK_FIELDS, new_link
from factcheck.core.model import utc_now
from factcheck.services.sync import sync
from tests.factcheck.services.sync_support import doc_of, project, tag
from tests.helpers.optional import present
from tests.helpers.review import set_review
from tests.pg import Team

HIDDEN = "bob\u200b"  # reads "bob"
HIDDEN_REVIEWER = "\u200erita2"


@contextmanager
def _login(team: Team, name: str, *, reviewer: bool = False) -> Iterator[str]:
    """A login made in psql with name (factcheck's add-annotator refuses it): its URL."""
    group = "factcheck_reviewer" if reviewer else "factcheck_annotator"
    with team.server.admin(team.database) as conn:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD 'pw'").format(sql.Identifier(name)))
        conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), sql.Identifier(name)))
    try:
        where = quote(team.server.socket_dir, safe="")
        yield f"postgresql://{quote(name, safe='')}:pw@{where}/{team.database}"
    finally:
        with team.server.admin(team.database) as conn:
            conn.execute(
                sql.SQL("DROP OWNED BY {}; DROP ROLE {}").format(sql.Identifier(name), sql.Identifier(name))
            )


def _copy_as(url: str, tag_id: str, new_id: str, annotator: str) -> None:
    """A client bypassing factcheck, logged in as annotator, copies a tag under its own name."""
    import psycopg

    from db.annotation_rows import ANNOTATION_COLUMNS

    names = ", ".join(f'"{c}"' for c in ANNOTATION_COLUMNS)
    values = names.replace('"id"', "%s", 1).replace('"annotator"', "%s", 1)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            f"INSERT INTO factcheck.annotations ({names}) SELECT {values} FROM factcheck.annotations "
            "WHERE id = %s",
            [new_id, annotator, tag_id],
        )


def _server_row(team: Team, key: str) -> tuple[object, ...]:
    with team.server.admin(team.database) as conn:
        row = conn.execute(
            "SELECT annotator, status, reviewer FROM factcheck.annotations WHERE id = %s", [key]
        ).fetchone()
    return present(row)


def test_a_reviewers_decision_on_a_tag_whose_owner_has_hidden_characters_goes_up(
    team: Team, tmp_path: Path
) -> None:
    with project(tmp_path, "alice") as alice, project(tmp_path, "rita") as rita, _login(team, HIDDEN) as url:
        base = tag(alice, "alice", 4, 12)
        sync(alice, team.url("alice"))
        _copy_as(url, base.id, "hidden-tag", HIDDEN)
        sync(rita, team.url("rita"))
        assert present(rita.annotation("hidden-tag")).annotator == HIDDEN  # the server's owner, exactly
        set_review(rita, "hidden-tag", "accepted", "rita")
        report = sync(rita)
        assert report.refused == []
        assert _server_row(team, "hidden-tag") == (HIDDEN, "accepted", "rita")
        again = sync(rita)  # nothing left to send, nothing refused
        assert again.refused == [] and present(rita.annotation("hidden-tag")).status == "accepted"


def _bypass(url: str, query: str, params: list[object]) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(query, params)


def test_an_annotators_edit_under_a_decision_by_a_reviewer_with_hidden_characters_goes_up(
    team: Team, tmp_path: Path
) -> None:
    with project(tmp_path, "alice") as alice, _login(team, HIDDEN_REVIEWER, reviewer=True) as url:
        mine = tag(alice, "alice", 4, 12)
        sync(alice, team.url("alice"))
        _bypass(
            url,
            "UPDATE factcheck.annotations SET status = 'accepted', reviewer = current_user, "
            "reviewed_at = %s, updated_at = %s WHERE id = %s",
            [utc_now(), utc_now(), mine.id],
        )
        sync(alice)
        assert present(alice.annotation(mine.id)).reviewer == HIDDEN_REVIEWER
        # alice re-notes her own tag: the review columns she sends are the server's, untouched.
        with alice.atomic():
            alice.put_annotation(
                replace(present(alice.annotation(mine.id)), note="checked", updated_at=utc_now())
            )
        report = sync(alice)
        assert report.refused == []
        assert _server_row(team, mine.id) == ("alice", "accepted", HIDDEN_REVIEWER)


def test_a_link_whose_owner_has_hidden_characters_keeps_its_owner(team: Team, tmp_path: Path) -> None:
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob, _login(team, HIDDEN) as url:
        claim, denial = tag(alice, "alice", 4, 45), tag(alice, "alice", 47, 84, "denial")
        link = links.add_link(alice, new_link(doc_of(alice).id, "denies", denial.id, claim.id, "alice"))
        sync(alice, team.url("alice"))
        names = ", ".join(f'"{c}"' for c in LINK_FIELDS)
        values = names.replace('"id"', "'hidden-link'", 1).replace('"annotator"', "current_user", 1)
        _bypass(
            url,
            f"INSERT INTO factcheck.links ({names}) SELECT {values} FROM factcheck.links WHERE id = %s",
            [link.id],
        )
        sync(bob, team.url("bob"))
        got = links.link(bob, "hidden-link")
        assert got is not None and got.annotator == HIDDEN
        assert sync(bob).pulled.conflicts == []  # the next pull meets it unchanged


def test_a_project_that_stored_the_owner_cleaned_takes_the_servers_name_at_the_next_change(
    team: Team, tmp_path: Path
) -> None:
    with project(tmp_path, "alice") as alice, project(tmp_path, "rita") as rita, _login(team, HIDDEN) as url:
        base = tag(alice, "alice", 4, 12)
        sync(alice, team.url("alice"))
        _copy_as(url, base.id, "hidden-tag", HIDDEN)
        sync(rita, team.url("rita"))
        # As an older factcheck's pull stored it (nothing queued): the owner's name cleaned.
        with rita.atomic(), sync_local.pulling(rita):
            rita.put_annotation(replace(present(rita.annotation("hidden-tag")), annotator="bob"))
        _bypass(
            url,
            "UPDATE factcheck.annotations SET note = 'sure', updated_at = %s WHERE id = 'hidden-tag'",
            [utc_now()],
        )
        report = sync(rita)
        assert report.pulled.conflicts == [] and report.refused == [], report.details()
        got = present(rita.annotation("hidden-tag"))
        assert (got.annotator, got.note) == (HIDDEN, "sure")
        set_review(rita, "hidden-tag", "accepted", "rita")
        assert sync(rita).refused == []
        assert _server_row(team, "hidden-tag") == (HIDDEN, "accepted", "rita")
