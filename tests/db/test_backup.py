"""`factcheck backup DEST` / `Store.backup`: a consistent copy, also while another program writes; and
migrations back the file up before they upgrade it."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlite_utils import Database

from db import Store, StoreError
from db.migrations import APPLICATION_ID, migrations
from factcheck.cli import main
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from tests.conftest import ARTICLE
from tests.helpers.dbfiles import content_digest, files_digest, finish, integrity, spawn, wait_for
from tests.helpers.review import set_review
from tests.helpers.worker import annotation_from_json


def check_copy(path: Path) -> list[Annotation]:
    """The copy is a factcheck project of its own: integrity ok, every tag whole and valid."""
    assert integrity(path) == "ok"
    with Store.open(path, create=False) as copy:
        anns = copy.annotations(include_deleted=True)
        for ann in anns:
            copy.check_annotation(ann)
        return anns


@pytest.mark.slow
def test_cli_backup_while_another_process_keeps_tagging(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "project.db"
    with Store.open(path) as store:
        doc, _ = store.add_document(Document.create(ARTICLE * 20, title="Roe"))
    worker = spawn("tag", str(path), doc.id, "7")
    try:
        lines = wait_for(worker, "ready")
        copies = []
        for i in range(5):
            # Tags reported saved before the backup started must be in the copy.
            assert worker.stdout is not None
            lines += [worker.stdout.readline().rstrip("\n") for _ in range(10)]
            saved = {annotation_from_json(line).id for line in lines[1:]}
            dest = tmp_path / "backups" / f"copy{i}.db"
            assert main(["--db", str(path), "backup", str(dest)]) == 0
            assert f"Backed up to {dest}" in capsys.readouterr().out
            ids = {a.id for a in check_copy(dest)}
            assert saved <= ids
            copies.append(len(ids))
    finally:
        worker.kill()
        finish(worker)
    assert copies == sorted(copies) and copies[-1] > copies[0]
    assert not list((tmp_path / "backups").glob("*.partial"))


def test_store_backup_while_a_thread_writes_batches(tmp_path: Path, store: Store, document: Document) -> None:
    """A copy taken in the middle of batch imports holds whole batches only."""
    path = store.path
    assert path is not None
    stop = threading.Event()
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            with Store.open(path) as other:
                b = 0
                while not stop.is_set():
                    other.put_annotations(
                        new_annotation(document, i, i + 7, "claim", f"batch{b}") for i in range(0, 100)
                    )
                    b += 1
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        for i in range(5):
            threading.Event().wait(0.05)
            anns = check_copy(store.backup(tmp_path / f"b{i}.db"))
            per_batch: dict[str, int] = {}
            for ann in anns:
                per_batch[ann.annotator] = per_batch.get(ann.annotator, 0) + 1
            assert set(per_batch.values()) <= {100}, per_batch
    finally:
        stop.set()
        thread.join()
    assert not errors


def test_backup_refuses_the_database_itself(db_path: Path, store: Store) -> None:
    before = content_digest(db_path)
    with pytest.raises(StoreError, match="another file"):
        store.backup(db_path)
    assert content_digest(db_path) == before


def test_backup_over_a_stale_partial_file_and_into_a_new_folder(
    tmp_path: Path, store: Store, document: Document
) -> None:
    store.add_annotation(new_annotation(document, 0, 10, "claim", "me"))
    dest = tmp_path / "new" / "folder" / "copy.db"
    dest.parent.mkdir(parents=True)
    dest.with_name("copy.db.partial").write_bytes(b"left by a killed backup" * 100)
    assert store.backup(dest) == dest
    assert len(check_copy(dest)) == 1
    assert not dest.with_name("copy.db.partial").exists()


def test_backup_to_an_impossible_place_says_so_in_one_line(
    tmp_path: Path, db_path: Path, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder", encoding="utf-8")
    dest = blocker / "copy.db"
    with pytest.raises(StoreError, match="Backup to"):
        store.backup(dest)
    assert main(["--db", str(db_path), "backup", str(dest)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def make_old_project(path: Path) -> tuple[str, str]:
    """A project as the first release wrote it: only m001 applied. (document id, annotation id)"""
    with Database(str(path)) as db:
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        migrations.apply(db, stop_before="m002_review")
        with db.atomic():
            db.execute("INSERT INTO labels VALUES ('claim', '#E69F00', '1', 0)")
            db.execute(
                "INSERT INTO documents VALUES ('d1', 'Old', 'old.txt', 'An old claim here.', 'sha', '2024')"
            )
            db.execute(
                'INSERT INTO annotations (id, document_id, label, start, "end", quote, annotator, '
                "created_at, updated_at) VALUES ('a1', 'd1', 'claim', 3, 12, 'old claim', 'me', 't', 't')"
            )
    return "d1", "a1"


def columns(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[1] for row in conn.execute("PRAGMA table_info(annotations)")}
    finally:
        conn.close()


def test_an_upgrade_backs_the_old_file_up_first(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _, ann_id = make_old_project(path)
    old_content = content_digest(path)
    assert "status" not in columns(path)

    with Store.open(path) as store:
        ann = store.annotation(ann_id)
        assert ann is not None and ann.quote == "old claim" and ann.status is None and not ann.orphaned
        set_review(store, ann_id, "accepted", "editor")

    (backup,) = tmp_path.glob("old.db.before-m002_review-*.bak")
    assert integrity(backup) == "ok"
    assert content_digest(backup) == old_content  # the old schema and rows, exactly
    assert "status" not in columns(backup)
    assert "status" in columns(path)
    # Opening again upgrades nothing and backs nothing up.
    Store.open(path).close()
    assert len(list(tmp_path.glob("*.bak"))) == 1


_KILLED_WHILE_TAGGING = """
import os, sys
from db import Store
from factcheck.core.spans import new_annotation
with Store.open(sys.argv[1]) as s:
    doc = s.documents()[0]
    for i in range(50):
        s.add_annotation(new_annotation(doc, 4, 7, "denial", f"u{i}"))
    os.kill(os.getpid(), 9)  # stopped with its -wal full of committed pages
