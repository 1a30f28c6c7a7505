"""An operation's `after` step (an import's WAL checkpoint) runs on the worker once the window has been
told the result: the window does not wait for it, the next operation waits for it to end, and a real
import's checkpoint is done by the time its worker has ended (the database file holds the tags)."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.exporting import export
from tests.conftest import ARTICLE
from ui.operations import Operation, Operations, Outcome
from ui.project import ProjectModel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

TIMEOUT_S = 10


def test_the_window_is_told_before_the_after_step_ends(qtbot: QtBot, db_path: Path) -> None:
    Store.open(db_path).close()
    store = Store.open(db_path)
    owner = QObject()
    operations = Operations(owner)
    release, running, ended = threading.Event(), threading.Event(), threading.Event()
    told: list[object] = []

    def after(_store: Store) -> None:
        running.set()
        assert release.wait(TIMEOUT_S), "the test never let the step end"
        ended.set()

    op = Operation("Import", "Importing…", lambda _store, _progress: 42, writes=True, after=after)
    job = operations.start(op, store)
    job.succeeded.connect(told.append)
    qtbot.waitUntil(lambda: told == [42], timeout=TIMEOUT_S * 1000)
    assert running.is_set() and not ended.is_set()  # told while the step still runs
    assert operations.current() is None and job.outcome is Outcome.DONE
    # The next operation starts once the step has ended (it is joined, not refused as busy).
    release.set()
    second: list[object] = []
    job2 = operations.start(Operation("Export", "Exporting…", lambda _store, _progress: 7), store)
    assert ended.is_set()
    job2.succeeded.connect(second.append)
    qtbot.waitUntil(lambda: second == [7], timeout=TIMEOUT_S * 1000)
    operations.shutdown()
    store.close()


def test_a_failed_job_runs_no_after_step(qtbot: QtBot, db_path: Path) -> None:
    Store.open(db_path).close()
    store = Store.open(db_path)
    owner = QObject()  # (kept: the operations are its child)
    operations = Operations(owner)
    ran: list[str] = []

    def fail(_store: Store, _progress: object) -> int:
        raise sqlite3.OperationalError("a bug")

    failed: list[str] = []
    op = Operation("Import", "Importing…", fail, after=lambda _store: ran.append("after"))
    job = operations.start(op, store)
    job.failed.connect(failed.append)
    qtbot.waitUntil(lambda: operations.current() is None, timeout=TIMEOUT_S * 1000)
    operations.shutdown()
    assert failed and ran == []
    store.close()


def test_shutting_down_during_the_after_step_waits_for_it(qtbot: QtBot, db_path: Path) -> None:
    Store.open(db_path).close()
    store = Store.open(db_path)
    owner = QObject()  # (kept: the operations are its child)
    operations = Operations(owner)
    ended = threading.Event()

    def after(_store: Store) -> None:
        threading.Event().wait(0.2)
        ended.set()

    operations.start(Operation("Import", "Importing…", lambda _s, _p: 1, after=after), store)
    qtbot.waitUntil(lambda: operations.current() is None, timeout=TIMEOUT_S * 1000)
    operations.shutdown()
    assert ended.is_set()
    store.close()


def test_an_import_s_checkpoint_is_done_when_its_worker_has_ended(
    qtbot: QtBot, db_path: Path, tmp_path: Path
) -> None:
    theirs = Store.open(tmp_path / "theirs.db")
    doc, _ = theirs.add_document(Document.create(ARTICLE, title="Roe", source="roe.txt"))
    theirs.put_annotations(
        new_annotation(doc, i % 50, i % 50 + 6, "claim", f"teammate{i}") for i in range(3000)
    )
    export(theirs, "json", tmp_path / "theirs.json")
    theirs.close()
    assert len(json.loads((tmp_path / "theirs.json").read_text())["documents"][0]["annotations"]) == 3000
    Store.open(db_path).close()
    size = db_path.stat().st_size
    model = ProjectModel(Store.open(db_path))
    reports: list[object] = []
    job = model.import_files([tmp_path / "theirs.json"], "bob")
    job.succeeded.connect(reports.append)
    qtbot.waitUntil(lambda: model.operations.current() is None, timeout=TIMEOUT_S * 1000)
    assert len(reports) == 1
    model.operations.shutdown()  # joins the worker: its checkpoint is done
    assert db_path.stat().st_size > size + 3000 * 200  # the tags are in the database file itself
    (threshold,) = model._store._db.conn.execute("PRAGMA wal_autocheckpoint").fetchone()
    assert threshold == 1000  # the window's own connection checkpoints as ever
    model.close()
