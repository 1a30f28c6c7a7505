"""What the import explorer (import_explorer.py) found, each replayed small: a damaged file that crashed
the import instead of being refused in one line with the project unchanged."""

from __future__ import annotations

import shutil
import tracemalloc
from pathlib import Path

import pytest

from db import Store
from factcheck.cli import main
from factcheck.core.errors import ImportRefused
from factcheck.services import labels
from factcheck.services.formats import jsonl_format
from factcheck.services.formats.brat_names import DOCUMENTS_FILE
from factcheck.services.importing import import_paths
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


def test_a_jsonl_line_without_end_is_refused_without_reading_it_whole(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A JSONL file of NUL bytes with no line break (a sparse file, a disk image renamed): its one line
    was read whole (near 2 GB of memory at the 2 GB input limit, twice that decoded). Now a line longer
    than any tag's is refused once its limit is read."""
    monkeypatch.setattr(jsonl_format, "MAX_LINE_BYTES", 1 << 20, raising=False)
    path = tmp_path / "image.jsonl"
    with path.open("wb") as fh:
        fh.truncate(64 << 20)  # sparse: 64 MiB of NUL bytes, no line break
    before = content_digest(store.path) if store.path else ""
    tracemalloc.start()
    try:
        with pytest.raises(ImportRefused) as refused:
            import_paths(store, [path])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 << 20, peak
    message = str(refused.value)
    assert "image.jsonl" in message and "line 1" in message and "longer" in message, message
    assert content_digest(store.path) == before if store.path else True


def test_adding_labels_reads_no_line_whole_either(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--add-labels looks for the labels a JSONL file uses before importing it: the same limit."""
    monkeypatch.setattr(jsonl_format, "MAX_LINE_BYTES", 1 << 20, raising=False)
    monkeypatch.setattr(labels, "MAX_LINE_BYTES", 1 << 20, raising=False)
    path = tmp_path / "image.jsonl"
    with path.open("wb") as fh:
        fh.truncate(64 << 20)
    tracemalloc.start()
    try:
        assert labels.missing_labels(store, [path]) == []
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 << 20, peak
