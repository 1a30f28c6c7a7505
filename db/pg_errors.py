"""The team server's errors as the user reads them: psycopg's failures turned into ServerErrors with a
sentence saying what went wrong and what to do (never the password)."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

import psycopg

from db.errors import StoreError
from db.pg_schema import ServerSchemaError


class ServerError(StoreError):
    """The team server failed or refused the sync as a whole; nothing of that direction landed."""


class ServerUnreachable(ServerError):
    """No connection (offline, server down, connection lost mid-sync): work goes on locally."""


class PasswordNeeded(ServerError):
    """The server asks for a password and libpq found none (PGPASSWORD, ~/.pgpass)."""


def unreachable_reason(text: str, exc: Exception) -> str:
    """libpq's first line, which says where and why ("connection to server at "db", port 5432 failed:
    Connection refused"), without psycopg's prefix; its second line is a tab-indented guess ("Is the
    server running locally…?") that read as the reason in the window and the CLI."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return type(exc).__name__
    first = lines[0]
    for prefix in ("connection is bad: ", "connection failed: "):
        first = first.removeprefix(prefix)
    return first


@contextlib.contextmanager
def server_errors(work: str = "the sync", *, admin: bool = False) -> Iterator[None]:
    """psycopg's errors as ServerErrors with a sentence for the user (never the password). work: what was
    refused ("the sync"); admin: work only the server's administrator may do (`factcheck server init`)."""
    try:
        yield
    except ServerSchemaError as exc:
        raise ServerError(str(exc)) from exc
    except psycopg.OperationalError as exc:
        text = str(exc).strip()
        if "no password supplied" in text:
            raise PasswordNeeded("The team server asks for a password.") from exc
        if "password authentication failed" in text:
            raise ServerError(
                "The team server refused the login: wrong user name or password "
                "(check PGPASSWORD or ~/.pgpass)."
            ) from exc
        # Reached, but it says no: a wrong URL or a server not open to this computer, never "offline".
        if missing := re.search(r'database "(.*)" does not exist', text):
            raise ServerError(
                f"The team server has no database {missing.group(1)!r}: check the name after the last / "
                "of the server's URL, as your administrator gave it."
            ) from exc
        if "no pg_hba.conf entry" in text or "pg_hba.conf rejects connection" in text:
            raise ServerError(
                "The team server does not let this computer in (its pg_hba.conf has no line allowing it): "
                "ask your administrator to allow it (docs/team.md, 1. Prepare the server)."
            ) from exc
        raise ServerUnreachable(f"Cannot reach the team server ({unreachable_reason(text, exc)}).") from exc
    except psycopg.Error as exc:
        message = exc.diag.message_primary or str(exc)
        if admin and isinstance(exc, psycopg.errors.InsufficientPrivilege):
            raise ServerError(
                f"The team server refused {work}: {message}. Only its administrator may: run it again with "
                "the administrator's login (postgresql://ADMIN@HOST/DATABASE; docs/team.md, 1.)."
            ) from exc
        raise ServerError(f"The team server refused {work}: {message}.") from exc
