"""Helpers for the review panel tests: what its list shows, and a panel opened afresh to compare with."""

from __future__ import annotations

import random
from dataclasses import replace

from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from factcheck.core.model import Annotation, Document
from factcheck.core.open_document import OpenDocument
from factcheck.core.review_session import StructureSource
from factcheck.core.spans import new_annotation
from ui.commands import AddAnnotation, EditAnnotation, push_command
from ui.document_feed import DocumentFeed
from ui.project import ProjectModel
from ui.review_panel import ReviewPanel

LABELS = ("claim", "denial", "characterization")


def words_span(rng: random.Random, document: Document) -> tuple[int, int]:
    """A random span holding some words (tags over whitespace alone are refused)."""
    while True:
        start = rng.randrange(0, len(document.text) - 2)
        end = min(len(document.text), start + rng.randint(1, 25))
        if document.text[start:end].strip():
            return start, end


def add_relabel_or_move(
    rng: random.Random,
    stack: QUndoStack,
    project: ProjectModel,
    document: Document,
    tags: list[Annotation],
    move: float,
) -> None:
    """The random edit `move` (under 0.7) names, through the window's commands: under 0.4 a tag made (by
    ana or ben), under 0.55 one relabelled, else one moved."""
    if move < 0.4:
        s, e = words_span(rng, document)
        tag = new_annotation(document, s, e, rng.choice(LABELS), rng.choice(("ana", "ben")))
        push_command(stack, AddAnnotation(project, tag))
    elif move < 0.55:
        tag = rng.choice(tags)
        push_command(stack, EditAnnotation(project, tag, replace(tag, label=rng.choice(LABELS))))
    else:
        tag = rng.choice(tags)
        s, e = words_span(rng, document)
        moved = replace(new_annotation(document, s, e, tag.label, tag.annotator), id=tag.id)
        push_command(stack, EditAnnotation(project, tag, moved, document.text))


def cells(panel: ReviewPanel) -> list[list[object]]:
    """What the list shows, cell by cell."""
    m = panel.model
    return [[m.index(r, c).data() for c in range(m.columnCount())] for r in range(m.rowCount())]


def fresh_panel(
    project: ProjectModel,
    document: Document,
    qtbot: QtBot,
    structure: StructureSource | None = None,
    open_document: OpenDocument | None = None,
    undo_stack: QUndoStack | None = None,
    *,
    qtbot_closes: bool = True,
) -> ReviewPanel:
    """A review panel opened afresh on the document (its own OpenDocument fed from the store, unless one
    is given), listing the structure's disagreements too when ``structure`` says from where (then on
    ``structure.open_document``). With ``qtbot_closes`` False the caller closes and deletes it: qtbot
    would otherwise close it again at teardown, through a wrapper whose panel may be gone already."""
    if structure is not None:
        open_document = structure.open_document
    own = open_document is None
    od = OpenDocument() if own else open_document
    assert od is not None
    panel = ReviewPanel(project, undo_stack or QUndoStack(), "rita", od)
    if qtbot_closes:
        qtbot.addWidget(panel)
    if own:
        DocumentFeed(project, od, panel).open(document.id)
    if structure is not None:
        panel.session.structure = structure
        panel.structure_changed()
    panel.show()
    return panel
