"""Undoing "take a tag off a card" (the Claims pane's take-off) after its tag went meanwhile: dropped by a
merge as identical to another, it goes back on the card as the tag kept; gone with no copy left (deleted
on another computer, or dropped and its tag kept deleted too), undo writes nothing (the card tag would
only be dormant), says so in the status bar and in the undo history, and redo writes nothing either."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from db import Store
from db import claims as claims_db
from factcheck.core.claims import ClaimCard, claim_tag_id
from factcheck.core.model import Annotation
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from tests.ui.claims_support import claim_tags
from tests.ui.conftest import OpenWindow
from tests.ui.twin_support import kept_for, merge_file, teammate_dropping
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

Row = tuple[str, str, str, str, bool]
STEP = "Take a tag off card “We never said that.”"
GONE = "“Take a tag off card “We never said that.”” changed nothing: its tag was removed meanwhile."


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    """alice's claim "crime fell by 20%" and bob's "We never said that"."""
    return open_window(annotator="alice", prepare=claim_tags)


def tag_of(window: MainWindow, who: str) -> Annotation:
    (found,) = [t for t in window.project.store.annotations() if t.annotator == who]
    return found


def members(window: MainWindow, card_id: str) -> list[Row]:
    """The card's tags as stored, tombstones too: (id, card, tag, annotator, deleted)."""
    rows = claims_db.claim_tags(window.project.store, card_id, include_deleted=True)
    return sorted((t.id, t.claim_id, t.annotation_id, t.annotator, t.deleted_at is not None) for t in rows)


def row(card_id: str, tag: Annotation, who: str, deleted: bool) -> Row:
    return claim_tag_id(card_id, tag.id, who), card_id, tag.id, who, deleted


def taken_off(window: MainWindow) -> tuple[Annotation, Annotation, ClaimCard]:
    """bob's card holding alice's claim, which she takes off in the window: (hers, bob's, the card)."""
    mine, bobs = tag_of(window, "alice"), tag_of(window, "bob")
    store = window.project.store
    card, _ = claims_db.create_card(store, [bobs.id], "bob", text="We never said that.")
    claims_db.attach_tag(store, card.id, mine.id, "alice")
    assert window.claims.actions.detach(card.id, mine.id)  # what the pane's take-off does
    assert window.undo_stack.undoText() == STEP
    return mine, bobs, card


def deleting(
    window: MainWindow, tmp_path: Path, tag: Annotation, name: str, source: Path | None = None
) -> Path:
    """A teammate's file (source's project, else ours) in which tag was deleted after we last saw it."""
    start = tmp_path / f"{name}-start.json"
    if source is None:
        export(window.project.store, "json", start)
    with Store.open(tmp_path / f"{name}.db") as theirs:
        import_paths(theirs, [source or start], annotator=tag.annotator)
        theirs.delete_annotation(tag.id)
        path = tmp_path / f"{name}.json"
        export(theirs, "json", path)
    return path


def assert_wrote_nothing(window: MainWindow, card_id: str, before: list[Row], undo: bool) -> None:
    window.statusBar().clearMessage()
    window.undo() if undo else window.redo()
    assert members(window, card_id) == before
    assert window.statusBar().currentMessage() == GONE
    assert (window.undo_stack.redoText() if undo else window.undo_stack.undoText()) == (
        STEP + " (its tag was removed meanwhile)"
    )


