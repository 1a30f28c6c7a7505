"""The JSON project format: exact shape, schema-valid, and lossless through read_bundle and merge."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from db import Store
from factcheck.core.model import FORMAT_VERSION
from factcheck.services.exporting import Filter, export
from factcheck.services.merge import merge_bundle
from factcheck.services.reading import read_bundle
from tests.factcheck.services.formats_helpers import Rich, build, content

SCHEMA = Path(__file__).resolve().parents[3] / "resources" / "factcheck.schema.json"

ANNOTATION_KEYS = [
    "id", "label", "start", "end", "quote", "prefix", "suffix", "annotator", "note", "created_at",
    "updated_at", "deleted_at", "status", "reviewer", "reason", "reviewed_at", "orphaned", "fragments",
    "speaker", "source", "cue", "quotation",
]  # fmt: skip


@pytest.fixture
def rich(store: Store) -> Rich:
    return build(store)


def _export(store: Store, path: Path, document_id: Filter = None, annotator: Filter = None) -> dict[str, Any]:
    export(store, "json", path, document_id=document_id, annotator=annotator)
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_shape_is_exactly_the_documented_one(rich: Rich, tmp_path: Path) -> None:
    data = _export(rich.store, tmp_path / "out.json")
    assert list(data)[:6] == ["format", "version", "labels", "link_types", "speakers", "documents"]
    assert list(data)[6:] == ["verdict_scale", "organization", "claims"]  # the claim cards' part
    assert data["format"] == "factcheck"
    assert data["version"] == FORMAT_VERSION
    assert data["labels"][0] == {"name": "claim", "color": "#E69F00", "shortcut": "1", "role": "content"}
    assert data["labels"][3] == {"name": "source", "color": "#009E73", "shortcut": "4", "role": "source"}
    doc = next(d for d in data["documents"] if d["id"] == rich.doc.id)
    assert list(doc) == ["id", "title", "source", "sha256", "text", "imported_at", "annotations", "links"]
    assert "\r" not in doc["text"] and doc["text"] == rich.doc.text
    for ann in doc["annotations"]:
        assert list(ann) == ANNOTATION_KEYS
        assert doc["text"][ann["start"] : ann["end"]] == ann["quote"]
    # Offsets are code points: the emoji before the claim counts as one.
    claim = next(a for a in doc["annotations"] if a["id"] == rich.claim.id)
    assert claim["start"] == rich.doc.text.index("that crime") == rich.claim.start
    assert claim["quote"] == "that crime fell by 20%"


def test_output_validates_against_the_json_schema(rich: Rich, tmp_path: Path) -> None:
    data = _export(rich.store, tmp_path / "out.json")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)


def test_schema_rejects_what_the_reader_rejects(rich: Rich, tmp_path: Path) -> None:
    """The schema is not vacuous: a bool offset, a wrong format and a \\r text fail it."""
    data = _export(rich.store, tmp_path / "out.json")
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    bad_offset = json.loads(json.dumps(data))
    bad_offset["documents"][0]["annotations"][0]["start"] = True
    bad_format = dict(data, format="other")
    bad_text = json.loads(json.dumps(data))
    bad_text["documents"][0]["text"] = "a\r\nb"
    for bad in (bad_offset, bad_format, bad_text, [data]):
        assert not validator.is_valid(bad)


def test_tombstones_and_review_decisions_are_exported(rich: Rich, tmp_path: Path) -> None:
    data = _export(rich.store, tmp_path / "out.json")
    anns = {a["id"]: a for d in data["documents"] for a in d["annotations"]}
    assert anns[rich.deleted.id]["deleted_at"] == rich.deleted.deleted_at is not None
    rejected = anns[rich.reviewed.id]
    assert (rejected["status"], rejected["reviewer"], rejected["reason"]) == (
        "rejected",
        "rita",
        "not a denial,\nan aside",
    )
    assert rejected["reviewed_at"] == rich.reviewed.reviewed_at
    assert anns[rich.noted.id]["note"] == '=SUM(A1:A9)\nsecond line, "quoted"; semi'  # never neutralised


def test_read_bundle_gives_back_exactly_the_store_content(rich: Rich, tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    count = export(rich.store, "json", path)
    bundle = read_bundle(path, rich.store)
    docs, anns = content(rich.store)
    assert count == len(anns) == bundle.annotation_count
    assert sorted((d for d, _ in bundle.documents), key=lambda d: d.id) == docs
    assert sorted((a for _, aa in bundle.documents for a in aa), key=lambda a: a.id) == anns
    assert [lab.name for lab in bundle.labels] == [lab.name for lab in rich.store.labels()]
    assert bundle.source == str(path)


def test_orphaned_flag_round_trips(rich: Rich, tmp_path: Path) -> None:
    rich.store.put_annotations([replace(rich.claim, orphaned=True)])
    path = tmp_path / "out.json"
    export(rich.store, "json", path)
    bundle = read_bundle(path)
    (got,) = [a for _, aa in bundle.documents for a in aa if a.id == rich.claim.id]
    assert got.orphaned is True and got == rich.store.annotation(rich.claim.id)


def test_store_to_json_to_empty_store_is_identical_and_import_twice_changes_nothing(
    rich: Rich, tmp_path: Path
) -> None:
    path = tmp_path / "out.json"
    export(rich.store, "json", path)
    with Store.open(tmp_path / "other.db") as other:
        report = merge_bundle(other, read_bundle(path, other))
        assert content(other) == content(rich.store)
        assert report.added == len(rich.store.annotations())
        before = content(other)
        again = merge_bundle(other, read_bundle(path, other))
        assert content(other) == before
        assert (again.added, again.updated, again.deleted) == (0, 0, 0)


def test_filters_select_annotations_and_their_documents(rich: Rich, tmp_path: Path) -> None:
    data = _export(rich.store, tmp_path / "a.json", annotator="bo")
    ids = {a["id"] for d in data["documents"] for a in d["annotations"]}
    assert ids == {a.id for a in rich.store.annotations(annotator="bo", include_deleted=True)}
    assert rich.deleted.id in ids  # bo's tombstone travels with bo's tags
    assert [d["id"] for d in data["documents"]] == [rich.doc.id]  # the second article has none of bo's
    data = _export(rich.store, tmp_path / "d.json", document_id=rich.second.id)
    assert [d["id"] for d in data["documents"]] == [rich.second.id]
    assert len(data["documents"][0]["annotations"]) == 2


def test_a_document_without_annotations_is_exported(store: Store, tmp_path: Path) -> None:
    from factcheck.core.model import Document

    doc, _ = store.add_document(Document.create("Just text.", title="Empty"))
    data = _export(store, tmp_path / "out.json")
    assert [(d["id"], d["annotations"]) for d in data["documents"]] == [(doc.id, [])]
    assert read_bundle(tmp_path / "out.json").documents[0][0] == doc
