"""A label renamed for the whole team in the window (Project > Labels…, Rename, in a synced project), and
a teammate's team rename arriving by the background sync: the window shows the new name, and Undo
cannot bring the old one back."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.team_renames import rename_for_team
from tests.pg import Team
from tests.ui.conftest import OpenWindow
from tests.ui.test_team_sync import WAIT_MS, sync_now
from ui import labels_dialog
from ui.labels_dialog import LabelsDialog
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")

SHOTS = Path("/tmp")


def _denial_tag(store: Store, doc: Document) -> None:
    start = doc.text.index("Roe denied")
    store.add_annotation(new_annotation(doc, start, start + len("Roe denied it"), "denial", "rita"))


def _tag_with_key(qtbot: QtBot, window: MainWindow, quote: str, label: str) -> None:
    """Tag quote with the label's key, as a user does: the tag goes onto the undo stack."""
    text = window.project.document(window.current_document_id() or "").text
    start = text.index(quote)
    window.view.select_span(start, start + len(quote))
    key = next(lab.shortcut for lab in window.project.labels() if lab.name == label)
    qtbot.keyClick(window.view, getattr(Qt.Key, f"Key_{key}"))


def _with_renames(outcome: object) -> bool:
    report = getattr(outcome, "report", None)
    return bool(getattr(report, "renames", None))


