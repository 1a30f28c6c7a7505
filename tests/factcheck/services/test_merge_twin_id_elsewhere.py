"""A copy to be stored (their sync dropped our tag for it) whose id is one of our tags on another document:
a tag's document never changes, so the copy is listed as a conflict and not stored, our tag on the other
document stays as it is, and the rest of the file is imported, whatever the order of its rows and the
size of the batches they come in (the copy read first as our still-live tag, or after its tombstone).
A tag of the file naming such a copy (as its source) names a tag of another document: refused whole, in
every order alike."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace
from pathlib import Path

import pytest

from db import Store, attribution
from factcheck.core.errors import ImportRefused
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from factcheck.services import merge
from factcheck.services.exporting import export
from factcheck.services.formats import project_json
from factcheck.services.importing import import_paths

TEXT = "Mayor Helena Marsh said ridership had more than doubled.\n"
OTHER = "The council said the budget was balanced last year.\n"
WORDS = "ridership had more than doubled"


def _their_file(
    tmp_path: Path, ours: Store, order: tuple[int, ...], second_copy: bool
) -> tuple[Path, Annotation, Annotation, list[Annotation]]:
    """(their file, our tag they dropped, our tag on the other document, their copies): the copies made
    first on another machine, the oldest under the id of our tag on the other document; the file's
    rows of the document in the order asked for."""
    doc, _ = ours.add_document(Document.create(TEXT, title="Marsh", source="marsh.txt"))
    other, _ = ours.add_document(Document.create(OTHER, title="Council", source="council.txt"))
    start = TEXT.index(WORDS)
    mine = ours.add_annotation(new_annotation(doc, start, start + len(WORDS), "claim", "alice"), TEXT)
    elsewhere = ours.add_annotation(new_annotation(other, 0, 11, "claim", "alice"), OTHER)
    export(ours, "json", tmp_path / "ours.json")
    with Store.open(tmp_path / "theirs.db") as theirs:
        import_paths(theirs, [tmp_path / "ours.json"], annotator="alice")
        theirs.delete_annotation(mine.id)  # their sync kept the copy made first
        copies = [
            replace(
                new_annotation(doc, start, start + len(WORDS), "claim", "alice"),
                created_at=f"2026-01-0{n + 1}T00:00:00.000000Z",
                note=f"copy {n}",
            )
            for n in range(2 if second_copy else 1)
        ]
        theirs.put_annotations(copies)
        export(theirs, "json", tmp_path / "theirs.json")
        dropped = theirs.annotation(mine.id)
        assert dropped is not None
    data = json.loads((tmp_path / "theirs.json").read_text(encoding="utf-8"))
    (document,) = [d for d in data["documents"] if d["id"] == doc.id]  # they do not hold the other one
    tags = {t["id"]: t for t in document["annotations"]}
    tags[copies[0].id]["id"] = elsewhere.id  # the id of our tag on the other document
    rows = [tags[i] for i in (mine.id, *(c.id for c in copies))]
    document["annotations"] = [rows[i] for i in order]
    data["documents"] = [document]
    (tmp_path / "theirs.json").write_text(json.dumps(data), encoding="utf-8")
    return tmp_path / "theirs.json", dropped, elsewhere, copies


@pytest.mark.parametrize("order", [(0, 1), (1, 0)], ids=["tombstone-first", "copy-first"])
@pytest.mark.parametrize("batch", [1, 20_000], ids=["one-tag-batches", "whole-batches"])
def test_the_copy_is_a_conflict_and_the_rest_is_imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, order: tuple[int, ...], batch: int
) -> None:
    monkeypatch.setattr(project_json, "BATCH", batch)
    monkeypatch.setattr(merge, "MERGE_ROWS", batch)
    with Store.open(tmp_path / "ours.db") as ours:
        path, dropped, elsewhere, _ = _their_file(tmp_path, ours, order, second_copy=False)

        report = import_paths(ours, [path], annotator="alice")

        assert (report.added, report.deleted, report.conflicting, report.already_here) == (0, 1, 1, 0)
        (conflict,) = report.conflicts
        assert conflict.annotation_id == elsewhere.id and conflict.document_id == elsewhere.document_id
        assert "their copy is on document" in conflict.problem and "never change" in conflict.problem
        assert "claim 24-55" in conflict.theirs and "claim 0-11" in conflict.ours
        assert ours.annotation(elsewhere.id) == elsewhere  # untouched, on its document
        assert ours.annotation(dropped.id) == dropped  # their deletion, the rest of the file, applied
        assert ours.annotations(dropped.document_id) == []
        again = import_paths(ours, [path], annotator="alice")
        assert (again.added, again.updated, again.deleted, again.conflicting) == (0, 0, 0, 1)
        assert ours.annotation(elsewhere.id) == elsewhere


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))), ids=lambda o: "".join(map(str, o)))
@pytest.mark.parametrize("batch", [1, 20_000], ids=["one-tag-batches", "whole-batches"])
def test_the_next_copy_is_stored_in_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, order: tuple[int, ...], batch: int
) -> None:
    """A second, later copy: it is the one stored (the tag is not lost), whatever the order."""
    monkeypatch.setattr(project_json, "BATCH", batch)
    monkeypatch.setattr(merge, "MERGE_ROWS", batch)
    with Store.open(tmp_path / "ours.db") as ours:
        path, dropped, elsewhere, copies = _their_file(tmp_path, ours, order, second_copy=True)

        report = import_paths(ours, [path], annotator="alice")

        assert (report.added, report.deleted, report.conflicting, report.already_here) == (1, 1, 1, 0)
        assert [c.annotation_id for c in report.conflicts] == [elsewhere.id]
        assert ours.annotation(elsewhere.id) == elsewhere
        assert ours.annotations(dropped.document_id) == [copies[1]]
        again = import_paths(ours, [path], annotator="alice")
        assert (again.added, again.updated, again.deleted, again.conflicting) == (0, 0, 0, 1)
        assert ours.annotations(dropped.document_id) == [copies[1]]


@pytest.mark.parametrize("copy_first", [True, False], ids=["copy-first", "ours-first"])
def test_a_copy_of_our_live_tag_under_such_an_id_is_a_conflict_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, copy_first: bool
) -> None:
    """Our tag is live and the file leaves it be: the copy under the other document's tag's id is no copy
    of it either (its note is not carried); listed, whatever comes first."""
    monkeypatch.setattr(project_json, "BATCH", 1)
    with Store.open(tmp_path / "ours.db") as ours:
        path, dropped, elsewhere, copies = _their_file(tmp_path, ours, (0, 1), second_copy=False)
        data = json.loads(path.read_text(encoding="utf-8"))
        tags = data["documents"][0]["annotations"]
        mine = ours.annotation(dropped.id)
        assert mine is not None
        tags[0] = {**tags[0], "deleted_at": None, "updated_at": mine.updated_at}  # as we hold it
        tags.sort(key=lambda t: (t["id"] != elsewhere.id) == copy_first)
        path.write_text(json.dumps(data), encoding="utf-8")

        report = import_paths(ours, [path], annotator="alice")

        assert (report.added, report.unchanged, report.conflicting, report.already_here) == (0, 1, 1, 0)
        assert [c.annotation_id for c in report.conflicts] == [elsewhere.id]
        assert ours.annotations(mine.document_id) == [mine]  # no note of the copy's carried
        assert ours.annotation(elsewhere.id) == elsewhere
        assert copies[0].note not in " ".join(report.notes)


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))), ids=lambda o: "".join(map(str, o)))
def test_a_claim_attributed_to_such_a_copy_refuses_the_file_whatever_the_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, order: tuple[int, ...]
) -> None:
    """Their claim names the copy as its source: under that id it is a tag of another document here, which
    no honest file names (a hostile or broken one): refused whole, naming the place, in every order, the
    copy read first as our still-live tag or not."""
    monkeypatch.setattr(project_json, "BATCH", 1)
    with Store.open(tmp_path / "ours.db") as ours:
        doc, _ = ours.add_document(Document.create(TEXT, title="Marsh", source="marsh.txt"))
        other, _ = ours.add_document(Document.create(OTHER, title="Council", source="council.txt"))
        mayor = (0, TEXT.index(" said"))
        mine = ours.add_annotation(new_annotation(doc, *mayor, "source", "alice"), TEXT)
        elsewhere = ours.add_annotation(new_annotation(other, 0, 11, "source", "alice"), OTHER)
        export(ours, "json", tmp_path / "ours.json")
        with Store.open(tmp_path / "theirs.db") as theirs:
            import_paths(theirs, [tmp_path / "ours.json"], annotator="alice")
            theirs.delete_annotation(mine.id)
            copy = new_annotation(doc, *mayor, "source", "alice")
            copy = theirs.add_annotation(replace(copy, created_at="2026-01-01T00:00:00.000000Z"), TEXT)
            start = TEXT.index(WORDS)
            claim = theirs.add_annotation(
                new_annotation(doc, start, start + len(WORDS), "claim", "alice"), TEXT
            )
            attribution.set_attribution(theirs, claim.id, source=copy.id)
            export(theirs, "json", tmp_path / "theirs.json")
        data = json.loads((tmp_path / "theirs.json").read_text(encoding="utf-8"))
        (document,) = [d for d in data["documents"] if d["id"] == doc.id]
        tags = {t["id"]: t for t in document["annotations"]}
        tags[copy.id]["id"] = tags[claim.id]["source"] = elsewhere.id
        document["annotations"] = [tags[[copy.id, mine.id, claim.id][i]] for i in order]
        data["documents"] = [document]
        (tmp_path / "theirs.json").write_text(json.dumps(data), encoding="utf-8")
        before = ours.annotations(include_deleted=True)

        with pytest.raises(ImportRefused, match=f"its source '{elsewhere.id}' is a tag of another document"):
            import_paths(ours, [tmp_path / "theirs.json"], annotator="alice")

        assert ours.annotations(include_deleted=True) == before
