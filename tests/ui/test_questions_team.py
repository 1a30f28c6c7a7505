"""The team-rename questions put through the question audit (tests/ui/question_audit.py) on a real team
server (tests/pg.py): Rename for the team (a reviewer's Rename in a synced project's labels dialog) and
Add a former name (adding a label under a name the team renamed away). Each: a default that does no
harm, Esc the safe answer with nothing changed here or on the server, unique mnemonics, buttons that say
what they do."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from db import labels as db_labels
from factcheck.services.team_renames import rename_for_team
from tests.pg import Team
from tests.ui.conftest import OpenWindow
from tests.ui.question_audit import audit_question
from tests.ui.test_team_sync import sync_now
from ui import labels_dialog
from ui.labels_dialog import LabelsDialog
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")


def _state(window: MainWindow, team: Team) -> Callable[[], object]:
    """What Esc must leave as it was: the project's labels and former names, the undo stack, and the
    server's labels, tags and renames."""

    def state() -> object:
        store = window.project.store
        with team.server.admin(team.database) as conn:
            server = (
                conn.execute("SELECT name FROM factcheck.labels ORDER BY name").fetchall(),
                conn.execute("SELECT label FROM factcheck.annotations ORDER BY label").fetchall(),
                conn.execute("SELECT old, new FROM factcheck.scheme_aliases ORDER BY old").fetchall(),
            )
        local = (sorted(lab.name for lab in store.labels()), db_labels.renamed_labels(store))
        return local, window.undo_stack.count(), server

    return state


def _labels(window: MainWindow, qtbot: QtBot, select: str) -> LabelsDialog:
    dialog = LabelsDialog(window.project, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.table.selectRow([lab.name for lab in dialog.labels()].index(select))
    return dialog


def test_rename_for_the_team(
    open_window: OpenWindow, qtbot: QtBot, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(annotator="rita")
    outcome = sync_now(qtbot, window, team.url("rita"))
    assert outcome.kind == "synced" and outcome.report is not None and outcome.report.reviewer
    monkeypatch.setattr(labels_dialog, "ask_text", lambda *args: "rebuttal")
    dialog = _labels(window, qtbot, "denial")
    state = _state(window, team)
    problems = audit_question(qtbot, "rename for the team", dialog.buttons["rename"].click, state)
    assert not problems, "\n" + "\n".join(problems)
    assert dialog.isEnabled() and "denial" in [lab.name for lab in window.project.labels()]
    dialog.close()


def test_add_a_former_name(
    open_window: OpenWindow, qtbot: QtBot, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(annotator="bob")
    assert sync_now(qtbot, window, team.url("bob")).kind == "synced"
    rename_for_team(team.url("rita"), "label", "denial", "rebuttal")
    synced = sync_now(qtbot, window)
    assert synced.report is not None and len(synced.report.renames) == 1
    monkeypatch.setattr(labels_dialog, "ask_text", lambda *args: "denial")
    dialog = _labels(window, qtbot, "rebuttal")
    state = _state(window, team)
    problems = audit_question(qtbot, "add a former name", dialog.buttons["add"].click, state)
    assert not problems, "\n" + "\n".join(problems)
    assert "denial" not in [lab.name for lab in window.project.labels()]
    dialog.close()