"""


def test_a_backup_over_a_project_left_with_its_wal_is_refused_until_it_was_opened(
    tmp_path: Path, store: Store, document: Document
) -> None:
    """Backing up (or restoring: `--db BACKUP backup PROJECT`) over a project whose program was stopped
    left its -wal beside it, which the next opening played onto the new copy: 'database disk image is
    malformed'."""
    store.add_annotation(new_annotation(document, 0, 10, "claim", "me"))
    dest = tmp_path / "older.db"
    store.backup(dest)
    proc = subprocess.run([sys.executable, "-c", _KILLED_WHILE_TAGGING, str(dest)], check=False)
    assert proc.returncode == -signal.SIGKILL
    wal = dest.with_name(dest.name + "-wal")
    assert wal.stat().st_size > 0
    before = files_digest(dest)
    with pytest.raises(StoreError, match=r"older\.db-(wal|shm) beside it"):
        store.backup(dest)
    assert files_digest(dest) == before and not dest.with_name("older.db.partial").exists()

    Store.open(dest).close()  # opened once and quit: its changes are in it, its -wal gone
    assert store.backup(dest) == dest
    assert [a.annotator for a in check_copy(dest)] == ["me"]


def test_a_backup_over_a_project_another_program_has_open_is_refused(
    tmp_path: Path, store: Store, document: Document
) -> None:
    """A program reading the project (its -wal still empty) kept its connection on the file replaced: its
    next tags went into a -wal then played onto the copy, or were lost."""
    dest = tmp_path / "open.db"
    Store.open(dest).close()
    reader = sqlite3.connect(dest)  # another program, reading only so far
    try:
        assert reader.execute("SELECT count(*) FROM documents").fetchone() == (0,)
        with pytest.raises(StoreError, match=r"says a program has open\.db open"):
            store.backup(dest)
    finally:
        reader.close()
    assert store.backup(dest) == dest
    assert integrity(dest) == "ok"
