"""What the import explorer (import_explorer.py) found, each replayed small: a damaged file that crashed
the import instead of being refused in one line with the project unchanged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from factcheck.cli import main
from factcheck.services.formats.brat_names import DOCUMENTS_FILE
from tests.factcheck.services.brat_helpers import CORPUS
from tests.helpers.dbfiles import content_digest


def refused_in_one_line(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> str:
    before = content_digest(db)
    assert main(["--db", str(db), "--annotator", "bea", "import", *args]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("factcheck: ") and err.count("\n") == 1, err
    assert content_digest(db) == before
    return err


def test_a_brat_documents_file_nested_deep_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Seed 501, case 552: brackets nested 1000 deep in factcheck-documents.json raised RecursionError."""
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    deep = "[" * 100_000 + "]" * 100_000
    (folder / DOCUMENTS_FILE).write_text('{"format": ' + deep + "}", encoding="utf-8")
    db = tmp_path / "p.db"
    main(["--db", str(db), "list"])
    capsys.readouterr()
    err = refused_in_one_line(capsys, db, str(folder))
    assert DOCUMENTS_FILE in err


def test_a_brat_documents_file_with_a_number_too_long_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    (folder / DOCUMENTS_FILE).write_text('{"version": ' + "9" * 5000 + "}", encoding="utf-8")
    db = tmp_path / "p.db"
    main(["--db", str(db), "list"])
    capsys.readouterr()
    err = refused_in_one_line(capsys, db, str(folder))
    assert DOCUMENTS_FILE in err
