"""A connection to the team server, and who is on it: the timeouts that keep a dropped laptop from
hanging or holding the write lock, a cancel from another thread, the checks that the server is prepared
for this factcheck and that the login is an annotator."""

from __future__ import annotations

import contextlib
import threading
from typing import Any

import psycopg
from psycopg import sql

from db.pg_schema import _IS_REVIEWER, SCHEMA_VERSION, ServerSchemaError
from db.pg_tables import ANNOTATOR_ROLE, SCHEMA
from factcheck.core.names import name_problem

Conn = psycopg.Connection[tuple[Any, ...]]

#: Seconds to wait for the server before calling it unreachable (offline).
CONNECT_TIMEOUT_S = 5
#: The server ends a sync session idle this long inside a transaction (a client gone mid-sync).
IDLE_IN_TRANSACTION_MS = 60_000
#: A sync waits this long for the write lock (another client's push) before giving up for this time.
LOCK_TIMEOUT_MS = 120_000


def connect(url: str, password: str | None = None) -> Conn:
    """A connection as the URL's role; the password, when not given, comes from libpq (PGPASSWORD,
    ~/.pgpass). Raises psycopg.OperationalError when unreachable or refused."""
    kwargs: dict[str, Any] = {
        "connect_timeout": CONNECT_TIMEOUT_S,
        "application_name": "factcheck",
        # A laptop that drops off the network mid-sync must neither hang here nor hold the server's write
        # lock for everyone: TCP keepalives notice a dead link in about 30 s, and the server ends a
        # session left idle inside a transaction, or waiting too long for the lock.
        "keepalives": 1,
        "keepalives_idle": 10,
        "keepalives_interval": 5,
        "keepalives_count": 4,
        "options": f"-c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_MS} "
        f"-c lock_timeout={LOCK_TIMEOUT_MS}",
    }
    if password is not None:
        kwargs["password"] = password
    conn: Conn = psycopg.connect(url, **kwargs)
    return conn


_NOT_PREPARED = (
    "This PostgreSQL database is not prepared for factcheck: an administrator runs "
    "`factcheck server init URL` once."
)


class Canceller:
    """Lets another thread stop a sync that waits on the server (a window closing): the statement
    running is cancelled, the server rolls back, and the sync ends as unreachable."""

    def __init__(self) -> None:
        self._conn: Conn | None = None
        self._lock = threading.Lock()
        self.cancelled = False

    def attach(self, conn: Conn | None) -> None:
        with self._lock:
            self._conn = conn
            if conn is not None and self.cancelled:
                conn.cancel_safe()

    def cancel(self) -> None:
        with self._lock:
            self.cancelled = True
            if self._conn is not None:
                with contextlib.suppress(psycopg.Error):
                    self._conn.cancel_safe(timeout=2)


def check_schema(conn: Conn) -> None:
    """Refuse a server that was never prepared, or prepared by a newer factcheck."""
    with conn.transaction():
        member = conn.execute(
            "SELECT current_user::text, pg_has_role(current_user, oid, 'MEMBER') FROM pg_roles "
            "WHERE rolname = %s",
            [ANNOTATOR_ROLE],
        ).fetchone()
        if member is None:
            raise ServerSchemaError(_NOT_PREPARED)
        if not member[1]:
            who = member[0]
            raise ServerSchemaError(
                f"The login {who} is not a factcheck annotator on this server: ask your administrator "
                f"(factcheck server add-annotator URL {who})."
            )
        if (problem := name_problem(member[0])) is not None:  # made outside factcheck: it names every row
            raise ServerSchemaError(
                f"The login is your name on every row you sync, and {problem}: ask your administrator for a "
                "login without them (factcheck server add-annotator URL NAME). Nothing was sent."
            )
    check_version(conn)


def check_version(conn: Conn) -> None:
    """Refuse a server whose schema is missing, older or newer than this build's (whoever logs in: the
    server's owner, who renames the team's scheme, need not be an annotator)."""
    with conn.transaction():
        exists = conn.execute("SELECT to_regclass(%s)", [f"{SCHEMA}.meta"]).fetchone()
        if exists is None or exists[0] is None:
            raise ServerSchemaError(_NOT_PREPARED)
        row = conn.execute(
            sql.SQL("SELECT value FROM {} WHERE key = 'schema_version'").format(
                sql.Identifier(SCHEMA, "meta")
            )
        ).fetchone()
    version = int(row[0]) if row else 0
    if version > SCHEMA_VERSION:
        raise ServerSchemaError(
            f"The team server's schema (version {version}) is newer than this factcheck: update factcheck."
        )
    if version < SCHEMA_VERSION:
        raise ServerSchemaError(
            f"The team server's schema (version {version}) is older than this factcheck's "
            f"({SCHEMA_VERSION}): ask your administrator to run 'factcheck server init URL' again "
            "(it upgrades in place; nothing was sent)."
        )


def whoami(conn: Conn) -> tuple[str, bool]:
    """(login role, is a reviewer)."""
    with conn.transaction():
        row = conn.execute(sql.SQL("SELECT current_user::text, {}").format(_IS_REVIEWER)).fetchone()
    assert row is not None
    return str(row[0]), bool(row[1])


def teammates(conn: Conn) -> int:
    """How many other login roles are in the annotator group (reviewers included)."""
    with conn.transaction():
        row = conn.execute(
            "SELECT count(*) FROM pg_roles WHERE rolcanlogin AND NOT rolsuper AND rolname <> current_user "
            "AND pg_has_role(oid, %s, 'MEMBER')",
            [ANNOTATOR_ROLE],
        ).fetchone()
    return int(row[0]) if row else 0
