"""Speakers' names in the window follow the naming rule (control and format characters refused, the
joiners scripts need kept): the Speakers dialog's editor, W's name prompt and the card editor's speaker
field refuse a pasted hostile name and say why; a name kept from before the rule is shown escaped, and
survives an edit of the speaker's other fields."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from db import Store
from db import speakers as speaker_store
from factcheck.core.model import Document
from factcheck.core.speakers import new_speaker
from tests.ui.conftest import OpenWindow
from tests.ui.structure_support import TEXT, answer_dialogs, focus_view, keys, stored, tag_key
from ui.claim_editor import ClaimEditor
from ui.main_window import MainWindow
from ui.speakers_dialog import SpeakerEditor

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "grabbing the keyboard", "support raise")
OLDER = "Rex\u202eTillerson"  # a name an older factcheck let be typed


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    def prepare(store: Store, _doc: Document) -> None:
        speaker_store.put_speakers(store, [replace(new_speaker("placeholder"), name=OLDER)])

    return open_window(text=TEXT, prepare=prepare)


def paste(text: str, *then: Qt.Key | str, qtbot: QtBot) -> object:
    """Paste text into the dialog's line edit (typing cannot enter a control character), then keys."""

    def answer(dialog: QWidget) -> None:
        edit = dialog.findChild(QLineEdit)
        assert edit is not None
        edit.setText(text)
        keys(qtbot, *then)(dialog)

    return answer


def test_w_refuses_a_pasted_hostile_name_and_asks_again_with_it_cleaned(
    window: MainWindow, qtbot: QtBot
) -> None:
    source = tag_key(window, qtbot, "Tillerson", Qt.Key.Key_4)
    seen: list[str] = []

    def error_text(dialog: QWidget) -> None:
        seen.append(dialog.text())  # type: ignore[attr-defined]
        keys(qtbot, Qt.Key.Key_Return)(dialog)

    titles = answer_dialogs(
        paste("Jane\u202eRoe", Qt.Key.Key_Return, qtbot=qtbot),  # type: ignore[arg-type]
        error_text,
        keys(qtbot, Qt.Key.Key_Return),  # the name asked again, the character taken out
    )
    qtbot.keyClick(window.view, Qt.Key.Key_W)
    focus_view(window, qtbot)
    assert titles == ["Speaker", "Speaker", "Speaker"]
    assert "cannot hold control characters" in seen[0] and "Jane\\u202eRoe" in seen[0]
    named = {s.name: s.id for s in window.project.speakers()}
    assert "Jane Roe" in named and stored(window, source.id).speaker == named["Jane Roe"]


def test_the_speaker_editor_refuses_a_hostile_name_and_keeps_an_older_one(
    window: MainWindow, qtbot: QtBot
) -> None:
    editor = SpeakerEditor(window, None)
    editor.name.setText("Jane\nRoe")
    warned = answer_dialogs(keys(qtbot, Qt.Key.Key_Return))
    editor.show()
    editor.accept()
    assert warned == ["Speaker"] and editor.isVisible() and editor.result() != QDialog.DialogCode.Accepted
    editor.name.setText("Jane Roe")
    editor.accept()
    assert editor.result() == QDialog.DialogCode.Accepted and editor.result_speaker().name == "Jane Roe"

    older = next(s for s in window.project.speakers() if s.name == OLDER)
    edit = SpeakerEditor(window, older)
    assert edit.name.text() == "Rex\\u202eTillerson"  # shown escaped
    edit.kind.setCurrentIndex(1)
    assert edit.problem() is None and edit.result_speaker().name == OLDER  # not the escaped text
    window.project.put_speaker(edit.result_speaker(), older.name)
    assert next(s.kind for s in window.project.speakers() if s.id == older.id) == "organization"
    editor.close()
    edit.close()


def test_an_older_name_is_shown_escaped_in_the_speakers_dialog(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.keyClick(
        window.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    dialog = window.structure.speakers_dialog
    assert dialog is not None
    shown = [dialog.model.data(dialog.model.index(r, 0)) for r in range(dialog.model.rowCount())]
    assert shown == ["Rex\\u202eTillerson"]
    dialog.grab().save("/tmp/polish-speakers.png")
    dialog.close()


def test_the_card_editor_refuses_a_hostile_new_speaker_and_stays_open(qtbot: QtBot) -> None:
    editor = ClaimEditor(None, text="Crime fell.", speakers=[("sp-1", "Rex Tillerson")], speaker_id=None)
    qtbot.addWidget(editor)
    editor.speaker_edit.setText("Jane\x1b[31mRoe")
    why = editor.problem()
    assert why is not None and "cannot hold control characters" in why and "Jane\\x1b[31mRoe" in why
    editor.accept()
    assert editor.error.text() == why and editor.result() != QDialog.DialogCode.Accepted
    editor.speaker_edit.setText("Jane Roe")
    assert editor.problem() is None
