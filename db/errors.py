"""Database errors, split as qutebrowser does: ones the user can fix, and bugs (re-raised as is)."""

from __future__ import annotations

import sqlite3

from factcheck.core.errors import FactcheckError


class StoreError(FactcheckError):
    """A database problem with a message for the user."""


class NotAFactcheckDatabase(StoreError):
    """The file is not a factcheck database; it was not modified."""


class NewerDatabase(StoreError):
    """Written by a newer factcheck; it was not modified."""


class UserFixableError(StoreError):
    """Locked, full, read-only or unreachable: the user can fix the cause and try again."""


class DatabaseBusy(UserFixableError):
    """Another program holds the write lock longer than our busy timeout."""


class ProjectFileGone(UserFixableError):
    """The file the project was opened from was deleted, moved or replaced under the open connection."""


class DamagedDatabase(StoreError):
    """SQLite found the file damaged (malformed pages); restore a backup."""


# SQLite result codes (sqlite3.Error.sqlite_errorcode & 0xFF) the user can do something about.
_FIXABLE = {
    5: (DatabaseBusy, "The database is busy: another program is writing to it. Try again in a moment."),
    6: (DatabaseBusy, "The database is locked by another program. Close it there and try again."),
    8: (UserFixableError, "The database is read-only here. Copy it to a folder you can write to."),
    10: (UserFixableError, "The disk could not be read or written (I/O error). Check the drive and retry."),
    13: (UserFixableError, "The disk is full. Free some space and try again; nothing was saved."),
    14: (
        UserFixableError,
        "The database file cannot be opened. Check that the folder exists and is writable.",
    ),
    11: (
        DamagedDatabase,
        "The database file is damaged (malformed pages); nothing was written. Restore your latest backup.",
    ),
    26: (
        DamagedDatabase,
        "The database file is damaged (malformed pages); nothing was written. Restore your latest backup.",
    ),
}

_FIXABLE_TEXT = (
    ("database is locked", 5),
    ("database table is locked", 6),
    ("readonly database", 8),
    ("disk i/o error", 10),
    ("database or disk is full", 13),
    ("unable to open database", 14),
    ("database disk image is malformed", 11),
    ("file is not a database", 26),
)


# SQLITE_IOERR_SHMSIZE: no room to grow the -shm file beside a WAL database, what a full disk gives
# when a project is opened (writes into the file itself give SQLITE_FULL).
_DISK_FULL_EXTENDED = {4874}


def classify(error: sqlite3.Error) -> StoreError | None:
    """The user-fixable StoreError for a sqlite3 error, or None when it is a bug."""
    code = getattr(error, "sqlite_errorcode", None)
    if code in _DISK_FULL_EXTENDED:
        code = 13
    primary = code & 0xFF if isinstance(code, int) else None
    if primary is None:
        text = str(error).lower()
        primary = next((c for needle, c in _FIXABLE_TEXT if needle in text), None)
    if primary in _FIXABLE:
        cls, message = _FIXABLE[primary]
        return cls(message)
    return None
