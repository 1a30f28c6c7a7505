"""File > Open web page… (Ctrl+L) in the real window, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.spans import new_annotation
from tests.helpers.web_server import WebServer
from tests.ui.conftest import OpenWindow
from tests.ui.window_support import finish_operations, grab_with_dialogs
from ui import web_open
from ui.main_window import MainWindow
from ui.menus import find_menu
from ui.operations import Job
from ui.progress import ProgressDialog
from ui.shortcuts import shortcut_groups
from ui.web_open import WebAddressDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

PAGE = """<html><head><title>Minister denies crime report | The Daily</title></head><body>
<nav>Home › World › Europe</nav><article><h1>Minister denies crime report</h1>
<p>The minister said on Monday that crime fell by twenty percent in the capital over the last year.</p>
<p>Critics called the claim misleading, pointing to the police’s own figures for the same period.</p>
<p>“We never said that,” the minister’s spokeswoman told reporters outside the ministry later.</p>
</article></body></html>"""


def slow_page(server: WebServer, body: bytes, pieces: int = 12, pause: float = 0.1) -> object:
    """A route that sends body in pieces, pausing between them: long enough for the progress dialog."""

    def handler(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/html; charset=utf-8")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        size = len(body) // pieces + 1
        for i in range(0, len(body), size):
            request.wfile.write(body[i : i + size])
            request.wfile.flush()
            if server.stop.wait(pause):
                return

    return handler


def answer_dialog(qtbot: QtBot, address: str | None, seen: dict[str, object], shot: str = "") -> None:
    """When the address dialog is up: note what it holds, type address (None: cancel), press Open."""

    def act(tries: int = 100) -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, WebAddressDialog)
        if not dialog.isActiveWindow() and tries:  # shown, not yet given the keyboard: look again
            QTimer.singleShot(20, lambda: act(tries - 1))
            return
        seen["prefilled"] = dialog.address.text()
        seen["focus"] = dialog.address.hasFocus()  # typing goes to the address
        if address is None:
            dialog.reject()
            return
        dialog.address.setText(address)
        if shot:
            dialog.grab().save(shot)
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
        seen["still_open"] = dialog.isVisible()
        seen["problem"] = dialog.problem.text() if dialog.problem.isVisible() else ""
        if dialog.isVisible():
            dialog.reject()

    QTimer.singleShot(0, act)


def started_with_cancel(qtbot: QtBot, w: MainWindow, url: str) -> tuple[Job, QPushButton]:
    """A web import of url started from the window, once its progress dialog shows: the job and Cancel."""
    job = web_open.start_web_import(w.feedback, w.project, url, "alice", w.open_document)
    assert job is not None
    qtbot.waitUntil(lambda: any(d.isVisible() for d in w.findChildren(ProgressDialog)), timeout=10_000)
    progress = next(d for d in w.findChildren(ProgressDialog) if d.isVisible())
    cancel = progress.findChild(QPushButton)
    assert cancel is not None
    return job, cancel


def test_ctrl_l_is_free_and_help_lists_it(qtbot: QtBot, open_window: OpenWindow) -> None:
    w = open_window()
    ctrl_l = QKeySequence("Ctrl+L")
    owners = [a.text() for a in w.findChildren(type(w.actions_.open_web)) if ctrl_l in a.shortcuts()]
    assert owners == ["Open &web page…"]
    groups = shortcut_groups(w, w.label_bar.label_actions, w.actions_.all())
    rows = [(g.title, row.what, row.keys) for g in groups for row in g.rows]
    assert any(what == "Open web page" and "Ctrl+L" in keys for _, what, keys in rows), rows
    # The key itself opens the dialog, from the article (no other action claims it).
    seen: dict[str, object] = {}
    QGuiApplication.clipboard().setText("https://news.example.org/2026/story.html")
    answer_dialog(qtbot, None, seen)
    w.view.setFocus()
    qtbot.keyClick(w.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert seen == {"prefilled": "https://news.example.org/2026/story.html", "focus": True}
    assert w.project.operations.current() is None  # cancelled: nothing started
    file_menu = find_menu(w.menuBar(), "&File")
    assert file_menu is not None
    assert [a.text() for a in file_menu.actions()][:3] == ["&Open article…", "Open &web page…", "&Import…"]


def test_a_page_is_downloaded_with_progress_and_shown(
    qtbot: QtBot, open_window: OpenWindow, web_server: WebServer, tmp_path: Path
) -> None:
    w = open_window()
    final = web_server.url("/world/minister-denies.html")
    web_server.routes["/world/minister-denies.html"] = slow_page(web_server, PAGE.encode())  # type: ignore[assignment]
    short = web_server.redirect("/s/xyz", "/world/minister-denies.html")
    QGuiApplication.clipboard().setText(short)
    seen: dict[str, object] = {}
    answer_dialog(qtbot, short, seen, shot="/tmp/webopen-dialog.png")
    w.actions_.open_web.trigger()
    assert seen["prefilled"] == short  # the address copied from the browser
    assert w.project.operations.current() is not None
    qtbot.waitUntil(lambda: any(d.isVisible() for d in w.findChildren(ProgressDialog)), timeout=10_000)
    progress = next(d for d in w.findChildren(ProgressDialog) if d.isVisible())
    assert progress.labelText().startswith("Downloading 127.0.0.1:")
    grab_with_dialogs(w).save("/tmp/webopen-progress.png")
    finish_operations(qtbot, w)
    doc = w.project.document(w.current_document_id() or "")
    assert (doc.source, doc.title) == (final, "Minister denies crime report")
    assert w.view.document_text() == doc.text and "The minister said on Monday" in doc.text
    assert "Home" not in doc.text  # the navigation is left out, as from a saved page
    said = w.statusBar().currentMessage()
    assert said.startswith("Opened “Minister denies crime report” from 127.0.0.1:") and said.endswith(
        "-denies.html."
    )
    w.grab().save("/tmp/webopen-window.png")
    # A tag made on the page lands on its words.
    start = doc.text.index("“We never said that,”")
    ann = w.project.add(new_annotation(doc, start, start + len("“We never said that,”"), "denial", "alice"))
    assert doc.text[ann.start : ann.end] == "“We never said that,”"
    # The same address again: the same document, opened.
    answer_dialog(qtbot, final, {})
    w.open_document(None)
    w.actions_.open_web.trigger()
    finish_operations(qtbot, w)
    assert w.current_document_id() == doc.id
    assert len([s for s in w.project.documents() if s.id == doc.id]) == 1
    assert "in the project already" in w.statusBar().currentMessage()


@pytest.mark.parametrize(
    ("route", "needle"),
    [("/missing", "404 Not Found"), ("/paper.pdf", "not a web page but application/pdf")],
)
def test_a_failure_is_one_dialog_and_nothing_changes(
    qtbot: QtBot,
    open_window: OpenWindow,
    web_server: WebServer,
    dialogs: list[tuple[str, str]],
    route: str,
    needle: str,
) -> None:
    w = open_window()
    web_server.page("/paper.pdf", b"%PDF-1.7", content_type="application/pdf")
    before = [s.id for s in w.project.documents()]
    current = w.current_document_id()
    QGuiApplication.clipboard().setText("not an address")
    seen: dict[str, object] = {}
    answer_dialog(qtbot, web_server.url(route), seen)
    w.actions_.open_web.trigger()
    finish_operations(qtbot, w)
    assert seen["prefilled"] == ""  # the clipboard held no address
    [(kind, text)] = dialogs
    assert kind == "critical" and text.startswith("Cannot open the web page: ")
    assert needle in text and text.endswith("Nothing was imported.")
    assert [s.id for s in w.project.documents()] == before and w.current_document_id() == current


def test_the_dialog_refuses_other_schemes_and_completes_a_bare_address(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    w = open_window()
    dialog = WebAddressDialog(w, "")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.open_button.isEnabled()  # nothing typed yet
    dialog.address.setText("ftp://example.org/story.html")
    dialog.accept()
    assert dialog.isVisible() and "http:// and https://" in dialog.problem.text()
    assert dialog.address.accessibleDescription() == dialog.problem.text()
    dialog.grab().save("/tmp/webopen-dialog-problem.png")
    dialog.address.setText("example.org/news/story")
    assert not dialog.problem.isVisible()
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.url() == "https://example.org/news/story"


def test_cancel_stops_the_download_and_imports_nothing(
    qtbot: QtBot, open_window: OpenWindow, web_server: WebServer, dialogs: list[tuple[str, str]]
) -> None:
    w = open_window()
    before = [s.id for s in w.project.documents()]
    body = PAGE.encode() + b"<!--" + b"x" * 200_000 + b"-->"
    web_server.routes["/long"] = slow_page(web_server, body, pieces=100, pause=0.05)  # type: ignore[assignment]
    job = web_open.start_web_import(w.feedback, w.project, web_server.url("/long"), "alice", w.open_document)
    assert job is not None
    qtbot.waitUntil(lambda: any(d.isVisible() for d in w.findChildren(ProgressDialog)), timeout=10_000)
    progress = next(d for d in w.findChildren(ProgressDialog) if d.isVisible())
    cancel = progress.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    finish_operations(qtbot, w)
    assert job.outcome.value == "cancelled"
    assert w.statusBar().currentMessage() == "Import cancelled; nothing was imported."
    assert dialogs == [] and [s.id for s in w.project.documents()] == before


def test_a_new_card_offers_the_pages_address_and_claimreview_carries_it(
    qtbot: QtBot,
    open_window: OpenWindow,
    web_server: WebServer,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    db_path: Path,
) -> None:
    from db import claim_settings
    from db import claims as claims_db
    from factcheck.core.claims import Organization
    from factcheck.services.exporting import export
    from ui import claim_editor

    w = open_window()
    url = web_server.page("/minister.html", PAGE)
    job = web_open.start_web_import(w.feedback, w.project, url, "alice", w.open_document)
    assert job is not None
    finish_operations(qtbot, w)
    doc = w.project.document(w.current_document_id() or "")
    phrase = "crime fell by twenty percent in the capital"
    start = doc.text.index(phrase)
    ann = w.project.add(new_annotation(doc, start, start + len(phrase), "claim", "alice"))
    offered: dict[str, object] = {}

    def edit_card(parent: object, **kwargs: object) -> claim_editor.CardFields:
        offered.update(kwargs)
        return claim_editor.CardFields("Crime fell by 20%.", None, None, "2026-11-29", ())

    monkeypatch.setattr(claim_editor, "edit_card", edit_card)
    card_id = w.claims.actions.make_card(ann)  # what C on a claim tag does
    assert card_id is not None and offered["document_sources"] == [url]
    offered.clear()
    w.claims.actions.edit_card(card_id)  # editing the card later offers it too
    assert list(offered["document_sources"]) == [url]
    # The real editor shows it among the places the claim appeared.
    editor = claim_editor.ClaimEditor(
        w, title="New claim card", text="Crime fell by 20%.", speakers=[], speaker_id=None,
        document_sources=[url], quote=phrase,
    )  # fmt: skip
    qtbot.addWidget(editor)
    editor.show()
    assert editor.sources.text() == url
    editor.grab().save("/tmp/webopen-card-editor.png")
    editor.reject()
    # Published: the page is where the claim appeared.
    with Store.open(db_path) as store:
        claim_settings.set_organization(store, Organization("Fact Desk", "https://factdesk.example.org"))
        claims_db.set_final_verdict(store, card_id, "rita", "False", "The police figures show a rise.")
        out = tmp_path / "reviews.json"
        export(store, "claimreview", out)
    [review] = json.loads(out.read_text(encoding="utf-8"))
    assert review["itemReviewed"]["appearance"] == [{"@type": "CreativeWork", "url": url}]
    assert review["itemReviewed"]["firstAppearance"] == {"@type": "CreativeWork", "url": url}


def test_an_address_on_the_command_line_opens_the_app_on_the_page(
    qtbot: QtBot, web_server: WebServer, tmp_path: Path, db_path: Path
) -> None:
    """`factcheck https://…/x.factcheck` (a desktop link, say): a page to import, never a project to open."""
    from factcheck.cli.opening import project_and_files
    from tests.ui.window_support import isolated_settings, show
    from ui import app

    url = web_server.page("/exports/story.factcheck", PAGE)
    project, files = project_and_files(None, [url])
    assert (project, files) == (None, [url])
    w = app.create_window(db_path, "alice", files=files, settings=isolated_settings(tmp_path))
    assert w is not None
    show(qtbot, w)
    finish_operations(qtbot, w)
    qtbot.waitUntil(lambda: w.current_document_id() is not None)
    doc = w.project.document(w.current_document_id() or "")
    assert (doc.source, doc.title) == (url, "Minister denies crime report")
    assert w.doc_list.model.rowCount() == 1  # no sample when the user brought an article
    w.close()
    w.project.close()


def test_cancel_while_the_server_stalls_ends_as_cancelled_not_as_a_timeout(
    qtbot: QtBot,
    open_window: OpenWindow,
    web_server: WebServer,
    dialogs: list[tuple[str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from factcheck.services import web_pages

    monkeypatch.setattr(web_pages, "TIMEOUT_S", 1.5)  # the window's downloads wait this long
    w = open_window()

    web_server.stalling("/stall")
    job, cancel = started_with_cancel(qtbot, w, web_server.url("/stall"))
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    finish_operations(qtbot, w)
    assert job.outcome.value == "cancelled" and dialogs == []
    assert w.statusBar().currentMessage() == "Import cancelled; nothing was imported."
