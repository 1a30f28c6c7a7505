"""A scratch table in a private temporary SQLite file: memory that stays flat however much it holds.

A reader of a million-tag file remembers every annotation id it has seen (with a digest of the row) to
refuse one id with two contents; a Python dict of them would take 170 MB.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable


class DigestTable:
    """id -> digest (a 64-bit int), on disk in a temporary file that SQLite deletes on close."""

    def __init__(self) -> None:
        self._conn = sqlite3.connect("", isolation_level=None)  # "": a private temporary file
        self._conn.execute("CREATE TABLE seen (id TEXT PRIMARY KEY, digest INTEGER NOT NULL) WITHOUT ROWID")

    def get(self, key: str) -> int | None:
        row = self._conn.execute("SELECT digest FROM seen WHERE id = ?", [key]).fetchone()
        return None if row is None else int(row[0])

    def put(self, pairs: Iterable[tuple[str, int]]) -> None:
        self._conn.executemany("INSERT INTO seen VALUES (?, ?)", pairs)

    def put_new(self, keys: Collection[str], digests: Iterable[int]) -> bool:
        """Store every pair when none of keys (distinct) is there yet, and say True; else store none."""
        conn = self._conn
        conn.execute("BEGIN")
        before = conn.total_changes
        conn.executemany("INSERT OR IGNORE INTO seen VALUES (?, ?)", zip(keys, digests, strict=True))
        if conn.total_changes - before == len(keys):
            conn.execute("COMMIT")
            return True
        conn.execute("ROLLBACK")
        return False

    def close(self) -> None:
        self._conn.close()
