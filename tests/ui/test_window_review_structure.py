"""The review panel lists link and attribution disagreements beside the span ones, and follows changes."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from db import Store
from db import links as link_store
from factcheck.core.links import new_link
from factcheck.core.model import Document
from tests.ui.conftest import OpenWindow
from tests.ui.structure_support import TEXT, add_tag
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    def prepare(store: Store, doc: Document) -> None:
        for who in ("alice", "bob"):
            claim = add_tag(store, doc, "Trump accepted Putin's assertions", "claim", who)
            other = add_tag(store, doc, "the economy is booming", "claim", who, nth=0)
            denial = add_tag(store, doc, "it was not clear", "denial", who)
            lavrov = add_tag(store, doc, "Lavrov", "source", who)
            tillerson = add_tag(store, doc, "Tillerson", "source", who)
            # alice: the denial denies the first claim, Lavrov said it; bob: the other claim, Tillerson.
            target = claim if who == "alice" else other
            link_store.add_link(store, new_link(doc.id, "denies", denial.id, target.id, who))
            said_by = lavrov if who == "alice" else tillerson
            store.put_annotation(replace(claim, source=said_by.id))

    return open_window(text=TEXT.replace("The economy, he said, is booming", "the economy is booming"),
                       prepare=prepare)  # fmt: skip


def open_review(window: MainWindow, qtbot: QtBot) -> None:
    window.review.toggle_action.trigger()
    qtbot.waitUntil(window.review.dock.isVisible)


def kinds(window: MainWindow) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for d in window.review.panel.disagreements():
        found.setdefault(d.kind, []).append(d.description)
    return found


def test_the_review_panel_lists_link_and_attribution_disagreements(window: MainWindow, qtbot: QtBot) -> None:
    open_review(window, qtbot)
    found = kinds(window)
    assert any(
        "alice linked “it was not clear” (denies) to “Trump accepted Putin's assertions”; bob to “the economy"
        in d
        for d in found["link"]
    )
    assert any("alice attributed “Trump accepted Putin's assertions” to “Lavrov”; bob to another source" in d
               for d in found["attribution"])  # fmt: skip
    model = window.review.panel.model
    titles = {model.index(r, 0).data() for r in range(model.rowCount())}
    assert {"Link", "Attribution"} <= titles
    window.review.panel.grab().save("/tmp/s11ui-review.png")

    # bob attributes his claim to Lavrov too (Shift+S in the window, as bob): that disagreement goes.
    window.use_annotator("bob")
    claim = next(t for t in window.open_doc.tags if t.annotator == "bob" and t.label == "claim"
                 and t.quote.startswith("Trump"))  # fmt: skip
    lavrov = next(t for t in window.open_doc.tags if t.annotator == "bob" and t.quote == "Lavrov")
    window.structure.ctx.make_current(claim.id)
    window.view.setFocus()
    window.structure.attribution.set(claim, "source", lavrov)
    qtbot.waitUntil(lambda: "attribution" not in kinds(window))
    # bob deletes his link: the link disagreement now says only alice linked it.
    (bobs,) = [ln for ln in window.open_doc.links if ln.annotator == "bob"]
    assert window.structure.links.delete_link(bobs)
    qtbot.waitUntil(lambda: any(d.startswith("only alice linked") for d in kinds(window).get("link", [])))
