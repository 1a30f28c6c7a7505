"""Bulk queries the merge engine needs (kept out of `factcheck/`, which holds no SQL).

Rows are tuples in `ANNOTATION_COLUMNS` order (`annotation_row`): a 100k-tag merge compares and writes
them without building a dataclass per tag.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from operator import itemgetter
from typing import Any

from db.annotation_rows import ANNOTATION_COLUMNS, ANNOTATION_COLUMNS_SQL
from db.store import Store

#: Page cache while a bulk merge writes (KiB): five indexes take 100k tags in random order, and the
#: default 2 MB cache makes that about 10 % slower.
BULK_CACHE_KIB = 64 * 1024
#: From this many rows on, a write is bulk: a larger cache, and indexes rebuilt after the insert.
BULK_ROWS = 10_000

#: Columns that are mostly NULL (a live, unreviewed, continuous tag without attribution has them all
#: NULL) and the bool orphaned.
_SPARSE = tuple(
    ANNOTATION_COLUMNS.index(c)
    for c in (
        "deleted_at",
        "status",
        "reviewer",
        "reason",
        "reviewed_at",
        "fragments",
        "speaker",
        "source",
        "cue",
        "quotation",
    )
)
assert len(_SPARSE) == 10  # _shape spells them out
_ORPHANED = ANNOTATION_COLUMNS.index("orphaned")
#: They are the row's last columns: read as one slice of it (a C copy, not 11 look-ups).
_TAIL = min(_SPARSE)
assert sorted((*_SPARSE, _ORPHANED)) == list(range(_TAIL, len(ANNOTATION_COLUMNS)))
_sparse_values = itemgetter(slice(_TAIL, None))
#: Where each of _SPARSE, and orphaned, is in _sparse_values.
_AT = tuple(i - _TAIL for i in _SPARSE)
_AT_ORPHANED = _ORPHANED - _TAIL
_A0, _A1, _A2, _A3, _A4, _A5, _A6, _A7, _A8, _A9 = _AT


def annotation_rows_by_id(store: Store, ids: Iterable[str]) -> dict[str, tuple[Any, ...]]:
    """The stored annotation rows (tombstones included) among ids, by id: one query however many."""
    ids = list(ids)
    if not ids:
        return {}
    cursor = store._db.execute(
        f"SELECT {ANNOTATION_COLUMNS_SQL} FROM annotations WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(ids)],
    )
    return {row[0]: tuple(row) for row in cursor}


def annotation_rows_of_document(store: Store, document_id: str) -> dict[str, tuple[Any, ...]]:
    """Every annotation row of a document (tombstones included), by id."""
    sql = f"SELECT {ANNOTATION_COLUMNS_SQL} FROM annotations WHERE document_id = ?"
    return {row[0]: tuple(row) for row in store._db.execute(sql, [document_id])}


def last_annotation_rowid(store: Store) -> int:
    """The highest rowid of the annotations table (0 when empty): a row written later has a higher one
    (a new row, or one replaced: INSERT OR REPLACE writes the row anew)."""
    (rowid,) = store._db.execute("SELECT coalesce(max(rowid), 0) FROM annotations").fetchone()
    return int(rowid)


def annotation_rowids(store: Store, ids: Iterable[str]) -> dict[str, int]:
    """The rowids of the stored annotations among ids (`last_annotation_rowid`)."""
    ids = list(ids)
    if not ids:
        return {}
    sql = "SELECT id, rowid FROM annotations WHERE id IN (SELECT value FROM json_each(?))"
    return {row[0]: int(row[1]) for row in store._db.execute(sql, [json.dumps(ids)])}


def remove_added_annotation_rows(store: Store, ids: Iterable[str]) -> None:
    """Remove rows that the caller's open merge inserted (never rows the project held before it: a tag's
    removal is a tombstone): a file merge that finds, later in the file, the tag one of them is identical
    to (services.merge_twins) keeps that one instead, as if the file had come in that order."""
    ids = list(ids)
    if ids:
        store._db.execute(
            "DELETE FROM annotations WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(ids)]
        )


def document_keys(store: Store) -> list[tuple[str, str, str]]:
    """(id, source, title) of every document, oldest first: what finding an article's versions needs."""
    rows = store._db.execute("SELECT id, source, title FROM documents ORDER BY imported_at").fetchall()
    return [(str(i), str(source), str(title)) for i, source, title in rows]


class BulkMerge:
    """A merge's writes, told how many tags are coming (expected_rows, from a file's size)."""

    def __init__(self, conn: sqlite3.Connection, expected_rows: int) -> None:
        self.conn = conn
        self.expected_rows = expected_rows
        self.indexed = True  # the secondary indexes are there (else look rows up by id only)
        self.dropped: list[tuple[str, str]] = []
        self._decided = False

    def writing(self, new_rows: int, rows: int) -> None:
        """Before the first batch is written (new_rows of its rows are new to us): when that is bulk,
        mostly new and more than the table holds, drop the secondary indexes until the end."""
        if self._decided or not rows:
            return
        self._decided = True
        conn = self.conn
        if (
            self.expected_rows > BULK_ROWS
            and 2 * new_rows >= rows
            and self.expected_rows > _annotation_count(conn)
        ):
            self.dropped = _secondary_indexes(conn)
            for name, _ in self.dropped:
                conn.execute(f'DROP INDEX "{name}"')
            self.indexed = not self.dropped


