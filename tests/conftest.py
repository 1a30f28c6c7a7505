"""Shared fixtures. Qt runs offscreen: without a platform plugin pytest-qt aborts on a headless box."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep QSettings and platformdirs away from the developer's real profile.
os.environ.setdefault("FACTCHECK_ANNOTATOR", "tester")

from collections.abc import Iterator
from pathlib import Path

import pytest

from db import Store
from factcheck.core.model import Document

ARTICLE = (
    "Minister “Jane Roe” said on Monday 😀 that crime fell by 20%… "
    "Critics [including the mayor] called the claim “misleading”.\r\n"
    "Roe denied it — “We never said that,” she said.\r\n"
)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "project.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    s = Store.open(db_path)
    yield s
    s.close()


@pytest.fixture
def document(store: Store) -> Document:
    doc, _ = store.add_document(Document.create(ARTICLE, title="Roe on crime", source="roe.txt"))
    return doc


# The sync tests' PostgreSQL (started only by the tests that ask for it).
# web_server: a local HTTP server for the web-page tests.
pytest_plugins = ["tests.pg", "tests.helpers.web_server"]


@pytest.hookimpl(hookwrapper=True, trylast=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    """Delete the widgets pytest-qt closed with deleteLater before the next test starts. Its event
    processing leaves deferred deletions for a later event loop, so a next test's new window, which sets
    the app's style sheet, re-polished the previous test's closed windows (their projects closed): a
    segfault in the full suite."""
    yield
    from PySide6.QtCore import QCoreApplication, QEvent

    if QCoreApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
