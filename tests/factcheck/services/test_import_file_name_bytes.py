"""An import names each file as the project stores its name: a name whose bytes are not UTF-8 (a Latin-1
"café.txt" from a Windows zip) with U+FFFD for its stray byte, in the report the window and the command
line show, never Python's lone surrogate ("caf\\udce9.txt" beside the list's "caf\\ufffd.txt")."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from db import Store
from factcheck.core.spans import new_annotation
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="file names of any bytes: Linux")

TEXT = "The minister said crime fell by a fifth.\n"


def _latin1(folder: Path, name: bytes) -> Path:
    return Path(os.fsdecode(bytes(folder) + b"/" + name))


def _surrogates(text: str) -> bool:
    return any("\ud800" <= c <= "\udfff" for c in text)


def test_an_article_is_reported_by_its_stored_name(tmp_path: Path) -> None:
    article = _latin1(tmp_path, b"caf\xe9.txt")
    article.write_bytes(b"Caf\xe9 owners said crime fell by a fifth.\n")  # Windows-1252 text too: a note
    with Store.open(tmp_path / "p.db") as store:
        report = import_paths(store, [article], annotator="ana")
        (doc,) = store.documents()
    (file_report,) = report.files
    assert file_report.source == Path(doc.source).name == "caf\ufffd.txt"
    assert report.source == "caf\ufffd.txt"
    assert not any(_surrogates(line) for line in [file_report.summary(), *file_report.details()])
    assert any("caf\ufffd.txt was not UTF-8" in note for note in file_report.notes)


@pytest.mark.parametrize("kind", ["json", "jsonl", "db"])
def test_an_export_or_database_is_reported_by_its_stored_name(tmp_path: Path, kind: str) -> None:
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    with Store.open(tmp_path / "theirs.db") as theirs:
        import_paths(theirs, [article], annotator="bo")
        (doc,) = theirs.documents()
        theirs.add_annotation(new_annotation(doc, 4, 12, "claim", "bo"))
        if kind != "db":
            export(theirs, kind, tmp_path / f"out.{kind}")
    given = _latin1(tmp_path, f"\xe9quipe.{kind}".encode("latin-1"))
    (tmp_path / ("theirs.db" if kind == "db" else f"out.{kind}")).rename(given)
    with Store.open(tmp_path / "p.db") as store:
        report = import_paths(store, [article, given], annotator="ana")  # JSONL: onto the article
    assert [f.source for f in report.files] == ["a.txt", f"\ufffdquipe.{kind}"]


@pytest.mark.parametrize("given", ["folder", ".ann files"])
def test_a_brat_source_is_reported_by_its_stored_name(tmp_path: Path, given: str) -> None:
    folder = _latin1(tmp_path, b"d\xe9p\xeaches")
    folder.mkdir()
    (_latin1(folder, b"caf\xe9.txt")).write_text(TEXT, encoding="utf-8")
    (_latin1(folder, b"caf\xe9.ann")).write_text("T1\tclaim 4 12\tminister\n", encoding="utf-8")
    paths = [folder] if given == "folder" else [_latin1(folder, b"caf\xe9.ann")]
    with Store.open(tmp_path / "p.db") as store:
        report = import_paths(store, paths, annotator="ana")
    expected = "d\ufffdp\ufffdches" if given == "folder" else "caf\ufffd.ann"
    assert [f.source for f in report.files] == [expected]
