"""Accessibility of the real window, checked by walking its widget tree: every control has a name a screen
reader can say, symbol buttons included, and the current tag is described when it changes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractButton, QComboBox, QWidget
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.ui.conftest import OpenWindow
from tests.ui.test_dialogs_accessibility import _structure
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _tags(store: Store, doc: Document) -> None:
    s = doc.text.index("crime fell")
    store.add_annotation(new_annotation(doc, s, s + 10, "claim", "alice", note="check the figures"))
    store.add_annotation(new_annotation(doc, s, s + 5, "denial", "bob"))


def spoken_name(widget: QWidget) -> str:
    """What a screen reader says for the widget: its accessible interface's name."""
    if isinstance(widget, QComboBox):  # Qt reads a combo box's current text as its name: ours is set
        return widget.accessibleName()
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def focusable(window: MainWindow) -> list[QWidget]:
    return [
        w for w in window.findChildren(QWidget)
        if w.isVisible() and w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isEnabled()
    ]  # fmt: skip


def _unnamed(controls: list[QWidget]) -> list[str]:
    """The controls a screen reader would land on with nothing to say."""
    return [
        f"{type(w).__name__} {w.objectName()!r}" for w in controls
        if not any(ch.isalpha() for ch in spoken_name(w))
    ]  # fmt: skip


def test_every_control_has_a_spoken_name(open_window: OpenWindow, qtbot: QtBot) -> None:
    window = open_window(prepare=_tags)
    window.find_bar.open_bar()
    window.review.toggle_action.trigger()
    qtbot.waitUntil(window.review.dock.isVisible)
    window.review.panel.set_side_by_side("alice", "bob")
    controls = focusable(window)
    assert len(controls) > 15
    assert _unnamed(controls) == []
    names = {spoken_name(w) for w in controls}
    for expected in ("Article", "Tags of this article", "Documents", "Disagreements", "Tags of annotator A",
                     "Tags of annotator B", "Annotator A", "Annotator B"):  # fmt: skip
        assert expected in names, expected
    # The find bar's symbol buttons are named by what they do.
    find_buttons = {spoken_name(b) for b in window.find_bar.findChildren(QAbstractButton) if b.isVisible()}
    assert {"Previous match", "Next match", "Close find bar"} <= find_buttons
    assert not any(ch in "".join(find_buttons) for ch in "▲▼✕")


def test_the_claims_pane_controls_have_spoken_names(open_window: OpenWindow, qtbot: QtBot) -> None:
    window = open_window(prepare=_structure)
    window.claims.show_pane()
    qtbot.waitUntil(window.claims.dock.isVisible)
    card_id = window.claims.pane.model.card_id(0)
    assert card_id is not None
    window.claims.open_card(card_id)  # the card beside the list: its verdicts and tags
    qtbot.waitUntil(window.claims.pane.card.tags_view.isVisible)
    controls = [w for w in focusable(window) if window.claims.pane.isAncestorOf(w)]
    assert len(controls) > 8
    assert _unnamed(controls) == []
    names = {spoken_name(w) for w in controls}
    assert {"Find cards", "Claim cards", "Opened card"} <= names


def test_the_current_tag_is_described_for_screen_readers(open_window: OpenWindow, qtbot: QtBot) -> None:
    window = open_window(prepare=_tags)
    view = window.view
    assert "Select words" in view.accessibleDescription()  # no tag current: how to use the article
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Tab)  # to the first tag, as a keyboard user does
    current = window.current_annotation()
    assert current is not None
    described = view.accessibleDescription()
    assert current.label in described and current.annotator in described and current.quote in described
    if current.note:
        assert current.note in described
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    other = window.current_annotation()
    assert other is not None and other.id != current.id
    assert f"{other.label} by {other.annotator}" in view.accessibleDescription()
    # Relabelling the current tag (it is alice's own when alice's is current) updates what is said.
    window._set_current(next(a.id for a in window.project.store.annotations() if a.annotator == "alice"))
    window.relabel_current("characterization")
    assert "characterization by alice" in view.accessibleDescription()
    window._set_current(None)
    assert "Select words" in view.accessibleDescription()


def test_labels_are_not_told_by_colour_alone(open_window: OpenWindow) -> None:
    window = open_window(prepare=_tags)
    model = window.table.view.model()
    shown = {model.index(r, 0).data() for r in range(model.rowCount())}
    assert shown == {"claim", "denial"}  # the table names each tag's label
    texts = [a.text() for a in window.label_bar.label_actions.values()]
    assert any("claim" in t for t in texts)
    style = window.view._hl.style
    assert style.pattern("claim") != style.pattern("denial")  # and the article's underlines differ


def test_a_documents_tag_counts_are_said_in_words(open_window: OpenWindow) -> None:
    window = open_window(prepare=_tags)
    index = window.doc_list.view.model().index(0, 0)
    # Under the title, each count is told from the others by its dot's colour only: a screen reader says
    # the label with the count.
    described = index.data(Qt.ItemDataRole.AccessibleDescriptionRole)
    assert described == "Source: roe.txt; tags: 1 claim, 1 denial"
