"""Two programs on one database: both keep working, a long lock is reported plainly, no write is lost."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import db.annotation_rows
import db.connection
from db import DatabaseBusy, Store, UserFixableError
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from tests.conftest import ARTICLE
from tests.faults import live_connection
from tests.helpers.dbfiles import finish, integrity, spawn, wait_for
from tests.helpers.optional import present
from tests.helpers.worker import annotation_from_json

PER_WORKER = 120


def make_project(path: Path) -> Document:
    with Store.open(path) as store:
        doc, _ = store.add_document(Document.create(ARTICLE * 10, title="Shared article"))
    return doc


def edit_own_tags(db_path: Path, doc: Document) -> dict[str, str]:
    """Each edit reads, then writes: the pattern that a deferred transaction turns into an immediate
    "database is locked" when another program commits in between."""
    mine: dict[str, str] = {}
    with Store.open(db_path) as store:
        for i in range(60):
            ann = store.add_annotation(new_annotation(doc, i, i + 20, "claim", "me", trim_whitespace=False))
            ann = store.update_annotation(ann.id, note=f"edited {i}", label="denial")
            if i % 3 == 0:
                store.delete_annotation(ann.id)
            mine[ann.id] = ann.note
    return mine


@pytest.mark.slow
def test_two_processes_and_this_one_tag_at_once(db_path: Path) -> None:
    doc = make_project(db_path)
    workers = [spawn("tag", str(db_path), doc.id, str(seed), str(PER_WORKER)) for seed in (1, 2)]
    try:
        ready = [wait_for(w, "ready") for w in workers]
        mine = edit_own_tags(db_path, doc)
        outputs = [finish(w, before) for w, before in zip(workers, ready, strict=True)]
    finally:
        for w in workers:
            if w.stdout is not None and not w.stdout.closed:  # the test failed midway
                w.kill()
                finish(w)
    theirs = {}
    for w, (lines, err) in zip(workers, outputs, strict=True):
        assert w.returncode == 0, err
        theirs.update({a.id: a for a in map(annotation_from_json, lines[1:])})
    assert len(theirs) == 2 * PER_WORKER

    assert integrity(db_path) == "ok"
    with Store.open(db_path) as store:
        stored = {a.id: a for a in store.annotations(doc.id, include_deleted=True)}
    assert {k: stored[k] for k in theirs} == theirs
    assert {k: stored[k].note for k in mine} == mine
    assert sum(stored[k].deleted for k in mine) == 20
    assert len(stored) == len(theirs) + len(mine)


def _hold_write_lock(
    path: Path, seconds: float, tag_row: tuple[object, ...] | None, ready: threading.Event
) -> None:
    """Another program's long write transaction (plain sqlite3), committed at the end."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        if tag_row is not None:
            conn.execute(f"INSERT INTO annotations VALUES ({', '.join('?' * len(tag_row))})", tag_row)
        ready.set()
        threading.Event().wait(seconds)
        conn.execute("COMMIT")
    finally:
        conn.close()


def test_a_short_lock_is_waited_out(db_path: Path, store: Store, document: Document) -> None:
    ready = threading.Event()
    other = threading.Thread(target=_hold_write_lock, args=(db_path, 0.3, None, ready))
    other.start()
    try:
        assert ready.wait(10)
        ann = store.add_annotation(new_annotation(document, 0, 8, "claim", "me"))  # waits, then saves
    finally:
        other.join()
    assert store.annotation(ann.id) == ann


