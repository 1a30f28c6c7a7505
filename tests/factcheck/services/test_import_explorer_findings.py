"""What the import explorer (import_explorer.py) found, each replayed small: a damaged file that crashed
the import instead of being refused in one line with the project unchanged."""

from __future__ import annotations

import shutil
import tracemalloc
from pathlib import Path

import pytest

from db import Store, attribution, links
from factcheck.cli import main
from factcheck.core.errors import ImportRefused
from factcheck.core.links import new_link
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from factcheck.services import labels
from factcheck.services.exporting import export
from factcheck.services.formats import jsonl_format
from factcheck.services.formats.brat_names import DOCUMENTS_FILE
from factcheck.services.importing import import_paths
from tests.factcheck.services.brat_helpers import CORPUS
from tests.helpers.dbfiles import content_digest


def refused_in_one_line(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> str:
    before = content_digest(db)
    assert main(["--db", str(db), "--annotator", "bea", "import", *args]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("factcheck: ") and err.count("\n") == 1, err
    assert content_digest(db) == before
    return err


def test_a_brat_documents_file_nested_deep_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Seed 501, case 552: brackets nested 1000 deep in factcheck-documents.json raised RecursionError."""
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    deep = "[" * 100_000 + "]" * 100_000
    (folder / DOCUMENTS_FILE).write_text('{"format": ' + deep + "}", encoding="utf-8")
    db = tmp_path / "p.db"
    main(["--db", str(db), "list"])
    capsys.readouterr()
    err = refused_in_one_line(capsys, db, str(folder))
    assert DOCUMENTS_FILE in err


def test_a_brat_documents_file_with_a_number_too_long_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    (folder / DOCUMENTS_FILE).write_text('{"version": ' + "9" * 5000 + "}", encoding="utf-8")
    db = tmp_path / "p.db"
    main(["--db", str(db), "list"])
    capsys.readouterr()
    err = refused_in_one_line(capsys, db, str(folder))
    assert DOCUMENTS_FILE in err


def test_a_jsonl_line_without_end_is_refused_without_reading_it_whole(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A JSONL file of NUL bytes with no line break (a sparse file, a disk image renamed): its one line
    was read whole (near 2 GB of memory at the 2 GB input limit, twice that decoded). Now a line longer
    than any tag's is refused once its limit is read."""
    monkeypatch.setattr(jsonl_format, "MAX_LINE_BYTES", 1 << 20, raising=False)
    path = tmp_path / "image.jsonl"
    with path.open("wb") as fh:
        fh.truncate(64 << 20)  # sparse: 64 MiB of NUL bytes, no line break
    before = content_digest(store.path) if store.path else ""
    tracemalloc.start()
    try:
        with pytest.raises(ImportRefused) as refused:
            import_paths(store, [path])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 << 20, peak
    message = str(refused.value)
    assert "image.jsonl" in message and "line 1" in message and "longer" in message, message
    assert content_digest(store.path) == before if store.path else True


def test_adding_labels_reads_no_line_whole_either(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--add-labels looks for the labels a JSONL file uses before importing it: the same limit."""
    monkeypatch.setattr(jsonl_format, "MAX_LINE_BYTES", 1 << 20, raising=False)
    monkeypatch.setattr(labels, "MAX_LINE_BYTES", 1 << 20, raising=False)
    path = tmp_path / "image.jsonl"
    with path.open("wb") as fh:
        fh.truncate(64 << 20)
    tracemalloc.start()
    try:
        assert labels.missing_labels(store, [path]) == []
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 << 20, peak


def own_project(store: Store) -> None:
    """alice's attributed claim and a denial linked to it."""
    doc, _ = store.add_document(Document.create(BRAT_TEXT, title="Marsh", source="marsh.txt"))

    def tag(words: str, label: str) -> Annotation:
        start = doc.text.index(words)
        return store.add_annotation(new_annotation(doc, start, start + len(words), label, "alice"), doc.text)

    source, cue = tag("Mayor Helena Marsh", "source"), tag("said", "cue")
    claim = tag("ridership had more than doubled", "claim")
    attribution.set_attribution(store, claim.id, source=source.id, cue=cue.id, quotation="indirect")
    denial = tag("has never published any number", "denial")
    links.add_link(store, new_link(doc.id, "denies", denial.id, claim.id, "alice"))


BRAT_TEXT = (
    "Mayor Helena Marsh said ridership had more than doubled. The agency has never published any number.\n"
)


def test_our_own_brat_export_imported_back_makes_no_second_identical_tag(
    store: Store, tmp_path: Path
) -> None:
    """Window sessions, seed 103: bob's brat folder imported by alice made a second tag identical to each
    of hers (brat tags are the importer's, with ids of their own); the store refuses such twins on every
    other path (core.duplicates). Now a brat tag identical to a live one of the project is that tag."""
    own_project(store)
    export(store, "brat", tmp_path / "brat")
    tags = {(t.id, t.label, t.start, t.end, t.source, t.cue) for t in store.annotations()}
    made = {(lk.type, lk.from_id, lk.to_id) for lk in links.links(store)}
    report = import_paths(store, [tmp_path / "brat"], annotator="alice")
    assert {(t.id, t.label, t.start, t.end, t.source, t.cue) for t in store.annotations()} == tags
    assert {(lk.type, lk.from_id, lk.to_id) for lk in links.links(store)} == made
    assert len(links.links(store)) == 1
    assert report.added == 0 and report.unchanged == 4, report.summary()
    # Another annotator's import of the same files is theirs: four tags of carol's and her link.
    import_paths(store, [tmp_path / "brat"], annotator="carol")
    assert sum(t.annotator == "carol" for t in store.annotations()) == 4
    assert len(links.links(store)) == 2
