"""Opening a teammate's database with SQL of its own (a trigger) as one's project: the window says why and
what to do (import it instead), and keeps the project it has (tests/db/test_foreign_schema.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.db.test_foreign_schema import TRIGGER, _project
from tests.ui.window_support import isolated_settings
from ui.main_window import MainWindow
from ui.project import ProjectModel


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_window_says_so_and_keeps_its_project(
    tmp_path: Path, qtbot: QtBot, dialogs: list[tuple[str, str]]
) -> None:
    path = _project(tmp_path / "ben.db", TRIGGER)
    project = ProjectModel.open(tmp_path / "mine.db")
    window = MainWindow(project, "alice", isolated_settings(tmp_path))
    project.setParent(window)
    qtbot.addWidget(window)
    assert not window.open_database(path)
    ((kind, said),) = dialogs
    assert kind == "critical" and 'trigger "tag_spy"' in said and "import the file instead" in said
    assert window.project.path == tmp_path / "mine.db"
    window.project.close()
