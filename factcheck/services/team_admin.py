"""What an administrator does once per team server: prepare the database, add annotators' logins; and
remove the sample article an older factcheck sent there."""

from __future__ import annotations

from db import pg_samples
from db.pg_connection import check_version, connect
from db.pg_errors import ServerError, server_errors
from db.pg_schema import add_annotator, init_server
from factcheck.core.names import name_problem

__all__ = ["add_login", "prepare_server", "remove_sample"]


def prepare_server(url: str, *, password: str | None = None) -> list[str]:
    """Create or upgrade the factcheck schema, group roles and policies (idempotent); a sentence for
    each repair of rows an older server let in."""
    with server_errors("to prepare it for factcheck", admin=True):
        conn = connect(url, password)
        try:
            return init_server(conn)
        finally:
            conn.close()


def add_login(
    url: str, name: str, new_password: str, *, reviewer: bool = False, password: str | None = None
) -> bool:
    """Create the login role name (or reset an annotator's password) in the annotator or reviewer group;
    True when it was created. The administrator or another role that is not an annotator's is refused,
    unchanged. `password` is the administrator's, when libpq does not find it."""
    if not new_password:
        raise ServerError("The new password is empty; nothing was changed.")
    if (problem := name_problem(name)) is not None:  # refused before connecting: nothing to ask the server
        raise ServerError(
            f"An annotator's login name is their name on the team: {problem}; nothing was changed."
        )
    with server_errors(f"to add the login {name}", admin=True):
        conn = connect(url, password)
        try:
            try:
                return add_annotator(conn, name, new_password, reviewer=reviewer)
            except ValueError as exc:
                raise ServerError(str(exc)) from exc
        finally:
            conn.close()


def remove_sample(url: str, *, password: str | None = None) -> dict[str, int]:
    """Delete from the team server the bundled sample article an older factcheck sent (a newer one never
    does, and leaves it out of its pulls), with the trial work on it; the rows deleted per table (none:
    the server held none). As the server's owner: no login may delete a row."""
    with server_errors("to remove the sample article from it", admin=True):
        conn = connect(url, password)
        try:
            check_version(conn)
            return pg_samples.remove_sample(conn)
        finally:
            conn.close()
