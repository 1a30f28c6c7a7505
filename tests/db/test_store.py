from __future__ import annotations

import gc
import sqlite3
import tracemalloc
from dataclasses import replace
from pathlib import Path

import pytest

from db import NewerDatabase, NotAFactcheckDatabase, Store, StoreError
from db.migrations import APPLICATION_ID
from factcheck.core.errors import InvalidSpan, UnknownLabel
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.conftest import ARTICLE
from tests.faults import live_connection
from tests.helpers.dbfiles import execute
from tests.helpers.review import set_review


def test_new_database_has_pragmas_labels_and_indexes(store: Store) -> None:
    conn = live_connection(store)  # synchronous, foreign_keys, busy_timeout: per connection
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert [lab.name for lab in store.labels()] == ["claim", "denial", "characterization", "source", "cue"]
    assert [lab.shortcut for lab in store.labels()] == ["1", "2", "3", "4", "5"]
    assert [lab.role for lab in store.labels()] == ["content", "content", "content", "source", "cue"]
    indexes = {r[1] for r in conn.execute("PRAGMA index_list(annotations)")}
    assert {"idx_annotations_document_start", "idx_annotations_annotator", "idx_annotations_label"} <= indexes
    plan = " ".join(
        str(r[3])
        for r in conn.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM annotations WHERE document_id = ? ORDER BY start", ["x"]
        )
    )
    assert "idx_annotations_document_start" in plan


def test_same_text_twice_is_one_document(store: Store, document: Document) -> None:
    again, created = store.add_document(Document.create(document.text.replace("\n", "\r\n"), title="x"))
    assert not created and again.id == document.id
    assert len(store.documents()) == 1