def _dialog(window: MainWindow, qtbot: QtBot, select: str) -> LabelsDialog:
    dialog = LabelsDialog(window.project, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.table.selectRow([lab.name for lab in dialog.labels()].index(select))
    return dialog


def test_a_reviewer_renames_a_label_for_the_team_from_the_labels_dialog(
    open_window: OpenWindow, qtbot: QtBot, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(annotator="rita", prepare=_denial_tag)
    outcome = sync_now(qtbot, window, team.url("rita"))
    assert outcome.kind == "synced" and outcome.report is not None and outcome.report.reviewer
    _tag_with_key(qtbot, window, "Critics", "denial")  # an edit on the undo stack, naming the old label
    assert window.undo_stack.count() == 1
    monkeypatch.setattr(labels_dialog, "ask_text", lambda *args: "rebuttal")
    dialog = _dialog(window, qtbot, "denial")
    seen: list[str] = []

    def confirm_it() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):  # not shown yet (a loaded machine): look again
            QTimer.singleShot(20, confirm_it)
            return
        seen.append(box.text())
        box.grab().save(str(SHOTS / "teamrenames-confirm.png"))
        (take,) = [b for b in box.buttons() if "team" in b.text()]
        take.click()

    QTimer.singleShot(50, confirm_it)
    with qtbot.waitSignal(
        window.team.outcomeReady, timeout=WAIT_MS, check_params_cb=_with_renames
    ) as blocker:  # (not an automatic sync that may run meanwhile on a loaded machine)
        dialog.buttons["rename"].click()
    assert seen and "Rename “denial” to “rebuttal” for everyone?" in seen[0]
    synced = blocker.args[0]
    assert synced.report is not None
    assert synced.report.renames == ["label 'denial' is now 'rebuttal' (renamed by rita)"]
    qtbot.waitUntil(dialog.isEnabled, timeout=WAIT_MS)
    # The project follows at once: the label, both tags (the one tagged by key, not yet on the server when
    # it renamed, went up under the new name with the sync that followed).
    store = window.project.store
    names = [lab.name for lab in store.labels()]
    assert "rebuttal" in names and "denial" not in names
    assert sorted(a.label for a in store.annotations()) == ["rebuttal", "rebuttal"]
    assert dialog.status.text() == "Renamed “denial” to “rebuttal” for the whole team (1 tag on the server)."
    names_shown = [dialog.table.item(r, 0) for r in range(dialog.table.rowCount())]
    assert [item.text() for item in names_shown if item is not None][1] == "rebuttal"
    # The stack held an edit naming the old label: it is gone, so Undo cannot bring 'denial' back.
    assert window.undo_stack.count() == 0 and not window.actions_.undo.isEnabled()
    assert not dialog.buttons["undo"].isEnabled()
    assert "label 'denial' is now 'rebuttal' (renamed by rita)" in window.team.news.text()
    assert all(t.label == "rebuttal" for t in window.open_doc.tags)
    dialog.grab().save(str(SHOTS / "teamrenames-dialog.png"))
    window.grab().save(str(SHOTS / "teamrenames-window.png"))
    # File > Team server… says it in words, even after later syncs.
    sync_now(qtbot, window)
    report = window.team.open_dialog()
    qtbot.addWidget(report)
    assert "label 'denial' is now 'rebuttal' (renamed by rita)" in report.details.toPlainText()
    report.grab().save(str(SHOTS / "teamrenames-team-dialog.png"))


def test_an_annotator_who_is_not_a_reviewer_is_told_who_may(
    open_window: OpenWindow,
    qtbot: QtBot,
    team: Team,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: list[tuple[str, str]],
) -> None:
    window = open_window(annotator="alice")
    assert sync_now(qtbot, window, team.url("alice")).kind == "synced"
    monkeypatch.setattr(labels_dialog, "ask_text", lambda *args: "rebuttal")
    dialog = _dialog(window, qtbot, "denial")
    dialog.buttons["rename"].click()
    ((kind, text),) = dialogs
    assert kind == "warning" and "A reviewer renames it for the whole team instead" in text
    assert "factcheck server rename-label" in text
    assert "denial" in [lab.name for lab in window.project.labels()]


def test_a_teammates_team_rename_arrives_and_undo_cannot_bring_the_old_name_back(
    open_window: OpenWindow, qtbot: QtBot, team: Team
) -> None:
    window = open_window(annotator="bob")
    assert sync_now(qtbot, window, team.url("bob")).kind == "synced"
    _tag_with_key(qtbot, window, "Critics", "denial")
    assert window.undo_stack.count() == 1
    assert rename_for_team(team.url("rita"), "label", "denial", "rebuttal") == 0  # bob's tag is not up yet
    outcome = sync_now(qtbot, window)
    assert outcome.report is not None and outcome.report.refused == []
    assert outcome.report.renames == ["label 'denial' is now 'rebuttal' (renamed by rita)"]
    assert window.undo_stack.count() == 0 and not window.actions_.undo.isEnabled()
    (tag,) = window.open_doc.tags
    assert tag.label == "rebuttal" and "denial" not in [lab.name for lab in window.project.labels()]
    window.actions_.undo.trigger()  # nothing to undo: the tag stays, under the new name
    assert [a.label for a in window.project.store.annotations()] == ["rebuttal"]
    # The team server holds bob's tag, made with the old name, under the new one.
    with team.server.admin(team.database) as conn:
        assert conn.execute("SELECT label FROM factcheck.annotations").fetchall() == [("rebuttal",)]


def test_a_reviewer_renames_a_link_type_for_the_team_from_the_link_types_dialog(
    open_window: OpenWindow, qtbot: QtBot, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.link_types_dialog import LinkTypesDialog

    window = open_window(annotator="rita")
    assert sync_now(qtbot, window, team.url("rita")).kind == "synced"
    monkeypatch.setattr(labels_dialog, "ask_text", lambda *args: "rebuts")
    dialog = LinkTypesDialog(window.project, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.table.selectRow([t.name for t in window.project.link_types()].index("denies"))

    def confirm_it() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):  # not shown yet (a loaded machine): look again
            QTimer.singleShot(20, confirm_it)
            return
        (take,) = [b for b in box.buttons() if "team" in b.text()]
        take.click()

    QTimer.singleShot(50, confirm_it)
    with qtbot.waitSignal(
        window.team.outcomeReady, timeout=WAIT_MS, check_params_cb=_with_renames
    ) as blocker:  # (not an automatic sync that may run meanwhile on a loaded machine)
        dialog.buttons["rename"].click()
    assert blocker.args[0].report.renames == ["link type 'denies' is now 'rebuts' (renamed by rita)"]
    qtbot.waitUntil(dialog.isEnabled, timeout=WAIT_MS)
    names = [t.name for t in window.project.link_types()]
    assert "rebuts" in names and "denies" not in names
    assert dialog.status.text() == "Renamed “denies” to “rebuts” for the whole team (0 links on the server)."
