"""Putting back a link (undoing its deletion, redoing its making) whose end a merged file dropped as
identical to another tag (ui.twin_steps.put_link_back): the link goes onto the tag kept, under the id a
sync gives a moved link; when the tag kept has it already, or an end is gone with no copy, nothing is
written and the status bar says why. An attribution step names the tag kept as its source likewise."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from db import Store
from db import links as links_db
from factcheck.core.links import Link, new_link
from factcheck.core.model import Annotation
from factcheck.core.stamps import just_after
from factcheck.services.exporting import export
from factcheck.services.sync_twins import moved_link_id
from tests.ui.conftest import OpenWindow
from tests.ui.structure_support import tag_key
from tests.ui.twin_support import kept_for, merge_file, teammate_dropping
from ui.commands import push_command
from ui.main_window import MainWindow
from ui.structure_commands import AddLink, DeleteLink, set_attribution

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

CLAIM, DENIAL = "crime fell by 20%", "We never said that"
LinkRow = tuple[str, str, str, str, str, bool]


def rows(window: MainWindow) -> list[LinkRow]:
    """Every stored link, tombstones too: (id, type, from, to, annotator, deleted)."""
    stored = links_db.links(window.project.store, include_deleted=True)
    return sorted((lk.id, lk.type, lk.from_id, lk.to_id, lk.annotator, lk.deleted) for lk in stored)


def as_row(link: Link, deleted: bool) -> LinkRow:
    return link.id, link.type, link.from_id, link.to_id, link.annotator, deleted


def linked(window: MainWindow, qtbot: QtBot) -> tuple[Annotation, Annotation, Link]:
    """alice's claim and her denial of it, linked (one step each)."""
    claim = tag_key(window, qtbot, CLAIM, Qt.Key.Key_1)
    denial = tag_key(window, qtbot, DENIAL, Qt.Key.Key_2)
    link = new_link(claim.document_id, "denies", denial.id, claim.id, "alice")
    push_command(window.undo_stack, AddLink(window.project, link, denial, claim))
    return claim, denial, link


