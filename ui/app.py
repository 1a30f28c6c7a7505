"""Starts the desktop app: `run(db_path, annotator, files) -> int` (called by `factcheck` with no verb)."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QWidget

from db.samples import SAMPLE_SOURCE
from factcheck.core.errors import FactcheckError
from factcheck.core.model import Document
from factcheck.core.names import cleaned, holds_hidden
from ui import allocator, dialogs, drag_guard
from ui.icon import app_icon
from ui.main_window import MainWindow
from ui.project import ProjectModel
from ui.sample_bar import SampleBar
from ui.settings import APPLICATION, ORGANIZATION, Settings

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
SAMPLE_ARTICLE = RESOURCES / "sample_article.txt"
STYLE_SHEET = RESOURCES / "style.qss"


def application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("factcheck")
    app.setWindowIcon(app_icon())
    if STYLE_SHEET.exists():
        app.setStyleSheet(STYLE_SHEET.read_text(encoding="utf-8"))
    drag_guard.guard()  # before the first dialog (the annotator's name is asked before any window)
    return app


def resolve_annotator(name: str | None, settings: Settings, parent: QWidget | None = None) -> str:
    """--annotator, else $FACTCHECK_ANNOTATOR, else the remembered name, else ask (first start; the login
    name is offered). Cancelled: "" (nothing saved), and the window asks again when a tag is made."""
    name = (name or os.environ.get("FACTCHECK_ANNOTATOR") or settings.annotator or "").strip()
    if name and not holds_hidden(name):
        return name
    # A name holding control characters (typed so, or remembered from before the rule) is asked again,
    # offered without them: it goes on every tag, where it must read as it is.
    asked = dialogs.ask_annotator(parent, cleaned(name) if name else _login_name())
    if asked:
        settings.annotator = asked
    return asked or ""


def _login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "anonymous"


def open_project(db_path: str | Path | None, parent: QWidget | None = None) -> ProjectModel | None:
    """Open the database; on a bad file say why (the file is untouched) and offer to pick another."""
    path: str | Path | None = db_path
    while True:
        try:
            return ProjectModel.open(path)
        except FactcheckError as exc:
            dialogs.show_error(parent, "Cannot open the database", str(exc),
                               what_next="Choose another database, or cancel to quit.")  # fmt: skip
        path = dialogs.choose_database(parent, new=False)
        if path is None:
            return None


def import_sample(project: ProjectModel) -> str:
    """Store the bundled sample article (an empty database opens on it); its document id."""
    text = SAMPLE_ARTICLE.read_text(encoding="utf-8")
    return project.add_document(Document.create(text, source=SAMPLE_SOURCE)).id


def open_first_document(window: MainWindow) -> None:
    """The last document read in this database, else the first; the sample article in an empty one."""
    if window.current_document_id() is not None or window.feedback.quitting():
        return
    if not window.project.documents():
        window.open_document(import_sample(window.project))
    else:
        window.open_initial_document()


def create_window(
    db_path: str | Path | None = None,
    annotator: str | None = None,
    files: list[str] | None = None,
    settings: Settings | None = None,
) -> MainWindow | None:
    """Everything `run` does before the event loop: tests drive the window this returns."""
    application()
    settings = settings or Settings()
    project = open_project(db_path)
    if project is None:
        return None
    name = resolve_annotator(annotator, settings)
    window = MainWindow(project, name, settings)
    project.setParent(window)
    SampleBar(window, project)  # says the sample article is one, and removes it (a child of the window)
    if project.path is not None:
        settings.add_recent_database(project.path)
    job = window.import_files(list(files), report=False) if files else None
    if job is None:
        open_first_document(window)
    else:
        # The files are imported on a worker thread; the window opens on them (or, if the import
        # failed or was cancelled, on what the database holds) once it ends.
        job.ended.connect(lambda: open_first_document(window))
    return window


def run(db_path: str | None = None, annotator: str | None = None, files: list[str] | None = None) -> int:
    allocator.map_big_blocks()  # memory freed goes back to the system over a long day (ui/allocator.py)
    app = application()
    window = create_window(db_path, annotator, files)
    if window is None:
        return 1
    window.show()
    window.view.setFocus()
    code = app.exec()
    window.project.close()
    return int(code)
