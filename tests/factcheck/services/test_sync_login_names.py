"""A team server's login is its annotator's name on every row they sync: one holding control characters
(an escape sequence, a direction override) is refused by `factcheck server add-annotator` before it
connects, and a login made so outside factcheck (psql) cannot sync: it is told what to ask for, and
nothing is sent."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from psycopg import sql

from db.pg_errors import ServerError
from factcheck.services.sync import sync
from factcheck.services.team_admin import add_login
from tests.factcheck.services.sync_support import project, tag
from tests.pg import Team

BAD = "b\u202een\x1b[2J"


def test_add_annotator_refuses_the_name_before_connecting() -> None:
    with pytest.raises(ServerError, match="a name cannot hold control characters") as raised:
        add_login("postgresql://admin@unreachable.invalid/team", BAD, "secret")
    assert "b\\u202een\\x1b[2J" in str(raised.value) and "nothing was changed" in str(raised.value)


def test_a_login_made_with_control_characters_cannot_sync(team: Team, tmp_path: Path) -> None:
    with team.server.admin(team.database) as conn:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD 'pw'").format(sql.Identifier(BAD)))
        conn.execute(sql.SQL("GRANT factcheck_annotator TO {}").format(sql.Identifier(BAD)))
    url = f"postgresql://{quote(BAD, safe='')}@{quote(team.server.socket_dir, safe='')}/{team.database}"
    with project(tmp_path, "ben") as ben:
        tag(ben, "ben", 4, 12)
        with pytest.raises(ServerError, match="ask your administrator for a login without them"):
            sync(ben, url, password="pw")
    with team.server.admin(team.database) as conn:
        row = conn.execute("SELECT count(*) FROM factcheck.annotations").fetchone()
        conn.execute(
            sql.SQL("DROP OWNED BY {}; DROP ROLE {}").format(sql.Identifier(BAD), sql.Identifier(BAD))
        )
    assert row is not None and row[0] == 0
