"""Streamed reads for exports and agreement: one SQL query, raw rows, no Annotation objects (100k tags at
the pace of plain sqlite3). The format writers in `factcheck.services.formats` choose the columns; the SQL
stays here. Read inside `snapshot(store)` so that several reads see one state of the project."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import Any

from db.annotation_rows import ANNOTATION_COLUMNS
from db.errors import StoreError, classify
from db.store import Store
from factcheck.core.spreadsheet import sql_guard

#: Document columns an export may ask for next to the annotation columns.
DOCUMENT_COLUMNS = {
    "document_title": "d.title",
    "document_sha256": "d.sha256",
    "document_source": "d.source",
}
#: The document's curated mark (NULL when it has none), next to the annotation columns.
MARK_COLUMNS = {"document_curator": "c.curator", "document_curated_at": "c.curated_at"}


@dataclass(frozen=True)
class Selection:
    """Which annotations an export takes: each filter is None (all) or a tuple of exact values."""

    document_ids: tuple[str, ...] | None = None
    annotators: tuple[str, ...] | None = None
    labels: tuple[str, ...] | None = None
    include_deleted: bool = False
    #: Review decisions: "accepted", "rejected", "unreviewed" (no decision).
    statuses: tuple[str, ...] | None = None

    @property
    def selects_annotations(self) -> bool:
        """True when annotator, label or status filters narrow the annotations (not only the documents)."""
        return self.annotators is not None or self.labels is not None or self.statuses is not None

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        for column, values in (
            ("a.document_id", self.document_ids),
            ("a.annotator", self.annotators),
            ("a.label", self.labels),
        ):
            if values is not None:
                clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
                params.extend(values)
        if self.statuses is not None:
            decided = [s for s in self.statuses if s != "unreviewed"]
            either = [f"a.status IN ({', '.join('?' for _ in decided)})"] if decided else []
            if "unreviewed" in self.statuses:
                either.append("a.status IS NULL")
            clauses.append(f"({' OR '.join(either)})")
            params.extend(decided)
        if not self.include_deleted:
            clauses.append("a.deleted_at IS NULL")
        return (f"WHERE {' AND '.join(clauses)}" if clauses else ""), params


@contextlib.contextmanager
def snapshot(store: Store) -> Iterator[None]:
    """A read transaction: every query inside sees the same state, even while another program writes.

    Deferred, not `store.atomic()` (BEGIN IMMEDIATE): an export must not take the write lock, nor fail
    on a read-only file.
    """
    conn = store._db.conn
    if conn.in_transaction:
        yield
        return
    try:
        conn.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            if conn.in_transaction:
                conn.rollback()  # nothing was written: ending the read is all there is to do
    except sqlite3.Error as exc:
        raise classify(exc) or StoreError(f"Reading the database failed: {exc}.") from exc


_NUMERIC_COLUMNS = frozenset({"start", "end", "orphaned"})


def _column_sql(name: str) -> str:
    if name in DOCUMENT_COLUMNS:
        return DOCUMENT_COLUMNS[name]
    if name in MARK_COLUMNS:
        return MARK_COLUMNS[name]
    if name in ANNOTATION_COLUMNS:
        return f'a."{name}"'
    raise ValueError(f"unknown export column {name!r}")


def _query(columns: Sequence[str], select: str, selection: Selection) -> tuple[str, list[Any]]:
    where, params = selection.where()
    join = "JOIN documents d ON d.id = a.document_id" if any(c in DOCUMENT_COLUMNS for c in columns) else ""
    if any(c in MARK_COLUMNS for c in columns):
        join += " LEFT JOIN curated_documents c ON c.document_id = a.document_id"
    order = 'ORDER BY a.document_id, a.start, a."end", a.id'
    return f"SELECT {select} FROM annotations a {join} {where} {order}", params


def annotation_rows(
    store: Store,
    columns: Sequence[str],
    selection: Selection,
    *,
    guard: bool = False,
    guarded: Collection[str] | None = None,
) -> Iterator[tuple[Any, ...]]:
    """Rows of `columns` for the selected annotations, ordered by document id, start, end, id.

    guard: apply the spreadsheet formula guard (factcheck.core.spreadsheet) to text cells; SQLite does
    it per cell for less than Python would. guarded: the columns
    to check (default: every text column); columns whose values the store has validated need none.
    The cursor is streamed: memory stays flat however many tags the project holds.
    """
    cells = []
    for column in columns:
        sql = _column_sql(column)
        check = column not in _NUMERIC_COLUMNS and (guarded is None or column in guarded)
        cells.append(sql_guard(sql) if guard and check else sql)
    sql, params = _query(columns, ", ".join(cells), selection)
    # Not `yield from`: closing this generator would close the cursor too, and when an export failed
    # (a full disk) that happens after the store closed, printing "Exception ignored ... closed database".
    for row in store._db.conn.execute(sql, params):  # noqa: UP028
        yield row


def count_annotations(store: Store, selection: Selection) -> int:
    where, params = selection.where()
    return int(store._db.conn.execute(f"SELECT count(*) FROM annotations a {where}", params).fetchone()[0])


def document_ids_with_annotations(store: Store, selection: Selection) -> set[str]:
    where, params = selection.where()
    return {
        r[0]
        for r in store._db.conn.execute(f"SELECT DISTINCT a.document_id FROM annotations a {where}", params)
    }


#: Document columns `document_fields` may read (every one but the text).
_DOCUMENT_FIELDS = frozenset({"title", "source", "sha256", "imported_at"})


def document_fields(store: Store, names: Sequence[str]) -> dict[str, tuple[Any, ...]]:
    """Every document's id -> its fields of names (not its text: what an export writes next to each
    tag, without holding every article in memory)."""
    unknown = set(names) - _DOCUMENT_FIELDS
    if unknown:
        raise ValueError(f"not a document field here: {sorted(unknown)}")
    rows = store._db.conn.execute(f"SELECT id, {', '.join(names)} FROM documents")
    return {row[0]: row[1:] for row in rows}


def has_annotations(store: Store, document_id: str, selection: Selection) -> bool:
    """Whether the document has a selected annotation (its index finds the first: no scan of the rest)."""
    where, params = selection.where()
    where = f"{where} AND a.document_id = ?" if where else "WHERE a.document_id = ?"
    sql = f"SELECT 1 FROM annotations a {where} LIMIT 1"
    return store._db.conn.execute(sql, [*params, document_id]).fetchone() is not None


def document_lengths(store: Store) -> dict[str, int]:
    """Every document's text length in code points, in the order of `Store.documents()`."""
    rows = store._db.conn.execute("SELECT id, length(text) FROM documents ORDER BY imported_at, title")
    return dict(rows)


