"""Cancel in the window while the server stalls: the import ends as cancelled at once, not after the
15 s timeout."""

from __future__ import annotations

import time
from http.server import BaseHTTPRequestHandler

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from factcheck.services import web_pages
from tests.helpers.web_server import WebServer
from tests.ui.conftest import OpenWindow
from ui import web_open
from ui.progress import ProgressDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_cancel_during_a_stalled_download_ends_the_job_within_seconds_not_at_the_timeout(
    qtbot: QtBot, open_window: OpenWindow, web_server: WebServer, dialogs: list[tuple[str, str]]
) -> None:
    assert web_pages.TIMEOUT_S == 15.0  # the real limit: the cancel must not wait for it
    w = open_window()
    documents = len(w.project.documents())

    def stall(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.send_header("Content-Length", "100000")
        request.end_headers()
        request.wfile.write(b"<html><body><p>The start of it")
        request.wfile.flush()
        web_server.stop.wait(30)

    web_server.routes["/stall"] = stall
    job = web_open.start_web_import(w.feedback, w.project, web_server.url("/stall"), "alice", w.open_document)
    assert job is not None
    qtbot.waitUntil(lambda: any(d.isVisible() for d in w.findChildren(ProgressDialog)), timeout=10_000)
    progress = next(d for d in w.findChildren(ProgressDialog) if d.isVisible())
    cancel = progress.findChild(QPushButton)
    assert cancel is not None
    qtbot.wait(200)  # well into the stall
    clicked = time.monotonic()
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.project.operations.current() is None, timeout=14_000)
    assert time.monotonic() - clicked < 5.0
    assert job.outcome.value == "cancelled" and dialogs == []
    assert w.statusBar().currentMessage() == "Import cancelled; nothing was imported."
    assert len(w.project.documents()) == documents
