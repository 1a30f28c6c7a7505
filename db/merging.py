"""Bulk queries the merge engine needs (kept out of `factcheck/`, which holds no SQL).

Rows are tuples in `ANNOTATION_COLUMNS` order (`annotation_row`): a 100k-tag merge compares and writes
them without building a dataclass per tag.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from db.store import _ANN_PLACEHOLDERS, _ANN_SELECT, Store

#: Page cache while a bulk merge writes (KiB): five indexes take 100k tags in random order, and the
#: default 2 MB cache makes that about 10 % slower.
BULK_CACHE_KIB = 64 * 1024


def annotation_rows_by_id(store: Store, ids: Iterable[str]) -> dict[str, tuple[Any, ...]]:
    """The stored annotation rows (tombstones included) among ids, by id: one query however many."""
    ids = list(ids)
    if not ids:
        return {}
    cursor = store.db.execute(
        f"SELECT {_ANN_SELECT} FROM annotations WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(ids)],
    )
    return {row[0]: tuple(row) for row in cursor}


def annotation_rows_of_document(store: Store, document_id: str) -> dict[str, tuple[Any, ...]]:
    """Every annotation row of a document (tombstones included), by id."""
    cursor = store.db.execute(f"SELECT {_ANN_SELECT} FROM annotations WHERE document_id = ?", [document_id])
    return {row[0]: tuple(row) for row in cursor}


def put_annotation_rows(
    store: Store, new: Sequence[tuple[Any, ...]], changed: Sequence[tuple[Any, ...]] = ()
) -> dict[str, tuple[Any, ...]]:
    """Insert new rows and replace changed ones (all checked by the caller), in one transaction.

    The caller only looked among its document's rows, so a "new" id may exist on another document:
    then nothing is written and those stored rows are returned, for the caller to plan again. Looking
    every id up first would cost more than the insert itself. New rows go through a plain INSERT: with
    foreign keys on, INSERT OR REPLACE costs about twice as much per row even when nothing is replaced.
    """
    if not new and not changed:
        return {}
    columns = f"({_ANN_SELECT}) VALUES ({_ANN_PLACEHOLDERS})"
    conn = store.db.conn
    (cache,) = conn.execute("PRAGMA cache_size").fetchone()
    big = len(new) + len(changed) > 10_000
    if big:
        conn.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
    try:
        with store.atomic():  # a savepoint inside the import's transaction: undone whole on a clash
            if new:
                conn.executemany(f"INSERT INTO annotations {columns}", new)
            if changed:
                conn.executemany(f"INSERT OR REPLACE INTO annotations {columns}", changed)
    except sqlite3.IntegrityError:
        clashes = annotation_rows_by_id(store, [row[0] for row in new])
        if not clashes:
            raise
        return clashes
    finally:
        if big:
            conn.execute(f"PRAGMA cache_size = {int(cache)}")
    return {}
