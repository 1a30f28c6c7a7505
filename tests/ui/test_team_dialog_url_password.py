"""File > Team server… with the password inside the URL (as an administrator may hand it out): the first
sync used it, and every background sync after it stopped at "password needed" (the URL is remembered
without it, and the password was not kept as one typed in its box is); the box showed it in clear text.
It is now taken out of the URL into the password box, kept in memory as a typed one."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from pytestqt.qtbot import QtBot

from factcheck.services.sync_status import SyncOutcome
from tests.pg import Team, password_of
from tests.ui.conftest import OpenWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")

WAIT_MS = 30_000


def test_a_password_in_the_url_is_kept_for_the_next_syncs_and_not_shown(
    open_window: OpenWindow, qtbot: QtBot, team: Team, tmp_path: Path, db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    (tmp_path / "empty-pgpass").write_text("")
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "empty-pgpass"))  # only the URL holds it
    window = open_window()
    dialog = window.team.open_dialog()
    secret = password_of("alice")
    with_password = team.url("alice").replace("alice@", f"alice:{quote(secret, safe='')}@", 1)
    dialog.url.setText(with_password)
    with qtbot.waitSignal(window.team.outcomeReady, timeout=WAIT_MS) as blocker:
        dialog.sync_button.click()
    assert blocker.args[0].kind == "synced", blocker.args[0].detail
    assert secret not in dialog.url.text() and quote(secret, safe="") not in dialog.url.text()
    assert dialog.url.text() == team.url("alice")
    # The next background sync (the timer's) still gets in.
    with qtbot.waitSignal(window.team.outcomeReady, timeout=WAIT_MS) as blocker:
        window.team.request()
    outcome = blocker.args[0]
    assert isinstance(outcome, SyncOutcome) and outcome.kind == "synced", outcome.text
    dialog.close()
    window.close()
    for path in db_path.parent.glob(db_path.name + "*"):
        assert secret.encode() not in path.read_bytes(), path
