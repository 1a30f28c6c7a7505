"""The review panel with a real store, a real ProjectModel and a real undo stack."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Annotation, Document
from factcheck.core.open_document import OpenDocument
from factcheck.core.spans import new_annotation
from tests.faults import failing_writes
from tests.helpers.optional import present
from ui import commands, review_decisions
from ui.document_feed import DocumentFeed
from ui.project import ProjectModel
from ui.review_models import DisagreementModel, TagModel
from ui.review_panel import ReviewPanel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on show()


@pytest.fixture
def project(store: Store, qtbot: QtBot) -> ProjectModel:
    return ProjectModel(store)


@pytest.fixture
def tags(store: Store, document: Document) -> dict[str, Annotation]:
    def add(key: str, start: int, end: int, label: str, who: str) -> None:
        made[key] = store.add_annotation(new_annotation(document, start, end, label, who))

    made: dict[str, Annotation] = {}
    add("ana_min", 0, 8, "claim", "ana")  # "Minister": ana and ben agree
    add("ben_min", 0, 8, "claim", "ben")
    add("ana_roe", 9, 19, "claim", "ana")  # "“Jane Roe”": label disagreement
    add("ben_roe", 9, 19, "denial", "ben")
    add("ana_said", 20, 34, "denial", "ana")  # "said on Monday" vs "on Monday": boundary
    add("ben_said", 25, 34, "denial", "ben")
    add("cy_crime", 42, 60, "characterization", "cy")  # only cy
    return made


def review(project: ProjectModel, document: Document, qtbot: QtBot) -> ReviewPanel:
    """A panel over an OpenDocument fed from the project, as in the window, with ``document`` open."""
    open_document = OpenDocument()
    p = ReviewPanel(project, QUndoStack(), "rita", open_document)
    qtbot.addWidget(p)
    DocumentFeed(project, open_document, p).open(document.id)  # the panel (its parent) keeps it
    return p


@pytest.fixture
def panel(
    project: ProjectModel, document: Document, tags: dict[str, Annotation], qtbot: QtBot
) -> ReviewPanel:
    p = review(project, document, qtbot)
    p.show()
    return p


def kinds(panel: ReviewPanel) -> list[str]:
    return [d.kind for d in panel.disagreements()]


def test_lists_the_documents_disagreements_in_text_order(
    panel: ReviewPanel, tags: dict[str, Annotation], qtmodeltester: ModelTester
) -> None:
    assert kinds(panel) == ["label", "boundary", "only_one"]
    assert isinstance(panel.model, DisagreementModel)
    qtmodeltester.check(panel.model)
    for model in panel.tag_models:
        assert isinstance(model, TagModel)
        qtmodeltester.check(model)
    # The first row is current; its tags are listed, the first undecided one current.
    assert panel.current_row() == 0
    assert {t.id for t in panel.tag_models[0].tags()} == {tags["ana_roe"].id, tags["ben_roe"].id}
    current = panel.current_annotation()
    assert current is not None and current.id == tags["ana_roe"].id
    assert "3 disagreements, 3 still open" in panel.status.text()
    assert panel.model.data(panel.model.index(0, 2)) == "0 of 2"


def test_n_and_p_move_and_jump(panel: ReviewPanel, tags: dict[str, Annotation], qtbot: QtBot) -> None:
    with qtbot.waitSignal(panel.jumpTo) as jump:
        qtbot.keyClick(panel.list_view, Qt.Key.Key_N)
    assert panel.current_row() == 1
    assert jump.args == [20, 34, tags["ana_said"].id]
    qtbot.keyClick(panel.list_view, Qt.Key.Key_N)
    assert jump.args is not None and panel.current_row() == 2
    assert not panel.next_disagreement()  # the last one: stays
    assert panel.current_row() == 2 and "No more" in panel.status.text()
    with qtbot.waitSignal(panel.jumpTo) as jump:
        qtbot.keyClick(panel.list_view, Qt.Key.Key_P)
    assert panel.current_row() == 1 and jump.args == [20, 34, tags["ana_said"].id]


def test_clicking_a_tag_jumps_to_it(panel: ReviewPanel, tags: dict[str, Annotation], qtbot: QtBot) -> None:
    view = panel.tag_views[0]
    row = panel.tag_models[0].row_of(tags["ben_roe"].id)
    assert row is not None
    with qtbot.waitSignal(panel.jumpTo) as jump:
        view.setCurrentIndex(panel.tag_models[0].index(row, 0))
    assert jump.args == [9, 19, tags["ben_roe"].id]
    current = panel.current_annotation()
    assert current is not None and current.id == tags["ben_roe"].id


def test_accept_is_stored_undoable_and_moves_on(
    panel: ReviewPanel,
    project: ProjectModel,
    tags: dict[str, Annotation],
    qtbot: QtBot,
    qtmodeltester: ModelTester,
) -> None:
    qtmodeltester.check(panel.model, force_py=True)  # checked again on every change below
    with qtbot.waitSignal(panel.jumpTo) as jump:
        qtbot.keyClick(panel.list_view, Qt.Key.Key_A)
    stored = project.store.annotation(tags["ana_roe"].id)
    assert stored is not None and stored.status == "accepted" and stored.reviewer == "rita"
    assert stored.reviewed_at and stored.reason is None
    assert panel.undo_stack.count() == 1 and "Accept" in panel.undo_stack.undoText()
    # Next undecided tag of the same disagreement becomes current (ben's denial).
    assert jump.args == [9, 19, tags["ben_roe"].id]
    assert panel.model.data(panel.model.index(0, 2)) == "1 of 2"
    assert "accepted by rita" in panel.tag_models[0].data(panel.tag_models[0].index(0, 3))
    # Undo through the stack: the decision is gone from the store and from the panel.
    assert commands.undo(panel.undo_stack)
    stored = project.store.annotation(tags["ana_roe"].id)
    assert stored is not None and stored.status is None and stored.reviewer is None
    assert panel.model.data(panel.model.index(0, 2)) == "0 of 2"
    assert commands.redo(panel.undo_stack)
    stored = project.store.annotation(tags["ana_roe"].id)
    assert stored is not None and stored.status == "accepted"


def test_reject_asks_a_reason(
    panel: ReviewPanel,
    project: ProjectModel,
    tags: dict[str, Annotation],
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answers: list[str | None] = [None, "   ", "Not a claim: a name"]
    asked: list[str] = []

    def get_text(parent: object, title: str, label: str, text: str, name: str = "") -> str | None:
        asked.append(label)
        return answers.pop(0)

    monkeypatch.setattr(review_decisions, "ask_text", get_text)
    qtbot.keyClick(panel.list_view, Qt.Key.Key_R)  # cancelled
    assert not panel.reject_current()  # empty reason
    assert "needs a reason" in panel.status.text()
    assert panel.undo_stack.count() == 0
    assert present(project.store.annotation(tags["ana_roe"].id)).status is None
    assert panel.reject_current()
    stored = project.store.annotation(tags["ana_roe"].id)
    assert stored is not None and stored.status == "rejected" and stored.reason == "Not a claim: a name"
    assert "ana's claim" in asked[0]
    # Rejected tags are shown struck through and with their reason.
    model = panel.tag_models[0]
    row = model.row_of(tags["ana_roe"].id)
    assert row is not None
    assert model.data(model.index(row, 1), Qt.ItemDataRole.FontRole).strikeOut()
    assert "Not a claim" in model.data(model.index(row, 3))


def test_deciding_every_tag_moves_to_the_next_open_disagreement(
    panel: ReviewPanel, tags: dict[str, Annotation], qtbot: QtBot
) -> None:
    assert panel.accept_current()
    assert panel.reject_current("duplicate")
    assert panel.current_row() == 1  # the boundary disagreement
    current = panel.current_annotation()
    assert current is not None and current.id == tags["ana_said"].id
    assert panel.model.data(panel.model.index(0, 2)) == "✓ all"
    assert "3 disagreements, 2 still open" in panel.status.text()


def test_edit_asks_the_window(panel: ReviewPanel, tags: dict[str, Annotation], qtbot: QtBot) -> None:
    with qtbot.waitSignal(panel.editRequested) as edit:
        qtbot.keyClick(panel.list_view, Qt.Key.Key_E)
    assert edit.args == [tags["ana_roe"].id]


def test_side_by_side_compares_two_annotators(
    panel: ReviewPanel, tags: dict[str, Annotation], qtbot: QtBot
) -> None:
    with qtbot.waitSignal(panel.annotatorFilterChanged) as changed:
        panel.set_side_by_side("ana", "ben")
    assert changed.args == [{"ana", "ben"}]
    assert panel.chosen_annotators() == {"ana", "ben"}
    assert kinds(panel) == ["label", "boundary"]  # cy is not compared
    assert panel.tag_boxes[1].isVisible()
    assert [t.id for t in panel.tag_models[0].tags()] == [tags["ana_roe"].id]
    assert [t.id for t in panel.tag_models[1].tags()] == [tags["ben_roe"].id]
    assert panel.tag_boxes[0].title() == "ana's tags" and panel.tag_boxes[1].title() == "ben's tags"
    panel.set_side_by_side("ana", "cy")
    assert kinds(panel) == ["only_one"] * 4  # ana's three tags and cy's one: none matched
    with qtbot.waitSignal(panel.annotatorFilterChanged) as changed:
        panel.set_side_by_side(None)
    assert changed.args == [None] and not panel.tag_boxes[1].isVisible()
    assert kinds(panel) == ["label", "boundary", "only_one"]


def test_follows_the_project_signals(
    panel: ReviewPanel, project: ProjectModel, document: Document, tags: dict[str, Annotation], qtbot: QtBot
) -> None:
    panel.next_disagreement()
    assert panel.current_row() == 1
    # Another annotator agrees with cy: that disagreement goes, the current one stays current.
    dan = project.add(new_annotation(document, 42, 60, "characterization", "dan"))
    assert kinds(panel) == ["label", "boundary"] and panel.current_row() == 1
    project.delete(dan.id)
    assert kinds(panel) == ["label", "boundary", "only_one"]
    # A relabel that settles the label disagreement.
    project.update(tags["ben_roe"].id, label="claim")
    assert kinds(panel) == ["boundary", "only_one"]
    # A bulk change (import, another process) for this document: reloaded from the store.
    project.store.delete_annotation(tags["cy_crime"].id)
    project.annotationsReset.emit(document.id)
    assert kinds(panel) == ["boundary"]
    feed = panel.findChild(DocumentFeed)
    assert feed is not None
    feed.open(None)
    assert kinds(panel) == [] and "Open a document" in panel.status.text()


def test_view_can_make_a_tag_current_without_a_jump_back(
    panel: ReviewPanel, tags: dict[str, Annotation], qtbot: QtBot
) -> None:
    jumps: list[object] = []
    panel.jumpTo.connect(lambda *args: jumps.append(args))
    panel.set_current_annotation(tags["ben_said"].id)
    assert panel.current_row() == 1
    current = panel.current_annotation()
    assert current is not None and current.id == tags["ben_said"].id
    assert jumps == []
    # A then acts on that tag.
    assert panel.accept_current()
    assert present(panel.project.store.annotation(tags["ben_said"].id)).status == "accepted"


def test_a_failed_write_says_so_and_stacks_nothing(
    panel: ReviewPanel, store: Store, tags: dict[str, Annotation], monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text: shown.append(text)))
    with failing_writes(store):
        assert not panel.accept_current()
    assert shown and "not recorded" in shown[0]
    assert panel.undo_stack.count() == 0
    assert present(store.annotation(tags["ana_roe"].id)).status is None


def test_one_annotator_alone_has_nothing_to_review(
    project: ProjectModel, store: Store, document: Document, qtbot: QtBot
) -> None:
    store.add_annotation(new_annotation(document, 0, 8, "claim", "ana"))
    p = review(project, document, qtbot)
    assert kinds(p) == [] and "Only ana tagged this document" in p.status.text()
    assert not p.accept_action.isEnabled() and not p.accept_current()
