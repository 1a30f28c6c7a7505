"""Opening a project that cannot be written (read-only media, a read-only file) for reading only.

`Store.open` must be able to write (it switches to WAL, upgrades, creates); listing, exporting, measuring
agreement and backing up only read. Here the file is opened without a byte created or changed beside it:
`immutable` when no -wal holds pages for it, else `mode=ro` through the -shm its app left.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from db.errors import StoreError
from db.files import check_project_path, has_wal, inspect_file
from db.store import Store, default_db_path


def writable(path: Path) -> bool:
    """Whether the project at path (and its folder, where SQLite keeps -wal and -shm) can be written."""
    return not path.exists() or (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK))


def open_for_reading(path: Path | str | None) -> Store:
    """The project at path as `Store.open` opens it, or, when it cannot be written, read-only."""
    path = Path(path) if path is not None else default_db_path()
    if writable(path):
        return Store.open(path)
    check_project_path(path)
    _, pending = inspect_file(path)
    if pending:
        raise StoreError(
            f"{path} was written by an older factcheck and must be upgraded, which cannot be done where it "
            "is (it cannot be written there). Copy it to a folder you can write to and use the copy."
        )
    wal = has_wal(path)
    if wal and not Path(f"{path}-shm").exists():
        raise StoreError(
            f"{path} has saved work in {path.name}-wal that only a writable copy can read. Copy both files "
            "to a folder you can write to and use the copy."
        )
    uri = f"{path.resolve().as_uri()}?{'mode=ro' if wal else 'immutable=1'}"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"Cannot open {path} for reading: {exc}.") from exc
    return Store(Database(conn), path)
