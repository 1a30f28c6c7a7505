"""What the random card and review sessions (test_window_card_sessions.py) found, each replayed by hand."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from factcheck.core.links import new_link
from tests.ui.claims_support import make_current, tag_of
from tests.ui.conftest import OpenWindow
from tests.ui.session_support import TEXT, US, two_annotators
from ui.commands import push_command
from ui.main_window import MainWindow
from ui.structure_commands import AddLink

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
K = Qt.Key


def card_rows(window: MainWindow) -> list[tuple[str, str]]:
    """The opened card's tag list as shown: (quote, tag column)."""
    model = window.claims.pane.card.tags_model
    return [(str(model.index(r, 2).data()), str(model.index(r, 1).data())) for r in range(model.rowCount())]


def open_ridership_card(window: MainWindow) -> None:
    card_id = next(r.id for r in window.claims.model.rows() if r.text == "Ridership more than doubled.")
    window.claims.open_card(card_id, focus=False)


def test_the_opened_card_drops_a_denial_deleted_and_shows_it_again_on_undo(
    open_window: OpenWindow, qtbot: QtBot, dialogs: list[tuple[str, str]]
) -> None:
    window = open_window(text=TEXT, annotator=US, prepare=two_annotators)
    open_ridership_card(window)
    denial = tag_of(window, "has never published any number")
    assert (denial.quote, "denial — denies it") in card_rows(window)
    make_current(window, denial)
    qtbot.keyClick(window.view, K.Key_Delete)
    assert window.project.store.annotation(denial.id).deleted  # type: ignore[union-attr]
    assert denial.quote not in [quote for quote, _tag in card_rows(window)]
    window.undo()
    assert (denial.quote, "denial — denies it") in card_rows(window)
    assert not dialogs


def test_the_opened_card_follows_a_link_made_to_its_tag_and_its_undo(
    open_window: OpenWindow, qtbot: QtBot, dialogs: list[tuple[str, str]]
) -> None:
    window = open_window(text=TEXT, annotator=US, prepare=two_annotators)
    open_ridership_card(window)
    claim = next(
        a for a in window.open_doc.tags.by_id.values() if a.annotator == US and "ridership" in a.quote
    )
    start = TEXT.index("Critics called it")
    critics = window.tag_selection("characterization", (start, start + len("Critics called it")))
    assert critics is not None
    link = new_link(critics.document_id, "characterizes", critics.id, claim.id, US)
    push_command(window.undo_stack, AddLink(window.project, link, critics, claim))
    assert ("Critics called it", "characterization — characterizes it") in card_rows(window)
    window.undo()
    assert "Critics called it" not in [quote for quote, _tag in card_rows(window)]
    window.redo()
    assert ("Critics called it", "characterization — characterizes it") in card_rows(window)
    assert not dialogs
