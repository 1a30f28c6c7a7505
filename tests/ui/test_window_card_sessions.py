"""Random keyboard sessions on the claims pane, the review dock, links and speakers (seeded, so a failure
replays; tests/ui/session_support.py): cards made, tags added and taken off, votes, verdicts, statuses,
review decisions on the other annotator's tags, links and speakers, each dialog answered at random. After
every step the store, the OpenDocument and the views agree; no error box appears; undoing every step gives
the first state back and redoing them the last.

Found (each replayed by a named test): the opened card kept showing a denial deleted since and missed a
link made to its tag, L on two tags linked the other way by a symmetric type gave an error box, a speaker
a new card named never reached the open Speakers dialog (nor did its undo), Ctrl+M on a merged speaker
offered the one it stands for (test_window_card_session_bugs.py), and a refusal told a card's maker a
step they may take was barred (tests/factcheck/core/test_claim_ownership.py).

Outside the suite: FACTCHECK_CARD_SEEDS=100 FACTCHECK_CARD_STEPS=300 run it bigger (FACTCHECK_CARD_FIRST: the
first seed; FACTCHECK_CARD_ONLY=3,17: those seeds; FACTCHECK_CARD_DUMP=file: each step, its undo text and the
boxes it showed)."""

from __future__ import annotations

import os
import random

import pytest
from pytestqt.qtbot import QtBot

from factcheck.core.card_members import publish_refusal
from tests.ui.conftest import OpenWindow
from tests.ui.session_support import TEXT, US, Session, check, snapshot, two_annotators

pytestmark = pytest.mark.qt_log_ignore(
    "propagateSizeHints", "does not support raise", "grabbing the keyboard"
)

SEEDS = int(os.environ.get("FACTCHECK_CARD_SEEDS", "6"))
STEPS = int(os.environ.get("FACTCHECK_CARD_STEPS", "100"))
FIRST = int(os.environ.get("FACTCHECK_CARD_FIRST", "0"))
ONLY = [int(seed) for seed in os.environ.get("FACTCHECK_CARD_ONLY", "").split(",") if seed]
#: Boxes that are deliberate: a dialog refusing what was typed in it, which stays open to fix it.
OK_BOXES: tuple[str, ...] = ("Speaker: Cannot save: a speaker's name is empty.",)
#: An undo refused on purpose (tests/db/test_claim_sessions.py): a published card's final verdict was
#: withdrawn (allowed), the card moved back to rated; undoing that would publish it without one.
REPUBLISH = (
    "Undo failed: This would publish the claim card again, and it has no final verdict now (it was withdrawn "
    "since): a reviewer sets it first (F in the Claims pane), then publishes it.\n\nNothing was changed; try "
    "again once fixed."
)
#: The same for a card whose claim tags were all relabelled since (dormant members): no claim to publish.
REPUBLISH_DORMANT = f"Undo failed: {publish_refusal()}\n\nNothing was changed; try again once fixed."
OK_BOXES += (REPUBLISH, REPUBLISH_DORMANT)


def wrong(boxes: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The error boxes shown that no action deserved."""
    return [(kind, text) for kind, text in boxes if kind in ("critical", "warning") and text not in OK_BOXES]


@pytest.mark.parametrize("seed", ONLY or range(FIRST, FIRST + SEEDS))
def test_a_card_and_review_session_keeps_store_and_views_in_step_and_undoes_whole(
    open_window: OpenWindow, qtbot: QtBot, dialogs: list[tuple[str, str]], seed: int
) -> None:
    window = open_window(text=TEXT, annotator=US, prepare=two_annotators)
    session = Session(window, qtbot, dialogs, random.Random(seed))
    try:
        window.claims.show_pane()
        first, stack = snapshot(window), window.undo_stack
        for _ in range(STEPS):
            session.step()
            if os.environ.get("FACTCHECK_CARD_DUMP"):  # what each step did, and the boxes it showed
                boxes = [
                    f"\n  BOX {kind}: {text}"
                    for step, kind, text in session.boxes
                    if step == session.steps[-1]
                ]
                with open(os.environ["FACTCHECK_CARD_DUMP"], "a", encoding="utf-8") as dump:
                    print(stack.index(), stack.undoText(), "|", session.steps[-1], *boxes, file=dump)
            check(window, session.recent())
            assert not wrong([(kind, text) for _step, kind, text in session.boxes]), session.recent()
            assert all(b[2].strip() for b in session.boxes), session.boxes
        last, last_index = snapshot(window), stack.index()
        refused = False
        while stack.canUndo():
            before, shown = stack.index(), len(dialogs)
            window.undo()
            check(window, f"undo to {stack.index()}")
            said = [text for _kind, text in dialogs[shown:]]
            if stack.index() == before and said in ([REPUBLISH], [REPUBLISH_DORMANT]):
                refused = True  # deliberate: the undo would publish a card without a verdict or a claim
                del dialogs[shown:]
                break
            assert stack.index() == before - 1, (wrong(dialogs), stack.undoText(), session.recent())
        assert not wrong(dialogs), session.recent()
        if not refused:
            assert_same(snapshot(window), first, "undo all")
        while stack.index() < last_index:
            window.redo()
            check(window, f"redo to {stack.index()}")
        assert not wrong(dialogs), session.recent()
        assert_same(snapshot(window), last, "redo all")
        if os.environ.get("FACTCHECK_CARD_SHOW"):
            print("\n".join(session.steps), "\nboxes:", session.boxes, "\nundo index", last_index)
    finally:
        session.responder.stop()


def assert_same(got: dict[str, object], want: dict[str, object], what: str) -> None:
    for key in want:
        assert got[key] == want[key], (what, key, got[key], want[key])
