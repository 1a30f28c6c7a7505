"""What a long operation made and dropped on its worker goes back to the system when it ends
(ui/allocator.give_back): glibc keeps freed memory below a block still held for the process otherwise, and
a whole project read, measured or written leaves tens of MB so, for the rest of the session. Measured as
the process's resident memory (no timings)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from bench.common import rss_mb
from db import Store
from ui.operations import Operation, Operations, Outcome, Progress

pytestmark = [
    pytest.mark.qt_log_ignore("propagateSizeHints"),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator, /proc"),
]

BLOCKS, SIZE = 100_000, 600  # above Python's small-object limit (512 bytes): each block from malloc


def _work(_store: Store, _progress: Progress) -> bytearray:
    made = [bytearray(SIZE) for _ in range(BLOCKS)]  # 60 MB from the worker's arena
    kept = bytearray(SIZE)  # the result, made last: above what is dropped, which the arena cannot shrink
    del made
    return kept


def test_an_operation_gives_back_what_it_made_and_dropped(qtbot: QtBot, db_path: Path) -> None:
    Store.open(db_path).close()
    store = Store.open(db_path)
    owner = QObject()
    operations = Operations(owner)
    results: list[object] = []
    for _ in range(2):  # the second on an arena (and a connection) the first already grew
        before = rss_mb()
        job = operations.start(Operation("Agreement", "Measuring…", _work), store)
        job.succeeded.connect(results.append)
        qtbot.waitUntil(lambda: operations.current() is None, timeout=10_000)
        assert job.outcome is Outcome.DONE
        grown = rss_mb() - before
        assert grown < BLOCKS * SIZE / 1e6 / 3, (
            f"{grown:.1f} MB kept of the {BLOCKS * SIZE / 1e6:.0f} MB dropped"
        )
    assert len(results) == 2
    store.close()
