"""Cancel in the window while the server stalls: the import ends as cancelled at once, not after the
15 s timeout."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from factcheck.services import web_pages
from tests.helpers.web_server import WebServer
from tests.ui.conftest import OpenWindow
from tests.ui.test_window_web_open import started_with_cancel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_cancel_during_a_stalled_download_ends_the_job_within_seconds_not_at_the_timeout(
    qtbot: QtBot, open_window: OpenWindow, web_server: WebServer, dialogs: list[tuple[str, str]]
) -> None:
    assert web_pages.TIMEOUT_S == 15.0  # the real limit: the cancel must not wait for it
    w = open_window()
    documents = len(w.project.documents())

    web_server.stalling("/stall")
    job, cancel = started_with_cancel(qtbot, w, web_server.url("/stall"))
    qtbot.wait(200)  # well into the stall
    clicked = time.monotonic()
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.project.operations.current() is None, timeout=14_000)
    assert time.monotonic() - clicked < 5.0
    assert job.outcome.value == "cancelled" and dialogs == []
    assert w.statusBar().currentMessage() == "Import cancelled; nothing was imported."
    assert len(w.project.documents()) == documents
