"""Looking at a file before opening it as a project: is it ours, blank, newer, or someone else's?

Everything here reads only: a file that is not a factcheck database (or is newer than this version) is
refused without a byte written to it or beside it (no -wal/-shm files).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

from db.errors import NewerDatabase, NotAFactcheckDatabase, StoreError
from db.migrations import APPLICATION_ID, SEARCH_TRIGGERS, known_names, migrations

SQLITE_MAGIC = b"SQLite format 3\x00"

#: What reading a damaged file can raise: SQLite's errors, and the one Python raises when SQLite's error
#: message quotes bytes of the file that are not UTF-8.
READ_FAILURES = (sqlite3.Error, UnicodeDecodeError)


def reason(exc: Exception) -> str:
    """SQLite's message, on one short line (it may quote a whole damaged schema)."""
    text = " ".join(str(exc).split())
    return text if len(text) <= 120 else text[:119] + "…"


#: The files SQLite keeps beside a database while it is open or after a crash; they belong to it.
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


def check_project_path(path: Path) -> None:
    """A project is a regular file, or a name that does not exist yet (it is then created).

    A device reports size 0 and would be taken for a new empty project and overwritten; /dev/null would
    get a -journal beside it. Refused before anything is opened, created or written.
    """
    for candidate in (path, *(Path(f"{path}{s}") for s in SIDE_SUFFIXES)):
        try:
            mode = candidate.stat().st_mode  # follows links: what would be written is the target
        except FileNotFoundError:
            if candidate.is_symlink():
                raise StoreError(
                    f"{candidate} is a link to nothing; it was left untouched. "
                    "Give the project file itself, or a new name."
                ) from None
            continue
        except OSError as exc:
            raise StoreError(
                f"Cannot use {candidate}: {exc.strerror or exc}; it was left untouched."
            ) from exc
        if stat.S_ISREG(mode):
            continue
        kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a device, pipe or socket)"
        what = "a project" if candidate == path else f"beside the project {path.name}"
        raise StoreError(
            f"{candidate} is {kind}, which cannot be {what}; it was left untouched. "
            "Give a project file, or a new name to create one."
        )


def check_backup_place(dest: Path) -> None:
    """A backup replaces a regular file or makes a new one: a folder (".", "/" too: no name to put a
    partial copy beside), a device, pipe or socket (which the copy would replace, the node gone), or a
    database with its -wal, -shm or -journal beside it is refused before anything is written."""
    try:
        mode = dest.stat().st_mode  # follows links: what would be replaced is the target
    except OSError:
        return  # a new name, or a place the copy itself will fail on, saying why
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a device, pipe or socket)"
        raise StoreError(f"Backup to {dest} failed: it is {kind}; nothing was written. Give a file name.")
    # SQLite finds a database's -wal (or hot -journal) by its name: left beside the file the copy
    # replaces, the next opening would play its pages onto the copy and damage it; and a program that has
    # the file open (its -shm and -wal there) would go on writing into the file replaced, its work lost.
    for suffix in SIDE_SUFFIXES:
        side = Path(f"{dest}{suffix}")
        if side.exists():
            raise StoreError(
                f"Backup to {dest} failed: {side.name} beside it says a program has {dest.name} open, or was "
                f"stopped while it had; replacing it now would damage the copy or lose that program's work. "
                f"Nothing was written. Quit that program (or open {dest.name} once with factcheck and quit), "
                "then back up again; or choose another name."
            )


