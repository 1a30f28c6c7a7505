"""Windows a test deletes itself (as the end of a session deletes them), for the lifetime tests."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Document
from tests.conftest import ARTICLE
from tests.ui.conftest import Prepare
from tests.ui.window_support import isolated_settings
from ui.main_window import MainWindow
from ui.project import ProjectModel


def own_window(
    qtbot: QtBot, path: Path, *, shown: bool = True, prepare: Prepare | None = None
) -> tuple[MainWindow, Store]:
    """A window on a new project at path holding one article, not handed to qtbot (which would close
    and delete it itself): the test closes the store and deletes the window."""
    store = Store.open(path)
    doc, _ = store.add_document(Document.create(ARTICLE, title="Roe on crime", source="roe.txt"))
    if prepare is not None:
        prepare(store, doc)
    project = ProjectModel(store)
    window = MainWindow(project, "alice", isolated_settings(path.parent))
    project.setParent(window)
    if shown:
        window.show()
        qtbot.waitExposed(window)
        window.open_document(doc.id)
    return window, store
