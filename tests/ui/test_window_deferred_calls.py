"""Work put off to the event loop (a 0 ms timer) whose window is deleted before the loop comes round.

Each deferred call is timed on the object it works on, so that deleting that object cancels it: a call
that ran anyway would reach a deleted widget (an error in the event loop at best, freed memory at worst).
Every test deletes the owner between the call being put off and the event loop, many times over.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from db import Store, sync_local
from factcheck.core.model import Document
from tests.ui.lifetime_support import own_window
from ui import team_rename
from ui.labels_dialog import LabelsDialog
from ui.operations import Job, Operation, Operations
from ui.progress import ProgressDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

ROUNDS = 10


def _work(ran: list[str]) -> Operation[None]:
    return Operation("Import", "Importing…", lambda _store, _progress: ran.append("ran"))


def test_inline_work_whose_operations_are_deleted_before_it_runs_never_runs(qtbot: QtBot) -> None:
    store = Store.memory()  # a store in memory runs its work inline, from the event loop
    ran: list[str] = []
    ended: list[str] = []  # (not the job: a closure on its own signal holding it would keep it alive)
    for _ in range(ROUNDS):
        owner = QObject()
        job = Operations(owner).start(_work(ran), store)
        job.ended.connect(lambda: ended.append("ended"))
        shiboken6.delete(owner)  # the project (and its window) gone before the loop came round
        qtbot.wait(5)
    assert ran == [] and ended == []
    # Its owner alive, the same work runs and ends as ever.
    owner = QObject()
    job = Operations(owner).start(_work(ran), store)
    job.ended.connect(lambda: ended.append("ended"))
    qtbot.waitUntil(lambda: ended == ["ended"], timeout=2000)
    assert ran == ["ran"]
    store.close()


def test_a_progress_dialog_activated_as_its_window_goes_hands_back_nothing(qtbot: QtBot) -> None:
    ran: list[str] = []
    for _ in range(ROUNDS):
        window = QWidget()
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        dialog = ProgressDialog(window, Job(_work(ran)))
        dialog.show()  # shown over the active window: its first activation hands the keyboard back
        QApplication.sendEvent(dialog, QEvent(QEvent.Type.WindowActivate))
        shiboken6.delete(window)  # the dialog with it
        qtbot.wait(5)  # the hand-back was timed on the window: cancelled
    assert ran == []


def _on_a_server(store: Store, _doc: Document) -> None:
    # A closed port on this machine: a sync that did start finds itself offline, and says so.
    sync_local.set_state(store, {"server_url": "postgresql://alice@127.0.0.1:9/factcheck"})


def test_a_team_sync_put_off_as_the_window_opens_dies_with_the_window(qtbot: QtBot, tmp_path: Path) -> None:
    for n in range(ROUNDS):
        window, store = own_window(qtbot, tmp_path / f"project-{n}.db", shown=False, prepare=_on_a_server)
        team = window.team
        assert team.connected()  # the window asked for a first sync, from the event loop
        shiboken6.delete(window)
        qtbot.wait(5)  # the sync was timed on the window's team sync: cancelled with it
        store.close()
    # Kept, the window does sync first thing (and finds itself offline: nobody listens there).
    window, store = own_window(qtbot, tmp_path / "kept.db", shown=False, prepare=_on_a_server)
    qtbot.waitUntil(lambda: window.team.last is not None, timeout=10_000)
    assert window.team.last is not None and window.team.last.kind == "offline"
    window.close()
    store.close()
    shiboken6.delete(window)


def test_a_drop_whose_window_is_deleted_before_it_is_taken_takes_nothing(
    qtbot: QtBot, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    for n in range(ROUNDS):
        window, store = own_window(qtbot, tmp_path / f"project-{n}.db")
        article = tmp_path / "bridge.txt"
        article.write_text("The council said the bridge would reopen in May.\n", encoding="utf-8")
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(article))])
        enter = QDragEnterEvent(QPoint(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier)  # fmt: skip
        QApplication.sendEvent(window, enter)
        assert enter.isAccepted()
        article.unlink()  # the drop is refused when it lands: taking it would say so in a dialog
        drop = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                          Qt.KeyboardModifier.NoModifier)  # fmt: skip
        QApplication.sendEvent(window, drop)
        assert not drop.isAccepted()
        store.close()
        shiboken6.delete(window)  # before the loop comes round to take the drop
        qtbot.wait(5)
    assert dialogs == []  # no dialog over a window that is gone


def test_a_team_rename_waiting_on_a_sync_starts_nothing_once_its_dialog_is_gone(
    qtbot: QtBot, tmp_path: Path
) -> None:
    gate = threading.Event()
    syncing: Operation[bool] = Operation("Team sync", "Syncing…", lambda _store, _progress: gate.wait(10))
    for n in range(ROUNDS // 2):
        window, store = own_window(qtbot, tmp_path / f"project-{n}.db", shown=False, prepare=_on_a_server)
        runner = window.team.runner
        window.project.start_on(runner, syncing)  # a background sync holds the team's runner
        dialog = LabelsDialog(window.project, window)
        team_rename.start(dialog, window, "label", "denial", "rebuttal")  # waits for the sync to end
        assert not dialog.isEnabled()
        shiboken6.delete(dialog)  # closed meanwhile (its window quitting)
        gate.set()

        def idle(runner: Operations = runner) -> bool:
            return runner.current() is None

        qtbot.waitUntil(idle, timeout=5000)
        qtbot.wait(20)
        assert runner.current() is None  # no rename went to the server for a dialog that is gone
        gate.clear()
        window.close()
        store.close()
        shiboken6.delete(window)
