"""A commit inside `checkpoint_later` leaves the WAL checkpoint to `checkpoint`: the database file is not
written by the commit, yet every reader has the whole transaction at once; `checkpoint` then copies it,
and the connection's own threshold is back after (after a refusal too)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from db import Store
from db.checkpoint import checkpoint, checkpoint_later
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.conftest import ARTICLE

#: A small threshold (pages): a few hundred tags take the WAL past it, as a big import takes 1,000.
THRESHOLD = 8


def _tags(store: Store, n: int, prefix: str) -> int:
    doc = store.documents()[0]
    anns = [new_annotation(doc, i % 40, i % 40 + 5, "claim", f"{prefix}{i}") for i in range(n)]
    return store.put_annotations(anns)


def _count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM annotations").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def project(db_path: Path) -> Store:
    store = Store.open(db_path)
    store.add_document(Document.create(ARTICLE, title="Roe", source="roe.txt"))
    store._db.conn.execute(f"PRAGMA wal_autocheckpoint = {THRESHOLD}")
    store._db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return store


def test_the_commit_leaves_the_checkpoint_to_checkpoint(project: Store, db_path: Path) -> None:
    size = db_path.stat().st_size
    with checkpoint_later(project):
        assert _tags(project, 400, "a") == 400
    assert db_path.stat().st_size == size  # nothing copied into the file yet...
    assert _count(db_path) == 400  # ...yet committed whole: another connection has every tag
    checkpoint(project)
    assert db_path.stat().st_size > size
    (threshold,) = project._db.conn.execute("PRAGMA wal_autocheckpoint").fetchone()
    assert threshold == THRESHOLD
    project.close()
    assert _count(db_path) == 400


def test_without_it_the_commit_checkpoints(project: Store, db_path: Path) -> None:
    size = db_path.stat().st_size
    _tags(project, 400, "a")
    assert db_path.stat().st_size > size
    project.close()


def test_the_threshold_is_back_after_a_refusal_and_nothing_is_stored(project: Store, db_path: Path) -> None:
    with pytest.raises(RuntimeError), checkpoint_later(project), project.atomic():
        _tags(project, 400, "a")
        raise RuntimeError("refused midway")
    (threshold,) = project._db.conn.execute("PRAGMA wal_autocheckpoint").fetchone()
    assert threshold == THRESHOLD
    assert _count(db_path) == 0
    project.close()


def test_inside_a_transaction_or_in_memory_nothing_changes(project: Store) -> None:
    with project.atomic(), checkpoint_later(project):
        (threshold,) = project._db.conn.execute("PRAGMA wal_autocheckpoint").fetchone()
        assert threshold == THRESHOLD  # the commit is the outer transaction's: its rules
    project.close()
    memory = Store.memory()
    with checkpoint_later(memory):
        memory.add_document(Document.create(ARTICLE, title="Roe", source="roe.txt"))
    checkpoint(memory)
    assert len(memory.documents()) == 1
    memory.close()
