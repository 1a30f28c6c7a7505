"""Files and a web link dropped together are imported together (as `factcheck import a.txt https://…
b.txt`): all or nothing, reported and opened in the order dropped."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QUrl
from pytestqt.qtbot import QtBot

from tests.helpers.web_server import WebServer
from tests.ui.conftest import OpenWindow
from tests.ui.test_window_drops import PAGE, drag, drop
from tests.ui.window_support import finish_operations

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_files_and_a_link_dropped_together_are_reported_in_the_order_dropped(
    qtbot: QtBot,
    open_window: OpenWindow,
    web_server: WebServer,
    tmp_path: Path,
    dialogs: list[tuple[str, str]],
) -> None:
    w = open_window()
    url = web_server.page("/world/minister", PAGE)
    a, b = tmp_path / "zebra.txt", tmp_path / "apple.txt"
    a.write_text("Zebra crossings are safe, the council said.\n", encoding="utf-8")
    b.write_text("Apple harvest doubled, the ministry said.\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(a)), QUrl(url), QUrl.fromLocalFile(str(b))])
    assert drag(w, mime)
    assert w.statusBar().currentMessage() == "Drop to import 3 files and web pages"
    assert drop(w, mime)
    qtbot.waitUntil(lambda: len(w.project.documents()) == 4, timeout=20_000)
    finish_operations(qtbot, w)
    qtbot.waitUntil(lambda: bool(dialogs), timeout=10_000)
    [(kind, text)] = dialogs
    assert kind == "information" and text.startswith("Import finished"), text
    at = [text.index(name) for name in ("zebra.txt", url, "apple.txt")]
    assert at == sorted(at), text  # as dropped, not files first
    doc = w.open_doc.document
    assert doc is not None and doc.title.startswith("Zebra crossings")  # the first one dropped is shown
