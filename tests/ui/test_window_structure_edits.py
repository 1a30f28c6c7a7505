"""Keyboard edits of tags that carry structure, in the real window: a cue relabelled after it was attached
(the claim's quotation still changes; the detail and the arcs say the cue is gone), and the bounds of a
discontinuous tag moved with the word keys (the outer piece moves)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from factcheck.core.model import Annotation
from tests.ui.conftest import OpenWindow
from tests.ui.structure_support import TEXT, select, stored, tag_key
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
CTRL = Qt.KeyboardModifier.ControlModifier
ALT_SHIFT = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window(text=TEXT)


def _attributed_claim(window: MainWindow, qtbot: QtBot) -> tuple[Annotation, Annotation, Annotation]:
    """(source, cue, claim), the claim attributed to both by S, C, Q (direct quotation)."""
    source = tag_key(window, qtbot, "Lavrov", Qt.Key.Key_4)
    cue = tag_key(window, qtbot, "said", Qt.Key.Key_5)
    claim = tag_key(window, qtbot, "Trump accepted Putin's assertions", Qt.Key.Key_1)
    for key in (Qt.Key.Key_S, Qt.Key.Key_C, Qt.Key.Key_Q):
        qtbot.keyClick(window.view, key)
    return source, cue, claim


def test_a_cue_relabelled_after_it_was_attached_does_not_block_the_claim(
    window: MainWindow, qtbot: QtBot, dialogs: list[tuple[str, str]]
) -> None:
    source, cue, claim = _attributed_claim(window, qtbot)
    assert (stored(window, claim.id).cue, stored(window, claim.id).quotation) == (cue.id, "direct")

    window._set_current(cue.id)
    qtbot.keyClick(window.view, Qt.Key.Key_2)  # the cue was a denial after all
    assert stored(window, cue.id).label == "denial"
    window._set_current(claim.id)
    qtbot.keyClick(window.view, Qt.Key.Key_Q)  # was refused: "its cue … is a denial tag, not a cue tag"
    assert dialogs == []
    got = stored(window, claim.id)
    assert (got.quotation, got.source, got.cue) == ("indirect", source.id, cue.id)  # the pointer stays
    detail = window.structure.detail
    qtbot.waitUntil(lambda: detail.tag_id == claim.id)
    assert detail.cue.text() == "“said”, a denial tag since (attach another)"
    assert "Lavrov" in detail.source.text()
    overlay = window.structure.overlay
    window.view.viewport().repaint()
    assert [arc[2] for arc in overlay.painted_arcs] == ["source"]  # no cue arc to the denial
    window.grab().save("/tmp/lead-dormant-cue.png")

    window._set_current(cue.id)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)  # the quotation
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)  # the relabel: the cue is one again
    assert stored(window, cue.id).label == "cue"
    window._set_current(claim.id)
    qtbot.waitUntil(lambda: detail.tag_id == claim.id)
    assert detail.cue.text() == "“said”"


def test_the_word_keys_move_the_outer_pieces_of_a_discontinuous_tag(
    window: MainWindow, qtbot: QtBot, dialogs: list[tuple[str, str]]
) -> None:
    text = window.open_doc.text
    claim = tag_key(window, qtbot, "The economy", Qt.Key.Key_1)
    second = select(window, "is booming")
    qtbot.keyClick(window.view, Qt.Key.Key_1, CTRL)
    first = (text.index("The economy"), text.index("The economy") + len("The economy"))
    assert stored(window, claim.id).fragments == (first, second)
    window._set_current(claim.id)

    qtbot.keyClick(window.view, Qt.Key.Key_Left, ALT_SHIFT)  # the end one word back: "is"
    got = stored(window, claim.id)
    assert dialogs == []  # was: "start-end … is not the envelope of its pieces"
    assert got.fragments == (first, (second[0], second[0] + 2))
    assert (got.start, got.end, got.quote) == (first[0], second[0] + 2, "The economy, he said, is")
    qtbot.keyClick(window.view, Qt.Key.Key_Right, CTRL_ALT)  # the start one word on: "economy"
    got = stored(window, claim.id)
    assert got.fragments == ((first[0] + 4, first[1]), (second[0], second[0] + 2))
    assert got.quote == text[got.start : got.end] and got.start == first[0] + 4
    assert window.open_doc.tags[claim.id].fragments == got.fragments  # the views follow
    assert "economy … is" in window.statusBar().currentMessage()

    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert stored(window, claim.id).fragments == (first, second)
    assert dialogs == []


def test_an_attributed_claim_relabelled_a_source_drops_its_attribution_in_one_undo_step(
    window: MainWindow, qtbot: QtBot, dialogs: list[tuple[str, str]]
) -> None:
    source, cue, claim = _attributed_claim(window, qtbot)
    window._set_current(claim.id)
    qtbot.keyClick(window.view, Qt.Key.Key_4)  # was refused: "a source tag cannot have a source, cue …"
    assert dialogs == []
    got = stored(window, claim.id)
    assert (got.label, got.source, got.cue, got.quotation) == ("source", None, None, None)
    assert window.open_doc.tags[claim.id].label == "source"
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    got = stored(window, claim.id)
    assert (got.label, got.source, got.cue, got.quotation) == ("claim", source.id, cue.id, "direct")


def test_undo_brings_back_a_pointer_to_a_source_deleted_since(
    window: MainWindow, qtbot: QtBot, dialogs: list[tuple[str, str]]
) -> None:
    source = tag_key(window, qtbot, "Lavrov", Qt.Key.Key_4)
    claim = tag_key(window, qtbot, "Trump accepted Putin's assertions", Qt.Key.Key_1)
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    window._set_current(source.id)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    window._set_current(claim.id)
    qtbot.keyClick(window.view, Qt.Key.Key_5)  # the claim relabelled a cue: no attribution
    assert stored(window, claim.id).source is None
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)  # was "Undo failed: its source … was deleted"
    assert dialogs == []
    assert (stored(window, claim.id).label, stored(window, claim.id).source) == ("claim", source.id)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)  # the source is back, and so is the attribution
    assert stored(window, source.id).deleted_at is None
    detail = window.structure.detail
    window._set_current(claim.id)
    qtbot.waitUntil(lambda: detail.tag_id == claim.id)
    assert detail.source.text() == "“Lavrov”"


def test_moving_a_bound_onto_an_identical_tag_shows_that_tag(
    window: MainWindow, qtbot: QtBot, dialogs: list[tuple[str, str]]
) -> None:
    wide = tag_key(window, qtbot, "Trump accepted", Qt.Key.Key_1)
    narrow = tag_key(window, qtbot, "Trump", Qt.Key.Key_1)
    window._set_current(narrow.id)
    qtbot.keyClick(window.view, Qt.Key.Key_Right, ALT_SHIFT)  # would be "Trump accepted" twice
    assert dialogs == []  # was a "The tag was not moved" error box
    assert stored(window, narrow.id).quote == "Trump"
    assert window.view.current_annotation() == wide.id
    assert window.statusBar().currentMessage().startswith("Already tagged: “Trump accepted”")
