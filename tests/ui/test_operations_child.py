"""The agreement measured in a child process (ui.operations, Operation.in_child): the window shows what a
measure in its own process gives; a cancel, or quitting during the measure, ends the child at once."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

import ui.project
from db import Store
from factcheck.services import child_process
from factcheck.services.agreement_report import measure_agreement
from tests.ui import session_support as ss
from tests.ui.conftest import OpenWindow
from tests.ui.window_support import finish_operations
from ui.main_window import MainWindow
from ui.operations import Outcome

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on a dialog shown


def slow_measure(store: Store, progress: Callable[[int, int], None]) -> Any:
    """A measure that takes a minute (run in the child: module-level), its pid left beside the project."""
    assert store.path is not None
    store.path.with_suffix(".measuring").write_text(str(os.getpid()), encoding="utf-8")
    time.sleep(60)
    return measure_agreement(store)


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window(ss.TEXT, prepare=ss.two_annotators)


def measuring_pid(qtbot: QtBot, db_path: Path) -> int:
    marker = db_path.with_suffix(".measuring")
    qtbot.waitUntil(marker.exists, timeout=30_000)
    qtbot.waitUntil(lambda: marker.read_text(encoding="utf-8") != "", timeout=5_000)
    return int(marker.read_text(encoding="utf-8"))


def test_the_agreement_is_measured_in_a_child_and_the_dialog_shows_what_one_here_gives(
    window: MainWindow, qtbot: QtBot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[object] = []
    real = child_process.run_in_child

    def spy(work: Any, path: Path, progress: Any, check: Any) -> Any:
        ran.append(work)
        return real(work, path, progress, check)

    monkeypatch.setattr("ui.operations.run_in_child", spy)
    job = window.review.show_agreement()
    assert job is not None
    finish_operations(qtbot, window)
    assert ran == [measure_agreement] and job.outcome is Outcome.DONE
    with Store.open(db_path) as store:
        here = measure_agreement(store)
    rows, titles = here[0], here[1]
    assert rows and titles  # something to compare
    assert job.result == here
    dialog = window.review.agreement_dialog
    assert dialog is not None and dialog.isVisible() and dialog.index.rows == rows
    dialog.close()


def test_cancelling_the_measure_ends_its_child_at_once(
    window: MainWindow, qtbot: QtBot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ui.project, "measure_agreement", slow_measure)
    job = window.review.show_agreement()
    assert job is not None
    pid = measuring_pid(qtbot, db_path)
    window.project.operations.cancel()
    finish_operations(qtbot, window)  # 30 s at most: not the minute the measure would take
    assert job.outcome is Outcome.CANCELLED and window.review.agreement_dialog is None
    assert gone(pid) and multiprocessing.active_children() == []


def test_quitting_during_the_measure_ends_its_child_and_closes_the_window(
    window: MainWindow, qtbot: QtBot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ui.project, "measure_agreement", slow_measure)
    monkeypatch.setattr("ui.dialogs.ask_cancel_or_wait", lambda *_args: "cancel")
    job = window.review.show_agreement()
    assert job is not None
    pid = measuring_pid(qtbot, db_path)
    window.actions_.quit.trigger()  # Ctrl+Q, "Cancel it"
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=30_000)
    assert job.outcome is Outcome.CANCELLED and window.project.operations.current() is None
    assert gone(pid) and multiprocessing.active_children() == []
