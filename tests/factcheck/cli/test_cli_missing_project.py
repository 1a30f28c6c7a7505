"""A verb that only reads, given a project that is not there (a mistyped --db), says so and creates
nothing: no empty project, no folders, no empty list or export with exit status 0."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import Store
from factcheck.cli import main
from factcheck.core.model import Document

READING_VERBS = [
    ["list"],
    ["list", "--removed"],
    ["export", "--format", "csv"],
    ["export", "--format", "json", "--out", "{tmp}/out.json"],
    ["agreement"],
    ["backup", "{tmp}/copy.db"],
    ["claims"],
    ["speakers"],
    ["labels", "list"],
    ["link-types", "list"],
]


def _run(db: Path, verb: list[str], tmp: Path) -> int:
    return main(["--db", str(db), *(arg.format(tmp=tmp) for arg in verb)])


@pytest.mark.parametrize("verb", READING_VERBS, ids=" ".join)
def test_a_missing_project_is_refused_and_not_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], verb: list[str]
) -> None:
    db = tmp_path / "typo" / "study.factcheck"
    assert _run(db, verb, tmp_path) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"factcheck: There is no project at {db}; nothing was created.")
    assert err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # neither the folder nor any output


@pytest.mark.parametrize("verb", READING_VERBS, ids=" ".join)
def test_an_empty_file_is_no_project_to_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], verb: list[str]
) -> None:
    db = tmp_path / "study.db"
    db.touch()
    assert _run(db, verb, tmp_path) == 1
    assert "is empty: it holds no project yet; it was left untouched" in capsys.readouterr().err
    assert db.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["study.db"]


def test_the_default_project_is_not_created_by_a_listing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert main(["list"]) == 1
    assert "There is no project yet in your data folder" in capsys.readouterr().err
    assert not (tmp_path / "data").exists()


def test_writing_verbs_still_create_the_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.txt"
    article.write_text("The minister said crime fell.", encoding="utf-8")
    db = tmp_path / "new" / "study.factcheck"
    assert main(["--db", str(db), "import", str(article)]) == 0
    assert main(["--db", str(db), "list"]) == 0
    assert "The minister said crime fell." in capsys.readouterr().out


def test_an_existing_project_is_read_as_before(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "p.db"
    with Store.open(db) as store:
        store.add_document(Document.create("Crime fell.", title="Crime"))
    assert main(["--db", str(db), "list"]) == 0
    assert "Crime" in capsys.readouterr().out
