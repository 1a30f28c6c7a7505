"""Fault injection: make the store's writes fail the way a full disk, a lock or a bad drive does.

The one place in the tests that reaches the store's own connection: a fault must be injected into the
connection the store writes through, and per-connection state (PRAGMA max_page_count, busy_timeout, an
open transaction) cannot be seen from another one. To only look at the file, use tests.helpers.dbfiles.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from typing import Any

from db import Store

_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "COMMIT")


class FailingConnection:
    """Wraps a sqlite3 connection; while `error` is set, every write statement raises it."""

    def __init__(self, conn: sqlite3.Connection, error: sqlite3.Error | None = None) -> None:
        self._conn = conn
        self.error = error

    def _check(self, sql: str) -> None:
        if self.error is not None and sql.lstrip().upper().startswith(_WRITES):
            raise self.error

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._check(sql)
        return self._conn.execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._check(sql)
        return self._conn.executemany(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def live_connection(store: Store) -> sqlite3.Connection:
    """The connection the store reads and writes through."""
    return store._db.conn


def set_connection(store: Store, conn: sqlite3.Connection | FailingConnection) -> None:
    """Make the store use conn (a FailingConnection around its own) from now on."""
    store._db.conn = conn  # type: ignore[assignment]


@contextlib.contextmanager
def failing_writes(store: Store, message: str = "database or disk is full") -> Iterator[FailingConnection]:
    """Inside the block, the store's writes fail with `sqlite3.OperationalError(message)`."""
    real = live_connection(store)
    proxy = FailingConnection(real, sqlite3.OperationalError(message))
    set_connection(store, proxy)
    try:
        yield proxy
    finally:
        set_connection(store, real)
