"""Undo and redo of claim card steps naming a tag a merged file dropped as identical to another
(ui.twin_steps.card_rows): the card holds the tag kept, under the card tag id a sync gives it, and the old
card tag is tombstoned; a step putting a tag gone with no copy on a card writes nothing and says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from db import claims as claims_db
from factcheck.core.claims import claim_tag_id
from factcheck.core.model import Annotation
from tests.ui.claims_support import claim_tags
from tests.ui.conftest import OpenWindow
from tests.ui.twin_support import kept_for, merge_file, teammate_dropping
from ui import claim_commands as cc
from ui.commands import push_command
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

Row = tuple[str, str, str, str, bool]


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    """alice's claim "crime fell by 20%" and bob's "We never said that"."""
    return open_window(annotator="alice", prepare=claim_tags)


def claim(window: MainWindow, who: str) -> Annotation:
    (found,) = [t for t in window.project.store.annotations() if t.annotator == who]
    return found


def members(window: MainWindow, card_id: str) -> list[Row]:
    """The card's tags as stored, tombstones too: (id, card, tag, annotator, deleted)."""
    rows = claims_db.claim_tags(window.project.store, card_id, include_deleted=True)
    return sorted((t.id, t.claim_id, t.annotation_id, t.annotator, t.deleted_at is not None) for t in rows)


def row(card_id: str, tag: Annotation, who: str, deleted: bool) -> Row:
    return claim_tag_id(card_id, tag.id, who), card_id, tag.id, who, deleted


def card_deleted(window: MainWindow, card_id: str) -> bool:
    card = claims_db.card(window.project.store, card_id)
    assert card is not None
    return card.deleted_at is not None


def test_making_a_card_of_a_tag_a_merge_dropped_is_undone_and_redone_with_the_tag_kept(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    mine = claim(window, "alice")
    command = cc.make_card(
        window.claims.model, mine, "alice", text="Crime fell by 20%.", speaker=None, claim_date=None,
        appearances=(),
    )  # fmt: skip
    push_command(window.undo_stack, command)
    card_id = command.card_id
    assert card_id is not None and members(window, card_id) == [row(card_id, mine, "alice", False)]
    merge_file(window, qtbot, teammate_dropping(window, tmp_path, mine))
    kept = kept_for(window, mine)
    window.undo()  # the card goes, and the tag's place on it, moved onto the tag kept
    assert dialogs == [] and card_deleted(window, card_id)
    assert members(window, card_id) == sorted(
        [row(card_id, mine, "alice", True), row(card_id, kept, "alice", True)]
    )
    window.redo()
    assert dialogs == [] and not card_deleted(window, card_id)
    assert members(window, card_id) == sorted(
        [row(card_id, mine, "alice", True), row(card_id, kept, "alice", False)]
    )
    assert [t.annotation_id for t in claims_db.claim_tags(window.project.store, card_id)] == [kept.id]
    assert window.current_annotation() is not None and window.current_annotation().id == kept.id  # type: ignore[union-attr]
    window.undo()
    assert card_deleted(window, card_id) and claims_db.claim_tags(window.project.store, card_id) == []


def test_adding_a_tag_a_merge_dropped_to_a_card_and_taking_it_off_follow_the_tag_kept(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    """bob's card; alice adds her claim to it, and later takes it off again: both steps undone and redone
    after a merge dropped her claim for an identical copy."""
    mine, bobs = claim(window, "alice"), claim(window, "bob")
    card, _ = claims_db.create_card(window.project.store, [bobs.id], "bob", text="We never said that.")
    model = window.claims.model
    push_command(window.undo_stack, cc.attach_tag(model, card.id, mine, "alice"))
    push_command(window.undo_stack, cc.detach_tag(model, card.id, mine.id, "alice"))
    assert window.undo_stack.undoText() == "Take a tag off card “We never said that.”"
    merge_file(window, qtbot, teammate_dropping(window, tmp_path, mine))
    kept = kept_for(window, mine)
    bob_row = row(card.id, bobs, "bob", False)
    assert members(window, card.id) == sorted([bob_row, row(card.id, mine, "alice", True)])
    window.undo()  # back on the card: the tag kept
    assert dialogs == []
    assert members(window, card.id) == sorted(
        [bob_row, row(card.id, mine, "alice", True), row(card.id, kept, "alice", False)]
    )
    window.undo()  # off the card: the tag kept
    assert members(window, card.id) == sorted(
        [bob_row, row(card.id, mine, "alice", True), row(card.id, kept, "alice", True)]
    )
    window.redo()  # on the card again, once
    assert [t.annotation_id for t in claims_db.claim_tags(window.project.store, card.id)] == [
        bobs.id,
        kept.id,
    ]
    window.redo()
    assert [t.annotation_id for t in claims_db.claim_tags(window.project.store, card.id)] == [bobs.id]
    assert dialogs == []


def test_a_tag_on_a_card_a_merge_dropped_while_it_was_still_on_it_moves_with_the_undo(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    """The merge moved nothing of ours: the card still names the dropped tag; undoing "add to card" takes
    that place off too, and redo puts the tag kept there, not the dropped one."""
    mine, bobs = claim(window, "alice"), claim(window, "bob")
    card, _ = claims_db.create_card(window.project.store, [bobs.id], "bob", text="We never said that.")
    push_command(window.undo_stack, cc.attach_tag(window.claims.model, card.id, mine, "alice"))
    merge_file(window, qtbot, teammate_dropping(window, tmp_path, mine))
    kept = kept_for(window, mine)
    bob_row = row(card.id, bobs, "bob", False)
    assert members(window, card.id) == sorted([bob_row, row(card.id, mine, "alice", False)])
    window.undo()
    assert dialogs == [] and members(window, card.id) == sorted(
        [bob_row, row(card.id, mine, "alice", True), row(card.id, kept, "alice", True)]
    )
    window.redo()
    assert members(window, card.id) == sorted(
        [bob_row, row(card.id, mine, "alice", True), row(card.id, kept, "alice", False)]
    )


def test_putting_a_tag_gone_with_no_copy_on_a_card_again_writes_nothing_and_says_so(
    window: MainWindow, dialogs: list[tuple[str, str]]
) -> None:
    mine, bobs = claim(window, "alice"), claim(window, "bob")
    card, _ = claims_db.create_card(window.project.store, [bobs.id], "bob", text="We never said that.")
    push_command(window.undo_stack, cc.attach_tag(window.claims.model, card.id, mine, "alice"))
    window.undo()
    window.project.store.delete_annotation(mine.id)  # removed on another computer meanwhile
    before = members(window, card.id)
    window.redo()
    assert members(window, card.id) == before and dialogs == []
    step = "Add “crime fell by 20%” to card “We never said that.”"
    assert window.undo_stack.undoText() == step + " (its tag was removed meanwhile)"
    assert window.statusBar().currentMessage() == f"“{step}” changed nothing: its tag was removed meanwhile."
