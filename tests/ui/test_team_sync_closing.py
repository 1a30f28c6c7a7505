"""A background sync that ends as its window closes: the window joins it, and then nothing of the team
sync starts again. The sync's end restarted the periodic timer, whose next tick asked the closed project
for its server ('Cannot operate on a closed database', an error in the event loop)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from factcheck.services.sync_status import SyncOutcome
from factcheck.services.sync_status import sync_store as real
from tests.pg import Team
from tests.ui.conftest import OpenWindow
from tests.ui.test_team_sync import WAIT_MS, sync_now
from ui import team_sync

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")


def test_a_sync_joined_as_the_window_closes_starts_nothing_after(
    open_window: OpenWindow, qtbot: QtBot, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(annotator="alice")
    assert sync_now(qtbot, window, team.url("alice")).kind == "synced"
    returned = threading.Event()

    def sync_store(*args: Any, **kwargs: Any) -> SyncOutcome:
        try:
            return real(*args, **kwargs)
        finally:
            returned.set()

    monkeypatch.setattr(team_sync, "sync_store", sync_store)
    ended: list[SyncOutcome] = []
    window.team.outcomeReady.connect(ended.append)
    assert window.team.request()
    assert returned.wait(WAIT_MS / 1000)  # done on its worker, its end not yet heard (no event loop turn)
    window.close()  # joins the worker: the end is heard now
    assert [o.kind for o in ended] == ["synced"]
    assert not window.team.timer.isActive() and not window.team._soon.isActive()
    assert window.team.request() is False  # a tick, a save or a waiting request after the close
