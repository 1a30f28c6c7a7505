"""Documents added many at a time by one import (a teammate's export of 10,000 articles).

The texts' digests read once (`document_shas`), so that the import asks for a document only when it is
there; the insert alone, for a caller that already looked the text and id up inside its write transaction
(`Store.add_document` looks twice more, in a savepoint of its own), and their search rows written once
at the end instead of by the `document_search_insert` trigger (migration m009) row by row: FTS5 writes
its pending terms out at every statement of a trigger (each opens a savepoint on the index), so that one
INSERT … SELECT of 10,000 documents costs about a third of what 10,000 trigger runs cost.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from db.store import Store
from factcheck.core.model import Document

#: Documents an import adds with the trigger in place; from the next one on, their search rows wait
#: for the end (dropping and making the trigger again is worth it for more, not for an article or two).
TRIGGER_DOCUMENTS = 20

_TRIGGER = "document_search_insert"
#: Beyond this, SQLite may give a new row a rowid below the last one: not "the rows added since".
_HIGH_ROWID = 2**62


def insert_new_document(store: Store, doc: Document) -> Document:
    """Insert doc, whose text (sha256) and id the caller found free inside its open write transaction;
    the document as stored."""
    return store._insert_document(doc)


def document_shas(store: Store) -> dict[str, str]:
    """sha256 -> id of every document (an import's index of the texts it has, read once)."""
    return dict(store._db.conn.execute("SELECT sha256, id FROM documents"))


class SearchRowsLater:
    """Counts the documents an import adds (`added`); past TRIGGER_DOCUMENTS, it drops the search
    trigger, and `finish` writes the search rows of every document inserted since (by anyone, in
    insertion order, as the trigger would have: the same index rowids) and makes the trigger again
    with its own SQL. Only inside a savepoint (`search_rows_later`): a rollback brings the trigger back
    with the documents."""

    def __init__(self, store: Store) -> None:
        self._conn = store._db.conn
        self._count = 0
        self._trigger_sql: str | None = None
        self._after = 0  # the documents' last rowid when the trigger was dropped

    def added(self) -> None:
        """A document was added (with the trigger in place or not)."""
        self._count += 1
        if self._count != TRIGGER_DOCUMENTS or self._trigger_sql is not None:
            return
        conn = self._conn
        row = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", [_TRIGGER])
        found = row.fetchone()
        (last,) = conn.execute("SELECT coalesce(max(rowid), 0) FROM documents").fetchone()
        if found is None or last >= _HIGH_ROWID:
            return
        self._trigger_sql, self._after = str(found[0]), int(last)
        conn.execute(f"DROP TRIGGER {_TRIGGER}")

    def finish(self) -> None:
        if self._trigger_sql is None:
            return
        self._conn.execute(
            "INSERT INTO document_search (document_id, title, text) "
            "SELECT id, title, text FROM documents WHERE rowid > ? ORDER BY rowid",
            [self._after],
        )
        self._conn.execute(self._trigger_sql)
        self._trigger_sql = None


@contextlib.contextmanager
def search_rows_later(store: Store) -> Iterator[SearchRowsLater]:
    """A savepoint in which documents are added (told to the SearchRowsLater); their search rows are
    all written when it ends well, and none when it is rolled back."""
    with store.atomic():
        later = SearchRowsLater(store)
        yield later
        later.finish()
