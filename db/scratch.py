"""A scratch table in a private temporary SQLite file: memory that stays flat however much it holds.

A reader of a million-tag file remembers every annotation id it has seen (with a digest of the row) to
refuse one id with two contents; a Python dict of them would take 170 MB.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

#: put_new's one statement for a whole batch: the pairs as one JSON object (a C loop inside SQLite, a
#: third cheaper than an executemany of the pairs).
_PUT_JSON = "INSERT OR IGNORE INTO seen SELECT key, value FROM json_each(?)"


class DigestTable:
    """id -> digest (a 64-bit int), on disk in a temporary file that SQLite deletes on close."""

    def __init__(self) -> None:
        self._conn = sqlite3.connect("", isolation_level=None)  # "": a private temporary file
        self._conn.execute("CREATE TABLE seen (id TEXT PRIMARY KEY, digest INTEGER NOT NULL) WITHOUT ROWID")

    def get(self, key: str) -> int | None:
        row = self._conn.execute("SELECT digest FROM seen WHERE id = ?", [key]).fetchone()
        return None if row is None else int(row[0])

    def put(self, pairs: Iterable[tuple[str, int]]) -> None:
        """Store pairs (ids not stored yet) in one transaction: a transaction per row is many times slower."""
        self._conn.execute("BEGIN")
        try:
            self._conn.executemany("INSERT INTO seen VALUES (?, ?)", pairs)
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def put_new(self, pairs: dict[str, int]) -> bool:
        """Store every id -> digest of pairs when none of its ids is there yet, and say True; else store
        none. One transaction per call: a temporary file's commit is cheap (nothing is synced)."""
        conn = self._conn
        batch = json.dumps(pairs, ensure_ascii=False)  # a lone surrogate fails to bind, as the pair would
        conn.execute("BEGIN")
        before = conn.total_changes
        try:
            if "\\u0000" in batch:  # SQLite's JSON cuts a key at an escaped NUL: such batches pair by pair
                conn.executemany("INSERT OR IGNORE INTO seen VALUES (?, ?)", pairs.items())
            else:
                conn.execute(_PUT_JSON, [batch])
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        if conn.total_changes - before == len(pairs):
            conn.execute("COMMIT")
            return True
        conn.execute("ROLLBACK")
        return False

    def close(self) -> None:
        self._conn.close()
