"""Attribution made in the real window from the keyboard: S, C, Shift+S, Q; stored at once, undoable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Document
from tests.ui.conftest import OpenWindow
from tests.ui.structure_support import TEXT, add_tag, answer_dialogs, focus_view, keys, stored, tag_key
from ui.main_window import MainWindow
from ui.shortcuts import ShortcutsDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window(text=TEXT)


def test_s_c_q_attribute_a_claim_from_the_keyboard_and_undo_takes_each_back(
    window: MainWindow, qtbot: QtBot
) -> None:
    source = tag_key(window, qtbot, "Lavrov", Qt.Key.Key_4)
    cue = tag_key(window, qtbot, "said", Qt.Key.Key_5)
    far_source = tag_key(window, qtbot, "Tillerson", Qt.Key.Key_4)  # the next sentence: not a candidate
    claim = tag_key(window, qtbot, "Trump accepted Putin's assertions", Qt.Key.Key_1)
    assert (source.label, cue.label, far_source.label) == ("source", "cue", "source")

    qtbot.keyClick(window.view, Qt.Key.Key_S)
    qtbot.keyClick(window.view, Qt.Key.Key_C)
    qtbot.keyClick(window.view, Qt.Key.Key_Q)
    got = stored(window, claim.id)
    assert (got.source, got.cue, got.quotation) == (source.id, cue.id, "direct")
    assert window.open_doc.tags[claim.id].source == source.id  # the OpenDocument follows the store
    qtbot.keyClick(window.view, Qt.Key.Key_Q)
    assert stored(window, claim.id).quotation == "indirect"
    detail = window.structure.detail
    qtbot.waitUntil(lambda: detail.tag_id == claim.id)
    assert "Lavrov" in detail.source.text() and "said" in detail.cue.text()
    assert detail.quotation.currentData() == "indirect"

    for expected in [("direct", True), (None, True), (None, False)]:
        qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
        got = stored(window, claim.id)
        quotation, has_cue = expected
        assert got.quotation == quotation and (got.cue is not None) == has_cue
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert stored(window, claim.id).source is None
    qtbot.keyClick(window.view, Qt.Key.Key_Y, CTRL)
    assert stored(window, claim.id).source == source.id


def test_s_without_a_source_in_the_sentence_explains(window: MainWindow, qtbot: QtBot) -> None:
    tag_key(window, qtbot, "Tillerson", Qt.Key.Key_4)
    claim = tag_key(window, qtbot, "Trump accepted Putin's assertions", Qt.Key.Key_1)
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    assert stored(window, claim.id).source is None
    assert "No source tag in this sentence" in window.statusBar().currentMessage()
    source = tag_key(window, qtbot, "Tillerson", Qt.Key.Key_4)
    qtbot.keyClick(window.view, Qt.Key.Key_S)  # a source tag current: attribution belongs to content
    assert "attribution belongs to a claim" in window.statusBar().currentMessage()
    assert stored(window, source.id).source is None


def test_shift_s_picks_among_the_sentence_s_sources_nearest_first(window: MainWindow, qtbot: QtBot) -> None:
    near = tag_key(window, qtbot, "Tillerson", Qt.Key.Key_4)
    far = tag_key(window, qtbot, "Rex Tillerson", Qt.Key.Key_4)
    claim = tag_key(window, qtbot, "it was not clear", Qt.Key.Key_1)
    titles = answer_dialogs(keys(qtbot, Qt.Key.Key_Down, Qt.Key.Key_Return))
    qtbot.keyClick(window.view, Qt.Key.Key_S, SHIFT)
    assert titles == ["Choose the source"]
    assert stored(window, claim.id).source == far.id
    focus_view(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_S)  # the nearest, at once
    assert stored(window, claim.id).source == near.id
    # The picker offers "No source" to detach; typing filters the list.
    answer_dialogs(keys(qtbot, "detach", Qt.Key.Key_Return))
    qtbot.keyClick(window.view, Qt.Key.Key_S, SHIFT)
    assert stored(window, claim.id).source is None
    focus_view(window, qtbot)
    answer_dialogs(keys(qtbot, Qt.Key.Key_Escape))  # Escape changes nothing
    qtbot.keyClick(window.view, Qt.Key.Key_S, SHIFT)
    assert stored(window, claim.id).source is None


def test_another_annotators_tag_is_not_attributed(
    open_window: OpenWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids: dict[str, str] = {}

    def prepare(store: Store, doc: Document) -> None:
        ids["source"] = add_tag(store, doc, "Lavrov", "source", "alice").id
        ids["claim"] = add_tag(store, doc, "Trump accepted Putin's assertions", "claim", "bob").id

    window = open_window(text=TEXT, prepare=prepare)
    shown: list[str] = []
    import ui.dialogs as dialogs_module

    def info(_parent: object, _title: str, message: str) -> None:
        shown.append(message)

    monkeypatch.setattr(dialogs_module, "show_info", info)
    window.view.set_current(ids["claim"])
    window.view.currentAnnotationChanged.emit(ids["claim"])
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    assert shown and "belongs to bob" in shown[0]
    assert stored(window, ids["claim"]).source is None


def test_quotation_from_the_detail_box(window: MainWindow, qtbot: QtBot) -> None:
    claim = tag_key(window, qtbot, "Trump accepted Putin's assertions", Qt.Key.Key_1)
    detail = window.structure.detail
    qtbot.waitUntil(lambda: detail.tag_id == claim.id)
    detail.quotation.setFocus()
    index = detail.quotation.findData("indirect")
    detail.quotation.setCurrentIndex(index)
    detail.quotation.activated.emit(index)
    assert stored(window, claim.id).quotation == "indirect"
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert stored(window, claim.id).quotation is None
    assert detail.quotation.currentData() is None


def test_help_lists_the_structure_keys(window: MainWindow, qtbot: QtBot) -> None:
    rows: list[tuple[str, str]] = []

    def read(dialog: QWidget) -> None:
        assert isinstance(dialog, ShortcutsDialog)
        rows.extend((what, keys) for _group, what, keys in dialog.rows())
        dialog.close()

    answer_dialogs(read)
    window.show_shortcuts()
    listed = dict(rows)
    assert listed["Attach nearest source"] == "S" and listed["Link to"] == "L"
    assert listed["Back"] == "Alt+Left, Backspace" and listed["Speakers"] == "Ctrl+Shift+K"
    assert listed["Add selection to the current claim"] == "Ctrl+1"


def test_a_source_tag_s_detail_lists_what_it_introduces(window: MainWindow, qtbot: QtBot) -> None:
    source = tag_key(window, qtbot, "Lavrov", Qt.Key.Key_4)
    claim = tag_key(window, qtbot, "Trump accepted Putin's assertions", Qt.Key.Key_1)
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    window.structure.ctx.make_current(source.id)
    detail = window.structure.detail
    qtbot.waitUntil(lambda: detail.tag_id == source.id)
    assert detail.speaker.text() == "not named (W names it)"
    assert detail.links.item(0).text() == "⇢ introduces claim “Trump accepted Putin's assertions”"
    detail.links.setFocus()
    detail.links.setCurrentRow(0)
    qtbot.keyClick(detail.links, Qt.Key.Key_Return)
    assert window.view.current_annotation() == claim.id
    qtbot.keyClick(window.view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)  # and back
    assert window.view.current_annotation() == source.id
