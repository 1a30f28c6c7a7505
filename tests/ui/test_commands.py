"""Undo commands: every redo and undo is stored at once; a failed write never lands on the stack."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from db import Store
from db.errors import UserFixableError
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from tests.faults import failing_writes
from tests.helpers.optional import present
from ui import commands
from ui.commands import AddAnnotation, DeleteAnnotation, EditAnnotation
from ui.project import ProjectModel


@pytest.fixture
def project(store: Store, qtbot: QtBot) -> ProjectModel:
    return ProjectModel(store)


@pytest.fixture
def stack(qtbot: QtBot) -> QUndoStack:
    return QUndoStack()


def live(project: ProjectModel, document: Document) -> list[Annotation]:
    return project.store.annotations(document.id)


def test_add_undo_redo(project: ProjectModel, stack: QUndoStack, document: Document) -> None:
    ann = new_annotation(document, 0, 8, "claim", "me")
    commands.push_command(stack, AddAnnotation(project, ann))
    assert [a.id for a in live(project, document)] == [ann.id]
    assert stack.count() == 1 and stack.undoText().startswith("Tag")
    assert commands.undo(stack)
    assert live(project, document) == []
    tomb = project.store.annotation(ann.id)
    assert tomb is not None and tomb.deleted  # a tombstone, so a merge never brings it back
    assert commands.redo(stack)
    again = live(project, document)
    assert [a.id for a in again] == [ann.id]
    assert again[0].updated_at > tomb.updated_at
    assert not commands.redo(stack)


def test_delete_undo(project: ProjectModel, stack: QUndoStack, document: Document) -> None:
    ann = project.add(new_annotation(document, 0, 8, "claim", "me"))
    commands.push_command(stack, DeleteAnnotation(project, ann))
    assert live(project, document) == []
    commands.undo(stack)
    assert [a.id for a in live(project, document)] == [ann.id]
    commands.redo(stack)
    assert live(project, document) == []


def test_edit_undo_writes_old_content_with_fresh_stamp(
    project: ProjectModel, stack: QUndoStack, document: Document
) -> None:
    before = project.add(new_annotation(document, 0, 8, "claim", "me"))
    after = replace(before, label="denial", note="checked")
    commands.push_command(stack, EditAnnotation(project, before, after, document.text))
    stored = project.store.annotation(before.id)
    assert stored is not None and (stored.label, stored.note) == ("denial", "checked")
    assert "claim to denial" in stack.undoText()
    commands.undo(stack)
    undone = project.store.annotation(before.id)
    assert undone is not None and (undone.label, undone.note) == ("claim", "")
    assert undone.updated_at > stored.updated_at  # merges by newer updated_at see the undo
    commands.redo(stack)
    redone = project.store.annotation(before.id)
    assert redone is not None and redone.label == "denial" and redone.updated_at > undone.updated_at


def test_an_edit_step_keeps_none_of_the_tag_as_read(
    project: ProjectModel, stack: QUndoStack, document: Document
) -> None:
    """An undo step outlives its article's load (the article closed, opened again): the tag as read, or
    its strs, kept by the step would keep the allocator's arenas the load was made in. It keeps an equal
    copy of its own, and undo writes it back."""
    project.add(new_annotation(document, 20, 40, "claim", "me"))
    read = project.store.annotations(document.id)[0]  # as an article's load reads it
    command = EditAnnotation(project, read, replace(read, label="denial"), document.text)
    commands.push_command(stack, command)
    kept = command.before
    assert kept == read and kept.updated_at == read.updated_at and kept.note == read.note
    held = (
        "id",
        "document_id",
        "label",
        "quote",
        "prefix",
        "suffix",
        "annotator",
        "created_at",
        "updated_at",
    )
    assert [f for f in held if getattr(kept, f) is getattr(read, f)] == []
    commands.undo(stack)
    assert project.store.annotation(read.id) == replace(
        read, updated_at=present(project.store.annotation(read.id)).updated_at
    )


def test_review_decision_is_an_edit(project: ProjectModel, stack: QUndoStack, document: Document) -> None:
    before = project.add(new_annotation(document, 0, 8, "claim", "me"))
    after = replace(before, status="rejected", reviewer="boss", reason="not a claim", reviewed_at="2024")
    commands.push_command(stack, EditAnnotation(project, before, after))
    assert present(project.store.annotation(before.id)).status == "rejected"
    commands.undo(stack)
    assert present(project.store.annotation(before.id)).status is None


def test_failed_push_leaves_stack_and_db_alone(
    project: ProjectModel, stack: QUndoStack, document: Document
) -> None:
    ann = new_annotation(document, 0, 8, "claim", "me")
    with failing_writes(project.store), pytest.raises(UserFixableError):
        commands.push_command(stack, AddAnnotation(project, ann))
    assert stack.count() == 0
    assert project.store.annotation(ann.id) is None
    commands.push_command(stack, AddAnnotation(project, ann))  # works again once the cause is gone
    assert stack.count() == 1 and project.store.annotation(ann.id) is not None


def test_failed_undo_keeps_stack_position(
    project: ProjectModel, stack: QUndoStack, document: Document
) -> None:
    ann = new_annotation(document, 0, 8, "claim", "me")
    commands.push_command(stack, AddAnnotation(project, ann))
    with failing_writes(project.store, "database is locked"), pytest.raises(UserFixableError):
        commands.undo(stack)
    assert stack.index() == 1
    assert [a.id for a in live(project, document)] == [ann.id]
    commands.undo(stack)
    assert stack.index() == 0 and live(project, document) == []
    with failing_writes(project.store), pytest.raises(UserFixableError):
        commands.redo(stack)
    assert stack.index() == 0 and live(project, document) == []


def test_stack_driven_directly_still_writes(
    project: ProjectModel, stack: QUndoStack, document: Document
) -> None:
    """QUndoStack.undo()/redo() (e.g. from a QUndoView) also write; errors do not escape into Qt."""
    ann = new_annotation(document, 0, 8, "claim", "me")
    commands.push_command(stack, AddAnnotation(project, ann))
    stack.undo()
    assert live(project, document) == []
    stack.redo()
    assert [a.id for a in live(project, document)] == [ann.id]
