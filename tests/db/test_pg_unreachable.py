"""Why the team server cannot be reached, in the words a user reads (the window's Team server dialog,
`factcheck sync`): where and why, one line, no tab-indented libpq guess."""

from __future__ import annotations

import psycopg
import pytest

from db.pg_errors import ServerUnreachable, server_errors


@pytest.mark.parametrize(
    ("url", "said"),
    [
        (
            "postgresql://alice@%2Fnonexistent-socket-dir/team",
            "Cannot reach the team server (connection to server on socket "
            '"/nonexistent-socket-dir/.s.PGSQL.5432" failed: No such file or directory).',
        ),
        (
            "postgresql://alice@127.0.0.1:1/team",
            'Cannot reach the team server (connection to server at "127.0.0.1", port 1 failed: '
            "Connection refused).",
        ),
    ],
    ids=["socket", "tcp"],
)
def test_an_unreachable_server_is_said_in_one_line(url: str, said: str) -> None:
    with pytest.raises(ServerUnreachable) as caught, server_errors():
        psycopg.connect(url, connect_timeout=5)
    assert str(caught.value) == said
    assert "\t" not in str(caught.value) and "\n" not in str(caught.value)
