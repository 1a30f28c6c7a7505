"""A first connection from the window under a login that is not your name asks what to do with the tags
you made under your name: the server refused them all ("it is Alice Smith's tag, not yours (alice)"), and
they stayed in this project only, for good, with nothing said before."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from factcheck.services.sync_status import SyncOutcome
from tests.pg import Team
from tests.ui.conftest import OpenWindow
from tests.ui.structure_support import answer_dialogs
from tests.ui.test_team_sync import WAIT_MS, sync_now
from ui.dialogs import ask_name_or_login

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")


@pytest.mark.parametrize("answer", [True, False, None])
def test_connecting_as_another_login_asks_first(
    open_window: OpenWindow, qtbot: QtBot, team: Team, monkeypatch: pytest.MonkeyPatch, answer: bool | None
) -> None:
    asked: list[tuple[str, str]] = []

    def ask(_parent: QWidget | None, message: str, login: str) -> bool | None:
        asked.append((message, login))
        return answer

    monkeypatch.setattr("ui.dialogs.ask_name_or_login", ask)
    window = open_window(annotator="Alice Smith")
    text = window.view.document_text()
    start = text.index("crime")
    window.view.select_span(start, start + 5)
    window.apply_label("claim")
    outcomes: list[SyncOutcome] = []
    window.team.outcomeReady.connect(outcomes.append)

    first = sync_now(qtbot, window, team.url("alice"))
    assert first.kind == "names" and "1 tag under your name 'Alice Smith'" in first.detail
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=WAIT_MS)
    assert asked[0][1] == "alice"
    if answer is None:  # cancelled: not connected, nothing sent, asked again at the next connection
        qtbot.wait(200)
        assert len(outcomes) == 1 and not window.team.connected()
        with team.connect("alice") as conn:
            assert conn.execute("SELECT count(*) FROM factcheck.annotations").fetchone() == (0,)
        return
    qtbot.waitUntil(lambda: len(outcomes) == 2, timeout=WAIT_MS)
    assert outcomes[1].kind == "synced", outcomes[1].detail
    assert window.team.connected() and window.annotator == "alice"
    shown = {tag.annotator for tag in window.open_doc.tags}
    with team.connect("alice") as conn:
        sent = conn.execute("SELECT count(*) FROM factcheck.annotations").fetchone()
    if answer:
        assert shown == {"alice"} and sent == (1,)
    else:
        assert shown == {"Alice Smith"} and sent == (0,)
        assert outcomes[1].report is not None and len(outcomes[1].report.refused) == 1


@pytest.mark.parametrize(
    ("button", "answer"),
    [("&Put them under alice", True), ("&Keep them here only", False), ("Cancel", None)],
)
def test_the_question_offers_the_login_keeping_or_cancel(
    qtbot: QtBot, button: str, answer: bool | None
) -> None:
    def click(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox) and dialog.objectName() == "nameOrLogin"
        texts = {b.text(): b for b in dialog.buttons()}
        assert dialog.defaultButton() is texts["Cancel"]  # Enter or Esc changes nothing
        texts[button].click()

    titles = answer_dialogs(click)
    assert ask_name_or_login(None, "This project holds 1 tag under your name…", "alice") is answer
    assert titles == ["Connect to the team server"]
