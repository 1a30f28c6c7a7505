"""Random keyboard sessions on the claims pane, the review dock, links and speakers (seeded, so a failure
replays; tests/ui/session_support.py): cards made, tags added and taken off, votes, verdicts, statuses,
review decisions on the other annotator's tags, links and speakers, each dialog answered at random. After
every step the store, the OpenDocument and the views agree; no error box appears; undoing every step gives
the first state back and redoing them the last.

FACTCHECK_CARD_SEEDS / FACTCHECK_CARD_STEPS run it bigger (outside the suite)."""

from __future__ import annotations

import os
import random

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWindow
from tests.ui.session_support import TEXT, US, Session, check, snapshot, two_annotators

pytestmark = pytest.mark.qt_log_ignore(
    "propagateSizeHints", "does not support raise", "grabbing the keyboard"
)

SEEDS = int(os.environ.get("FACTCHECK_CARD_SEEDS", "6"))
STEPS = int(os.environ.get("FACTCHECK_CARD_STEPS", "100"))
FIRST = int(os.environ.get("FACTCHECK_CARD_FIRST", "0"))


@pytest.mark.parametrize("seed", range(FIRST, FIRST + SEEDS))
def test_a_card_and_review_session_keeps_store_and_views_in_step_and_undoes_whole(
    open_window: OpenWindow, qtbot: QtBot, dialogs: list[tuple[str, str]], seed: int
) -> None:
    window = open_window(text=TEXT, annotator=US, prepare=two_annotators)
    session = Session(window, qtbot, dialogs, random.Random(seed))
    try:
        window.claims.show_pane()
        first = snapshot(window)
        for _ in range(STEPS):
            session.step()
            check(window, session.recent())
            wrong = [b for b in session.boxes if b[1] in ("critical", "warning")]
            assert not wrong, (wrong, session.recent())
            assert all(b[2].strip() for b in session.boxes), session.boxes
        stack = window.undo_stack
        last, last_index = snapshot(window), stack.index()
        while stack.canUndo():
            before = stack.index()
            window.undo()
            check(window, f"undo to {stack.index()}")
            assert stack.index() == before - 1, (before, stack.index(), session.recent())
        assert not [b for b in dialogs if b[0] in ("critical", "warning")], dialogs
        assert_same(snapshot(window), first, "undo all")
        while stack.index() < last_index:
            window.redo()
            check(window, f"redo to {stack.index()}")
        assert not [b for b in dialogs if b[0] in ("critical", "warning")], dialogs
        assert_same(snapshot(window), last, "redo all")
        if os.environ.get("FACTCHECK_CARD_SHOW"):
            print("\n".join(session.steps), "\nboxes:", session.boxes, "\nundo index", last_index)
    finally:
        session.responder.stop()


def assert_same(got: dict[str, object], want: dict[str, object], what: str) -> None:
    for key in want:
        assert got[key] == want[key], (what, key, got[key], want[key])
