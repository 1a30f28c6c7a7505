"""The claim-card tables' side of team sync: their rows by key, in the team server's column order
(`db.pg_tables`), and the server's rows written back as they are (a pull, or the server's copy of a row
it refused)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from db.claim_rows import COLUMNS, SCALE_COLUMNS, SETTINGS_COLUMNS
from db.store import Store

#: Shared claim tables (dependency order: the scale before the verdicts that name it) and their keys.
CLAIM_SYNC_KEYS = {
    "verdict_scale": "name",
    "settings": "key",
    "claims": "id",
    "claim_tags": "id",
    "checkworthy": "id",
    "verdicts": "id",
}
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    **COLUMNS,
    "verdict_scale": SCALE_COLUMNS,
    "settings": SETTINGS_COLUMNS,
}


def _names(table: str) -> str:
    return ", ".join(f'"{c}"' for c in TABLE_COLUMNS[table])


def rows_by_key(store: Store, table: str, keys: Sequence[str]) -> list[tuple[Any, ...]]:
    """The stored rows (tombstones included) with these keys, in the table's column order."""
    if not keys:
        return []
    key = CLAIM_SYNC_KEYS[table]
    cursor = store._db.execute(
        f"SELECT {_names(table)} FROM {table} WHERE {key} IN (SELECT value FROM json_each(?))",
        [json.dumps(list(keys))],
    )
    return [tuple(row) for row in cursor]


def put_rows(store: Store, table: str, rows: Iterable[Sequence[Any]]) -> int:
    """Write rows (the table's column order) as they are, replacing the stored row of each key in place
    (an upsert: the rows that name a card keep it)."""
    rows = [tuple(r) for r in rows]
    if not rows:
        return 0
    columns = TABLE_COLUMNS[table]
    key = CLAIM_SYNC_KEYS[table]
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c != key)
    with store.atomic():
        store._db.conn.executemany(
            f"INSERT INTO {table} ({_names(table)}) VALUES ({', '.join('?' for _ in columns)}) "
            f"ON CONFLICT ({key}) DO UPDATE SET {updates}",
            rows,
        )
    return len(rows)