@contextlib.contextmanager
def bulk_merge(store: Store, expected_rows: int) -> Iterator[BulkMerge]:
    """Writes of about expected_rows annotation rows, as one savepoint. When they are bulk and mostly
    new, and more than the table holds, the secondary indexes are dropped (BulkMerge.writing) and built
    once, sorted, at the end (cheaper than updating them row by row); a larger page cache meanwhile. DDL
    is transactional in SQLite: when anything fails, the rollback brings the indexes back with the rows."""
    conn = store._db.conn
    bulk = expected_rows > BULK_ROWS
    (cache,) = conn.execute("PRAGMA cache_size").fetchone()
    if bulk:
        conn.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
    try:
        with store.atomic():
            merge = BulkMerge(conn, expected_rows)
            yield merge
            for _, create in merge.dropped:
                conn.execute(create)
    finally:
        if bulk:
            conn.execute(f"PRAGMA cache_size = {int(cache)}")


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
    conn = store._db.conn
    (cache,) = conn.execute("PRAGMA cache_size").fetchone()
    big = len(new) + len(changed) > BULK_ROWS
    if big:
        conn.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
    try:
        with store.atomic():  # a savepoint inside the import's transaction: undone whole on a clash
            # Many new rows into a smaller table: building the secondary indexes once, sorted, after the
            # insert is cheaper than updating them row by row. DDL is transactional in SQLite, so a
            # failure anywhere rolls the indexes back with the rows.
            rebuild = _secondary_indexes(conn) if big else []  # (none while a bulk merge dropped them)
            if rebuild and len(new) <= _annotation_count(conn):
                rebuild = []
            for name, _ in rebuild:
                conn.execute(f'DROP INDEX "{name}"')
            for sql, rows in (*_by_shape("INSERT", new), *_by_shape("INSERT OR REPLACE", changed)):
                conn.executemany(sql, rows)
            for _, create in rebuild:
                conn.execute(create)
    except sqlite3.IntegrityError:
        clashes = annotation_rows_by_id(store, [row[0] for row in new])
        if not clashes:
            raise
        return clashes
    finally:
        if big:
            conn.execute(f"PRAGMA cache_size = {int(cache)}")
    return {}


def _secondary_indexes(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the annotations table's own full indexes (not the primary key's).
    Partial ones (e.g. of the tags that name a speaker) are left out: most new rows do not enter them,
    which costs next to nothing, while building one again scans the whole table (0.24 s of a 1M-tag
    import for two)."""
    partial = {str(row[1]) for row in conn.execute("PRAGMA index_list(annotations)") if row[4]}
    return [
        (name, create)
        for name, create in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'annotations' "
            "AND sql IS NOT NULL ORDER BY name"
        )
        if name not in partial
    ]


def _annotation_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM annotations").fetchone()[0])


def _by_shape(verb: str, rows: Sequence[tuple[Any, ...]]) -> list[tuple[str, Iterator[tuple[Any, ...]]]]:
    """The INSERTs (verb) of rows, grouped by which sparse columns are NULL (and orphaned or not), those
    values written as SQL literals: sqlite3 binds None and bool through its adapter lookup (two failed
    attribute look-ups each), which for the 11 such values of a row cost about half of a 100k-tag insert.
    The rows are stored exactly as given; only the order of the groups (hence rowids) differs."""
    groups: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}
    distinct = set(map(_sparse_values, rows))
    if len(distinct) == 1:  # the usual bulk case, e.g. live, unreviewed tags: no loop in Python
        (v,) = distinct
        groups[_shape(v)] = list(rows)
        rows = ()
    for row in rows:
        shape = _shape(_sparse_values(row))
        group = groups.get(shape)
        if group is None:
            groups[shape] = group = []
        group.append(row)
    out: list[tuple[str, Iterator[tuple[Any, ...]]]] = []
    for shape, members in groups.items():
        *nulls, orphaned = shape
        literal = {i: "NULL" for i, null in zip(_SPARSE, nulls, strict=True) if null}
        if orphaned in (0, 1):  # False/True or SQLite's 0/1 (True == 1: one group)
            literal[_ORPHANED] = "1" if orphaned else "0"
        kept = [i for i in range(len(ANNOTATION_COLUMNS)) if i not in literal]
        values = ", ".join(literal.get(i, "?") for i in range(len(ANNOTATION_COLUMNS)))
        # The first columns only (the sparse ones all NULL, the usual case): a slice, one C copy.
        pick = itemgetter(slice(0, len(kept))) if kept == list(range(len(kept))) else itemgetter(*kept)
        sql = f"{verb} INTO annotations ({ANNOTATION_COLUMNS_SQL}) VALUES ({values})"
        # Made as executemany binds them, not all first: each tuple is freed before the next is made
        # there, so they take the same warm memory (a list of 100k took ~8 % longer to insert).
        out.append((sql, map(pick, members)))
    return out


def _shape(v: tuple[Any, ...]) -> tuple[Any, ...]:
    """Which of _sparse_values' columns are NULL, and orphaned (spelled out: called once per row when
    the rows differ)."""
    return (
        v[_A0] is None, v[_A1] is None, v[_A2] is None, v[_A3] is None, v[_A4] is None,
        v[_A5] is None, v[_A6] is None, v[_A7] is None, v[_A8] is None, v[_A9] is None, v[_AT_ORPHANED],
    )  # fmt: skip
