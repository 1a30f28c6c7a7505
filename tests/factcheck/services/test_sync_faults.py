"""A sync killed (kill -9) or cut off (the server stopped) in the middle of a push or a pull: the server
and the project each stay consistent, and the next sync completes."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest

from db import Store
from db.pg_schema import WRITE_LOCK
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import annotation_at
from factcheck.services.sync import ServerUnreachable, pending_changes, sync
from tests.factcheck.services.sync_support import project
from tests.helpers.dbfiles import integrity
from tests.pg import Team

WORKER = Path(__file__).resolve().parents[2] / "helpers" / "sync_worker.py"
#: Enough tags for a push or pull to last a good part of a second here.
TAGS = 20_000


def _many_tags(store: Store, annotator: str, prefix: str = "") -> None:
    """TAGS tags of annotator, no two alike (identical tags under two ids are one for the team, which
    drops all but one: services.sync_twins), on a document of their own whose text names prefix (another
    document, so other tags, for each prefix)."""
    head = f"{prefix}{annotator}\n"
    doc, _ = store.add_document(
        Document.create(head + " ".join(f"w{i:05d}" for i in range(TAGS)) + "\n", title=f"Many {prefix}")
    )
    now = "2026-01-01T00:00:00.000000Z"
    anns: list[Annotation] = []
    for i in range(TAGS):
        start = len(head) + 7 * i
        anns.append(
            annotation_at(
                doc, start, start + 6, "claim", annotator, id=f"{prefix}{annotator}-{i:06d}", now=now
            )
        )
    store.put_annotations(anns)


def _server_count(team: Team) -> int:
    with team.server.admin(team.database) as conn:
        row = conn.execute("SELECT count(*) FROM factcheck.annotations").fetchone()
    assert row is not None
    return int(row[0])


def _local_count(path: Path) -> int:
    with Store.open(path) as store:
        return len(store.annotations(include_deleted=True))


def _kill_during(db: Path, url: str, delay: float) -> bool:
    """Run a sync in a child and SIGKILL it after delay seconds; True when it had finished first."""
    with subprocess.Popen(
        [sys.executable, str(WORKER), str(db), url], stdout=subprocess.PIPE, text=True
    ) as child:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "start"
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        out = child.stdout.read()
        child.wait()
    return "done" in out


#: Kill moments from early to late; a sync that finished before its kill is tried again on fresh data
#: at an earlier moment, until MID_SYNC_KILLS kills landed in the middle of one.
DELAYS = (0.3, 0.15, 0.08, 0.4, 0.04, 0.2, 0.02, 0.1, 0.01, 0.05)
MID_SYNC_KILLS = 3


@pytest.mark.slow
def test_kill_9_during_push_leaves_the_server_all_or_nothing(team: Team, tmp_path: Path) -> None:
    rng = random.Random(3)
    landed, mid = 0, 0
    for attempt, delay in enumerate(DELAYS):
        db = tmp_path / f"alice{attempt}.db"
        with project(tmp_path, f"alice{attempt}") as alice:
            _many_tags(alice, "alice", prefix=f"{attempt}-")
            total = len(alice.annotations())
        finished = _kill_during(db, team.url("alice"), delay * rng.uniform(0.8, 1.2))
        count = _server_count(team)
        assert count in (landed, landed + total)  # never a part of the push
        assert integrity(db) == "ok"
        with Store.open(db) as alice:  # the next sync completes
            sync(alice, team.url("alice"))
            assert pending_changes(alice) == 0
        landed += total
        assert _server_count(team) == landed
        mid += not finished
        if mid == MID_SYNC_KILLS:
            break
    assert mid == MID_SYNC_KILLS, "the syncs finished before their kill: nothing was tested"


@pytest.mark.slow
def test_kill_9_during_pull_leaves_the_project_all_or_nothing(team: Team, tmp_path: Path) -> None:
    with project(tmp_path, "alice") as alice:
        _many_tags(alice, "alice")
        total = len(alice.annotations())
        sync(alice, team.url("alice"))
    rng = random.Random(5)
    mid = 0
    for attempt, delay in enumerate(DELAYS):
        bob_db = tmp_path / f"bob{attempt}.db"
        project(tmp_path, f"bob{attempt}").close()
        finished = _kill_during(bob_db, team.url("bob"), delay * rng.uniform(0.8, 1.2))
        assert _local_count(bob_db) in (0, total)
        assert integrity(bob_db) == "ok"
        with Store.open(bob_db) as bob:  # the next sync completes
            sync(bob, team.url("bob"))
            assert len(bob.annotations()) == total
            assert sync(bob).pulled.added == 0  # caught up: nothing twice
        mid += not finished
        if mid == MID_SYNC_KILLS:
            break
    assert mid == MID_SYNC_KILLS, "the syncs finished before their kill: nothing was tested"


def _wait_for_blocked_sync(team: Team) -> None:
    """Until a factcheck session on the server waits for a lock (or 30 s)."""
    deadline = time.monotonic() + 30
    with team.server.admin(team.database) as conn:
        while time.monotonic() < deadline:
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'factcheck' "
                "AND wait_event_type = 'Lock'"
            ).fetchone()
            if row and row[0]:
                return
            time.sleep(0.05)
    raise AssertionError("the sync never reached the server")


def _sync_in_thread(store_path: Path, url: str) -> tuple[threading.Thread, list[BaseException]]:
    errors: list[BaseException] = []

    def run() -> None:
        with Store.open(store_path) as store:
            try:
                sync(store, url)
            except BaseException as exc:
                errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def _stop_while_blocked(
    team: Team, block: Callable[[psycopg.Connection[tuple[Any, ...]]], None], db: Path, url: str
) -> list[BaseException]:
    holder = team.server.admin(team.database)
    holder.autocommit = False
    block(holder)
    thread, errors = _sync_in_thread(db, url)
    try:
        _wait_for_blocked_sync(team)
        team.server.stop()
        thread.join(60)
    finally:
        try:
            holder.close()
        finally:
            team.server.start()
    return errors


@pytest.mark.slow
def test_server_stopped_mid_push_then_the_next_sync_completes(team: Team, tmp_path: Path) -> None:
    with project(tmp_path, "alice") as alice:
        _many_tags(alice, "alice")
        total = len(alice.annotations())
    db = tmp_path / "alice.db"

    def hold_write_lock(conn: psycopg.Connection[tuple[Any, ...]]) -> None:
        conn.execute("SELECT pg_advisory_lock(%s)", [WRITE_LOCK])

    errors = _stop_while_blocked(team, hold_write_lock, db, team.url("alice"))
    assert len(errors) == 1 and isinstance(errors[0], ServerUnreachable), errors
    assert _server_count(team) == 0
    with Store.open(db) as alice:
        assert pending_changes(alice) > total  # nothing was forgotten
        sync(alice)
        assert pending_changes(alice) == 0
    assert _server_count(team) == total


@pytest.mark.slow
def test_server_stopped_mid_pull_then_the_next_sync_completes(team: Team, tmp_path: Path) -> None:
    db = tmp_path / "bob.db"
    with project(tmp_path, "bob", article=False) as bob:
        sync(bob, team.url("bob"))  # connected, nothing left to push: the next sync only pulls
    with project(tmp_path, "alice") as alice:
        _many_tags(alice, "alice")
        total = len(alice.annotations())
        sync(alice, team.url("alice"))

    def lock_tables(conn: psycopg.Connection[tuple[Any, ...]]) -> None:
        conn.execute("LOCK TABLE factcheck.labels IN ACCESS EXCLUSIVE MODE")

    errors = _stop_while_blocked(team, lock_tables, db, team.url("bob"))
    assert len(errors) == 1 and isinstance(errors[0], ServerUnreachable), errors
    assert _local_count(db) == 0 and integrity(db) == "ok"
    with Store.open(db) as bob:
        sync(bob)
        assert len(bob.annotations()) == total
