"""Every dialog, opened through the real window as a user opens it (menu action or key), is usable from
the keyboard and by a screen reader: spoken names, buddies for mnemonic labels, unique mnemonics, a Tab
order that reaches every control and follows the layout, first focus where one types, Esc closing without
change, Enter pressing the default button, a size that fits an 800x600 screen with no label cut."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from db import Store
from db import claims as claims_db
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.ui.claims_support import attributed, make_current, tag_of
from tests.ui.conftest import OpenWindow
from tests.ui.dialog_audit import Audit, snapshot, watch_for
from ui.about import AboutDialog
from ui.agreement_dialog import AgreementDialog
from ui.claim_editor import ClaimEditor
from ui.claim_picker import ClaimPicker
from ui.dialogs import EditTagDialog
from ui.import_export import ExportDialog
from ui.labels_dialog import LabelsDialog
from ui.link_types_dialog import LinkTypesDialog
from ui.main_window import MainWindow
from ui.note_dialog import NoteDialog
from ui.picker import Picker
from ui.scale_dialog import OrganizationDialog, ScaleDialog
from ui.shortcuts import ShortcutsDialog
from ui.speaker_claims import SpeakerClaimsWindow
from ui.speakers_dialog import SpeakerEditor, SpeakersDialog
from ui.team_dialog import TeamDialog
from ui.typed_text import TextPrompt
from ui.verdict_dialog import VerdictDialog, VoteDialog
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
    first: First = no_first, *, typed: bool = False,
) -> list[str]:  # fmt: skip
    """Open the dialog as the user does, check it, close it by Esc: its problems, and any change Esc made."""
    result = Audit(kind.__name__, typed=typed, state=lambda: (snapshot(db_path), window.undo_stack.count()))
    watch_for(qtbot, kind, result, first)
    open_it()
    qtbot.waitUntil(lambda: result.done, timeout=10000)
    problems = result.report()
    if result.seen and result.state() != result.before_esc:
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


def audit_inside(
    qtbot: QtBot, window: MainWindow, db_path: Path, outer: type[QDialog], open_outer: Callable[[], object],
    button: str, inner: type[QDialog], first: First = no_first,
) -> list[str]:  # fmt: skip
    """Open outer as the user does, press one of its buttons from the keyboard (focus, Space), and check
    the dialog that opens from it (of exactly the class inner); then close outer."""
    result = Audit(f"{inner.__name__} from {outer.__name__}",
                   state=lambda: (snapshot(db_path), window.undo_stack.count()))  # fmt: skip
    tries = iter(range(300))

    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, outer) or not dialog.isActiveWindow():
            if next(tries, None) is None:
                result.done = True
                return
            QTimer.singleShot(10, step)
            return
        pressed = dialog.findChild(QPushButton, button) or next(
            b for b in dialog.findChildren(QPushButton) if b.text() == button
        )
        watch_for(qtbot, inner, result, first, exact=True)
        pressed.setFocus()
        qtbot.keyClick(pressed, Qt.Key.Key_Space)
        dialog.reject()

    QTimer.singleShot(0, step)
    open_outer()
    qtbot.waitUntil(lambda: result.done, timeout=10000)
    problems = result.report()
    if result.seen and result.state() != result.before_esc:
        problems.append(f"{result.name}: Esc changed the project")
    return problems


def test_dialogs_inside_dialogs(window: MainWindow, qtbot: QtBot, db_path: Path) -> None:
    a = window.actions_
    problems: list[str] = []
    problems += audit_inside(qtbot, window, db_path, LabelsDialog, a.labels.trigger, "&Add…", TextPrompt,
                             first_of(QLineEdit))  # fmt: skip
    link_types = _menu_action(window, "Lin&k types…")
    problems += audit_inside(qtbot, window, db_path, LinkTypesDialog, link_types, "&Add…", QDialog,
                             first_of(QLineEdit))  # fmt: skip
    assert not problems, "\n" + "\n".join(problems)


def test_tag_dialogs(window: MainWindow, qtbot: QtBot, db_path: Path) -> None:
    problems: list[str] = []
    problems += audit(qtbot, window, db_path, NoteDialog, lambda: qtbot.keyClick(window.view, Qt.Key.Key_F2),
                      first_of(QPlainTextEdit), typed=True)  # fmt: skip
    assert not problems, "\n" + "\n".join(problems)


def _structure(store: Store, doc: Document) -> None:
    """Roe's claim with its source and speaker, linked tags, a card on the claim, a second claim tag
    not on a card, and bob's denial over the claim's words (a disagreement to review)."""
    attributed(store, doc)
    claim = next(a for a in store.annotations() if a.quote == "crime fell by 20%")
    claims_db.create_card(store, [claim.id], "alice", text="Crime fell by 20%.")
    s = doc.text.index("called the claim")
    store.add_annotation(new_annotation(doc, s, s + 16, "claim", "alice"))
    s = doc.text.index("crime fell")
    store.add_annotation(new_annotation(doc, s, s + 5, "denial", "bob"))


@pytest.fixture
def structured(open_window: OpenWindow) -> MainWindow:
    return open_window(prepare=_structure)


def _key(
    qtbot: QtBot, window: MainWindow, phrase: str, key: str, widget: QWidget | None = None
) -> Callable[[], None]:
    """Make the tag of phrase current, then press key (with Shift/Ctrl as written, "Shift+S")."""
    *mods, name = key.split("+")
    modifiers = Qt.KeyboardModifier.NoModifier
    for mod in mods:
        modifiers |= {
            "Shift": Qt.KeyboardModifier.ShiftModifier,
            "Ctrl": Qt.KeyboardModifier.ControlModifier,
        }[mod]

    def press() -> None:
        window.activateWindow()  # back from the dialog before: keys reach the window's shortcuts
        qtbot.waitUntil(window.isActiveWindow)
        if widget is None:
            make_current(window, tag_of(window, phrase))
        target = widget or window.view
        target.setFocus()
        qtbot.keyClick(target, getattr(Qt.Key, f"Key_{name}"), modifiers)

    return press


def test_structure_dialogs(structured: MainWindow, qtbot: QtBot, db_path: Path) -> None:
    w = structured
    problems: list[str] = []
    claim = "crime fell by 20%"
    problems += audit(qtbot, w, db_path, Picker, _key(qtbot, w, claim, "Shift+S"), first_of(QLineEdit))
    problems += audit(qtbot, w, db_path, Picker, _key(qtbot, w, claim, "L"), first_of(QLineEdit))
    problems += audit(qtbot, w, db_path, QInputDialog, _key(qtbot, w, "Jane Roe", "W"), first_of(QLineEdit))
    problems += audit(qtbot, w, db_path, SpeakersDialog, _key(qtbot, w, claim, "Ctrl+Shift+K"))
    speakers = w.structure.show_speakers()  # what Ctrl+Shift+K does; its Ctrl+N adds a speaker

    def add_speaker() -> None:
        speakers.activateWindow()
        qtbot.waitUntil(speakers.isActiveWindow)
        qtbot.keyClick(speakers.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)

    problems += audit(qtbot, w, db_path, SpeakerEditor, add_speaker, first_of(QLineEdit), typed=True)
    speakers.close()
    assert not problems, "\n" + "\n".join(problems)


def test_claim_dialogs(structured: MainWindow, qtbot: QtBot, db_path: Path) -> None:
    w = structured
    problems: list[str] = []
    problems += audit(qtbot, w, db_path, ClaimEditor, _key(qtbot, w, "called the claim", "K"),
                      first_of(QLineEdit), typed=True)  # fmt: skip
    problems += audit(qtbot, w, db_path, ClaimPicker, _key(qtbot, w, "called the claim", "Shift+K"),
                      first_of(QLineEdit))  # fmt: skip
    w.claims.toggle_action.trigger()
    qtbot.waitUntil(w.claims.dock.isVisible)
    pane = w.claims.pane
    pane.view.selectRow(0)
    problems += audit(qtbot, w, db_path, VoteDialog, _key(qtbot, w, "", "Y", pane.view), typed=True)
    problems += audit(qtbot, w, db_path, VerdictDialog, _key(qtbot, w, "", "V", pane.view), typed=True)
    pane.set_speaker_filter("sp-roe")
    problems += audit(qtbot, w, db_path, SpeakerClaimsWindow, _key(qtbot, w, "", "Ctrl+T", pane.view))
    assert not problems, "\n" + "\n".join(problems)


def test_review_dialogs(structured: MainWindow, qtbot: QtBot, db_path: Path) -> None:
    w = structured
    w.review.toggle_action.trigger()
    qtbot.waitUntil(w.review.dock.isVisible)
    panel = w.review.panel
    qtbot.waitUntil(lambda: panel.current_annotation() is not None)
    problems: list[str] = []
    problems += audit(qtbot, w, db_path, QInputDialog, _key(qtbot, w, "", "R", panel.list_view),
                      first_of(QLineEdit))  # fmt: skip
    problems += audit(qtbot, w, db_path, EditTagDialog, _key(qtbot, w, "", "E", panel.list_view), typed=True)
    assert not problems, "\n" + "\n".join(problems)


def test_import_report(window: MainWindow, qtbot: QtBot, db_path: Path, tmp_path: Path) -> None:
    article = tmp_path / "second.txt"
    article.write_text("The mayor said the budget grew by 3%.\n", encoding="utf-8")
    problems = audit(qtbot, window, db_path, QMessageBox, lambda: window.import_files([str(article)]))
    assert not problems, "\n" + "\n".join(problems)
