"""The review panel kept up to date tag by tag while someone tags: after a seeded random run of adds,
relabels, respans, deletes, decisions and undos (real store, real commands), it lists what a panel
opened afresh lists, and its model's row signals pass the model tester throughout."""

from __future__ import annotations

import random

import pytest
from PySide6.QtGui import QUndoStack
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.disagreements import find_disagreements
from factcheck.core.model import Annotation, Document
from factcheck.core.review_incremental import Splice
from factcheck.core.spans import new_annotation
from tests.ui.review_support import add_relabel_or_move, cells, fresh_panel, words_span
from ui.commands import DeleteAnnotation, push_command
from ui.project import ProjectModel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on show()


@pytest.mark.parametrize("seed", [1, 2])
def test_panel_after_edits_shows_what_a_fresh_panel_shows(
    store: Store,
    document: Document,
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    monkeypatch: pytest.MonkeyPatch,
    seed: int,
) -> None:
    rng = random.Random(seed)
    project = ProjectModel(store)
    for who in ("ana", "ben"):  # two annotators from the start: the choice of annotators stays
        s, e = words_span(rng, document)
        store.add_annotation(new_annotation(document, s, e, "claim", who))
    stack = QUndoStack()
    panel = fresh_panel(project, document, qtbot, undo_stack=stack)
    qtmodeltester.check(panel.model)  # and every row signal from here on
    splices: list[Splice] = []
    splice = panel.model.splice

    def spliced(s: Splice) -> None:
        splices.append(s)
        splice(s)

    monkeypatch.setattr(panel.model, "splice", spliced)
    resets: list[None] = []
    panel.model.modelReset.connect(lambda: resets.append(None))

    def live() -> list[Annotation]:
        return [t for t in store.annotations(document.id) if not t.deleted]

    comings_and_goings = 0
    for step in range(80):
        if rng.random() < 0.3 and panel.model.rowCount():
            panel.next_disagreement()  # Tab, then an edit
        tags = live()
        move = rng.random()
        if len(tags) < 3:
            move = 0.0  # a tag made
        if move < 0.7:
            add_relabel_or_move(rng, stack, project, document, tags, move)
        elif move < 0.8:
            push_command(stack, DeleteAnnotation(project, rng.choice(tags)))
        elif move < 0.88:
            panel.accept_current()  # a decision: the rows stay, the open count follows
        else:
            stack.undo()
        annotators = {t.annotator for t in live()}
        if annotators != {t.annotator for t in tags}:
            comings_and_goings += 1  # the choice of annotators is filled again: the list too
        assert panel.disagreements() == find_disagreements(live()), step
        if step % 20 == 19:
            fresh = fresh_panel(project, document, qtbot)
            assert panel.disagreements() == fresh.disagreements()
            assert panel.model.items() == fresh.model.items()
            assert panel.session.open_count() == fresh.session.open_count()
            summary = fresh.status.text().split(" Current:")[0]
            assert "still open" in summary and panel.status.text().startswith(summary)
            assert cells(panel) == cells(fresh)
            fresh.close()
    assert panel.disagreements()
    assert panel.session.open_count() < len(panel.disagreements())  # some were decided
    assert len(splices) >= 50 and len(resets) == comings_and_goings  # else row by row, never a reset
    panel.grab().save(f"/tmp/reviewfast-panel-{seed}.png")