def test_undone_after_a_merge_dropped_the_tag_it_puts_the_tag_kept_on_the_card(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    mine, bobs, card = taken_off(window)
    merge_file(window, qtbot, teammate_dropping(window, tmp_path, mine))
    kept = kept_for(window, mine)
    bob_row, old = row(card.id, bobs, "bob", False), row(card.id, mine, "alice", True)

    window.undo()

    assert dialogs == []
    assert members(window, card.id) == sorted([bob_row, old, row(card.id, kept, "alice", False)])
    assert window.undo_stack.redoText() == STEP
    window.redo()
    assert members(window, card.id) == sorted([bob_row, old, row(card.id, kept, "alice", True)])
    assert window.claims.model.detail(card.id) is not None
    assert [t.annotation_id for t in window.claims.model.detail(card.id).tags] == [bobs.id]  # type: ignore[union-attr]


def test_undone_after_a_merge_deleted_the_tag_it_writes_nothing_and_says_so(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    mine, bobs, card = taken_off(window)
    merge_file(window, qtbot, deleting(window, tmp_path, mine, "laptop"))  # deleted on another computer
    stored = window.project.store.annotation(mine.id)
    assert stored is not None and stored.deleted
    before = members(window, card.id)
    assert before == sorted([row(card.id, bobs, "bob", False), row(card.id, mine, "alice", True)])
    stamps = [t.updated_at for t in claims_db.claim_tags(window.project.store, card.id, include_deleted=True)]

    assert_wrote_nothing(window, card.id, before, undo=True)  # no dormant card tag put back
    assert_wrote_nothing(window, card.id, before, undo=False)  # nothing to take off again
    assert_wrote_nothing(window, card.id, before, undo=True)

    assert dialogs == []
    after = [t.updated_at for t in claims_db.claim_tags(window.project.store, card.id, include_deleted=True)]
    assert after == stamps  # not even a stamp moved
    detail = window.claims.model.detail(card.id)
    assert detail is not None and [t.annotation_id for t in detail.tags] == [bobs.id]


def test_undone_after_the_tag_kept_in_its_place_was_deleted_too_it_writes_nothing(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    """Dropped by one teammate's file for an identical copy, which a later file deletes: no copy left."""
    mine, bobs, card = taken_off(window)
    dropping = teammate_dropping(window, tmp_path, mine)
    merge_file(window, qtbot, dropping)
    kept = kept_for(window, mine)
    merge_file(window, qtbot, deleting(window, tmp_path, kept, "later", source=dropping))
    assert [t.id for t in window.project.store.annotations(mine.document_id)] == [bobs.id]
    before = members(window, card.id)

    assert_wrote_nothing(window, card.id, before, undo=True)
    assert_wrote_nothing(window, card.id, before, undo=False)
    assert dialogs == []


def test_undone_while_the_tag_is_there_it_is_put_back_on_as_before(
    window: MainWindow, dialogs: list[tuple[str, str]]
) -> None:
    """The ordinary case still writes: back on, off again."""
    mine, bobs, card = taken_off(window)
    window.undo()
    assert members(window, card.id) == sorted(
        [row(card.id, bobs, "bob", False), row(card.id, mine, "alice", False)]
    )
    window.redo()
    assert members(window, card.id) == sorted(
        [row(card.id, bobs, "bob", False), row(card.id, mine, "alice", True)]
    )
    assert window.undo_stack.undoText() == STEP and dialogs == []


def test_a_card_tag_taken_off_while_its_tag_was_gone_already_goes_back_as_it_was(
    window: MainWindow, dialogs: list[tuple[str, str]]
) -> None:
    """Taking off a dormant card tag (its tag deleted before): undo puts it back dormant, as it was, so
    that undoing every step gives the first state back."""
    mine, bobs = tag_of(window, "alice"), tag_of(window, "bob")
    store = window.project.store
    card, _ = claims_db.create_card(store, [bobs.id], "bob", text="We never said that.")
    claims_db.attach_tag(store, card.id, mine.id, "alice")
    store.delete_annotation(mine.id)
    before = members(window, card.id)
    assert row(card.id, mine, "alice", False) in before
    assert window.claims.actions.detach(card.id, mine.id)
    assert row(card.id, mine, "alice", True) in members(window, card.id)
    window.undo()
    assert members(window, card.id) == before and window.undo_stack.redoText() == STEP
    window.redo()
    assert row(card.id, mine, "alice", True) in members(window, card.id) and dialogs == []
