"""Identical tags (twins) in a file merge whatever the order of the rows: a file from a project whose sync
dropped our tag for an identical copy holds our tag as a tombstone and the copy live. Read in batches
(a JSON document's tags, JSONL lines, a teammate's database's documents), the tombstone may come in a later
batch than the copy: the copy must still be stored, not read as our tag and then lost with it."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace
from pathlib import Path

import pytest

from db import Store, attribution
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from factcheck.services import merge
from factcheck.services.exporting import export
from factcheck.services.formats import jsonl_format, project_json
from factcheck.services.importing import import_paths

TEXT = "Mayor Helena Marsh said ridership had more than doubled.\n"
WORDS = "ridership had more than doubled"


def _their_file(
    tmp_path: Path, ours: Store, fmt: str, copy_first: bool
) -> tuple[Path, Annotation, Annotation]:
    """(their file, our tag as they dropped it, their copy): our tag tombstoned, an identical copy live
    with a note and a decision of its own, the two in the order asked for."""
    doc, _ = ours.add_document(Document.create(TEXT, title="Marsh", source="marsh.txt"))
    start = TEXT.index(WORDS)
    mine = ours.add_annotation(new_annotation(doc, start, start + len(WORDS), "claim", "alice"), TEXT)
    export(ours, "json", tmp_path / "ours.json")
    with Store.open(tmp_path / "theirs.db") as theirs:
        import_paths(theirs, [tmp_path / "ours.json"], annotator="alice")
        theirs.delete_annotation(mine.id)  # their sync kept the copy made first on alice's laptop
        copy = new_annotation(doc, start, start + len(WORDS), "claim", "alice")
        copy = replace(copy, created_at="2026-01-01T00:00:00.000000Z", note="Checked against the 2024 report")
        copy = theirs.add_annotation(copy, TEXT)
        dropped = theirs.annotation(mine.id)
        assert dropped is not None
        if fmt == "database":
            return tmp_path / "theirs.db", dropped, copy
        path = tmp_path / "theirs.json"
        export(theirs, "json", path)
    data = json.loads(path.read_text(encoding="utf-8"))
    tags = data["documents"][0]["annotations"]
    tags.sort(key=lambda t: (t["id"] != copy.id) == copy_first)
    if fmt == "json":
        path.write_text(json.dumps(data), encoding="utf-8")
    else:  # a JSONL export carries no tombstones; a pipeline's file may
        path = tmp_path / "theirs.jsonl"
        where = {"document_id": doc.id, "document_sha256": doc.sha256, "document_title": doc.title}
        path.write_text("".join(json.dumps({**where, **t}) + "\n" for t in tags), encoding="utf-8")
    return path, dropped, copy


@pytest.mark.parametrize("copy_first", [True, False], ids=["copy-first", "tombstone-first"])
@pytest.mark.parametrize("fmt", ["json", "jsonl", "database"])
@pytest.mark.parametrize("batch", [1, 20_000], ids=["one-tag-batches", "whole-batches"])
def test_the_copy_is_stored_whatever_batch_brings_our_tombstone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, copy_first: bool, batch: int
) -> None:
    monkeypatch.setattr(project_json, "BATCH", batch)
    monkeypatch.setattr(jsonl_format, "BATCH", batch)
    monkeypatch.setattr(merge, "MERGE_ROWS", batch)
    with Store.open(tmp_path / "ours.db") as ours:
        path, dropped, copy = _their_file(tmp_path, ours, fmt, copy_first)

        report = import_paths(ours, [path], annotator="alice")

        assert (report.added, report.deleted, report.already_here) == (1, 1, 0)
        assert ours.annotation(dropped.id) == dropped
        assert ours.annotation(copy.id) == copy  # note and all, as it came
        assert [t.id for t in ours.annotations(copy.document_id)] == [copy.id]
        again = import_paths(ours, [path], annotator="alice")
        assert (again.added, again.deleted, again.already_here, again.updated) == (0, 0, 0, 0)
        assert [t.id for t in ours.annotations(copy.document_id)] == [copy.id]
        assert ours.annotation(copy.id) == copy


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))), ids=lambda o: "".join(map(str, o)))
def test_a_claim_attributed_to_the_copy_names_it_whatever_the_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, order: tuple[int, ...]
) -> None:
    """Their claim names the copy as its source: read before our tombstone, the copy was our tag and the
    pointer was written as ours; once the copy is stored the claim names it again."""
    monkeypatch.setattr(project_json, "BATCH", 1)
    with Store.open(tmp_path / "ours.db") as ours:
        doc, _ = ours.add_document(Document.create(TEXT, title="Marsh", source="marsh.txt"))
        mayor = (0, TEXT.index(" said"))
        mine = ours.add_annotation(new_annotation(doc, *mayor, "source", "alice"), TEXT)
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
            claim = attribution.set_attribution(theirs, claim.id, source=copy.id)
            export(theirs, "json", tmp_path / "theirs.json")
        data = json.loads((tmp_path / "theirs.json").read_text(encoding="utf-8"))
        tags = {t["id"]: t for t in data["documents"][0]["annotations"]}
        data["documents"][0]["annotations"] = [tags[[copy.id, mine.id, claim.id][i]] for i in order]
        (tmp_path / "theirs.json").write_text(json.dumps(data), encoding="utf-8")

        import_paths(ours, [tmp_path / "theirs.json"], annotator="alice")

        assert {t.id for t in ours.annotations(doc.id)} == {copy.id, claim.id}
        assert ours.annotation(claim.id) == claim  # its source: the copy, as in their project
        assert ours.annotation(copy.id) == copy


@pytest.mark.parametrize("copy_first", [True, False], ids=["copy-first", "ours-first"])
def test_our_tag_the_file_updates_stays_the_tag_of_an_older_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, copy_first: bool
) -> None:
    """The file updates our tag (a note) and holds an identical copy created before it: our tag, written
    anew by the merge, is still ours and stays the tag; the copy is read as it, whatever comes first."""
    monkeypatch.setattr(project_json, "BATCH", 1)
    with Store.open(tmp_path / "ours.db") as ours:
        doc, _ = ours.add_document(Document.create(TEXT, title="Marsh", source="marsh.txt"))
        start = TEXT.index(WORDS)
        mine = ours.add_annotation(new_annotation(doc, start, start + len(WORDS), "claim", "alice"), TEXT)
        export(ours, "json", tmp_path / "ours.json")
        with Store.open(tmp_path / "theirs.db") as theirs:
            import_paths(theirs, [tmp_path / "ours.json"], annotator="alice")
            noted = theirs.patch_annotation(mine.id, {"note": "per the 2024 report"})
            copy = new_annotation(doc, start, start + len(WORDS), "claim", "alice")
            theirs.put_annotations([replace(copy, created_at="2026-01-01T00:00:00.000000Z", note="copied")])
            export(theirs, "json", tmp_path / "theirs.json")
        data = json.loads((tmp_path / "theirs.json").read_text(encoding="utf-8"))
        data["documents"][0]["annotations"].sort(key=lambda t: (t["id"] != copy.id) == copy_first)
        (tmp_path / "theirs.json").write_text(json.dumps(data), encoding="utf-8")

        report = import_paths(ours, [tmp_path / "theirs.json"], annotator="alice")

        assert (report.added, report.updated, report.already_here) == (0, 1, 1), report.summary()
        assert [t.id for t in ours.annotations(doc.id)] == [mine.id]
        assert ours.annotation(mine.id) == noted and ours.annotation(copy.id) is None
        assert any("its identical copy" in n and "copied" in n for n in report.notes), report.notes
