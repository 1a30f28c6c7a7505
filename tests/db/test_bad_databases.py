"""Files given as the database that are not ours, damaged, or newer: refused plainly, left as they were.

"As they were" is checked byte for byte, including that no -wal/-shm file appears beside them.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from db import NewerDatabase, NotAFactcheckDatabase, Store, StoreError
from db.errors import DamagedDatabase
from factcheck.cli import main
from factcheck.core.model import DEFAULT_LABELS, Document
from factcheck.core.spans import new_annotation
from tests.conftest import ARTICLE
from tests.faults import live_connection
from tests.helpers.dbfiles import content_digest, files_digest


def someone_elses(path: Path, *, wal: bool = False) -> Path:
    conn = sqlite3.connect(path)
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.execute("INSERT INTO invoices (total) VALUES (12.5)")
    conn.commit()
    conn.close()
    return path


def someone_elses_wal(path: Path) -> Path:
    return someone_elses(path, wal=True)


def corrupt(path: Path) -> Path:
    """A valid SQLite header followed by garbage."""
    rng = random.Random(7)
    path.write_bytes(b"SQLite format 3\x00" + bytes(rng.randrange(256) for _ in range(3 * 4096)))
    return path


def text_file(path: Path) -> Path:
    path.write_text("These are my notes, not a database.\n", encoding="utf-8")
    return path


def tiny_sqlite_header(path: Path) -> Path:
    path.write_bytes(b"SQLite format 3\x00\x10\x00")  # cut short
    return path


def newer(path: Path) -> Path:
    """A factcheck database from a future version: a migration this build does not know."""
    with Store.open(path) as store:
        store.add_document(Document.create(ARTICLE, title="Roe"))
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('factcheck', 'm099_from_the_future', '2099-01-01')"
    )
    conn.commit()
    conn.close()
    return path


def damaged_factcheck(path: Path) -> Path:
    """Our own file with every page but the first overwritten: its tables cannot be read."""
    with Store.open(path) as store:
        doc, _ = store.add_document(Document.create(ARTICLE * 50, title="Roe"))
        store.put_annotations(new_annotation(doc, i, i + 9, "claim", "me") for i in range(0, 3000, 11))
    data = bytearray(path.read_bytes())
    rng = random.Random(3)
    data[4096:] = bytes(rng.randrange(256) for _ in range(len(data) - 4096))
    path.write_bytes(bytes(data))
    return path


BAD = {
    "someone else's SQLite file": (someone_elses, NotAFactcheckDatabase, "another program"),
    "someone else's WAL SQLite file": (someone_elses_wal, NotAFactcheckDatabase, "another program"),
    "a corrupt SQLite file": (corrupt, NotAFactcheckDatabase, "another program"),
    "a text file": (text_file, NotAFactcheckDatabase, "not an SQLite file"),
    "a truncated SQLite header": (tiny_sqlite_header, NotAFactcheckDatabase, "damaged"),
    "a damaged factcheck file": (damaged_factcheck, NotAFactcheckDatabase, "damaged"),
    "a newer factcheck database": (newer, NewerDatabase, "newer version"),
}  # fmt: skip


@pytest.mark.parametrize("kind", BAD)
def test_refused_and_left_byte_for_byte(tmp_path: Path, kind: str) -> None:
    make, error, words = BAD[kind]
    path = make(tmp_path / "given.db")
    before = files_digest(path)
    with pytest.raises(error) as info:
        Store.open(path)
    message = str(info.value)
    assert words in message and "left untouched" in message and str(path) in message
    assert "\n" not in message
    assert files_digest(path) == before  # same bytes, and no -wal/-shm (or anything) beside it


@pytest.mark.parametrize("kind", BAD)
def test_the_cli_refuses_it_in_one_line(
    tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    make, _, words = BAD[kind]
    path = make(tmp_path / "given.db")
    before = files_digest(path)
    assert main(["--db", str(path), "list"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("factcheck: ") and err.count("\n") == 1 and words in err
    assert files_digest(path) == before


def test_the_installed_command_prints_no_traceback(tmp_path: Path) -> None:
    path = someone_elses(tmp_path / "invoices.db", wal=True)
    before = files_digest(path)
    result = subprocess.run(
        [sys.executable, "-m", "factcheck", "--db", str(path), "export", "--format", "json", "--out", "-"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "another program" in result.stderr
    assert files_digest(path) == before


def test_a_newer_database_is_refused_by_every_door(tmp_path: Path) -> None:
    path = newer(tmp_path / "future.db")
    before = content_digest(path)
    attempts: list[Callable[[], Store]] = [lambda: Store.open(path), lambda: Store.open(path, create=False)]
    for attempt in attempts:
        with pytest.raises(NewerDatabase):
            attempt()
    assert content_digest(path) == before


def test_a_file_left_blank_by_a_killed_creation_becomes_a_project(tmp_path: Path) -> None:
    """Switching to WAL writes a header before the creating transaction: a kill in between leaves
    an SQLite file with no schema and no application id. It is ours to finish, not a stranger's."""
    path = tmp_path / "new.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    assert path.stat().st_size > 0
    with Store.open(path) as store:
        assert store.labels() == list(DEFAULT_LABELS)
    with Store.open(path) as store:  # and it stays a project
        assert store.labels() == list(DEFAULT_LABELS)


def test_an_empty_file_becomes_a_project(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with Store.open(path) as store:
        assert store.labels() == list(DEFAULT_LABELS)


def test_a_folder_given_as_the_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "folder.db"
    folder.mkdir()
    with pytest.raises(StoreError):
        Store.open(folder)
    assert main(["--db", str(folder), "list"]) == 1
    assert capsys.readouterr().err.count("\n") == 1
    assert list(folder.iterdir()) == []


def test_a_write_to_a_file_damaged_after_opening_is_refused_plainly(tmp_path: Path) -> None:
    path = tmp_path / "project.db"
    with Store.open(path) as store:
        doc, _ = store.add_document(Document.create(ARTICLE * 50, title="Roe"))
        store.put_annotations(new_annotation(doc, i, i + 9, "claim", "me") for i in range(0, 3000, 11))
    store = Store.open(path)
    try:
        data = bytearray(path.read_bytes())
        data[len(data) // 2 :] = b"\xff" * (len(data) - len(data) // 2)
        path.write_bytes(bytes(data))
        with pytest.raises(DamagedDatabase) as info:
            store.put_annotations(new_annotation(doc, i, i + 9, "denial", "me") for i in range(0, 3000, 7))
        assert "damaged" in str(info.value) and "backup" in str(info.value)
        assert not live_connection(store).in_transaction
    finally:
        store.close()


def test_the_cli_reports_a_page_damaged_beyond_the_schema_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "project.db"
    with Store.open(path) as store:
        doc, _ = store.add_document(Document.create(ARTICLE * 50, title="Roe"))
        store.put_annotations(new_annotation(doc, i, i + 9, "claim", "me") for i in range(0, 3000, 11))
    data = bytearray(path.read_bytes())
    data[len(data) // 2 :] = b"\xff" * (len(data) - len(data) // 2)  # schema pages intact
    path.write_bytes(bytes(data))
    assert main(["--db", str(path), "list"]) == 1
    assert capsys.readouterr().err.count("\n") == 1
