"""Reading a teammate's factcheck database as a Bundle, without ever writing to it.

The file is checked with `inspect_file` (the same refusals and messages as `Store.open`), then copied
into memory through the SQLite backup API from a read-only connection, and read from that copy: an older
schema is upgraded in memory only. When no -wal file lies beside it (the teammate's app is closed) the
file is opened `immutable`, so SQLite creates no -wal/-shm files next to it either (a read-only medium
works too); with a -wal (the app is open, or was killed) it is opened `mode=ro` to see those pages.
"""

from __future__ import annotations

import sqlite3
from itertools import groupby
from pathlib import Path

from sqlite_utils import Database

from db.errors import NotAFactcheckDatabase, StoreError
from db.files import has_wal, inspect_file
from db.migrations import migrations
from db.store import Store
from factcheck.core.bundle import Bundle


def read_teammate_db(path: Path | str) -> Bundle:
    """Labels, documents and every annotation (tombstones included) of the factcheck file at path."""
    path = Path(path)
    inspect_file(path)  # raises NotAFactcheckDatabase / NewerDatabase; writes nothing
    copy = _copy_into_memory(path)
    store = Store(Database(copy), None)
    try:
        migrations.apply(store._db)  # an older teammate's schema, upgraded in the copy only
        documents = {doc.id: doc for doc in store.documents()}
        annotations = store.annotations(include_deleted=True)
        labels = store.labels()
    except sqlite3.Error as exc:
        raise NotAFactcheckDatabase(f"{path} is damaged ({exc}); it was left untouched.") from exc
    finally:
        store.close()
    grouped = {doc_id: list(anns) for doc_id, anns in groupby(annotations, key=lambda a: a.document_id)}
    return Bundle(
        labels=labels,
        documents=[(doc, grouped.get(doc_id, [])) for doc_id, doc in documents.items()],
        source=path.name,
    )


def _copy_into_memory(path: Path) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?{'mode=ro' if has_wal(path) else 'immutable=1'}"
    memory = sqlite3.connect(":memory:")
    try:
        source = sqlite3.connect(uri, uri=True)
        try:
            source.backup(memory)
        finally:
            source.close()
    except sqlite3.Error as exc:
        memory.close()
        raise StoreError(f"Cannot read {path}: {exc}; it was left untouched.") from exc
    return memory
