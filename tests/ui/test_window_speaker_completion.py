"""Speakers' names, and a picker's choices, are matched as names compare (case, spaces and typographic
quotes aside): "O'B" typed on a keyboard finds "O’Brien" as the article prints it, in W's name box, the
card editor's speaker box, the Speakers dialog's filter and the pickers (each matched only a straight
apostrophe against a straight one, so the speaker was not listed, though typing the whole "O'Brien"
named that same speaker)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from db import Store
from db import speakers as speaker_store
from factcheck.core.model import Document
from factcheck.core.speakers import new_speaker
from tests.helpers.optional import present
from tests.ui.conftest import OpenWindow
from tests.ui.structure_support import TEXT, answer_dialogs, focus_view, keys, stored, tag_key
from ui.claim_editor import ClaimEditor
from ui.main_window import MainWindow
from ui.picker import Choice, Picker

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "grabbing the keyboard", "support raise")
NAMES = ("Conan O’Brien", "Barack Obama", "Rex Tillerson")


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    def prepare(store: Store, _doc: Document) -> None:
        speaker_store.put_speakers(store, [new_speaker(name) for name in NAMES])

    return open_window(text=TEXT, prepare=prepare)


def _completions(completer: QCompleter) -> list[str]:
    model = completer.completionModel()
    return sorted(completer.pathFromIndex(model.index(r, 0)) for r in range(model.rowCount()))


def test_the_card_editors_speaker_box_completes_a_typed_apostrophe(qtbot: QtBot) -> None:
    editor = ClaimEditor(None, text="Crime fell.", speakers=[(f"sp-{n}", n) for n in NAMES], speaker_id=None)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.keyClicks(editor.speaker_edit, "o'b")
    completer = editor.speaker_edit.completer()
    assert _completions(completer) == ["Conan O’Brien"]
    qtbot.keyClicks(editor.speaker_edit, "r")
    assert _completions(completer) == ["Conan O’Brien"] and completer.currentCompletion() == "Conan O’Brien"
    editor.speaker_edit.clear()
    qtbot.keyClicks(editor.speaker_edit, "ob")
    assert _completions(completer) == ["Barack Obama"]  # the straight one does not match "O’B"
    present(completer.popup()).hide()
    editor.close()


def test_w_lists_the_speaker_for_a_typed_apostrophe(window: MainWindow, qtbot: QtBot) -> None:
    source = tag_key(window, qtbot, "Tillerson", Qt.Key.Key_4)
    listed: list[list[str]] = []

    def type_and_pick(dialog: QWidget) -> None:
        edit = dialog.findChild(QLineEdit)
        assert edit is not None
        qtbot.keyClicks(edit, "O'B")
        completer = edit.completer()
        listed.append(_completions(completer))
        present(completer.popup()).hide()
        edit.setText(completer.currentCompletion())
        keys(qtbot, Qt.Key.Key_Return)(dialog)

    titles = answer_dialogs(type_and_pick)
    qtbot.keyClick(window.view, Qt.Key.Key_W)
    focus_view(window, qtbot)
    assert titles == ["Speaker"] and listed == [["Conan O’Brien"]]
    named = {s.name: s.id for s in window.project.speakers()}
    assert stored(window, source.id).speaker == named["Conan O’Brien"] and len(named) == len(NAMES)


def test_the_speakers_dialogs_filter_matches_a_typed_apostrophe(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.keyClick(
        window.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    dialog = window.structure.speakers_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.filter, "o'brien")
    shown = [dialog.proxy.data(dialog.proxy.index(r, 0)) for r in range(dialog.proxy.rowCount())]
    assert shown == ["Conan O’Brien"]
    dialog.filter.clear()
    qtbot.keyClicks(dialog.filter, "BARACK  ob")  # case and a run of spaces aside, as names compare
    assert dialog.proxy.rowCount() == 1
    dialog.filter.clear()
    assert dialog.proxy.rowCount() == len(NAMES)
    dialog.close()


def test_a_pickers_filter_matches_a_typed_apostrophe(qtbot: QtBot) -> None:
    # The Speakers dialog's Merge…, and the attribution and link pickers (the user types what they read
    # in the article, which prints “don’t”) use it.
    picker = Picker(None, "Merge speaker", "Into which speaker?", [Choice(n, n) for n in NAMES])
    qtbot.addWidget(picker)
    qtbot.keyClicks(picker.filter, "o'b")
    shown = [
        picker.list.item(r).text() for r in range(picker.list.count()) if not picker.list.item(r).isHidden()
    ]
    assert shown == ["Conan O’Brien"] and picker.chosen() == "Conan O’Brien"
    picker.close()
