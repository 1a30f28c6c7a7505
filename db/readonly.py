"""Opening a project that cannot be written (read-only media, a read-only file) for reading only.

`Store.open` must be able to write (it switches to WAL, upgrades, creates); listing, exporting, measuring
agreement and backing up only read. Here the file is opened without a byte created or changed beside it:
`immutable` when no -wal holds pages for it, else `mode=ro` through the -shm its app left. Nothing is
created either: a project that is not there is refused (`NoProject`), not made empty.
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


class NoProject(StoreError):
    """The project to read is not there (`empty`: an empty file, no -wal beside it); nothing was created."""

    def __init__(self, path: Path, *, empty: bool) -> None:
        self.path = path
        self.empty = empty
        super().__init__(
            f"{path} is empty: it holds no project yet; it was left untouched."
            if empty
            else f"There is no project at {path}; nothing was created."
        )


def open_for_reading(path: Path | str | None) -> Store:
    """The project at path (None: the default one) as `Store.open` opens it, or, when it cannot be
    written, read-only. One that is not there (or an empty file) raises NoProject: a reader that created
    it would leave a new empty project behind, and its folders, and read nothing from it as if all went
    well. A folder, a device or a link to nothing is refused as such first."""
    path = Path(path) if path is not None else default_db_path()
    check_project_path(path)
    try:
        empty = path.stat().st_size == 0 and not has_wal(path)
    except FileNotFoundError:
        raise NoProject(path, empty=False) from None
    except OSError:
        empty = False  # opening it says why it cannot be read
    if empty:
        raise NoProject(path, empty=True)
    if writable(path):
        return Store.open(path)
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
