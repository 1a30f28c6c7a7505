"""Fault injection: make the store's writes fail the way a full disk, a lock or a bad drive does."""

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


@contextlib.contextmanager
def failing_writes(store: Store, message: str = "database or disk is full") -> Iterator[FailingConnection]:
    """Inside the block, the store's writes fail with `sqlite3.OperationalError(message)`."""
    real = store.db.conn
    proxy = FailingConnection(real, sqlite3.OperationalError(message))
    store.db.conn = proxy  # type: ignore[assignment]
    try:
        yield proxy
    finally:
        store.db.conn = real
