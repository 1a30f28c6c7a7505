"""ProjectModel: one transaction per write, a signal after it, other processes' writes noticed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from db import Store
from db.errors import UserFixableError
from factcheck.core.errors import InvalidSpan
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.faults import failing_writes
from ui.project import ProjectModel


@pytest.fixture
def project(store: Store, qtbot: QtBot) -> ProjectModel:
    return ProjectModel(store)


def test_add_stores_then_signals(project: ProjectModel, document: Document, qtbot: QtBot) -> None:
    ann = new_annotation(document, 0, 8, "claim", "ann")
    with qtbot.waitSignal(project.annotationUpserted) as blocker, qtbot.waitSignal(project.saved):
        project.add(ann)
    assert blocker.args == [ann]
    assert project.store.annotation(ann.id) == ann


def test_put_refreshes_updated_at_and_checks_quote(project: ProjectModel, document: Document) -> None:
    ann = project.add(new_annotation(document, 0, 8, "claim", "ann"))
    edited = project.put(replace(ann, note="why"))
    assert edited.updated_at > ann.updated_at
    assert project.store.annotation(ann.id) == edited
    with pytest.raises(InvalidSpan):
        project.put(replace(ann, quote="something else"))
    assert project.store.annotation(ann.id) == edited


def test_delete_and_restore_signal(project: ProjectModel, document: Document, qtbot: QtBot) -> None:
    ann = project.add(new_annotation(document, 0, 8, "claim", "ann"))
    with qtbot.waitSignal(project.annotationRemoved) as removed:
        project.delete(ann.id)
    assert removed.args[0].deleted
    assert project.store.annotations(document.id) == []
    with qtbot.waitSignal(project.annotationUpserted) as restored:
        project.restore(ann.id)
    assert not restored.args[0].deleted
    assert [a.id for a in project.store.annotations(document.id)] == [ann.id]


def test_failed_write_raises_emits_error_and_stores_nothing(
    project: ProjectModel, document: Document, qtbot: QtBot
) -> None:
    ann = new_annotation(document, 0, 8, "claim", "ann")
    with (
        failing_writes(project.store),
        qtbot.waitSignal(project.errorOccurred) as err,
        qtbot.assertNotEmitted(project.annotationUpserted),
        pytest.raises(UserFixableError),
    ):
        project.add(ann)
    assert "disk is full" in err.args[0]
    assert project.last_error
    assert project.store.annotation(ann.id) is None
    project.add(ann)  # the cause is gone: saving works again
    assert project.last_error is None
    assert project.store.annotation(ann.id) == ann


def test_reload_if_changed_sees_another_process(
    project: ProjectModel, document: Document, db_path: Path, qtbot: QtBot
) -> None:
    own = project.add(new_annotation(document, 0, 8, "claim", "me"))
    assert project.reload_if_changed() is False  # our own writes are not news
    other_doc = Document.create("Another article, with words.", title="Other")
    with Store.open(db_path) as other:
        other.add_document(other_doc)
        theirs = other.add_annotation(new_annotation(document, 10, 20, "denial", "them"))
    resets: list[str] = []
    project.annotationsReset.connect(resets.append)
    with qtbot.waitSignal(project.documentsChanged):
        assert project.reload_if_changed() is True
    assert resets == [document.id]
    assert {a.id for a in project.annotations(document.id)} == {own.id, theirs.id}
    assert project.reload_if_changed() is False


def test_reload_resets_only_changed_documents(
    project: ProjectModel, document: Document, db_path: Path, qtbot: QtBot
) -> None:
    second, _ = project.store.add_document(Document.create("A second article about nothing.", title="Two"))
    with Store.open(db_path) as other:
        other.add_annotation(new_annotation(second, 0, 8, "claim", "them"))
    resets: list[str] = []
    project.annotationsReset.connect(resets.append)
    assert project.reload_if_changed()
    assert resets == [second.id]


def test_replace_store(project: ProjectModel, tmp_path: Path, qtbot: QtBot) -> None:
    other = Store.open(tmp_path / "other.db")
    with qtbot.waitSignal(project.storeReplaced):
        project.replace_store(other)
    assert project.store is other
    assert project.documents() == []
    other.close()
