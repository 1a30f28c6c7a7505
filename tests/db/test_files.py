"""db.files: reading a project file that may be a teammate's, damaged or hostile."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from db.files import distrusted


def test_a_text_that_is_not_utf8_is_an_operational_error_under_distrust(tmp_path: Path) -> None:
    # sqlite3 raises OperationalError without an error code when a column's text is not UTF-8 (a
    # damaged teammate's file): the Ctrl+C check must not turn that into an AttributeError.
    conn = sqlite3.connect(tmp_path / "bad.db")
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.execute("INSERT INTO t VALUES (CAST(x'ff' AS TEXT))")
    with pytest.raises(sqlite3.OperationalError, match="decode"), distrusted(conn):
        conn.execute("SELECT x FROM t").fetchall()
    conn.close()
