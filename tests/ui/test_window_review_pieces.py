"""The review list in the real window says when two tags differ by their pieces."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from db import Store, attribution
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.ui.conftest import OpenWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

TEXT = "The economy, he said, is booming. Prices rose.\n"


def _team(store: Store, doc: Document) -> None:
    # bob tags "The economy … is booming" in two pieces, alice the whole sentence; both tag "Prices rose"
    bob = store.add_annotation(new_annotation(doc, 0, 11, "claim", "bob"))
    attribution.set_pieces(store, bob.id, [(0, 11), (22, 32)])
    store.add_annotation(new_annotation(doc, 0, 32, "claim", "alice"))
    for who in ("alice", "bob"):
        store.add_annotation(new_annotation(doc, 34, 45, "claim", who))


def test_pieces_against_one_piece_is_listed_as_pieces_differ(open_window: OpenWindow, qtbot: QtBot) -> None:
    window = open_window(text=TEXT, prepare=_team)
    window.review.toggle_action.trigger()
    qtbot.waitUntil(window.review.dock.isVisible)
    model = window.review.panel.model
    assert model.rowCount() == 1  # "Prices rose" agrees; the pieces do not
    d = model.item(0)
    assert d is not None and d.kind == "boundary"
    shown = [
        str(model.data(model.index(0, c), Qt.ItemDataRole.DisplayRole)) for c in range(model.columnCount())
    ]
    assert any("pieces differ: alice 0–32 in one piece; bob 0–11 and 22–32" in cell for cell in shown), shown
    # the tags of the disagreement: bob's by its pieces, where they lie and what they say
    tags = window.review.panel.tag_models[0]
    rows = {
        tags.data(tags.index(r, 0)): (tags.data(tags.index(r, 2)), tags.data(tags.index(r, 4)))
        for r in range(tags.rowCount())
    }
    assert rows == {
        "alice": ("0–32", "The economy, he said, is booming"),
        "bob": ("0–11, 22–32", "The economy … is booming"),
    }
    window.grab().save("/tmp/pieces-review.png")
