"""A file from a project whose sync dropped our tag as identical to an older copy holds our tag as a
tombstone and the copy live: merging it stores the copy (services.merge_twins), rather than reading it as
our tag and then tombstoning that one, which lost the tag."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from db import Store
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths

TEXT = "Mayor Helena Marsh said ridership had more than doubled.\n"
WORDS = "ridership had more than doubled"


@pytest.mark.parametrize("fmt", ["json", "database"])
def test_our_tag_dropped_in_the_file_for_an_identical_copy_leaves_the_copy_live(
    tmp_path: Path, fmt: str
) -> None:
    with Store.open(tmp_path / "ours.db") as ours, Store.open(tmp_path / "theirs.db") as theirs:
        doc, _ = ours.add_document(Document.create(TEXT, title="Marsh", source="marsh.txt"))
        start = TEXT.index(WORDS)
        mine = ours.add_annotation(new_annotation(doc, start, start + len(WORDS), "claim", "alice"), TEXT)
        export(ours, "json", tmp_path / "ours.json")
        import_paths(theirs, [tmp_path / "ours.json"], annotator="alice")
        theirs.delete_annotation(mine.id)  # their sync kept the copy made first on alice's laptop
        copy = new_annotation(doc, start, start + len(WORDS), "claim", "alice")
        copy = theirs.add_annotation(replace(copy, created_at="2026-01-01T00:00:00.000000Z"), TEXT)
        path = tmp_path / "theirs.db"  # a teammate's database, or its project export
        if fmt == "json":
            path = tmp_path / "theirs.json"
            export(theirs, "json", path)
        dropped = theirs.annotation(mine.id)

        report = import_paths(ours, [path], annotator="alice")

        assert (report.added, report.deleted, report.already_here) == (1, 1, 0)
        assert ours.annotation(mine.id) == dropped
        assert ours.annotation(copy.id) == copy
        assert [t.id for t in ours.annotations(doc.id)] == [copy.id]
        again = import_paths(ours, [path], annotator="alice")
        assert (again.added, again.deleted, again.already_here) == (0, 0, 0)
        assert [t.id for t in ours.annotations(doc.id)] == [copy.id]
