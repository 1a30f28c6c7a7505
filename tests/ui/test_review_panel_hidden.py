"""The review panel hidden (suspended, as in a closed dock) keeps following the edits when its list is
the open document's shared index: shown again, it lists what a panel opened afresh lists, on the same
current row, without finding everything again (real store, real commands)."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.disagreements import find_disagreements
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from tests.ui.review_support import LABELS, add_relabel_or_move, cells, fresh_panel, words_span
from ui.commands import DeleteAnnotation, EditAnnotation, push_command
from ui.project import ProjectModel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on show()


@pytest.mark.parametrize("seed", [1, 2])
def test_hidden_panel_follows_edits_and_shows_again_without_a_full_computation(
    store: Store, document: Document, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    rng = random.Random(seed)
    project = ProjectModel(store)
    for _ in range(12):  # both annotators from the start, and stay so (deletes keep one of each)
        for who in ("ana", "ben"):
            s, e = words_span(rng, document)
            store.add_annotation(new_annotation(document, s, e, rng.choice(LABELS), who))
    stack = QUndoStack()
    panel = fresh_panel(project, document, qtbot, undo_stack=stack)
    assert panel.disagreements()
    full_computations: list[bool] = []
    recompute = panel.full.recompute

    def counted(keep: bool, doc: Document | None) -> bool:
        full_computations.append(True)
        return recompute(keep, doc)

    monkeypatch.setattr(panel.full, "recompute", counted)
    panel.set_suspended(True)  # the dock closed

    def live() -> list[Annotation]:
        return [t for t in store.annotations(document.id) if not t.deleted]

    for step in range(60):
        tags = live()
        move = rng.random()
        if move < 0.7:
            add_relabel_or_move(rng, stack, project, document, tags, move)
        elif move < 0.8:
            mine = [t for t in tags if sum(u.annotator == t.annotator for u in tags) > 1]
            push_command(stack, DeleteAnnotation(project, rng.choice(mine)))
        elif move < 0.88:
            tag = rng.choice(tags)
            push_command(
                stack, EditAnnotation(project, tag, replace(tag, status="accepted", reviewer="rita"))
            )
        else:
            stack.undo()
        # The hidden list and its rows follow (what the pane shows once opened), no computation made.
        assert panel.session.disagreements == find_disagreements(live()), step
        assert panel.model.items() == panel.session.disagreements, step
    current = next(t for t in live() if panel.session.index_of_tag(t.id) is not None)
    panel.set_current_annotation(current.id)  # the article's current tag, told while hidden
    panel.set_suspended(False)  # the dock shown again
    assert not full_computations, "shown again without finding every disagreement again"
    fresh = fresh_panel(project, document, qtbot)
    fresh.set_current_annotation(current.id)
    assert panel.disagreements() == fresh.disagreements()
    assert panel.model.items() == fresh.model.items()
    assert panel.current_row() == fresh.current_row() >= 0
    assert panel.current_annotation() == fresh.current_annotation()
    assert panel.session.open_count() == fresh.session.open_count()
    assert cells(panel) == cells(fresh)
    assert panel.status.text() == fresh.status.text()
