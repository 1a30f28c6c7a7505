"""A real PostgreSQL 16 for the sync tests, started by the tests themselves (the pgserver wheel).

`pg_server` (session): one server on a Unix socket, password (SCRAM) authentication for every role but
the superuser, and a ~/.pgpass-style file (PGPASSFILE) holding the test roles' passwords: the clients
find them where libpq looks, as a user's would. `team` (per test): a fresh database prepared with
`factcheck server init`, and login roles alice and bob (annotators) and rita and vera (reviewers).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest

from db.pg_schema import add_annotator, init_server

#: The test roles and whether each is a reviewer.
ROLES = {"alice": False, "bob": False, "rita": True, "vera": True}


def password_of(role: str) -> str:
    return f"pw-{role}-Ünïcode"


@dataclass
class PgServer:
    socket_dir: str
    pgdata: Path
    handle: object

    def url(self, user: str = "postgres", database: str = "postgres") -> str:
        return f"postgresql://{user}@{quote(self.socket_dir, safe='')}/{database}"

    def admin(self, database: str = "postgres") -> psycopg.Connection[tuple[Any, ...]]:
        return psycopg.connect(self.url("postgres", database), autocommit=True)

    def pg_ctl(self, *args: str) -> None:
        from pgserver._commands import pg_ctl  # type: ignore[attr-defined]  # made at import time

        user = "pgserver" if os.geteuid() == 0 else None
        pg_ctl(["-w", *args], pgdata=self.pgdata, user=user, timeout=60)

    def stop(self) -> None:
        self.pg_ctl("-m", "immediate", "stop")

    def start(self) -> None:
        self.pg_ctl("-o", '-h ""', "-o", f"-k {self.socket_dir}", "-l", str(self.pgdata / "log"), "start")


@dataclass
class Team:
    server: PgServer
    database: str

    def url(self, role: str) -> str:
        return self.server.url(role, self.database)

    def unreachable_url(self, role: str) -> str:
        """Where no server listens (a socket folder that does not exist): offline."""
        return f"postgresql://{role}@%2Fnonexistent-socket-dir/{self.database}"

    @property
    def admin_url(self) -> str:
        return self.server.url("postgres", self.database)

    def connect(self, role: str) -> psycopg.Connection[tuple[Any, ...]]:
        """A plain psycopg connection as role: a client that bypasses factcheck."""
        return psycopg.connect(self.url(role), autocommit=True)


def _start() -> tuple[PgServer, str]:
    with warnings.catch_warnings():  # pgserver warns at import when XDG_RUNTIME_DIR is unset
        warnings.simplefilter("ignore")
        from pgserver.postgres_server import get_server

        root = tempfile.mkdtemp(prefix="fc-pg-")
        os.chmod(root, 0o755)  # as root, pgserver runs postgres as its own user, who must get in
        handle = get_server(Path(root) / "data", cleanup_mode="delete")
    info = handle.get_postmaster_info()
    socket_dir = str(info.socket_dir)
    pgdata = Path(handle.pgdata)
    server = PgServer(socket_dir, pgdata, handle)
    # Passwords for everyone but the superuser, as a newsroom's server would ask for them.
    hba = pgdata / "pg_hba.conf"
    hba.write_text("local all postgres trust\nlocal all all scram-sha-256\n", encoding="utf-8")
    with server.admin() as conn:
        conn.execute("SELECT pg_reload_conf()")
    return server, root


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    server, root = _start()
    passfile = Path(root) / "pgpass"
    passfile.write_text("".join(f"*:*:*:{r}:{password_of(r)}\n" for r in ROLES), encoding="utf-8")
    passfile.chmod(0o600)
    old = os.environ.get("PGPASSFILE")
    os.environ["PGPASSFILE"] = str(passfile)
    try:
        with server.admin() as conn:
            conn.execute("CREATE DATABASE team_template")
        with psycopg.connect(server.url("postgres", "team_template")) as conn:
            init_server(conn)
            for role, reviewer in ROLES.items():
                add_annotator(conn, role, password_of(role), reviewer=reviewer)
            conn.commit()
        yield server
    finally:
        if old is None:
            os.environ.pop("PGPASSFILE", None)
        else:
            os.environ["PGPASSFILE"] = old
        handle = server.handle
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with contextlib.suppress(subprocess.SubprocessError, OSError):
                handle.cleanup()  # type: ignore[attr-defined]
        shutil.rmtree(root, ignore_errors=True)


_numbers = itertools.count()


@pytest.fixture
def team(pg_server: PgServer) -> Iterator[Team]:
    """A fresh database, copied from a prepared template (roles are the server's, shared)."""
    name = f"team_{os.getpid()}_{next(_numbers)}"
    with pg_server.admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE team_template')
    yield Team(pg_server, name)
    with pg_server.admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