def test_undoing_the_deletion_of_a_link_whose_end_a_merge_dropped_puts_it_onto_the_tag_kept(
    open_window: OpenWindow, qtbot: QtBot, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    window = open_window(annotator="alice")
    claim, denial, link = linked(window, qtbot)
    push_command(window.undo_stack, DeleteLink(window.project, link, denial, claim, "alice"))
    merge_file(window, qtbot, teammate_dropping(window, tmp_path, claim))
    kept = kept_for(window, claim)
    gone = as_row(links_db.link(window.project.store, link.id) or link, True)
    window.undo()  # the deletion undone: the link is back, onto the tag kept
    moved = replace(link, id=moved_link_id(link.id, (denial.id, kept.id)), to_id=kept.id)
    assert dialogs == [] and rows(window) == sorted([gone, as_row(moved, False)])
    assert [lk.id for lk in window.project.links(claim.document_id)] == [moved.id]
    window.redo()  # deleted again: that one
    assert rows(window) == sorted([gone, as_row(moved, True)])
    window.statusBar().clearMessage()
    window.undo()  # and back, the same row, saying nothing: it was written
    assert rows(window) == sorted([gone, as_row(moved, False)]) and dialogs == []
    assert window.statusBar().currentMessage() == ""


def test_redoing_a_link_undone_before_a_merge_dropped_its_end_makes_it_onto_the_tag_kept(
    open_window: OpenWindow, qtbot: QtBot, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    window = open_window(annotator="alice")
    claim, denial, link = linked(window, qtbot)
    window.undo()  # the link undone
    merge_file(window, qtbot, teammate_dropping(window, tmp_path, claim))
    kept = kept_for(window, claim)
    window.redo()
    moved = moved_link_id(link.id, (denial.id, kept.id))
    assert dialogs == [] and [lk.id for lk in window.project.links(claim.document_id)] == [moved]
    window.undo()
    assert window.project.links(claim.document_id) == []


def test_when_the_tag_kept_has_the_link_already_the_undo_writes_nothing_and_says_so(
    open_window: OpenWindow, qtbot: QtBot, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    """alice's laptop has the same link to its copy of the claim: undoing the deletion here finds it."""
    window = open_window(annotator="alice")
    claim, denial, link = linked(window, qtbot)
    push_command(window.undo_stack, DeleteLink(window.project, link, denial, claim, "alice"))
    path = teammate_dropping(window, tmp_path, claim, "laptop")
    with Store.open(tmp_path / "laptop.db") as laptop:  # her link to the copy, made there
        (copy,) = [t for t in laptop.annotations(claim.document_id) if t.quote == CLAIM]
        theirs = links_db.add_link(laptop, new_link(claim.document_id, "denies", denial.id, copy.id, "alice"))
        export(laptop, "json", path)
    merge_file(window, qtbot, path)
    before = rows(window)
    window.undo()
    assert dialogs == [] and rows(window) == before
    assert window.statusBar().currentMessage() == (
        "The link from “We never said that” is there already: the tag kept in place of its identical copy "
        "has it."
    )
    window.grab().save("/tmp/twinundo2-status.png")
    window.redo()  # deleting it deletes that one
    deleted = links_db.link(window.project.store, theirs.id)
    assert window.project.links(claim.document_id) == [] and deleted is not None and deleted.deleted


def test_a_link_whose_end_is_gone_with_no_copy_is_not_put_back_and_the_step_says_so(
    open_window: OpenWindow, qtbot: QtBot, dialogs: list[tuple[str, str]]
) -> None:
    window = open_window(annotator="alice")
    claim, denial, link = linked(window, qtbot)
    push_command(window.undo_stack, DeleteLink(window.project, link, denial, claim, "alice"))
    window.project.store.delete_annotation(claim.id)  # removed on another computer meanwhile
    before = rows(window)
    window.undo()
    assert rows(window) == before and dialogs == []
    step = f"Delete link “{DENIAL}” denies “{CLAIM}”"
    assert window.undo_stack.redoText() == step + " (its tag was removed meanwhile)"
    assert window.statusBar().currentMessage() == f"“{step}” changed nothing: its tag was removed meanwhile."


def test_an_attribution_undone_and_redone_after_a_merge_dropped_its_source_names_the_tag_kept(
    open_window: OpenWindow, qtbot: QtBot, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    window = open_window(annotator="alice")
    claim = tag_key(window, qtbot, CLAIM, Qt.Key.Key_1)
    source = tag_key(window, qtbot, "Jane Roe", Qt.Key.Key_4)
    assert source.label == "source"
    text = window.project.document(claim.document_id).text
    after = replace(claim, source=source.id)
    push_command(window.undo_stack, set_attribution(window.project, claim, after, text, "Source"))
    window.undo()
    merge_file(window, qtbot, teammate_dropping(window, tmp_path, source))
    kept = kept_for(window, source)
    window.redo()
    stored = window.project.annotation(claim.id)
    assert dialogs == [] and stored is not None and stored.source == kept.id
    window.undo()
    stored = window.project.annotation(claim.id)
    assert stored is not None and stored.source is None


def test_a_link_between_two_identical_tags_is_not_put_back_once_they_are_one(
    open_window: OpenWindow, qtbot: QtBot, dialogs: list[tuple[str, str]]
) -> None:
    """A pull stored before the team's rule left alice's claim twice (both live); she linked one to the
    other and deleted the link; then the rule dropped the newer: the link would join the tag to itself."""
    window = open_window(annotator="alice")
    claim = tag_key(window, qtbot, CLAIM, Qt.Key.Key_1)
    store = window.project.store
    later = just_after(claim.created_at)
    twin = replace(claim, id=claim.id[::-1], created_at=later, updated_at=later)  # as that pull stored it
    store.put_annotations([twin])
    link = new_link(claim.document_id, "denies", twin.id, claim.id, "alice")
    push_command(window.undo_stack, AddLink(window.project, link, twin, claim))
    push_command(window.undo_stack, DeleteLink(window.project, link, twin, claim, "alice"))
    store.delete_annotation(twin.id)  # the rule: the newer dropped
    before = rows(window)
    window.undo()
    assert rows(window) == before and dialogs == []
    assert window.statusBar().currentMessage() == (
        f"The link from “{CLAIM}” was not put back: its two tags are now one (identical copies of one tag, "
        "kept as one)."
    )
