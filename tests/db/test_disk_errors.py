"""A full disk or an I/O error while saving: a plain message, nothing stored half, saving works again.

The full disk is real: `PRAGMA max_page_count` caps the file at its current size, so SQLite itself
fails with SQLITE_FULL; raising the cap is "freeing space". I/O errors are injected through a proxy
connection, since SQLite cannot be made to fail a write on demand.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from db import Store, UserFixableError
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from tests.faults import FailingConnection, live_connection, set_connection
from tests.helpers.dbfiles import content_digest, integrity
from tests.helpers.disks import small_disk

BIG_NOTE = "a note long enough to need new pages " * 800


@contextmanager
def disk_full(store: Store) -> Iterator[None]:
    """The database cannot grow while inside; any write that needs a new page fails with SQLITE_FULL."""
    conn = live_connection(store)  # max_page_count holds for this connection only
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    previous = conn.execute("PRAGMA max_page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA max_page_count = {previous}")


def assert_disk_full_message(error: UserFixableError) -> None:
    message = str(error)
    assert "disk is full" in message and "Free some space" in message and "nothing was saved" in message
    assert "\n" not in message and "sqlite" not in message.lower()


def test_a_tag_saved_on_a_full_disk_is_refused_whole_and_saved_once_space_is_back(
    db_path: Path, store: Store, document: Document
) -> None:
    ann = new_annotation(document, 0, 12, "claim", "me", note=BIG_NOTE)
    before = content_digest(db_path)
    with disk_full(store), pytest.raises(UserFixableError) as info:
        store.add_annotation(ann)
    assert_disk_full_message(info.value)
    assert isinstance(info.value.__cause__, sqlite3.OperationalError)  # a real SQLITE_FULL
    assert not live_connection(store).in_transaction
    assert store.annotation(ann.id) is None
    assert content_digest(db_path) == before
    # The cause is gone: the very same tag (the window keeps it to retry) is saved whole.
    assert store.add_annotation(ann) == ann
    assert store.annotation(ann.id) == ann
    assert integrity(db_path) == "ok"


def test_an_edit_on_a_full_disk_leaves_the_tag_as_it_was(
    db_path: Path, store: Store, document: Document
) -> None:
    ann = store.add_annotation(new_annotation(document, 0, 12, "claim", "me"))
    with disk_full(store), pytest.raises(UserFixableError):
        store.update_annotation(ann.id, label="denial", note=BIG_NOTE)
    assert store.annotation(ann.id) == ann
    edited = store.update_annotation(ann.id, label="denial", note=BIG_NOTE)
    assert store.annotation(ann.id) == edited


def test_an_import_on_a_full_disk_stores_nothing(
    tmp_path: Path, db_path: Path, store: Store, document: Document
) -> None:
    # A teammate's export with many tags on a new article and on ours.
    with Store.open(tmp_path / "teammate.db") as teammate:
        doc, _ = teammate.add_document(Document.create("Another article. " * 400, title="Other"))
        ours, _ = teammate.add_document(document)
        teammate.put_annotations(
            new_annotation(d, i, i + 9, "claim", "teammate", note=f"n{i}")
            for d in (doc, ours)
            for i in range(0, 60, 3)
        )
        export(teammate, "json", tmp_path / "teammate.json")
    before = content_digest(db_path)
    with disk_full(store), pytest.raises(UserFixableError) as info:
        import_paths(store, [tmp_path / "teammate.json"], annotator="me")
    assert_disk_full_message(info.value)
    assert content_digest(db_path) == before
    report = import_paths(store, [tmp_path / "teammate.json"], annotator="me")
    assert report.added == 40
    assert len(store.annotations()) == 40


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (sqlite3.OperationalError("disk I/O error"), "I/O error"),
        (sqlite3.OperationalError("database or disk is full"), "disk is full"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "read-only"),
    ],
)
def test_an_injected_write_error_is_told_plainly_and_saving_works_again(
    db_path: Path, store: Store, document: Document, error: sqlite3.Error, words: str
) -> None:
    proxy = FailingConnection(live_connection(store), error)
    set_connection(store, proxy)
    before = content_digest(db_path)
    tags = [new_annotation(document, i, i + 5, "denial", "me") for i in range(0, 30, 6)]
    with pytest.raises(UserFixableError) as info:
        store.add_annotation(tags[0])
    assert words in str(info.value)
    with pytest.raises(UserFixableError):
        store.put_annotations(tags)
    assert not proxy.in_transaction
    assert content_digest(db_path) == before
    proxy.error = None
    store.put_annotations(tags)
    assert [a.id for a in store.annotations(document.id)] == [a.id for a in tags]


def test_the_cli_says_the_disk_is_full_in_one_line(
    tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from factcheck.cli import main

    article = tmp_path / "article.txt"
    article.write_text("A claim that needs saving. " * 50, encoding="utf-8")
    Store.open(db_path).close()
    before = content_digest(db_path)
    real_open = Store.open

    def open_on_full_disk(*args: Any, **kwargs: Any) -> Store:
        store = real_open(*args, **kwargs)
        full = sqlite3.OperationalError("database or disk is full")
        set_connection(store, FailingConnection(live_connection(store), full))
        return store

    monkeypatch.setattr(Store, "open", open_on_full_disk)
    assert main(["--db", str(db_path), "import", str(article)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "disk is full" in err and "Traceback" not in err
    assert content_digest(db_path) == before


def test_a_project_opened_on_a_really_full_disk_says_the_disk_is_full(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "1m") as disk:
        project = disk / "project.db"
        with Store.open(project) as store:
            store.add_document(Document.create("Officials said the bridge is safe.", title="B"))
        filler = disk / "filler"
        with contextlib.suppress(OSError), filler.open("wb") as fh:
            while True:  # until the disk is full
                fh.write(b"x" * 4096)
                fh.flush()
        # No room for the -shm file: SQLite says "disk I/O error", which sent people to check the drive.
        with pytest.raises(UserFixableError, match="disk is full"):
            Store.open(project)
        filler.unlink()  # space freed: it opens, whole
        with Store.open(project) as store:
            assert [d.title for d in store.documents()] == ["B"]