def live_tags_by_document(
    store: Store, document_id: str | None = None
) -> Iterator[tuple[str, list[tuple[Any, ...]]]]:
    """(document id, its live placed tags as (annotator, label, start, end)) for each document that has
    any, in document id order; with document_id, that document's only. One streamed query, held one
    document at a time: deleted tags and orphaned ones (whose offsets are a placeholder) are left out."""
    where = "deleted_at IS NULL AND orphaned = 0"
    params: list[Any] = []
    if document_id is not None:
        where += " AND document_id = ?"
        params.append(document_id)
    cursor = store._db.conn.execute(
        f'SELECT document_id, annotator, label, start, "end", fragments FROM annotations WHERE {where} '
        "ORDER BY document_id",
        params,
    )
    # The few annotators and labels shared, not a str of each per row (SQLite makes new ones): on a
    # 50k-tag article 5 MB of the agreement's 13 MB, which Python's arenas keep once it is measured.
    seen: dict[str, str] = {}
    keep = seen.setdefault
    for doc_id, rows in groupby(cursor, key=itemgetter(0)):
        # A continuous tag as (annotator, label, start, end); a discontinuous one with its pieces too.
        yield (
            doc_id,
            [
                (keep(annotator, annotator), keep(label, label), start, end)
                if fragments is None
                else (keep(annotator, annotator), keep(label, label), start, end, fragments)
                for _, annotator, label, start, end, fragments in rows
            ],
        )


def curation_rows(
    store: Store,
    columns: Sequence[str],
    selection: Selection,
    *,
    row_id: bool = False,
) -> Iterator[tuple[Any, ...]]:
    """Rows of `columns` for curation: the selected live, placed tags (orphaned ones left out, their
    offsets are a placeholder), ordered by document id, start, end, id. Streamed like annotation_rows.
    row_id: each row ends with the tag's row id (for `rows_by_id`, which reads the other columns later)."""
    where, params = selection.where()
    placed = "a.orphaned = 0"
    where = f"{where} AND {placed}" if where else f"WHERE {placed}"
    cells = [_column_sql(c) for c in columns]
    select = ", ".join([*cells, "a.rowid"] if row_id else cells)
    sql = f'SELECT {select} FROM annotations a {where} ORDER BY a.document_id, a.start, a."end", a.id'
    # The cursor itself, not a generator over it (a Python frame per row costs a tenth of a second per
    # 300k rows); nothing closes it explicitly, so a failed export closes nothing after the store.
    cursor: Iterator[tuple[Any, ...]] = store._db.conn.execute(sql, params)
    return cursor


def count_curation_rows(store: Store, selection: Selection) -> int:
    """How many rows `curation_rows` gives (orphaned tags left out, as there)."""
    where, params = selection.where()
    placed = "a.orphaned = 0"
    where = f"{where} AND {placed}" if where else f"WHERE {placed}"
    return int(store._db.conn.execute(f"SELECT count(*) FROM annotations a {where}", params).fetchone()[0])


#: Row ids asked for in one query: under SQLite's variable limit (999 before 3.32).
ROW_ID_BATCH = 900


def rows_by_id(store: Store, columns: Sequence[str], row_ids: Iterable[int]) -> dict[int, tuple[Any, ...]]:
    """The annotations of these row ids (from `curation_rows`, in the same snapshot) as rows of columns,
    by row id; ROW_ID_BATCH of them a query."""
    select = ", ".join(_column_sql(c) for c in columns)
    conn = store._db.conn
    found: dict[int, tuple[Any, ...]] = {}
    ids = sorted(set(row_ids))
    for i in range(0, len(ids), ROW_ID_BATCH):
        batch = ids[i : i + ROW_ID_BATCH]
        marks = ", ".join("?" * len(batch))
        # in row id order, as asked: the rows pair with the ids without carrying them
        sql = f"SELECT {select} FROM annotations a WHERE a.rowid IN ({marks}) ORDER BY a.rowid"
        rows = conn.execute(sql, batch).fetchall()
        if len(rows) != len(batch):  # only if read outside the snapshot of the row ids
            raise StoreError("Tags changed while they were being read; export again.")
        found.update(zip(batch, rows, strict=True))
    return found


def reviewed_document_ids(store: Store) -> set[str]:
    """The documents with at least one live tag that has a review decision."""
    rows = store._db.conn.execute(
        "SELECT DISTINCT document_id FROM annotations WHERE deleted_at IS NULL AND status IS NOT NULL"
    )
    return {r[0] for r in rows}
