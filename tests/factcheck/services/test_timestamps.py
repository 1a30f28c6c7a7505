"""Time stamps from teammates' files are stored in one form, so that "newer wins" compares correctly."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from db import Store
from factcheck.core.model import Document, canonical_stamp
from factcheck.core.spans import new_annotation
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("2024-05-01T10:00:00.500000Z", "2024-05-01T10:00:00.500000Z"),
        ("2024-05-01T10:00:00Z", "2024-05-01T10:00:00.000000Z"),
        ("2024-05-01T12:00:00+02:00", "2024-05-01T10:00:00.000000Z"),
        ("2024-05-01T10:00:00.5", "2024-05-01T10:00:00.500000Z"),  # no zone: UTC
        ("2024-05-01", "2024-05-01T00:00:00.000000Z"),
    ],
)
def test_canonical_stamp(given: str, stored: str) -> None:
    assert canonical_stamp(given) == stored


def test_an_older_edit_in_another_form_does_not_overwrite_ours(tmp_path: Path) -> None:
    with Store.open(tmp_path / "ours.db") as ours:
        doc, _ = ours.add_document(Document.create("The mayor said ridership doubled.", title="t"))
        ann = new_annotation(doc, 15, 32, "claim", "alice")
        ours.put_annotation(replace(ann, note="ours, newer", updated_at="2024-05-01T10:00:00.500000Z"))
        export(ours, "json", tmp_path / "theirs.json")
        data = json.loads((tmp_path / "theirs.json").read_text(encoding="utf-8"))
        theirs = data["documents"][0]["annotations"][0]
        # Half a second older, written without microseconds and with an offset, by another tool.
        theirs.update(note="theirs, older", updated_at="2024-05-01T12:00:00+02:00")
        (tmp_path / "theirs.json").write_text(json.dumps(data), encoding="utf-8")
        report = import_paths(ours, [tmp_path / "theirs.json"], annotator="alice")
        assert report.updated == 0
        (got,) = ours.annotations()
        assert (got.note, got.updated_at) == ("ours, newer", "2024-05-01T10:00:00.500000Z")
        # And a newer one in another form wins, stored in our form.
        theirs.update(note="theirs, newer", updated_at="2024-05-01T12:00:01+02:00")
        (tmp_path / "theirs.json").write_text(json.dumps(data), encoding="utf-8")
        assert import_paths(ours, [tmp_path / "theirs.json"], annotator="alice").updated == 1
        (got,) = ours.annotations()
        assert (got.note, got.updated_at) == ("theirs, newer", "2024-05-01T10:00:01.000000Z")
