"""Every dialog, opened through the real window as a user opens it (menu action or key), is usable from
the keyboard and by a screen reader: spoken names, buddies for mnemonic labels, unique mnemonics, a Tab
order that reaches every control and follows the layout, first focus where one types, Esc closing without
change, Enter pressing the default button, a size that fits an 800x600 screen with no label cut."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.ui.conftest import OpenWindow
from tests.ui.dialog_audit import Audit, snapshot, watch_for
from ui.about import AboutDialog
from ui.agreement_dialog import AgreementDialog
from ui.import_export import ExportDialog
from ui.labels_dialog import LabelsDialog
from ui.link_types_dialog import LinkTypesDialog
from ui.main_window import MainWindow
from ui.note_dialog import NoteDialog
from ui.scale_dialog import OrganizationDialog, ScaleDialog
from ui.shortcuts import ShortcutsDialog
from ui.team_dialog import TeamDialog
from ui.web_open import WebAddressDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")

First = Callable[[QDialog], QWidget | None]


def _tags(store: Store, doc: Document) -> None:
    s = doc.text.index("crime fell")
    store.add_annotation(new_annotation(doc, s, s + 10, "claim", "alice", note="check the figures"))
    store.add_annotation(new_annotation(doc, s, s + 5, "denial", "bob"))


def no_first(_dialog: QDialog) -> QWidget | None:
    return None


def first_of(kind: type[QWidget]) -> First:
    """The dialog's first visible control of this kind: where one types."""

    def find(dialog: QDialog) -> QWidget | None:
        return next((w for w in dialog.findChildren(kind) if w.isVisible()), None)

    return find


def audit(
    qtbot: QtBot, window: MainWindow, db_path: Path, kind: type[QDialog], open_it: Callable[[], object],
    first: First = no_first,
) -> list[str]:  # fmt: skip
    """Open the dialog as the user does, check it, close it by Esc: its problems, and any change Esc made."""
    result = Audit(kind.__name__)
    before = snapshot(db_path)
    undo_before = window.undo_stack.count()
    watch_for(qtbot, kind, result, first)
    open_it()
    qtbot.waitUntil(lambda: result.done, timeout=10000)
    problems = result.report()
    if snapshot(db_path) != before or window.undo_stack.count() != undo_before:
        problems.append(f"{kind.__name__}: Esc changed the project")
    return problems


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    w = open_window(prepare=_tags)
    w.view.set_current(next(a.id for a in w.project.store.annotations() if a.annotator == "alice"))
    w.view.setFocus()
    return w


def _menu_action(window: MainWindow, text: str) -> Callable[[], object]:
    for action in window.findChildren(type(window.actions_.about)):
        if action.text() == text:
            return action.trigger
    raise AssertionError(text)


def test_menu_dialogs(window: MainWindow, qtbot: QtBot, db_path: Path) -> None:
    a = window.actions_
    problems: list[str] = []
    problems += audit(qtbot, window, db_path, AboutDialog, a.about.trigger)
    problems += audit(qtbot, window, db_path, ShortcutsDialog, a.shortcuts.trigger, first_of(QLineEdit))
    problems += audit(qtbot, window, db_path, LabelsDialog, a.labels.trigger)
    problems += audit(qtbot, window, db_path, LinkTypesDialog, _menu_action(window, "Lin&k types…"))
    problems += audit(qtbot, window, db_path, QInputDialog, a.annotator.trigger, first_of(QLineEdit))
    problems += audit(qtbot, window, db_path, WebAddressDialog, a.open_web.trigger, first_of(QLineEdit))
    problems += audit(qtbot, window, db_path, ExportDialog, a.export.trigger)
    problems += audit(qtbot, window, db_path, TeamDialog, a.team.trigger, first_of(QLineEdit))
    problems += audit(qtbot, window, db_path, AgreementDialog, window.review.agreement_action.trigger)
    problems += audit(qtbot, window, db_path, ScaleDialog, window.claims.scale_action.trigger)
    problems += audit(qtbot, window, db_path, OrganizationDialog, window.claims.organization_action.trigger,
                      first_of(QLineEdit))  # fmt: skip
    assert not problems, "\n" + "\n".join(problems)


def test_tag_dialogs(window: MainWindow, qtbot: QtBot, db_path: Path) -> None:
    problems: list[str] = []
    problems += audit(qtbot, window, db_path, NoteDialog, lambda: qtbot.keyClick(window.view, Qt.Key.Key_F2),
                      first_of(QPlainTextEdit))  # fmt: skip
    assert not problems, "\n" + "\n".join(problems)