def test_a_lock_longer_than_the_timeout_is_reported_and_nothing_is_lost(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = make_project(db_path)
    monkeypatch.setattr(db.connection, "BUSY_TIMEOUT_MS", 100)
    theirs = new_annotation(doc, 0, 8, "claim", "other program")
    mine = new_annotation(doc, 10, 20, "denial", "me")
    with Store.open(db_path) as store:
        ready = threading.Event()
        other = threading.Thread(
            target=_hold_write_lock, args=(db_path, 1.0, db.annotation_rows.annotation_row(theirs), ready)
        )
        other.start()
        try:
            assert ready.wait(10)
            with pytest.raises(DatabaseBusy) as info:
                store.add_annotation(mine)
        finally:
            other.join()
        message = str(info.value)
        assert "busy" in message and "another program" in message and "Try again" in message
        assert "sqlite" not in message.lower() and "\n" not in message
        assert isinstance(info.value, UserFixableError)
        assert not live_connection(store).in_transaction
        # The other program's write landed; retrying ours now works: no write lost.
        assert store.annotation(theirs.id) == theirs
        assert store.annotation(mine.id) is None
        store.add_annotation(mine)
        assert store.annotation(mine.id) == mine


def test_a_lock_held_by_another_process_is_reported(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = make_project(db_path)
    monkeypatch.setattr(db.connection, "BUSY_TIMEOUT_MS", 100)
    holder = spawn("hold", str(db_path), "1.5")
    try:
        before = wait_for(holder, "locked")
        with Store.open(db_path) as store, pytest.raises(DatabaseBusy):
            store.add_annotation(new_annotation(doc, 0, 8, "claim", "me"))
    finally:
        _, err = finish(holder, before)
    assert holder.returncode == 0, err
    with Store.open(db_path) as store:
        store.add_annotation(new_annotation(doc, 0, 8, "claim", "me"))
        assert len(store.annotations(doc.id)) == 1


def test_data_version_tells_another_programs_write(db_path: Path) -> None:
    """What a window polls to notice tags that another process added."""
    doc = make_project(db_path)
    with Store.open(db_path) as watcher, Store.open(db_path) as other:
        seen = watcher.data_version()
        watcher.add_annotation(new_annotation(doc, 0, 8, "claim", "me"))
        assert watcher.data_version() == seen  # its own writes do not count
        other.add_annotation(new_annotation(doc, 10, 20, "claim", "you"))
        assert watcher.data_version() != seen
        assert len(watcher.annotations(doc.id)) == 2


def test_an_edit_that_reads_first_is_not_refused_when_another_program_commits(
    db_path: Path, store: Store, document: Document
) -> None:
    """An action reads, another program commits, the action writes: it must not fail at once.

    (A deferred transaction fails here with SQLITE_BUSY without waiting: its read snapshot is stale.)
    """
    ann = store.add_annotation(new_annotation(document, 0, 8, "claim", "me"))
    theirs = new_annotation(document, 10, 20, "denial", "you")
    errors: list[BaseException] = []

    def other_program() -> None:
        try:
            with Store.open(db_path) as other:
                other.add_annotation(theirs)
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=other_program)
    with store.atomic():
        assert store.annotation(ann.id) is not None  # the read
        thread.start()
        thread.join(0.3)  # the other program commits now, or waits for our write lock
        store.update_annotation(ann.id, note="edited")  # the write
    thread.join()
    assert not errors
    assert present(store.annotation(ann.id)).note == "edited"
    assert store.annotation(theirs.id) == theirs


@pytest.mark.slow
def test_the_cli_imports_while_this_program_keeps_tagging(tmp_path: Path, db_path: Path) -> None:
    """`factcheck import` in another process while a Store is open here and writing."""
    from factcheck.services.exporting import export

    doc = make_project(db_path)
    with Store.open(tmp_path / "teammate.db") as teammate:
        theirs, _ = teammate.add_document(doc)
        teammate.put_annotations(
            new_annotation(theirs, i, i + 15, "characterization", "teammate") for i in range(0, 1500, 3)
        )
        export(teammate, "json", tmp_path / "teammate.json")
    with Store.open(db_path) as store:
        cli = subprocess.Popen(
            [sys.executable, "-m", "factcheck", "--db", str(db_path), "import", "teammate.json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
        )
        mine: list[Annotation] = []
        while cli.poll() is None or len(mine) < 20:
            start = len(mine) * 7 % 1600
            rounds = len(mine) * 7 // 1600  # another name each time round: no identical tag twice
            mine.append(store.add_annotation(new_annotation(doc, start, start + 9, "claim", f"me{rounds}")))
        out, err = cli.communicate()
        assert cli.returncode == 0, err
        assert "added" in out
        stored = {a.id: a for a in store.annotations(doc.id)}
    assert all(stored[a.id] == a for a in mine)
    assert sum(a.annotator == "teammate" for a in stored.values()) == 500
    assert integrity(db_path) == "ok"


def test_polling_data_version_leaves_nothing_alive(db_path: Path) -> None:
    """The window polls every 2 s and at each tag written: a cursor per poll left a weak reference of it
    in the connection (cleared every 200 cursors), blocks alive amid whatever a worker made meanwhile."""
    import tracemalloc

    make_project(db_path)
    with Store.open(db_path) as store:
        store.data_version()
        tracemalloc.start()
        try:
            before = tracemalloc.take_snapshot()
            versions = {store.data_version() for _ in range(150)}
            after = tracemalloc.take_snapshot()
        finally:
            tracemalloc.stop()
    grown = sum(max(0, s.count_diff) for s in after.compare_to(before, "filename")
                if s.traceback[0].filename != tracemalloc.__file__)  # fmt: skip
    assert len(versions) == 1
    assert grown < 10
