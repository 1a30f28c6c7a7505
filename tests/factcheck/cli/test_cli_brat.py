"""`factcheck import corpus/` (brat), `--add-labels`, and the structure exports from the command line."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from db import Store
from factcheck.cli import main
from tests.factcheck.services.brat_helpers import CORPUS


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_a_brat_folder_as_the_annotator(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "p.db"
    code, out, err = run(capsys, db, "--annotator", "ana", "import", str(CORPUS))
    assert (code, err) == (0, "")
    assert out.startswith("brat_corpus: 3 documents added. Tags: 13 added.")
    assert "Links: 3 added" in out
    with Store.open(db) as store:
        assert {a.annotator for a in store.annotations()} == {"ana"}
    code, out, _ = run(capsys, db, "--annotator", "ana", "import", str(CORPUS))
    assert "13 unchanged" in out


def test_unknown_types_are_one_line_and_nothing_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("Ana said it rains.", encoding="utf-8")
    (folder / "a.ann").write_text("T1\tWeather 9 17\tit rains\n", encoding="utf-8")
    db = tmp_path / "p.db"
    code, out, err = run(capsys, db, "import", str(folder))
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "'Weather' (" in err and "--add-labels" in err and "Traceback" not in err
    code, out, err = run(capsys, db, "import", "--add-labels", str(folder))
    assert (code, err) == (0, "") and "Added to the project: 'Weather'" in out
    with Store.open(db) as store:
        assert "Weather" in [lab.name for lab in store.labels()]


def test_a_fifo_pair_is_refused_without_hanging(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text("Some text.", encoding="utf-8")
    os.mkfifo(tmp_path / "a.ann")
    code, _, err = run(capsys, tmp_path / "p.db", "import", str(tmp_path / "a.ann"))
    assert code == 1 and "not a regular file" in err


def test_export_links_csv_and_the_structure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "p.db"
    run(capsys, db, "--annotator", "ana", "import", str(CORPUS))
    code, out, err = run(capsys, db, "export", "--format", "links-csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert sorted(r["type"] for r in rows) == ["characterizes", "denies", "same_claim"]
    code, _, err = run(capsys, db, "export", "--format", "links-csv", "--out", str(tmp_path / "links.csv"))
    assert (code, err) == (0, f"Exported 3 links to {tmp_path / 'links.csv'}.\n")  # links, not annotations
    folder = tmp_path / "brat"
    code, _, err = run(capsys, db, "export", "--format", "brat", "--out", str(folder))
    assert code == 0 and "Exported 13 annotations" in err
    assert any(line.startswith("E") for p in folder.glob("*.ann") for line in p.read_text().splitlines())
