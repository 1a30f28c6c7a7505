"""A team rename whose dialog is closed while it runs on the server: the team still hears of it (its
status line, the scheme reloaded), and nothing reaches the deleted dialog."""

from __future__ import annotations

import pytest
import shiboken6
from pytestqt.qtbot import QtBot

from tests.pg import Team
from tests.ui.conftest import OpenWindow
from tests.ui.test_team_sync import WAIT_MS, sync_now
from tests.ui.test_window_team_renames import _denial_tag, _with_renames
from ui import team_rename
from ui.labels_dialog import LabelsDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")


def test_a_team_rename_goes_on_when_its_dialog_is_closed_meanwhile(
    open_window: OpenWindow, qtbot: QtBot, team: Team
) -> None:
    window = open_window(annotator="rita", prepare=_denial_tag)
    outcome = sync_now(qtbot, window, team.url("rita"))
    assert outcome.kind == "synced" and outcome.report is not None and outcome.report.reviewer
    dialog = LabelsDialog(window.project, window)
    with qtbot.waitSignal(window.team.outcomeReady, timeout=WAIT_MS, check_params_cb=_with_renames):
        team_rename.start(dialog, window, "label", "denial", "rebuttal")
        shiboken6.delete(dialog)  # closed while the rename runs (its window was quitting)
    names = [lab.name for lab in window.project.store.labels()]
    assert "rebuttal" in names and "denial" not in names
    assert "label 'denial' is now 'rebuttal' (renamed by rita)" in window.team.news.text()
    assert window.undo_stack.count() == 0  # as after any team rename: undo cannot bring the old name back
