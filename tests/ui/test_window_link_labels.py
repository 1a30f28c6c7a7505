"""The words on link arcs ("denies", "source", "cue") never cover the article's words, in both themes."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QRectF
from pytestqt.qtbot import QtBot

from db import Store
from db import links as link_store
from db.attribution import set_attribution
from factcheck.core.links import new_link
from factcheck.core.model import Document
from tests.ui.conftest import OpenWindow
from tests.ui.structure_support import add_tag
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

# Full lines of words between the linked tags: an arc's middle lies over text.
FILLER = (
    "The transit authority published figures last month showing an increase of thirty eight per cent in "
    "weekday boardings over the same period, and a spokesperson said the numbers were provisional. "
)
TEXT = (
    "The mayor said on Tuesday that ridership on the city's buses had more than doubled "
    "since fares were cut. "
    + FILLER * 2
    + "\n"
    + FILLER * 2
    + "A spokesperson for the authority said the agency has never published any number that would support "
    "the word doubled. " + FILLER + "\n"
)


def glyph_lines(window: MainWindow) -> list[QRectF]:
    """Every line of the article on screen, as wide as its words, from the view's own layout."""
    view = window.view
    area = QRectF(view.viewport().rect())
    rows = []
    block = view.document().firstBlock()
    while block.isValid():
        geo = view.blockBoundingGeometry(block).translated(view.contentOffset())
        layout = block.layout()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            rect = QRectF(geo.left() + line.x(), geo.top() + line.y(), line.naturalTextWidth(), line.height())
            if rect.width() > 0 and rect.intersects(area):
                rows.append(rect)
        block = block.next()
    return rows


def linked_window(open_window: OpenWindow) -> tuple[MainWindow, str]:
    made: dict[str, str] = {}

    def prepare(store: Store, doc: Document) -> None:
        claim = add_tag(store, doc, "more than doubled", "claim", "alice")
        denial = add_tag(store, doc, "has never published any number", "denial", "alice")
        source = add_tag(store, doc, "A spokesperson for the authority", "source", "alice")
        cue = add_tag(store, doc, "said", "cue", "alice", nth=2)
        link_store.add_link(store, new_link(doc.id, "denies", denial.id, claim.id, "alice"))
        set_attribution(store, denial.id, source=source.id, cue=cue.id, by="alice")
        made["denial"] = denial.id

    window = open_window(text=TEXT, prepare=prepare)
    return window, made["denial"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_arc_labels_sit_where_no_word_is(open_window: OpenWindow, qtbot: QtBot, scheme: str) -> None:
    window, denial = linked_window(open_window)
    window.resize(1000, 760)
    window.appearance.set_scheme(scheme)
    try:
        window.structure.ctx.make_current(denial)
        overlay = window.structure.overlay
        window.view.viewport().repaint()
        assert sorted(text for _, _, text in overlay.painted_arcs) == ["cue", "denies", "source"]
        shots = os.environ.get("LINK_LABEL_SHOTS")
        if shots:
            window.grab().save(f"{shots}-{scheme}.png")
        labels = dict(overlay.painted_labels)
        assert sorted(labels) == ["cue", "denies", "source"]
        lines = glyph_lines(window)
        assert len(lines) > 5
        area = QRectF(window.view.viewport().rect())
        for text, box in labels.items():
            assert area.contains(box), text
            covered = [line for line in lines if line.intersects(box)]
            assert covered == [], f"“{text}” covers words at {box}"
        boxes = list(labels.values())
        assert not any(a.intersects(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    finally:
        window.appearance.set_scheme("light")  # the application's look is shared by the tests that follow
