"""An older project's titles holding control characters show cleaned in the window's list and title bar
(they are cleaned as it is opened: tests/db/test_upgrade_titles.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.db.test_upgrade_titles import CLEAN, _older_project
from tests.ui.window_support import isolated_settings, show
from ui.main_window import MainWindow
from ui.project import ProjectModel


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_window_shows_the_cleaned_title(tmp_path: Path, qtbot: QtBot) -> None:
    path = tmp_path / "old.db"
    doc = _older_project(path)
    project = ProjectModel.open(path)
    window = MainWindow(project, "alice", isolated_settings(tmp_path))
    project.setParent(window)
    show(qtbot, window)
    window.open_document(doc.id)
    assert CLEAN in window.windowTitle()
    model = window.doc_list.model
    assert [model.data(model.index(row, 0)) for row in range(model.rowCount())] == [CLEAN]
    window.project.operations.shutdown()
    window.close()
    window.project.close()
