"""The Claims pane on a card whose tags all went with a document removed from the list: it stays listed,
marked as having no claim tag and saying why; undoing the removal makes it whole again
(tests/db/test_card_removed_documents.py: the store, the command line and the exports)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.claims_support import listed, one_card_in_pane
from tests.ui.conftest import OpenWindow
from tests.ui.test_window_removal_undo_renames import _remove_first
from ui import labels_dialog
from ui.claims_table import TAGS, TEXT
from ui.labels_dialog import LabelsDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on show()


def test_the_card_is_marked_and_comes_back_with_the_undo(
    open_window: OpenWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, pane, _ = one_card_in_pane(open_window, qtbot)
    model = pane.model
    assert listed(window) == ["Crime fell by 20%."]
    _remove_first(window, qtbot, monkeypatch)
    qtbot.waitUntil(lambda: listed(window) == ["(no claim tag: add one) Crime fell by 20%."])
    assert model.data(model.index(0, TAGS)) in ("0", 0)
    tip = model.data(model.index(0, TEXT), role=3)  # ToolTipRole
    assert "went with a removed document or label" in tip
    tags = pane.card.tags_model  # the card opened: its tag says where it went
    qtbot.waitUntil(lambda: tags.rowCount() == 1)
    assert tags.data(tags.index(0, 1)) == "(removed with its document or label)"
    window.undo()
    qtbot.waitUntil(lambda: listed(window) == ["Crime fell by 20%."])
    assert model.data(model.index(0, TAGS)) in ("1", 1)


def test_a_card_whose_claim_label_was_removed_does_not_blame_a_document(
    open_window: OpenWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, pane, _ = one_card_in_pane(open_window, qtbot)
    monkeypatch.setattr(labels_dialog, "confirm_removal", lambda *args: True)
    dialog = LabelsDialog(window.project, window)
    qtbot.addWidget(dialog)
    dialog.table.selectRow([lab.name for lab in dialog.labels()].index("claim"))
    dialog.buttons["remove"].click()  # Project > Labels…: "claim" and its two tags removed
    dialog.close()
    qtbot.waitUntil(lambda: listed(window) == ["(no claim tag: add one) Crime fell by 20%."])
    model, tags = pane.model, pane.card.tags_model
    assert "went with a removed document or label" in model.data(model.index(0, TEXT), role=3)
    qtbot.waitUntil(lambda: tags.rowCount() == 1)
    assert tags.data(tags.index(0, 1)) == "(removed with its document or label)"  # not "its document was"
    assert "removed document or label" in pane.card.header.toolTip()
    window.undo()
    qtbot.waitUntil(lambda: listed(window) == ["Crime fell by 20%."])
