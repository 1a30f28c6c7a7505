"""An article whose file name is not UTF-8 (a Latin-1 "café.txt" unpacked from a Windows zip) is imported,
listed and exported; its name's stray byte is kept as U+FFFD. It stopped the import with a traceback:
SQLite refuses the lone surrogate Python reads such a byte as."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from db import Store
from factcheck.cli import main

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="file names of any bytes: Linux")


@pytest.fixture
def latin1_article(tmp_path: Path) -> Path:
    folder = tmp_path / "unzipped"
    folder.mkdir()
    path = Path(os.fsdecode(bytes(folder) + b"/caf\xe9.txt"))
    path.write_text("The minister said crime fell by a fifth.\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("what", ["the file", "its folder (brat)"])
def test_an_article_whose_file_name_is_not_utf8_is_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], latin1_article: Path, what: str
) -> None:
    db = tmp_path / "p.db"
    given = latin1_article if what == "the file" else latin1_article.parent
    assert main(["--db", str(db), "import", str(given)]) == 0
    assert "1 document added" in capsys.readouterr().out
    with Store.open(db) as store:
        (doc,) = store.documents()
    assert doc.source.endswith("caf\ufffd.txt")
    assert main(["--db", str(db), "list"]) == 0
    assert "caf\ufffd.txt" in capsys.readouterr().out
    assert main(["--db", str(db), "export", "--format", "json", "--out", str(tmp_path / "x.json")]) == 0
    exported = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert exported["documents"][0]["source"].endswith("caf\ufffd.txt")


def test_the_import_report_names_the_article_as_the_list_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], latin1_article: Path
) -> None:
    """The report said "caf\\udce9.txt" (Python's stand-in for the byte); the list says "caf\\ufffd.txt"."""
    db = tmp_path / "p.db"
    assert main(["--db", str(db), "import", str(latin1_article)]) == 0
    assert capsys.readouterr().out == "caf\ufffd.txt: 1 document added.\n"


def test_a_refused_file_is_named_without_a_lone_surrogate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], latin1_article: Path
) -> None:
    """A message naming a file that is not stored shows its stray byte as the project would store it."""
    missing = latin1_article.with_suffix(".json")
    assert main(["--db", str(tmp_path / "p.db"), "import", str(missing)]) == 1
    err = capsys.readouterr().err
    assert "caf\ufffd.json: no such file" in err
    assert "\\udce9" not in err and not any("\ud800" <= c <= "\udfff" for c in err)
