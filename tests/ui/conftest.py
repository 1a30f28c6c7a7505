"""Fixtures for tests that drive the real window on a real SQLite file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Document
from tests.conftest import ARTICLE
from tests.ui.window_support import isolated_settings, show
from ui.main_window import MainWindow
from ui.project import ProjectModel

Prepare = Callable[[Store, Document], object]
OpenWindow = Callable[..., MainWindow]


@pytest.fixture
def open_window(qtbot: QtBot, tmp_path: Path, db_path: Path) -> Iterator[OpenWindow]:
    """open_window(text=ARTICLE, annotator="alice", prepare=None): a shown window on a new project
    holding one article ("Roe on crime"); prepare(store, document) runs before the window opens."""
    opened: list[tuple[MainWindow, Store]] = []

    def make(text: str = ARTICLE, annotator: str = "alice", prepare: Prepare | None = None) -> MainWindow:
        store = Store.open(db_path)
        doc, _ = store.add_document(Document.create(text, title="Roe on crime", source="roe.txt"))
        if prepare is not None:
            prepare(store, doc)
        project = ProjectModel(store)
        window = MainWindow(project, annotator, isolated_settings(tmp_path))
        project.setParent(window)
        show(qtbot, window)
        window.open_document(doc.id)
        opened.append((window, store))
        return window

    yield make
    for window, store in opened:
        window.project.operations.shutdown()  # a test that failed midway leaves no worker behind
        window.close()
        store.close()


@pytest.fixture
def windows(qtbot: QtBot) -> Iterator[list[MainWindow]]:
    """The windows a test opened (it appends them); closed, and their projects, afterwards."""
    opened: list[MainWindow] = []
    yield opened
    for w in opened:
        w.project.operations.shutdown()
        w.close()
        w.project.close()


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every message box the window shows, as (kind, "title: text"), instead of showing it."""
    shown: list[tuple[str, str]] = []

    def record(kind: str) -> Callable[..., QMessageBox.StandardButton]:
        def box(
            parent: object, title: str, text: str, *args: object, **kwargs: object
        ) -> QMessageBox.StandardButton:
            shown.append((kind, f"{title}: {text}"))
            return QMessageBox.StandardButton.Ok

        return box

    for kind in ("critical", "warning", "information", "question", "about"):
        monkeypatch.setattr(QMessageBox, kind, record(kind))
    return shown
