"""A teammate's database is untrusted input: its SQL never runs, its size is bounded, its values checked.

Each file is imported with the command line into a project: it is refused in one line (or its valid
rows imported), the teammate's file and folder stay byte for byte as they were, the project unchanged.
"""

from __future__ import annotations

import os
import resource
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from db import Store
from factcheck.cli import main
from tests.db.test_teammate import fingerprint, make_teammate
from tests.helpers.dbfiles import content_digest, query

INFINITE = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i FROM n"


def teammate(tmp_path: Path) -> Path:
    path = tmp_path / "team" / "bob.db"
    path.parent.mkdir(exist_ok=True)
    make_teammate(path, "bob", [("crime fell by 20%", "claim"), ("Critics", "denial")])
    return path


def tamper(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")  # a still file: the tampering all in the main file
    conn.execute("PRAGMA ignore_check_constraints = ON")
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


def import_refused(tmp_path: Path, path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    project = tmp_path / "ours.db"
    Store.open(project).close()
    before, theirs = content_digest(project), fingerprint(path)
    assert main(["--db", str(project), "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("factcheck: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and "Restore" not in err
    assert content_digest(project) == before
    assert fingerprint(path) == theirs
    return err


RUNAWAY: dict[str, Callable[[Path], None]] = {
    "documents is a view over an endless query": lambda p: tamper(
        p,
        "ALTER TABLE documents RENAME TO real_documents",
        f"CREATE VIEW documents(id, title, source, text, sha256, imported_at) AS "
        f"SELECT i, i, i, i, i, i FROM ({INFINITE})",
    ),
    "the migration table is a view over an endless query": lambda p: tamper(
        p,
        "ALTER TABLE _sqlite_migrations RENAME TO old_migrations",
        f"CREATE VIEW _sqlite_migrations(migration_set, name, applied_at) AS "
        f"SELECT 'factcheck', i, i FROM ({INFINITE})",
    ),
    "annotations is a virtual table": lambda p: tamper(
        p,
        "ALTER TABLE annotations RENAME TO real_annotations",
        "CREATE VIRTUAL TABLE annotations USING fts5(id, document_id)",
    ),
}


@pytest.mark.parametrize("case", list(RUNAWAY))
def test_views_and_virtual_tables_in_place_of_our_tables_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    path = teammate(tmp_path)
    RUNAWAY[case](path)
    err = import_refused(tmp_path, path, capsys)
    assert "bob.db" in err and "left untouched" in err


def test_their_triggers_and_extra_views_never_run_and_valid_rows_are_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = teammate(tmp_path)
    # Triggers that would loop forever on any write (the upgrade of an older schema writes), and a view.
    tamper(
        path,
        "CREATE TABLE junk (x)",
        f"CREATE TRIGGER t1 AFTER UPDATE ON annotations BEGIN INSERT INTO junk {INFINITE}; END",
        f"CREATE TRIGGER t2 AFTER INSERT ON _sqlite_migrations BEGIN INSERT INTO junk {INFINITE}; END",
        f"CREATE VIEW endless AS {INFINITE}",
    )
    project = tmp_path / "ours.db"
    theirs = fingerprint(path)
    assert main(["--db", str(project), "import", str(path)]) == 0
    assert "1 document added" in capsys.readouterr().out
    with Store.open(project) as store:
        assert sorted(a.quote for a in store.annotations()) == ["Critics", "crime fell by 20%"]
    names = {r[0] for r in query(project, "SELECT name FROM sqlite_schema")}
    assert not {"junk", "t1", "t2", "endless"} & names
    assert fingerprint(path) == theirs


BAD_VALUES = {
    "a NULL document id": "UPDATE documents SET id = NULL",
    "a blob as text": "UPDATE documents SET text = CAST(text AS BLOB)",
    "a blob as a label": "UPDATE annotations SET label = x'00ff' WHERE rowid = 1",
    "text offsets": "UPDATE annotations SET start = 'ten' WHERE rowid = 1",
    "an unknown review status": "UPDATE annotations SET status = 'maybe' WHERE rowid = 1",
    "a date that is not one": "UPDATE annotations SET updated_at = 'yesterday' WHERE rowid = 1",
    "a NUL in a text": "UPDATE documents SET text = text || char(0)",
    "an orphan tag": "UPDATE annotations SET document_id = 'nowhere' WHERE rowid = 1",
    "a flag that is not 0 or 1": "UPDATE annotations SET orphaned = 2 WHERE rowid = 1",
}


@pytest.mark.parametrize("case", list(BAD_VALUES))
def test_values_factcheck_never_writes_refuse_the_file_and_blame_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    path = teammate(tmp_path)
    tamper(path, BAD_VALUES[case])
    err = import_refused(tmp_path, path, capsys)
    assert "bob.db" in err and "nothing was imported" in err and "JSON export" in err


def _header_claims_4gb(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[28:32] = ((4 << 30) // page_size).to_bytes(4, "big")  # in-header size, believed by SQLite
    data[92:96] = data[24:28]  # valid-for = change counter: SQLite trusts the size above
    path.write_bytes(bytes(data))


def _sparse_4gb(path: Path) -> None:
    os.truncate(path, 4 << 30)  # 4 GB long, a few KB on disk


def _limited_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20))


@pytest.mark.parametrize("grow", [_header_claims_4gb, _sparse_4gb], ids=["header", "sparse"])
def test_a_database_claiming_gigabytes_is_refused_before_it_is_copied(
    tmp_path: Path, grow: Callable[[Path], None]
) -> None:
    path = teammate(tmp_path)
    tamper(path)
    grow(path)
    project = tmp_path / "ours.db"
    Store.open(project).close()

    def light(p: Path) -> tuple[int, int, list[str]]:  # reading 4 GB twice would be slow
        return p.stat().st_size, p.stat().st_mtime_ns, sorted(f.name for f in p.parent.iterdir())

    before, theirs = content_digest(project), light(path)
    # In a child limited to 1.5 GB of address space: a copy into memory would fail, not swap the machine.
    result = subprocess.run(
        [sys.executable, "-m", "factcheck", "--db", str(project), "import", str(path)],
        capture_output=True,
        text=True,
        preexec_fn=_limited_memory,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(f"factcheck: {path} is 4") and result.stderr.count("\n") == 1
    assert "more than the 1024 MB" in result.stderr
    assert content_digest(project) == before
    assert light(path) == theirs


def test_a_wal_without_shm_is_read_and_no_shm_appears_beside_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Their app was killed (or they sent the pair): the tags in the -wal count, nothing is added."""
    live = tmp_path / "live" / "bob.db"
    live.parent.mkdir()
    make_teammate(live, "bob", [("Critics", "denial")])
    writer = sqlite3.connect(live)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE annotations SET note = 'in the wal only'")
    writer.commit()
    sent = tmp_path / "team" / "bob.db"
    sent.parent.mkdir()
    sent.write_bytes(live.read_bytes())
    Path(f"{sent}-wal").write_bytes(Path(f"{live}-wal").read_bytes())
    writer.close()
    theirs = fingerprint(sent)
    project = tmp_path / "ours.db"
    assert main(["--db", str(project), "import", str(sent)]) == 0
    assert fingerprint(sent) == theirs  # no -shm beside their file
    with Store.open(project) as store:
        assert [a.note for a in store.annotations()] == ["in the wal only"]


def test_time_stamps_in_another_iso_form_are_imported_in_ours(tmp_path: Path) -> None:
    path = teammate(tmp_path)
    tamper(path, "UPDATE annotations SET updated_at = '2024-01-01T10:00:00+02:00' WHERE rowid = 1")
    project = tmp_path / "ours.db"
    assert main(["--db", str(project), "import", str(path)]) == 0
    with Store.open(project) as store:
        stamps = {a.updated_at for a in store.annotations()}
    assert "2024-01-01T08:00:00.000000Z" in stamps


IMPOSSIBLE_STAMPS = {
    "the 31st of February": ("updated_at", "2026-02-31T10:00:00.000000Z"),
    "a 13th month": ("created_at", "2026-13-01T10:00:00.000000Z"),
    "a 25th hour": ("reviewed_at", "2026-01-01T25:00:00.000000Z"),
    "a 29th of February off a leap year": ("deleted_at", "2025-02-29T10:00:00.000000Z"),
    "a day 00": ("updated_at", "2026-01-00T10:00:00.000000Z"),
}


@pytest.mark.parametrize("case", list(IMPOSSIBLE_STAMPS))
def test_a_time_in_the_stored_form_on_no_calendar_refuses_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    """The stored form's shape is not enough: the file is held to the rule a file import and a pull hold
    (`is_stored_stamp`), so a stamp no clock shows never takes part in "newer wins"."""
    column, stamp = IMPOSSIBLE_STAMPS[case]
    path = teammate(tmp_path)
    tamper(path, f"UPDATE annotations SET {column} = '{stamp}' WHERE rowid = 1")
    err = import_refused(tmp_path, path, capsys)
    assert "bob.db" in err and f"annotations row 1: {column} is '{stamp}'" in err


def test_the_last_days_of_a_month_that_has_them_are_imported(tmp_path: Path) -> None:
    path = teammate(tmp_path)
    tamper(
        path,
        "UPDATE annotations SET updated_at = '2024-02-29T23:59:59.999999Z', "
        "created_at = '2024-01-31T00:00:00.000000Z' WHERE rowid = 1",
    )
    project = tmp_path / "ours.db"
    assert main(["--db", str(project), "import", str(path)]) == 0
    with Store.open(project) as store:
        assert "2024-02-29T23:59:59.999999Z" in {a.updated_at for a in store.annotations()}


def test_queries_on_a_distrusted_connection_are_bounded() -> None:
    """The last line of defence, should a way to run their SQL be found: the query is interrupted."""
    from db.files import distrust

    conn = sqlite3.connect(":memory:")
    distrust(conn, steps=1_000_000)
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        conn.execute(f"SELECT count(*) FROM ({INFINITE})").fetchone()
    assert conn.execute("PRAGMA trusted_schema").fetchone() == (0,)


def test_a_spent_budget_stays_an_error_under_distrusted() -> None:
    from db.files import distrusted

    conn = sqlite3.connect(":memory:")
    with pytest.raises(sqlite3.OperationalError, match="interrupted"), distrusted(conn, steps=1_000_000):
        conn.execute(f"SELECT count(*) FROM ({INFINITE})").fetchone()


def test_ctrl_c_while_reading_a_teammates_database_is_an_interruption_not_damage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl+C lands in the progress handler of the query running on their file: sqlite3 swallows it and
    says "interrupted", which read as a damaged file, exit status 1."""
    import _thread
    import threading

    import db.teammate

    teammate = tmp_path / "ana.db"
    make_teammate(teammate, "ana", [("Critics", "denial")])
    from db.files import not_plain_tables as checked

    def slowly_checked(conn: sqlite3.Connection, names: tuple[str, ...]) -> list[str]:
        threading.Timer(0.2, _thread.interrupt_main).start()  # Ctrl+C, while a query runs on their file
        conn.execute(f"SELECT count(*) FROM ({INFINITE})").fetchone()
        return checked(conn, names)

    monkeypatch.setattr(db.teammate, "not_plain_tables", slowly_checked)
    project = tmp_path / "ours.db"
    assert main(["--db", str(project), "import", str(teammate)]) == 130
    assert capsys.readouterr().err == "factcheck: interrupted; nothing more was written.\n"
