"""Documents added many at a time (db/bulk_documents.py): their search rows, written once at the end,
are exactly those the trigger writes row by row, and a rollback leaves neither rows nor a missing
trigger behind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import db.bulk_documents as bulk_documents
from db import Store
from db.bulk_documents import insert_new_document, search_rows_later
from db.search import search_documents
from factcheck.core.model import Document
from tests.helpers.dbfiles import integrity, query

TEXTS = [
    f"Article {n}: the minister said crime fell by {n} percent; word{n} appears here.\n" for n in range(7)
]


def _index(path: Path) -> list[tuple[Any, ...]]:
    """The search index's rows, with their rowids (the order bm25 ties fall in)."""
    return query(path, "SELECT rowid, document_id, title, text FROM document_search ORDER BY rowid")


def _schema(path: Path) -> list[tuple[Any, ...]]:
    return query(path, "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")


def _fts_check(store: Store) -> None:
    """FTS5's own check of its index against what it holds (raises when they differ)."""
    with store.atomic():  # (an INSERT: outside a transaction, sqlite3 would open one and leave it open)
        store._db.conn.execute("INSERT INTO document_search (document_search) VALUES ('integrity-check')")


@pytest.fixture(autouse=True)
def _few(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk_documents, "TRIGGER_DOCUMENTS", 3)  # the first 3 by the trigger, then later


def _docs() -> list[Document]:
    return [Document.create(text, title=f"Title {n}", source=f"a{n}.txt") for n, text in enumerate(TEXTS)]


def test_search_rows_written_at_the_end_are_the_triggers(tmp_path: Path) -> None:
    docs = _docs()
    with Store.open(tmp_path / "one_by_one.db") as reference:
        for doc in docs:
            reference.add_document(doc)
    with Store.open(tmp_path / "bulk.db") as store:
        store.add_document(Document.create("An article of ours, stored before.\n", title="Ours"))
        with store.atomic(), search_rows_later(store) as later:
            for n, doc in enumerate(docs):
                insert_new_document(store, doc)
                later.added()
                trigger = store._db.execute(
                    "SELECT 1 FROM sqlite_master WHERE name = 'document_search_insert'"
                )
                assert (trigger.fetchone() is None) == (n >= 2)  # dropped after the third document
        _fts_check(store)
        for n in range(len(TEXTS)):
            assert [hit.title for hit in search_documents(store, f"word{n}")] == [f"Title {n}"]
        assert search_documents(store, "ours")[0].title == "Ours"
        late = store.add_document(Document.create("Added later: zebra.\n", title="Late"))[0]
        assert [hit.document_id for hit in search_documents(store, "zebra")] == [
            late.id
        ]  # the trigger is back
    bulk_rows = _index(tmp_path / "bulk.db")
    assert bulk_rows[0][2] == "Ours" and bulk_rows[-1][2] == "Late"
    assert [(r[0] - 1, *r[1:]) for r in bulk_rows[1:-1]] == _index(tmp_path / "one_by_one.db")
    assert _schema(tmp_path / "bulk.db") == _schema(tmp_path / "one_by_one.db")
    assert integrity(tmp_path / "bulk.db") == "ok"


def test_documents_changed_or_removed_before_the_end_are_indexed_as_they_end_up(store: Store) -> None:
    docs = _docs()
    with store.atomic(), search_rows_later(store) as later:
        for doc in docs:
            insert_new_document(store, doc)
            later.added()
        store._db.execute("UPDATE documents SET title = 'Renamed' WHERE id = ?", [docs[5].id])
        store._db.execute("DELETE FROM documents WHERE id = ?", [docs[6].id])
        store._db.execute("UPDATE documents SET title = 'Early rename' WHERE id = ?", [docs[0].id])
    _fts_check(store)
    assert [hit.title for hit in search_documents(store, "word5")] == ["Renamed"]
    assert [hit.title for hit in search_documents(store, "word0")] == ["Early rename"]
    assert search_documents(store, "word6") == []
    held = store._db.execute("SELECT count(*) FROM document_search").fetchone()[0]
    assert held == len(docs) - 1


def test_a_rollback_leaves_no_rows_and_the_trigger_in_place(store: Store) -> None:
    assert store.path is not None
    schema = _schema(store.path)
    with pytest.raises(RuntimeError, match="refused"), store.atomic(), search_rows_later(store) as later:
        for doc in _docs():
            insert_new_document(store, doc)
            later.added()
        raise RuntimeError("refused")
    assert store.documents() == [] and _index(store.path) == [] and _schema(store.path) == schema
    assert search_documents(store, "minister") == []
    doc, _ = store.add_document(_docs()[0])
    assert [hit.document_id for hit in search_documents(store, "word0")] == [doc.id]
    _fts_check(store)


def test_a_savepoint_rolled_back_inside_a_committed_transaction(store: Store) -> None:
    """Undone with its savepoint (a refused file) while the import's transaction goes on and commits."""
    docs = _docs()
    with store.atomic():
        store.add_document(docs[0])
        with pytest.raises(RuntimeError), search_rows_later(store) as later:
            for doc in docs[1:]:
                insert_new_document(store, doc)
                later.added()
            raise RuntimeError("refused")
        store.add_document(docs[1])
    assert [d.title for d in store.documents()] == ["Title 0", "Title 1"]
    assert [hit.title for hit in search_documents(store, "minister")] == ["Title 0", "Title 1"]
    _fts_check(store)
