"""A document named on the command line by the start of its id, as the agreement table shows it
(`Title [9b0abd7a]`): one document whose id starts so is that document; two are refused, naming why."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from db import Store
from factcheck.cli import main
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation

TWINS = ("9b0abd7a-0000-4000-8000-000000000000", "9b0abd7a-1111-4000-8000-000000000000")
ALONE = "c0ffee00-2222-4000-8000-000000000000"


@pytest.fixture
def project(store: Store, db_path: Path) -> Path:
    for n, doc_id in enumerate((*TWINS, ALONE)):
        doc, _ = store.add_document(
            replace(Document.create(f"Article {n} says a thing.", title=f"A{n}"), id=doc_id)
        )
        for who in ("ana", "ben"):
            store.add_annotation(new_annotation(doc, 0, 9, "claim", who))
    store.close()
    return db_path


def run(project: Path, *args: str) -> int:
    return main(["--db", str(project), "--annotator", "ana", *args])


def test_the_agreement_tables_short_id_names_its_document(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, "agreement") == 0
    assert "A2 [c0ffee00]" in capsys.readouterr().out  # what the table shows, taken back
    assert run(project, "agreement", "--document", "c0ffee00", "--format", "csv") == 0
    out = capsys.readouterr().out
    assert ALONE in out and TWINS[0] not in out
    assert run(project, "export", "--format", "csv", "--document", "c0ff") == 0
    out = capsys.readouterr().out
    assert "Article 2" in out and "Article 0" not in out
    assert run(project, "claims", "--document", "c0ffee") == 0


def test_a_start_two_ids_share_is_refused_naming_why(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for args in (
        ("agreement", "--document", "9b0abd7a"),
        ("export", "--format", "csv", "--document", "9b0a"),
        ("remove", "9b0abd7a", "--yes"),
    ):
        assert run(project, *args) == 1, args
        err = capsys.readouterr().err
        assert (
            "2 documents' ids start with '9b0abd7a'" in err or "2 documents' ids start with '9b0a'" in err
        ), err
        assert "Traceback" not in err
    # Too short to guess from, and not an id: refused as before.
    assert run(project, "agreement", "--document", "c0f") == 1
    assert "There is no document with id 'c0f'" in capsys.readouterr().err
    with Store.open(project) as store:
        assert sorted(store.document_ids()) == sorted((*TWINS, ALONE))


def test_rename_and_remove_take_a_unique_start(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(project, "rename", "c0ffee00", "Renamed") == 0
    assert run(project, "remove", "9b0abd7a-1111", "--yes") == 0
    with Store.open(project) as store:
        assert dict(store.document_titles())[ALONE] == "Renamed"
        assert sorted(store.document_ids()) == sorted((TWINS[0], ALONE))
