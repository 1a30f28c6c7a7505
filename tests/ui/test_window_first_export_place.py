"""The first export and the first backup of a newcomer, whose project is the default one in the user data
folder (hidden: ~/.local/share/factcheck on Linux): they were offered there, where nobody looks for a
file. They are offered in the Documents folder now; a project kept elsewhere still gets them beside it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from db.store import default_db_path
from tests.ui.window_support import isolated_settings, show
from ui import app
from ui.import_export import ExportDialog
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(home / "Documents"))
    return home


def start(qtbot: QtBot, windows: list[MainWindow], db_path: Path, tmp_path: Path) -> MainWindow:
    settings = isolated_settings(tmp_path)
    settings.annotator = "alice"
    w = app.create_window(db_path, None, settings=settings)
    assert w is not None
    windows.append(w)
    return show(qtbot, w)


def offered_places(w: MainWindow, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    export = ExportDialog(w, w.project, w.current_document_id())
    asked: list[str] = []

    def cancelled(_parent: object, _title: str, start: str, *_rest: object) -> tuple[str, str]:
        asked.append(start)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", cancelled)
    w.actions_.backup.trigger()
    export.deleteLater()
    return Path(export.path.text()), Path(asked[0])


def test_the_default_projects_first_export_and_backup_are_offered_in_documents(
    qtbot: QtBot, windows: list[MainWindow], home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = default_db_path()
    assert project.is_relative_to(home / ".local" / "share")
    w = start(qtbot, windows, project, tmp_path)  # the newcomer's: the sample article in it
    export, backup = offered_places(w, monkeypatch)
    assert export.parent == home / "Documents" and export.name == "factcheck-export.csv"
    assert backup.parent == home / "Documents" and backup.name.startswith("factcheck-backup-")


def test_a_project_kept_elsewhere_gets_them_beside_it(
    qtbot: QtBot, windows: list[MainWindow], home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "stories" / "election.db"
    project.parent.mkdir()
    w = start(qtbot, windows, project, tmp_path)
    export, backup = offered_places(w, monkeypatch)
    assert export.parent == project.parent and backup.parent == project.parent
