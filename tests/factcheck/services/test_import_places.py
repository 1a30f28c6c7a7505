"""Where an import puts each of its documents, now that it reads the project's texts and ids once
(`merge_articles.Articles`): found by text or id among ours and among those it added itself, a removed text
left out, a taken id replaced: as when every document was looked up in the table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from db import Store
from db.documents import remove_document
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths

TEXT_A = "Alpha: the minister said crime fell by a third, and the critics disagreed strongly.\n"
TEXT_B = "Bravo: a wholly different story about weather, rivers and a long dry summer.\n"
TEXT_C = "Charlie: some third report on trains, fares and timetables across the country.\n"


def _export(tmp_path: Path, name: str, docs: list[Document]) -> dict[str, Any]:
    """A teammate's JSON export of docs (a tag on each), as data."""
    with Store.open(tmp_path / f"{name}.db") as teammate:
        for doc in docs:
            stored, _ = teammate.add_document(doc)
            teammate.put_annotations([new_annotation(stored, 0, 5, "claim", "teammate")])
        export(teammate, "json", tmp_path / f"{name}.json")
    data: dict[str, Any] = json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8"))
    return data


def _write(tmp_path: Path, name: str, data: dict[str, Any]) -> Path:
    path = tmp_path / f"{name}-import.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_text_twice_in_one_file_is_one_document(tmp_path: Path) -> None:
    """Their two ids for one text (two documents in their project? a hand-made file): the second finds
    the document the import added for the first, and its tag, identical to the first one's under another
    id, is that tag (no second identical tag)."""
    a = Document.create(TEXT_A, title="A", source="a.txt")
    data = _export(tmp_path, "t", [a])
    twin = json.loads(json.dumps(data["documents"][0]))
    twin["id"] = "another-id"
    twin["annotations"][0]["id"] = "another-tag"
    data["documents"].append(twin)
    with Store.open(tmp_path / "project.db") as store:
        report = import_paths(store, [_write(tmp_path, "t", data)])
        assert (report.documents_added, report.documents_existing, report.added) == (1, 1, 1)
        assert report.already_here == 1 and "1 tag already here under another id" in report.summary()
        (doc,) = store.documents()
        assert doc.id == a.id and [t.document_id for t in store.annotations()] == [a.id]


def test_ids_taken_here_or_by_an_earlier_file_of_the_import_are_replaced(tmp_path: Path) -> None:
    ours = Document.create(TEXT_A, title="Ours", source="ours.txt")
    theirs = Document.create(TEXT_B, title="B", source="b.txt")
    first = _export(tmp_path, "first", [theirs])
    second = _export(tmp_path, "second", [Document(theirs.id, "C", "c.txt", TEXT_C, "", theirs.imported_at)])
    second["documents"][0]["sha256"] = Document.create(TEXT_C).sha256
    clash = _export(tmp_path, "clash", [Document(ours.id, "D", "d.txt", TEXT_C + "More.\n", "", "")])
    clash["documents"][0].pop("sha256")
    with Store.open(tmp_path / "project.db") as store:
        store.add_document(ours)
        report = import_paths(
            store,
            [
                _write(tmp_path, "first", first),
                _write(tmp_path, "second", second),
                _write(tmp_path, "clash", clash),
            ],
        )
        assert report.documents_added == 3 and report.added == 3
        by_title = {d.title: d for d in store.documents()}
        assert by_title["Ours"].id == ours.id and by_title["B"].id == theirs.id
        assert by_title["C"].id not in (ours.id, theirs.id) and by_title["D"].id not in (ours.id, theirs.id)
        assert by_title["C"].text == TEXT_C and by_title["C"].sha256 == Document.create(TEXT_C).sha256
        assert len(store.annotations(by_title["C"].id)) == 1 and len(store.annotations(by_title["D"].id)) == 1


def test_a_removed_text_stays_out_and_ours_is_found_by_text(tmp_path: Path) -> None:
    a = Document.create(TEXT_A, title="A", source="a.txt")
    b = Document.create(TEXT_B, title="B", source="b.txt")
    data = _export(tmp_path, "t", [a, b])
    with Store.open(tmp_path / "project.db") as store:
        ours_b, _ = store.add_document(Document.create(TEXT_B, title="Our B", source="ours.txt"))
        gone, _ = store.add_document(Document.create(TEXT_A, title="Gone", source="gone.txt"))
        remove_document(store, gone.id, "me")
        report = import_paths(store, [_write(tmp_path, "t", data)])
        assert (report.documents_added, report.documents_existing, report.added) == (0, 1, 1)
        assert any("was removed from this project" in note for note in report.notes)
        assert [d.id for d in store.documents()] == [ours_b.id]
        assert [t.document_id for t in store.annotations()] == [ours_b.id]
