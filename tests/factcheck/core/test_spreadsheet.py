"""The one CSV formula guard: what it guards, that SQL and Python agree, that it can be taken off."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db import Store
from factcheck.cli import main
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.core.spreadsheet import neutralize, sql_guard

DANGEROUS = [
    "=1+1",
    "+1",
    "-1",
    "@SUM(1)",
    "\tx",
    "\rx",
    '\n=HYPERLINK("http://evil")',
    " =1+1",
    "   \t@x",
    "\u00a0=1+1",  # no-break space
    "\u3000+1",  # ideographic space
    "\u200b=1",  # zero-width space
    "\ufeff-1",
    "＝1+1",  # full-width equals
    "＋1",
    "－1",
    "＠x",
    " ＝1",
    "'already quoted",
]
HARMLESS = ["ok", "", "1-2", "a=b", "  spaced words", "e-mail", "x@y", "\u00a0text"]


@pytest.mark.parametrize("cell", DANGEROUS)
def test_cells_a_spreadsheet_could_run_are_guarded(cell: str) -> None:
    assert neutralize(cell) == "'" + cell


@pytest.mark.parametrize("cell", HARMLESS)
def test_other_cells_are_left_as_they_are(cell: str) -> None:
    assert neutralize(cell) == cell


def _sql(conn: sqlite3.Connection, cell: str) -> str:
    return str(conn.execute(f"SELECT {sql_guard(':cell')}", {"cell": cell}).fetchone()[0])


_ALPHABET = st.sampled_from(list("=+-@＝＋－＠'\t\r\n \u00a0\u3000\u200b\ufeff\x01\x85ax1"))


@settings(max_examples=400, deadline=None)
@given(st.text(_ALPHABET, max_size=6))
def test_sql_and_python_apply_the_same_rule_and_it_can_be_taken_off(cell: str) -> None:
    conn = sqlite3.connect(":memory:")
    guarded = neutralize(cell)
    assert _sql(conn, cell) == guarded
    assert guarded == cell or (guarded[0] == "'" and guarded[1:] == cell)  # one leading quote, off again


def test_export_and_agreement_csv_guard_alike(
    store: Store, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc, _ = store.add_document(Document.create("Some text here, and more text.", title="\n=1+1"))
    evil = '=HYPERLINK("http://evil","x")'
    store.add_annotation(new_annotation(doc, 0, 4, "claim", evil, note="\u00a0=cmd|' /C calc'!A0"))
    store.add_annotation(new_annotation(doc, 0, 4, "claim", "＠ben"))
    store.close()
    out = tmp_path / "tags.csv"
    assert main(["--db", str(db_path), "export", "--format", "csv", "--out", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    assert {r["annotator"] for r in rows} == {"'" + evil, "'＠ben"}
    assert {r["note"] for r in rows} == {"'\u00a0=cmd|' /C calc'!A0", ""}
    assert {r["document_title"] for r in rows} == {"'=1+1"}  # kept on one line, then guarded
    capsys.readouterr()
    assert main(["--db", str(db_path), "agreement", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out, newline="")))
    assert rows and {(r["annotator_a"], r["annotator_b"]) for r in rows} == {("'" + evil, "'＠ben")}


def test_the_sql_shortcut_for_letters_skips_no_character_of_the_rule() -> None:
    """sql_guard settles cells that start with A-Z, a-z and the like at once: none of them may matter."""
    from factcheck.core.spreadsheet import BLANKS, GUARD

    assert not [c for c in GUARD + BLANKS if 65 <= ord(c) <= 126]