def test_same_text_added_meanwhile_by_another_program(
    db_path: Path, store: Store, document: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program stores the same article between our look-up and our insert: one document, no
    unique-constraint failure."""
    with Store.open(db_path) as other:
        looked: list[str] = []
        lookup = other.document_by_sha256

        def missed_once(sha256: str) -> Document | None:
            looked.append(sha256)
            return None if len(looked) == 1 else lookup(sha256)

        monkeypatch.setattr(other, "document_by_sha256", missed_once)
        again, created = other.add_document(Document.create(document.text, title="Copy"))
    assert not created and again == document
    assert len(store.documents()) == 1


def test_annotation_after_emoji_survives_reopening(db_path: Path, store: Store, document: Document) -> None:
    start = document.text.index("that crime")
    ann = store.add_annotation(new_annotation(document, start, start + 10, "claim", "ann"))
    store.close()
    with Store.open(db_path) as reopened:
        (got,) = reopened.annotations(document.id)
        assert got == ann
        assert reopened.document(document.id).text[got.start : got.end] == "that crime"


def test_overlapping_and_nested_spans_are_kept(store: Store, document: Document) -> None:
    outer = new_annotation(document, 0, 60, "claim", "a")
    inner = new_annotation(document, 9, 17, "denial", "a")
    overlap = new_annotation(document, 50, 90, "characterization", "b")
    for ann in (outer, inner, overlap):
        store.add_annotation(ann)
    assert [a.id for a in store.annotations(document.id)] == [outer.id, inner.id, overlap.id]
    assert [a.id for a in store.annotations(label="denial")] == [inner.id]
    assert [a.id for a in store.annotations(annotator="b")] == [overlap.id]


def test_refused_annotations_change_nothing(store: Store, document: Document) -> None:
    good = new_annotation(document, 0, 8, "claim", "a")
    with pytest.raises(UnknownLabel):
        store.add_annotation(replace(good, label="opinion"))
    with pytest.raises(InvalidSpan):
        store.add_annotation(replace(good, end=len(document.text) + 5))
    with pytest.raises(InvalidSpan, match="quote"):
        store.add_annotation(replace(good, quote="Something else"))
    assert store.annotations(include_deleted=True) == []


def test_update_delete_restore_and_review(store: Store, document: Document) -> None:
    ann = store.add_annotation(new_annotation(document, 0, 8, "claim", "a"))
    changed = store.update_annotation(ann.id, label="denial", note="check this")
    assert (changed.label, changed.note) == ("denial", "check this")
    assert changed.updated_at > ann.updated_at
    moved = store.update_annotation(ann.id, span=(9, 17))
    assert moved.quote == document.text[9:17] and moved.prefix == document.text[:9]
    deleted = store.delete_annotation(ann.id)
    assert deleted.deleted and store.annotations(document.id) == []
    assert store.annotation(ann.id) == deleted  # tombstone kept
    restored = store.restore_annotation(ann.id)
    assert not restored.deleted and len(store.annotations(document.id)) == 1
    reviewed = set_review(store, ann.id, "rejected", "rev", "not a claim")
    assert (reviewed.status, reviewed.reviewer, reviewed.reason) == ("rejected", "rev", "not a claim")


def test_atomic_rolls_back_everything(store: Store, document: Document) -> None:
    with pytest.raises(RuntimeError), store.atomic():
        store.add_annotation(new_annotation(document, 0, 8, "claim", "a"))
        raise RuntimeError("boom")
    assert store.annotations(include_deleted=True) == []


def test_summaries_count_per_label_and_annotator(store: Store, document: Document) -> None:
    store.add_annotation(new_annotation(document, 0, 8, "claim", "a"))
    store.add_annotation(new_annotation(document, 9, 17, "claim", "b"))
    gone = store.add_annotation(new_annotation(document, 20, 30, "denial", "b"))
    store.delete_annotation(gone.id)
    (summary,) = store.document_summaries()
    assert summary.by_label == {"claim": 2}
    assert summary.by_annotator == {"a": 1, "b": 1}
    assert summary.total == 2 and summary.length == len(document.text)


def test_document_ids_and_fingerprints_follow_every_write(store: Store, document: Document) -> None:
    other, _ = store.add_document(Document.create("Another article.", title="Zed, later"))
    assert store.document_ids() == [d.id for d in store.documents()] == [document.id, other.id]
    assert store.annotation_fingerprints() == {}
    ann = store.add_annotation(new_annotation(document, 0, 8, "claim", "alice"))
    assert store.annotation_fingerprints() == {document.id: (1, ann.updated_at)}
    gone = store.delete_annotation(ann.id)  # a tombstone still counts: the view must redraw
    assert store.annotation_fingerprints() == {document.id: (1, gone.updated_at)}
    assert gone.updated_at >= ann.updated_at


def test_foreign_sqlite_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotAFactcheckDatabase, match="another program"):
        Store.open(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


def test_text_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("just some notes\n", encoding="utf-8")
    with pytest.raises(NotAFactcheckDatabase, match="not an SQLite file"):
        Store.open(path)
    assert path.read_text(encoding="utf-8") == "just some notes\n"


def test_newer_schema_is_refused(db_path: Path, store: Store) -> None:
    execute(
        db_path,
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('factcheck', 'm999', 'x')",
    )
    store.close()
    with pytest.raises(NewerDatabase, match="newer version"):
        Store.open(db_path)


def test_curated_mark_set_replaced_cleared_and_gone_with_its_document(store: Store) -> None:
    doc, _ = store.add_document(Document.create("An article to curate.\n", title="C"))
    assert store.curated_documents() == {}
    store.set_curated(doc.id, ("rita", "2026-01-01T00:00:00.000000Z"))
    assert store.curated_documents() == {doc.id: ("rita", "2026-01-01T00:00:00.000000Z")}
    store.set_curated(doc.id, ("sam", "2026-01-02T00:00:00.000000Z"))
    assert store.curated_documents()[doc.id][0] == "sam"
    store.set_curated(doc.id, None)
    assert store.curated_documents() == {}
    with pytest.raises(StoreError):
        store.set_curated("no-such-document", ("rita", "2026-01-01T00:00:00.000000Z"))
    store.set_curated(doc.id, ("rita", "2026-01-01T00:00:00.000000Z"))
    store._db.execute("DELETE FROM documents WHERE id = ?", [doc.id])
    assert store.curated_documents() == {}


def test_a_documents_tags_share_one_str_per_document_label_and_annotator(db_path: Path) -> None:
    """sqlite3 makes a str per row and column: a 50k-tag article held 150k copies of its id, labels and
    annotators, kept while it is open. Read together, equal values are one str; the tags are the same."""
    with Store.open(db_path) as writer:
        doc, _ = writer.add_document(Document.create(ARTICLE * 20, title="Shared values"))
        writer.put_annotations(
            new_annotation(doc, i, i + 4, ("claim", "source")[i % 2], ("ana", "ben")[i % 3 == 0])
            for i in range(0, 400, 5)
        )
    with Store.open(db_path) as reader:
        tags = reader.annotations(doc.id)
        again = reader.annotations(doc.id)
    assert tags == again and len(tags) == 80
    assert len({id(t.document_id) for t in tags}) == 1
    assert len({id(t.label) for t in tags}) == 2
    assert len({id(t.annotator) for t in tags}) == 2
    assert len({id(t.id) for t in tags}) == 80


def test_tags_read_share_one_empty_extra_and_a_never_edited_tags_stamps(db_path: Path) -> None:
    """A 50k-tag article's load held an empty dict per tag for its extra fields and two equal stamps per
    tag never edited (7 MB and 100k blocks kept while it is open): one dict for all, one str for both.
    The tags are the same (an edited tag's stamps differ) and fewer blocks stay alive per tag read."""
    with Store.open(db_path) as writer:
        doc, _ = writer.add_document(Document.create(ARTICLE * 20, title="Few blocks"))
        made = [new_annotation(doc, i, i + 4, "claim", "ana") for i in range(0, 2000, 5)]
        writer.put_annotations(made)
        edited = replace(made[0], label="source", updated_at="2099-01-01T00:00:00.000000Z")
        writer.put_annotations([edited])
    with Store.open(db_path) as reader:
        reader.annotations(doc.id)  # (what a first read makes once: the statement's cache)
        gc.collect()
        tracemalloc.start()
        try:
            before = len(tracemalloc.take_snapshot().traces)
            tags = reader.annotations(doc.id)
            gc.collect()
            alive = len(tracemalloc.take_snapshot().traces) - before
        finally:
            tracemalloc.stop()
        one = reader.annotation(made[1].id)
    assert tags == [edited, *made[1:]] and one == made[1]
    assert len({id(t.extra) for t in tags}) == 1 and tags[0].extra == {}
    assert all(t.updated_at is t.created_at for t in tags[1:]) and one is not None
    assert one.updated_at is one.created_at
    assert tags[0].updated_at == "2099-01-01T00:00:00.000000Z" != tags[0].created_at
    # the Annotation and its values, 5 strs (id, quote, prefix, suffix, stamp), 2 ints (8.8); was 10.8
    assert alive / len(tags) < 9.5, alive / len(tags)
