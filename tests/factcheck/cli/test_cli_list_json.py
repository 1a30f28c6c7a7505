"""`factcheck list --json`: the listing for scripts, the table's fields with ids whole and names exact."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from db import Store
from db.documents import remove_document
from factcheck.cli import main
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.helpers.review import set_review

Capture = pytest.CaptureFixture[str]


def _listed(db: Path, capsys: Capture, *extra: str) -> Any:
    assert main(["--db", str(db), "list", "--json", *extra]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return json.loads(out)


def test_each_document_with_the_tables_fields(
    db_path: Path, store: Store, document: Document, capsys: Capture
) -> None:
    store.add_annotation(new_annotation(document, 0, 8, "claim", "ana"))
    store.add_annotation(new_annotation(document, 9, 17, "denial", "bob\u200b"))  # a login kept exactly
    other, _ = store.add_document(
        Document.create("Another article, \x1b[2J untagged.", title="Autre « titre »")
    )
    store.set_curated(other.id, ("rita", "2026-11-03T16:05:00.000000Z"))
    store.close()
    listed = _listed(db_path, capsys)
    assert isinstance(listed, list)
    by_id = {d["id"]: d for d in listed}
    assert set(by_id) == {document.id, other.id}  # whole ids
    assert by_id[document.id] == {
        "id": document.id,
        "title": document.title,
        "source": document.source,
        "state": "not_reviewed",
        "open_disagreements": 0,
        "review": "not reviewed",
        "tags": 2,
        "by_label": {"claim": 1, "denial": 1, "characterization": 0, "source": 0, "cue": 0},
        "by_annotator": {"ana": 1, "bob\u200b": 1},
    }
    assert by_id[other.id]["title"] == "Autre « titre »" and by_id[other.id]["source"] == ""
    assert (by_id[other.id]["state"], by_id[other.id]["review"], by_id[other.id]["tags"]) == (
        "curated",
        "curated",
        0,
    )
    # the table's order and counts, the same documents
    assert main(["--db", str(db_path), "list"]) == 0
    table = capsys.readouterr().out
    assert [line.split()[0] for line in table.splitlines() if not line.startswith(" ")] == [
        d["id"] for d in listed
    ]


def test_a_review_in_progress_counts_its_open_disagreements(
    db_path: Path, store: Store, document: Document, capsys: Capture
) -> None:
    ana = store.add_annotation(new_annotation(document, 0, 8, "claim", "ana"))
    store.add_annotation(new_annotation(document, 0, 8, "denial", "bob"))
    set_review(store, ana.id, "accepted", "rita")
    store.close()
    (doc,) = _listed(db_path, capsys)
    assert (doc["state"], doc["open_disagreements"]) == ("in_review", 1)
    assert doc["review"] == "in review, 1 open disagreement"


def test_an_empty_project_is_an_empty_list(db_path: Path, store: Store, capsys: Capture) -> None:
    store.close()
    assert _listed(db_path, capsys) == []
    assert _listed(db_path, capsys, "--removed") == []


def test_the_removed_documents(db_path: Path, store: Store, document: Document, capsys: Capture) -> None:
    remove_document(store, document.id, "ana")
    store.close()
    (removed,) = _listed(db_path, capsys, "--removed")
    assert set(removed) == {"id", "title", "source", "removed_by", "removed_at"}
    assert (removed["id"], removed["title"], removed["removed_by"]) == (document.id, document.title, "ana")
