"""Fuzzing the teammate-database reader: random schema and row corruption of a valid teammate file.

Whatever is done to it (views or triggers in place of tables, values of the wrong type, rows gone, a
header that claims gigabytes, damaged bytes), importing it either adds its valid rows or refuses the file
whole in one line: never a traceback or a hang, never a changed teammate file, never a half-changed project.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from db import Store
from factcheck.cli import main
from tests.db.test_teammate import fingerprint, make_teammate
from tests.helpers.dbfiles import content_digest

TABLES = ("labels", "documents", "annotations", "_sqlite_migrations")
COLUMNS = {
    "labels": ("name", "color", "shortcut", "position"),
    "documents": ("id", "title", "source", "text", "sha256", "imported_at"),
    "annotations": (
        "id",
        "document_id",
        "label",
        "start",
        '"end"',
        "quote",
        "prefix",
        "suffix",
        "annotator",
        "note",
        "created_at",
        "updated_at",
        "deleted_at",
        "status",
        "reviewer",
        "reason",
        "reviewed_at",
        "orphaned",
    ),
    "_sqlite_migrations": ("migration_set", "name", "applied_at"),
}
ENDLESS = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i FROM n"

values = st.one_of(
    st.none(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.binary(max_size=8),
    st.text(max_size=12),
    st.sampled_from(["", "claim", "2024-01-01T00:00:00Z", "yesterday", "a\x00b", "accepted", "m001_initial"]),
)


@st.composite
def sql_damage(draw: st.DrawFn) -> list[tuple[str, list[object]]]:
    """SQL statements that corrupt the schema or the rows."""
    table = draw(st.sampled_from(TABLES))
    column = draw(st.sampled_from(COLUMNS[table]))
    kind = draw(
        st.sampled_from(
            ["value", "view", "endless view", "trigger", "drop", "delete", "duplicate", "extra view"]
        )
    )
    if kind == "value":
        return [
            (
                f"UPDATE {table} SET {column} = ? WHERE rowid = (SELECT min(rowid) FROM {table})",
                [draw(values)],
            )
        ]
    if kind in ("view", "endless view"):
        cols = ", ".join(COLUMNS[table])
        source = (
            f"SELECT {', '.join('i' for _ in COLUMNS[table])} FROM ({ENDLESS})"
            if kind == "endless view"
            else (f"SELECT {cols} FROM old_{table}")
        )
        return [(f"ALTER TABLE {table} RENAME TO old_{table}", []), (f"CREATE VIEW {table} AS {source}", [])]
    if kind == "trigger":
        return [
            ("CREATE TABLE IF NOT EXISTS junk (x)", []),
            (f"CREATE TRIGGER t_{table} AFTER UPDATE ON {table} BEGIN INSERT INTO junk {ENDLESS}; END", []),
        ]
    if kind == "drop":
        return [(f"DROP TABLE {table}", [])]
    if kind == "delete":
        return [(f"DELETE FROM {table} WHERE rowid = (SELECT max(rowid) FROM {table})", [])]
    if kind == "duplicate":
        return [
            (f"INSERT INTO {table} SELECT * FROM {table} WHERE rowid = (SELECT min(rowid) FROM {table})", [])
        ]
    return [(f"CREATE VIEW extra AS {ENDLESS}", [])]


@st.composite
def damage(draw: st.DrawFn) -> tuple[list[tuple[str, list[object]]], list[tuple[int, bytes]]]:
    statements = [s for batch in draw(st.lists(sql_damage(), min_size=1, max_size=3)) for s in batch]
    patches = draw(
        st.lists(
            st.one_of(
                st.tuples(st.sampled_from([28, 16, 56]), st.binary(min_size=4, max_size=4)),  # header fields
                st.tuples(st.integers(100, 20_000), st.binary(min_size=1, max_size=64)),  # page bytes
            ),
            max_size=2,
        )
    )
    return statements, patches


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("template")
    path = folder / "bob.db"
    make_teammate(path, "bob", [("crime fell by 20%", "claim"), ("Critics", "denial")], delete=1)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")  # one still file
    conn.close()
    Store.open(folder / "ours.db").close()
    return folder


def _corrupt(
    path: Path, statements: list[tuple[str, list[object]]], patches: list[tuple[int, bytes]]
) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute("PRAGMA foreign_keys = OFF")
    steps = [0]

    def stop() -> int:  # a corruption that sets off one of the endless triggers above: abandoned
        steps[0] += 1
        return int(steps[0] > 200)

    conn.set_progress_handler(stop, 1000)
    for sql, params in statements:
        with contextlib.suppress(sqlite3.Error):  # a corruption that does not apply here: skipped
            conn.execute(sql, params)
    conn.commit()
    conn.close()
    data = bytearray(path.read_bytes())
    for offset, chunk in patches:
        data[offset : offset + len(chunk)] = chunk
        if offset == 28:
            data[92:96] = data[24:28]  # make SQLite believe the claimed size
    path.write_bytes(bytes(data))


@settings(max_examples=150, deadline=3000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(damage())
def test_a_damaged_teammate_database_is_imported_or_refused_whole(
    template: Path, damaged: tuple[list[tuple[str, list[object]]], list[tuple[int, bytes]]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        theirs = Path(folder) / "team" / "bob.db"
        theirs.parent.mkdir()
        shutil.copyfile(template / "bob.db", theirs)
        ours = Path(folder) / "ours.db"
        shutil.copyfile(template / "ours.db", ours)
        _corrupt(theirs, *damaged)
        before, their_files = content_digest(ours), fingerprint(theirs)
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(["--db", str(ours), "import", str(theirs)])
        assert fingerprint(theirs) == their_files
        message = err.getvalue()
        event("imported" if code == 0 else "refused")
        if code == 0:
            with Store.open(ours) as store:
                # Their one article, or none when the damage deleted it (an empty project imports as
                # nothing); every stored tag on a stored article.
                documents = {doc.id for doc in store.documents()}
                assert len(documents) <= 1
                assert {a.document_id for a in store.annotations(include_deleted=True)} <= documents
        else:
            assert code == 1
            assert message.startswith("factcheck: ") and message.count("\n") == 1, message
            assert content_digest(ours) == before
