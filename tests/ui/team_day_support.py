"""Helpers for the team's day on one PostgreSQL server (tests/ui/test_window_team_day.py): each person's
window on their own project file, connected through File > Team server… from the keyboard, synced and
waited for, a screenshot of each window at the key moments (WALKTHROUGH_SHOTS=folder)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from db.sync_local import waiting
from factcheck.services.sync_status import SyncOutcome
from tests.ui.day_support import SHOTS, Day
from tests.ui.window_support import grab_with_dialogs, isolated_settings, show
from ui import app

WAIT_MS = 30_000
SIZE = (1366, 768)


class Person(Day):
    """One teammate at their own window (a Day: keys pressed where their focus is)."""

    def __init__(self, qtbot: QtBot, name: str, db_path: Path) -> None:
        self.name, self.db_path = name, db_path
        settings = isolated_settings(db_path.parent / f"{name}-settings")
        window = app.create_window(db_path, name, settings=settings)
        assert window is not None
        self.settings = settings
        super().__init__(qtbot, window, f"{name}-")
        self.show()

    def show(self) -> None:
        show(self.qtbot, self.window, resize=False)
        self.window.resize(*SIZE)

    def to_front(self) -> None:
        """This person's window active, the keys going to its article (each works at their own computer)."""
        w = self.window
        w.activateWindow()
        self.qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
        focus = QApplication.focusWidget()
        if focus is None or focus.window() is not w:
            w.view.setFocus()

    def shot(self, what: str) -> None:
        self.qtbot.wait(300)
        self.n += 1
        if SHOTS:
            grab_with_dialogs(self.window).save(f"{SHOTS}/teamday-{self.prefix}{self.n:02d}-{what}.png")

    def synced(self) -> SyncOutcome:
        """A sync now (as the window's timer would start one), waited for: its outcome."""
        team = self.window.team
        with self.qtbot.waitSignal(team.outcomeReady, timeout=WAIT_MS) as blocker:
            started = team.request()
        if not started:  # the timer's sync was running: ours starts once it has ended
            with self.qtbot.waitSignal(team.outcomeReady, timeout=WAIT_MS) as blocker:
                pass
        outcome = blocker.args[0]
        assert isinstance(outcome, SyncOutcome)
        return outcome

    def all_sent(self) -> None:
        """Synced until nothing of this project waits to go up; the status bar then says what went."""
        self.qtbot.waitUntil(
            lambda: self.synced().kind == "synced" and not waiting(self.window.project.store)
        )
        assert "sent " in self.news(), self.news()

    def news(self) -> str:
        """The status bar's last changes from the team server."""
        return self.window.team.news.text()

    def team_text(self) -> str:
        return self.window.team.label.text()

    def close(self) -> None:
        self.window.project.operations.shutdown()
        self.window.close()
        self.window.project.close()
