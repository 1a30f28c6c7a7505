"""Adding, in a synced project, a label (link type) under a name the team renamed away: the dialog asks
first, saying what the name was renamed to and when; Cancel adds nothing; adding it anyway makes a label
of its own, whose tags go up under it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from db import labels as db_labels
from db import link_types as db_link_types
from factcheck.services.team_renames import rename_for_team
from tests.pg import Team
from tests.ui.conftest import OpenWindow
from tests.ui.test_team_sync import sync_now
from tests.ui.test_window_team_renames import _tag_with_key
from ui import labels_dialog, link_types_dialog
from ui.dates import long_date
from ui.labels_dialog import LabelsDialog
from ui.link_types_dialog import LinkTypesDialog
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")

SHOT = Path("/tmp/renamealias-confirm.png")


def _answer(button: str, seen: list[str]) -> None:
    """Click the button whose text holds `button` in the question when it shows; note what it said."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):  # not shown yet (a loaded machine): look again
            QTimer.singleShot(20, answer)
            return
        seen.append(f"{box.objectName()}|{box.text()}|{box.informativeText()}")
        if not SHOT.exists():
            box.grab().save(str(SHOT))
        (take,) = [b for b in box.buttons() if button in b.text()]
        take.click()

    QTimer.singleShot(50, answer)


def _renamed(qtbot: QtBot, window: MainWindow, team: Team, kind: str, old: str, new: str) -> None:
    rename_for_team(team.url("rita"), kind, old, new)  # type: ignore[arg-type]
    outcome = sync_now(qtbot, window)
    assert outcome.report is not None and len(outcome.report.renames) == 1


def test_adding_a_label_under_a_team_former_name_asks_first_then_keeps_its_tags(
    open_window: OpenWindow, qtbot: QtBot, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    SHOT.unlink(missing_ok=True)
    window = open_window(annotator="bob")
    assert sync_now(qtbot, window, team.url("bob")).kind == "synced"
    _renamed(qtbot, window, team, "label", "denial", "rebuttal")
    monkeypatch.setattr(labels_dialog, "ask_text", lambda *args: " denial ")
    dialog = LabelsDialog(window.project, window)
    qtbot.addWidget(dialog)
    dialog.show()
    store = window.project.store

    seen: list[str] = []
    _answer("Cancel", seen)
    dialog.buttons["add"].click()
    assert len(seen) == 1
    name, text, more = seen[0].split("|")
    assert name == "teamAliasConfirm"
    renamed = window.project.former_name("label", "denial")
    assert renamed is not None  # the date in the locale's long form, as in a sentence ("29 November 2026")
    assert text == f"“denial” was renamed to “rebuttal” for the team on {long_date(renamed[1])}."
    assert "Add a new label “denial” anyway?" in more and "stay “rebuttal”" in more
    assert "denial" not in [lab.name for lab in store.labels()]  # cancelled: nothing added
    assert db_labels.renamed_labels(store) == {"denial": "rebuttal"}

    _answer("anyway", seen)
    dialog.buttons["add"].click()
    assert len(seen) == 2 and "denial" in [lab.name for lab in store.labels()]
    assert db_labels.renamed_labels(store) == {}
    assert dialog.status.text().startswith("Added “denial”")
    dialog.grab().save("/tmp/renamealias-dialog.png")
    dialog.close()
    window.activateWindow()  # (the question boxes took the activation)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    # Its tags go up under it, not under the name it was renamed to.
    _tag_with_key(qtbot, window, "Critics", "denial")
    assert [a.label for a in store.annotations()] == ["denial"]
    synced = sync_now(qtbot, window)
    assert synced.report is not None and synced.report.refused == []
    with team.server.admin(team.database) as conn:
        assert conn.execute("SELECT label FROM factcheck.annotations").fetchall() == [("denial",)]
        assert conn.execute("SELECT old FROM factcheck.scheme_aliases").fetchall() == []


def test_adding_a_link_type_under_a_team_former_name_asks_first(
    open_window: OpenWindow, qtbot: QtBot, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(annotator="bob")
    dialog = LinkTypesDialog(window.project, window)
    qtbot.addWidget(dialog)
    dialog.show()
    seen: list[str] = []
    # Not synced yet: a name renamed away in this project alone is added again without a question (a
    # modal box here would block the test).
    db_link_types.rename_link_type(window.project.store, "characterizes", "portrays")
    monkeypatch.setattr(link_types_dialog, "ask_new_type", lambda *args: ("characterizes", False))
    dialog.buttons["add"].click()
    assert seen == [] and "characterizes" in {t.name for t in window.project.link_types()}

    assert sync_now(qtbot, window, team.url("bob")).kind == "synced"
    _renamed(qtbot, window, team, "link_type", "denies", "rebuts")
    monkeypatch.setattr(link_types_dialog, "ask_new_type", lambda *args: ("denies", False))
    _answer("anyway", seen)
    dialog.buttons["add"].click()
    assert len(seen) == 1 and "“denies” was renamed to “rebuts” for the team on " in seen[0]
    assert "Add a new link type “denies” anyway?" in seen[0]
    assert {"denies", "rebuts"} <= {t.name for t in window.project.link_types()}
    assert db_link_types.renamed_link_types(window.project.store) == {}
