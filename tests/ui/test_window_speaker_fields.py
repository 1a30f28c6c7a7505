"""Speakers' descriptions and same-as addresses in the window: the editor refuses what the rules refuse
and says why; a value kept from before the rules is shown escaped and survives an edit of the speaker's
other fields; the speaker's page links only web addresses, and opens nothing else (javascript:, file:),
whatever its label's HTML says; tooltips show a description as it is."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from db import Store
from db import speakers as speaker_store
from factcheck.core.model import Document
from factcheck.core.speakers import new_speaker
from tests.ui.conftest import OpenWindow
from tests.ui.structure_support import TEXT
from ui.main_window import MainWindow
from ui.speaker_page import open_address
from ui.speakers_dialog import SpeakerEditor
from ui.structure_commands import PutSpeaker

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "grabbing the keyboard", "support raise")
GOOD = "https://www.wikidata.org/wiki/Q58574"
DESCRIPTION = "<b>paid</b> by \u202eSU\nformer CEO"  # HTML and an override, kept from an older factcheck
HOSTILE = ("javascript:alert(1)", GOOD, "file:///etc/passwd")


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    def prepare(store: Store, _doc: Document) -> None:
        older = replace(new_speaker("Rex Tillerson"), description=DESCRIPTION, same_as=HOSTILE)
        speaker_store.put_speakers(store, [older])

    return open_window(text=TEXT, prepare=prepare)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the window asks the system to open (nothing really opens)."""
    urls: list[str] = []

    def record(url: QUrl) -> bool:
        urls.append(url.toString())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", record)
    return urls


def test_the_editor_refuses_a_bad_address_or_description_and_stays_open(
    window: MainWindow, qtbot: QtBot, dialogs: list[tuple[str, str]]
) -> None:
    editor = SpeakerEditor(window, None)
    qtbot.addWidget(editor)
    editor.show()
    editor.name.setText("Jane Roe")
    for urls, said in (
        ("javascript:alert(1)", "“javascript:alert(1)” is not a web address"),
        ("https://wikidata.org@evil.example/", "holds a user name"),
        (f"{GOOD}\n{GOOD}", "listed twice"),
    ):
        editor.same_as.setPlainText(urls)
        editor.accept()
        assert dialogs[-1][1].startswith("Speaker: Cannot save: ") and said in dialogs[-1][1]
        assert editor.isVisible() and editor.result() != QDialog.DialogCode.Accepted
    editor.same_as.setPlainText(GOOD)
    editor.description.setPlainText("paid by \u202eSU")  # pasted: typing cannot enter it
    editor.accept()
    assert "description cannot hold" in dialogs[-1][1] and "\\u202e" in dialogs[-1][1]
    assert editor.isVisible()
    editor.description.setPlainText("Mayor.\n\tSince 2019.")
    editor.accept()
    assert editor.result() == QDialog.DialogCode.Accepted
    made = editor.result_speaker()
    assert (made.description, made.same_as) == ("Mayor.\n\tSince 2019.", (GOOD,))


def test_an_older_speakers_values_are_shown_escaped_and_kept_through_an_edit(
    window: MainWindow, qtbot: QtBot
) -> None:
    (older,) = window.project.speakers()
    editor = SpeakerEditor(window, older)
    qtbot.addWidget(editor)
    assert editor.description.toPlainText() == "<b>paid</b> by \\u202eSU\nformer CEO"
    assert editor.same_as.toPlainText().splitlines() == list(HOSTILE)
    editor.kind.setCurrentIndex(1)
    assert editor.problem() is None
    after = editor.result_speaker()
    assert (after.description, after.same_as, after.kind) == (DESCRIPTION, HOSTILE, "organization")
    window.undo_stack.push(PutSpeaker(window.project, older, after))
    (stored,) = window.project.speakers()
    assert (stored.kind, stored.description, stored.same_as) == ("organization", DESCRIPTION, HOSTILE)
    window.undo_stack.undo()
    assert window.project.speakers()[0].kind == "person"
    # A retyped list follows the rules: the addresses left must be web addresses.
    editor.same_as.setPlainText("javascript:alert(2)")
    assert editor.problem() is not None and "not a web address" in (editor.problem() or "")
    editor.same_as.setPlainText(GOOD)
    editor.description.setPlainText("Former CEO.")
    assert editor.problem() is None and editor.result_speaker().same_as == (GOOD,)


def test_the_page_links_only_web_addresses_and_opens_nothing_else(
    window: MainWindow, qtbot: QtBot, opened: list[str]
) -> None:
    dialog = window.structure.show_speakers()
    header = dialog.page.header
    html = header.text()
    assert html.count("<a href=") == 1 and f"<a href='{GOOD}'>" in html
    assert "javascript:alert(1)" in html and "href='javascript" not in html and "href='file" not in html
    assert "&lt;b&gt;paid&lt;/b&gt; by \\u202eSU<br>former CEO" in html and "\u202e" not in html
    assert not header.openExternalLinks()
    for hostile in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "https://a b"):
        header.linkActivated.emit(hostile)  # as a link a label's HTML held would
        assert not open_address(hostile)
    assert opened == []
    header.linkActivated.emit(GOOD)
    assert opened == [GOOD]
    for address in ("https://fr.wikipedia.org/wiki/Élisabeth_Borne", "http://[2001:db8::1]:8080/x"):
        assert open_address(address)  # addresses of any script, and IPv6 hosts, open
    tip = dialog.model.data(dialog.model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert tip == ("<p style='white-space:pre-wrap'>&lt;b&gt;paid&lt;/b&gt; by \\u202eSU\nformer CEO</p>")
    dialog.grab().save("/tmp/speakerpolish-fields.png")
    dialog.close()