def _same_file(a: Path | str, b: Path | str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # either does not exist (or cannot be looked at): then only the names can agree
        return False


def _same_name_any_case(a: str, b: str) -> bool:
    """The same name in the same folder, but for case: one file where the file system ignores case
    (macOS, Windows), even for a side file that does not exist yet."""
    a_folder, a_name = os.path.split(a)
    b_folder, b_name = os.path.split(b)
    return a_name.casefold() == b_name.casefold() and (a_folder == b_folder or _same_file(a_folder, b_folder))


def refuse_project_files(dest: Path, project: Path | None) -> None:
    """Refuse to write dest when it is, by any name (link, hard link, `..`), the project or a side file.

    Replacing the project with an export, or its -wal/-shm/-journal (which a running app relies on), would
    lose the project or corrupt what other programs see of it.
    """
    if project is None:
        return
    target = os.path.realpath(dest)
    names = {str(project.absolute()), os.path.realpath(project)}
    for name in names:
        for suffix in ("", *SIDE_SUFFIXES):
            side = name + suffix
            same = target == side or target == os.path.realpath(side) or _same_file(dest, side)
            if same or _same_name_any_case(target, side):
                what = "project" if not suffix else f"{suffix} file of the project"
                where = "" if same else "where case is ignored (macOS, Windows) "
                raise StoreError(
                    f"Cannot write {dest}: {where}it is the {what} {project}; nothing was written. "
                    "Choose another file name."
                )


def _read_header(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(100)
    except OSError as exc:
        raise StoreError(f"Cannot read {path}: {exc.strerror or exc}.") from exc


def has_wal(path: Path) -> bool:
    """A non-empty -wal beside path: committed pages may live there, not yet in the main file."""
    wal = path.with_name(path.name + "-wal")
    return wal.exists() and wal.stat().st_size > 0


def _app_id(header: bytes) -> int:
    return int.from_bytes(header[68:72], "big")


def is_blank_database(path: Path) -> bool:
    """An SQLite file without schema or application id: what a creation killed before its first
    commit leaves behind (the WAL switch writes a header first). Safe to initialise."""
    header = _read_header(path)
    if len(header) < 100 or header[:16] != SQLITE_MAGIC:
        return False
    if not has_wal(path):
        return _app_id(header) == 0 and header[40:44] == b"\0\0\0\0"  # schema cookie 0: no table ever
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except READ_FAILURES:
        return False
    try:
        return bool(
            conn.execute("PRAGMA application_id").fetchone()[0] == 0
            and conn.execute("PRAGMA schema_version").fetchone()[0] == 0
        )
    except READ_FAILURES:
        return False
    finally:
        conn.close()


#: SQLite virtual machine steps a query of someone else's file may take before it is stopped. The
#: schema checks leave no way to run their SQL (views and triggers), so this only bounds what is left.
QUERY_STEPS = 200_000_000
_STEP_INTERVAL = 10_000


def distrust(conn: sqlite3.Connection, steps: int = QUERY_STEPS) -> Callable[[], bool]:
    """Read a file we did not write: SQL functions in its schema stay inert (trusted_schema), and once
    the queries on conn have taken `steps` VM instructions in all, the running one is interrupted
    (sqlite3.OperationalError "interrupted"), and so is every later one. Returns whether that budget
    is spent (see `distrusted`)."""
    conn.execute("PRAGMA trusted_schema = OFF")
    budget = [steps // _STEP_INTERVAL]

    def tick() -> int:
        budget[0] -= 1
        return int(budget[0] < 0)  # non-zero stops the statement

    conn.set_progress_handler(tick, _STEP_INTERVAL)
    return lambda: budget[0] < 0


@contextlib.contextmanager
def distrusted(conn: sqlite3.Connection, steps: int = QUERY_STEPS) -> Iterator[None]:
    """`distrust(conn)` for the block, with Ctrl+C kept for what it is: a KeyboardInterrupt in the
    progress handler's Python code stops the query, but sqlite3 swallows it and raises its own
    "interrupted", which would read as a damaged file (and exit 1 instead of 130)."""
    spent = distrust(conn, steps)
    try:
        yield
    except sqlite3.OperationalError as exc:
        # Not every OperationalError carries a code: one raised decoding a damaged file's text has none.
        if getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_INTERRUPT and not spent():
            raise KeyboardInterrupt from exc
        raise


def not_plain_tables(conn: sqlite3.Connection, names: tuple[str, ...]) -> list[str]:
    """Those of names that are not plain tables in conn's schema (a view, a virtual table, missing)."""
    found = {
        name: (kind, sql or "")
        for name, kind, sql in conn.execute("SELECT name, type, sql FROM sqlite_schema")
        if name in names
    }
    return [
        name
        for name in names
        if found.get(name, ("", ""))[0] != "table"
        or found[name][1].lstrip().upper().startswith("CREATE VIRTUAL")
    ]


def applied_migrations(conn: sqlite3.Connection) -> list[str]:
    """The migrations applied to the factcheck database on conn; NotAFactcheckDatabase("") when it is
    not one. Reading their migration table runs no SQL of theirs: it must be a plain table."""
    (app_id,) = conn.execute("PRAGMA application_id").fetchone()
    if app_id != APPLICATION_ID or not_plain_tables(conn, ("_sqlite_migrations",)):
        raise NotAFactcheckDatabase("")
    return [
        r[0]
        for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
            [migrations.name],
        )
    ]


def _applied_migrations(uri: str) -> tuple[list[str], list[str]]:
    """(applied migrations, `foreign_schema`) of the file at uri."""
    conn = sqlite3.connect(uri, uri=True)
    try:
        with distrusted(conn):
            return applied_migrations(conn), foreign_schema(conn)
    finally:
        conn.close()


#: What the outbox triggers read before a pull's writes were left out of them (db.sync_local.PULLING):
#: a project connected then keeps them so.
_OLD_SYNC_CLAUSE = " WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'pulling')"


@cache
def _our_triggers() -> frozenset[str]:
    """The SQL of every trigger factcheck makes, as the schema keeps it: the search index's and, once a
    project is connected to a team server, the sync outbox's (as made now, and as made before)."""
    from db import sync_local  # (it imports db.store, which imports this module)

    tracking = sync_local.tracking_triggers()
    return frozenset([*SEARCH_TRIGGERS, *tracking, *(sql.replace(_OLD_SYNC_CLAUSE, "") for sql in tracking)])


def foreign_schema(conn: sqlite3.Connection) -> list[str]:
    """The triggers and views in conn's schema that factcheck does not make (`trigger "name"`): SQL of
    another program, or a hand, that would run on our writes and reads. One under a name of ours with
    other SQL is foreign too."""
    rows = conn.execute(
        "SELECT type, name, sql FROM sqlite_schema WHERE type IN ('trigger', 'view') ORDER BY type, name"
    )
    ours = _our_triggers()  # (and no view: factcheck makes none)
    return [f'{kind} "{name}"' for kind, name, sql in rows if kind != "trigger" or sql not in ours]


def foreign_schema_refusal(path: Path, foreign: list[str]) -> NotAFactcheckDatabase:
    shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
    return NotAFactcheckDatabase(
        f"{path} holds SQL that factcheck does not make ({shown}), which would run as you work in it: it is "
        "not a project as factcheck writes them, and was left untouched. To add a teammate's work to your "
        f"project, import the file instead (File › Import…, or factcheck import {path.name}): an import "
        "reads it without running its SQL."
    )


def newer_schema(path: Path, applied: list[str]) -> NewerDatabase | None:
    unknown = [name for name in applied if name not in known_names()]
    if not unknown:
        return None
    return NewerDatabase(
        f"{path} was written by a newer version of factcheck (schema {unknown[-1]}); "
        "it was left untouched. Update factcheck to open it."
    )


def other_program(path: Path) -> NotAFactcheckDatabase:
    return NotAFactcheckDatabase(
        f"{path} is an SQLite database of another program, not a factcheck project; "
        "it was left untouched. Choose another file, or a new name to create a database."
    )


def check_header(path: Path) -> bool:
    """Refuse from its first 100 bytes a file that is not a factcheck database; whether a -wal lies
    beside it (its header may then be stale: SQLite must read it)."""
    header = _read_header(path)
    if header[:16] != SQLITE_MAGIC:
        raise NotAFactcheckDatabase(
            f"{path} is not a factcheck database (it is not an SQLite file); it was left untouched. "
            "Choose another file, or a new name to create a database."
        )
    wal = has_wal(path)
    if len(header) == 100 and not wal and _app_id(header) != APPLICATION_ID:
        # Decided from the header alone: SQLite never opens the file (which could create -wal/-shm).
        raise other_program(path)
    return wal


def declared_size(path: Path) -> int:
    """The size in bytes the header of the SQLite file at path says it has (0 when it says nothing):
    SQLite believes it over the file's length, so a few bytes can claim gigabytes."""
    header = _read_header(path)
    if len(header) < 100:
        return 0
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return 0  # not a valid page size: SQLite will refuse the file anyway
    pages = int.from_bytes(header[28:32], "big")
    return page_size * pages if header[24:28] == header[92:96] else 0


def inspect_file(path: Path) -> tuple[list[str], list[str]]:
    """(applied, pending) migration names of an existing factcheck file, opened read-only.

    Raises NotAFactcheckDatabase or NewerDatabase without writing a byte to the file, nor creating
    -wal/-shm files beside someone else's file.
    """
    wal = check_header(path)
    other = other_program(path)
    uri = path.resolve().as_uri()
    try:
        # Without a -wal the main file is complete: immutable reads create no -wal/-shm beside it.
        applied, foreign = _applied_migrations(f"{uri}?mode=ro" if wal else f"{uri}?immutable=1")
    except NotAFactcheckDatabase:
        raise other from None
    except READ_FAILURES as exc:
        if wal or not has_wal(path):
            raise NotAFactcheckDatabase(
                f"{path} is damaged or not a factcheck database ({reason(exc)}); it was left untouched."
            ) from exc
        # Another program began writing while we read the file: read again through its WAL.
        try:
            applied, foreign = _applied_migrations(f"{uri}?mode=ro")
        except NotAFactcheckDatabase:
            raise other from None
        except READ_FAILURES as exc2:
            raise NotAFactcheckDatabase(
                f"{path} is damaged or not a factcheck database ({reason(exc2)}); it was left untouched."
            ) from exc2
    newer = newer_schema(path, applied)
    if newer is not None:
        raise newer
    if foreign:  # before anything is written: the migrations' writes would fire its triggers
        raise foreign_schema_refusal(path, foreign)
    pending = [name for name in known_names() if name not in applied]
    return applied, pending
