"""Renaming and removing documents on a real project file: removal is whole, undoable, and a removed
document stays out of later merges; importing the article itself again brings it back."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import Store
from db import links as link_store
from db.documents import (
    forget_removal,
    is_removed,
    remove_document,
    removed_documents,
    rename_document,
    restore_document,
)
from db.errors import StoreError
from db.labels import rename_label
from factcheck.core.decisions import decided
from factcheck.core.links import new_link
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths


def _tag(store: Store, doc: Document, word: str, annotator: str = "ana") -> str:
    start = doc.text.index(word)
    return store.add_annotation(new_annotation(doc, start, start + len(word), "claim", annotator)).id


def test_rename_keeps_text_and_tags_and_refuses_an_empty_title(store: Store, document: Document) -> None:
    tag = _tag(store, document, "Minister")
    renamed = rename_document(store, document.id, "  Roe:\n crime   figures ")
    assert renamed.title == "Roe: crime figures"
    assert store.document(document.id).title == "Roe: crime figures"
    assert store.document(document.id).text == document.text
    assert store.annotation(tag) is not None
    with pytest.raises(StoreError, match="cannot be empty"):
        rename_document(store, document.id, " \n ")
    assert store.document(document.id).title == "Roe: crime figures"


def test_remove_then_restore_gives_back_everything(db_path: Path, store: Store, document: Document) -> None:
    kept = _tag(store, document, "Minister")
    gone = _tag(store, document, "Critics", "ben")
    link_store.add_link(store, new_link(document.id, "same_claim", kept, _tag(store, document, "Roe"), "ana"))
    link_store.add_link(store, new_link(document.id, "denies", gone, kept, "ben"))
    store.delete_annotation(gone)
    reviewed = decided(store.annotation(kept), "accepted", "rev", "")  # type: ignore[arg-type]
    store.put_annotation(reviewed)
    store.set_curated(document.id, ("rev", "2026-01-01T00:00:00.000000Z"))
    before = store.annotations(document.id, include_deleted=True)
    links_before = link_store.links(store, document.id, include_deleted=True)
    assert len(links_before) == 2  # one joining a deleted tag

    removed = remove_document(store, document.id, "ana")
    assert store.documents() == [] and store.annotations(include_deleted=True) == []
    assert is_removed(store, document.sha256)
    assert removed_documents(store)[0][:3] == (document.id, "Roe on crime", "roe.txt")

    restore_document(store, removed)
    store.close()
    with Store.open(db_path) as again:  # the file itself holds it all again
        assert again.document(document.id) == document
        assert again.annotations(document.id, include_deleted=True) == before
        assert link_store.links(again, document.id, include_deleted=True) == links_before
        assert again.curated_documents()[document.id][0] == "rev"
        assert not is_removed(again, document.sha256)


def test_a_removed_document_does_not_come_back_with_a_teammates_work(
    tmp_path: Path, store: Store, document: Document
) -> None:
    teammate = Store.open(tmp_path / "ben.db")
    theirs, _ = teammate.add_document(document)
    _tag(teammate, theirs, "Critics", "ben")
    other, _ = teammate.add_document(Document.create("Another article entirely.", title="Other"))
    _tag(teammate, other, "article", "ben")
    teammate.close()
    export_file = tmp_path / "ben.json"
    with Store.open(tmp_path / "ben.db") as again:
        export(again, "json", export_file)

    remove_document(store, document.id, "ana")
    for source in (tmp_path / "ben.db", export_file):
        report = import_paths(store, [source])
        assert [d.title for d in store.documents()] == ["Other"]
        assert any("was removed from this project" in note for f in report.files for note in f.notes)
    assert {a.annotator for a in store.annotations()} == {"ben"}
    assert len(store.annotations()) == 1  # only the tag on "Other"


def test_importing_the_article_file_again_brings_it_back(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "roe.txt"
    path.write_text("Roe said crime fell.\n", encoding="utf-8")
    import_paths(store, [path])
    (doc,) = store.documents()
    remove_document(store, doc.id, "ana")
    import_paths(store, [path])
    assert [d.sha256 for d in store.documents()] == [doc.sha256]
    assert not is_removed(store, doc.sha256)


def test_forget_removal_and_unknown_ids(store: Store, document: Document) -> None:
    with pytest.raises(StoreError, match="no document"):
        remove_document(store, "nope", "ana")
    removed = remove_document(store, document.id, "ana")
    forget_removal(store, document.sha256)
    assert not is_removed(store, document.sha256)
    restore_document(store, removed)
    with pytest.raises(StoreError, match="again already"):
        restore_document(store, removed)


def test_rename_refuses_control_characters(store: Store, document: Document) -> None:
    for title in ("Bad\x1b[2J title", "Roe t\u202eitle", "Roe\u200bcrime"):
        with pytest.raises(StoreError, match="cannot hold control characters"):
            rename_document(store, document.id, title)
    assert store.document(document.id).title == "Roe on crime"


def test_a_stored_title_holds_no_control_characters(store: Store) -> None:
    # Whatever file it came from: every import adds its documents through the store.
    doc, _ = store.add_document(Document.create("Other text.", title="Esc\x1b[31m red t\u202eitle"))
    assert doc.title == "Esc [31m red title"
    assert store.document(doc.id).title == "Esc [31m red title"


def test_labels_renamed_by_another_program_are_read_again(db_path: Path, store: Store) -> None:
    assert "claim" in {lab.name for lab in store.labels()}  # read once: cached
    with Store.open(db_path) as other:
        rename_label(other, "claim", "assertion")
    names = {lab.name for lab in store.labels()}
    assert "assertion" in names and "claim" not in names
