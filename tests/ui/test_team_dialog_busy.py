"""File > Team server…, Sync now pressed while an import holds the project's write lock: the sync waited
for nothing (refused, never asked again), the dialog said "Syncing…" with its button greyed for good, and
a first connection never happened. It now says it waits for the import, and syncs once that ended."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from db import Store
from tests.pg import Team
from tests.ui.conftest import OpenWindow
from ui.operations import Operation

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")

WAIT_MS = 30_000


def test_sync_now_during_an_import_waits_for_it_then_connects(
    open_window: OpenWindow, qtbot: QtBot, team: Team
) -> None:
    window = open_window()
    release = threading.Event()

    def held_import(_store: Store, _progress: object) -> None:
        assert release.wait(20), "the test never let the import end"

    op: Operation[None] = Operation("Import", "Importing 1 file…", held_import, writes=True)
    job = window.project.operations.start(op, window.project.store)
    assert window.project.operations.writing()
    dialog = window.team.open_dialog()
    dialog.url.setText(team.url("alice"))
    qtbot.mouseClick(dialog.sync_button, Qt.MouseButton.LeftButton)
    qtbot.wait(200)
    assert "Import" in dialog.state.text() and "wait" in dialog.state.text().lower()
    with (
        qtbot.waitSignal(window.team.outcomeReady, timeout=WAIT_MS) as blocker,
        qtbot.waitSignal(job.ended, timeout=WAIT_MS),
    ):
        release.set()
    assert blocker.args[0].kind == "synced", blocker.args[0].detail
    assert window.team.connected() and window.project.server_url() is not None
    assert dialog.sync_button.isEnabled() and dialog.state.text().startswith("Synced ")
    dialog.close()
