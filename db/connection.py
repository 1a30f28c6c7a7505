"""The SQLite connection under a project: its settings, the write transaction, and a consistent copy.

`Store` holds one of these connections; what it means for the project (migrations, labels, annotations)
stays in `db.store`.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import weakref
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from db.errors import ProjectFileGone, StoreError, classify
from db.files import check_backup_place, refuse_project_files

BUSY_TIMEOUT_MS = 5000

#: The file each connection opened (its absolute path, device and inode). SQLite keeps writing into an
#: open file that was deleted or replaced, and those writes vanish with it: a write checks it first.
_OPENED: weakref.WeakKeyDictionary[Database, tuple[str, int, int]] = weakref.WeakKeyDictionary()


def connect(path: Path | str) -> Database:
    db = Database(str(path))
    conn = db.conn
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if str(path) != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
        with contextlib.suppress(OSError):
            name = os.path.abspath(path)
            st = os.stat(name)
            _OPENED[db] = (name, st.st_dev, st.st_ino)
    conn.execute("PRAGMA synchronous = NORMAL")
    return db


def file_gone(db: Database) -> bool:
    """Whether the project's path no longer names the file db has open (deleted, moved or replaced by
    another): what db holds is then in a file nobody will open again, lost once db is closed."""
    opened = _OPENED.get(db)
    if opened is None:
        return False
    name, dev, ino = opened
    try:
        st = os.stat(name)
    except OSError:
        return True
    return (st.st_dev, st.st_ino) != (dev, ino)


def check_still_there(db: Database) -> None:
    """Refuse to write when the project's file is gone (`file_gone`): the write would land in a file
    nobody will open again."""
    if file_gone(db):
        name = _OPENED[db][0]
        raise ProjectFileGone(
            f"The project file {name} was deleted, moved or replaced while it was open: nothing was "
            "saved into it. If you moved it, put it back and try again."
        )


@contextlib.contextmanager
def write_transaction(db: Database) -> Iterator[None]:
    """One transaction on db (a savepoint when one is open); rolled back on any error, at commit too."""
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():  # a savepoint
            yield
        return
    check_still_there(db)
    # IMMEDIATE takes the write lock up front, waiting up to the busy timeout. A deferred
    # transaction that reads before it writes fails at once (SQLITE_BUSY, no waiting) when another
    # program committed in between: two windows on one file would refuse saves for nothing.
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.rollback()
        raise
    try:
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # e.g. the disk filled up at commit: nothing half written
            conn.rollback()
        raise


def copy_database(db: Database, dest: Path | str, project: Path | None) -> Path:
    """A consistent copy of db at dest through the SQLite backup API (safe in WAL mode and while in use);
    project: the file db is open on, which the copy must never overwrite."""
    dest = Path(dest)
    refuse_project_files(dest, project)
    check_backup_place(dest)
    tmp = dest.with_name(dest.name + ".partial")
    refuse_project_files(tmp, project)  # the partial is removed first: it must not be the project
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp.unlink(missing_ok=True)  # left by a backup that was killed: never copy into it
        target = sqlite3.connect(str(tmp))
        try:
            db.conn.backup(target)
        finally:
            target.close()
        tmp.replace(dest)
    except sqlite3.Error as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        fixable = classify(exc)
        reason = str(fixable) if fixable else f"{exc}."
        raise type(fixable or StoreError(""))(f"Backup to {dest} failed: {reason}") from exc
    except OSError as exc:
        with contextlib.suppress(OSError):  # e.g. the "folder" is a file: there is no tmp to remove
            tmp.unlink(missing_ok=True)
        raise StoreError(f"Backup to {dest} failed: {exc.strerror or exc}.") from exc
    return dest
