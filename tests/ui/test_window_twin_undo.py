"""The window's undo history after a sync or a file merge found one of our tags identical to another
(ui.twin_steps): the steps naming it follow the tag kept. Undoing "add tag" removes the tag kept (the same
tag the fact-checker added), redo brings it back, with no error box and no write on the tombstone."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from factcheck.core.links import new_link
from factcheck.core.model import Annotation
from factcheck.services.sync import sync
from tests.pg import Team
from tests.ui.conftest import OpenWindow
from tests.ui.laptop_support import QUOTE, laptop_file, synced_laptop
from tests.ui.structure_support import tag_key
from tests.ui.test_team_sync import sync_now
from tests.ui.twin_support import merge_file
from ui.commands import push_command
from ui.main_window import MainWindow
from ui.structure_commands import AddLink

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")


def shown(window: MainWindow) -> set[str]:
    """The ids of the open document's live tags (what the article shows)."""
    return {tag.id for tag in window.open_doc.tags}


def stored(window: MainWindow, tag_id: str) -> Annotation:
    tag = window.project.annotation(tag_id)
    assert tag is not None
    return tag


def test_undo_and_redo_of_adding_a_tag_a_sync_dropped_follow_the_tag_kept(
    open_window: OpenWindow,
    qtbot: QtBot,
    team: Team,
    tmp_path: Path,
    db_path: Path,
    dialogs: list[tuple[str, str]],
) -> None:
    with synced_laptop(open_window, team, tmp_path, db_path) as (window, laptop, kept):
        added = tag_key(window, qtbot, QUOTE, Qt.Key.Key_1)  # the desktop's own: the newer
        assert window.undo_stack.undoText() == f"Tag “{QUOTE}” as claim"
        outcome = sync_now(qtbot, window, team.url("alice"))
        assert outcome.kind == "synced" and outcome.report is not None and not outcome.report.refused
        dropped = stored(window, added.id)
        assert dropped.deleted and not stored(window, kept.id).deleted
        assert shown(window) == {kept.id}
        window.actions_.undo.trigger()  # the tag alice added is the tag kept: it goes
        assert stored(window, kept.id).deleted
        assert stored(window, added.id) == dropped  # its tombstone is not written again
        assert kept.id not in window.open_doc.tags
        window.actions_.redo.trigger()  # and comes back: not refused as a second identical tag
        assert not stored(window, kept.id).deleted and stored(window, added.id) == dropped
        assert shown(window) == {kept.id} and window.current_annotation() is not None
        assert window.current_annotation().id == kept.id  # type: ignore[union-attr]
        window.actions_.undo.trigger()
        assert dialogs == []
        # The undo went up: the laptop, which made the tag kept, sees it removed.
        assert sync_now(qtbot, window).kind == "synced"
        assert not sync(laptop).refused
        gone = laptop.annotation(kept.id)
        assert gone is not None and gone.deleted


def test_an_edit_of_a_tag_a_sync_dropped_is_undone_on_the_tag_kept(
    open_window: OpenWindow,
    qtbot: QtBot,
    team: Team,
    tmp_path: Path,
    db_path: Path,
    dialogs: list[tuple[str, str]],
) -> None:
    with synced_laptop(open_window, team, tmp_path, db_path) as (window, _, kept):
        added = tag_key(window, qtbot, QUOTE, Qt.Key.Key_1)
        qtbot.keyClick(window.view, Qt.Key.Key_2)  # relabelled a denial, then back: two steps
        qtbot.keyClick(window.view, Qt.Key.Key_1)
        assert stored(window, added.id).label == "claim"
        assert sync_now(qtbot, window, team.url("alice")).kind == "synced"
        assert stored(window, added.id).deleted
        window.actions_.undo.trigger()  # back to a denial: the tag kept is relabelled
        assert stored(window, kept.id).label == "denial" and stored(window, added.id).deleted
        window.actions_.redo.trigger()
        assert stored(window, kept.id).label == "claim"
        assert dialogs == []


def test_redo_of_adding_a_tag_a_merged_file_brought_again_follows_it(
    open_window: OpenWindow, qtbot: QtBot, tmp_path: Path, db_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    """alice tags, undoes, then merges her laptop's file holding the same tag: redo finds it there (no
    error box, no second tag); undo then removes it, as it removed the tag she added."""
    window, laptop_json, kept = laptop_file(open_window, tmp_path, db_path)
    added = tag_key(window, qtbot, QUOTE, Qt.Key.Key_1)
    window.actions_.undo.trigger()
    assert stored(window, added.id).deleted
    merge_file(window, qtbot, laptop_json)
    assert not stored(window, kept.id).deleted
    undone = stored(window, added.id)
    window.actions_.redo.trigger()
    assert dialogs == []
    assert stored(window, added.id) == undone and not stored(window, kept.id).deleted
    assert shown(window) == {kept.id}
    window.actions_.undo.trigger()
    assert stored(window, kept.id).deleted and stored(window, added.id) == undone
    window.actions_.redo.trigger()
    assert not stored(window, kept.id).deleted
    qtbot.wait(50)  # the tag's pane follows the current tag on the next turn of the event loop
    window.grab().save("/tmp/twinparity-window.png")


def test_a_step_whose_tag_is_gone_with_no_copy_says_so_in_the_undo_history(
    open_window: OpenWindow, qtbot: QtBot, dialogs: list[tuple[str, str]]
) -> None:
    window = open_window(annotator="alice")
    added = tag_key(window, qtbot, QUOTE, Qt.Key.Key_1)
    window.project.store.delete_annotation(added.id)  # another computer removed it meanwhile
    before = stored(window, added.id)
    window.actions_.undo.trigger()
    assert stored(window, added.id) == before and dialogs == []
    assert window.undo_stack.redoText() == f"Tag “{QUOTE}” as claim (its tag was removed meanwhile)"
    window.actions_.redo.trigger()  # brings it back: redo is "add the tag"
    assert not stored(window, added.id).deleted


def test_undoing_a_deletion_whose_tag_a_merged_file_brought_again_finds_it_there(
    open_window: OpenWindow, qtbot: QtBot, tmp_path: Path, db_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    """alice deletes her tag, then merges her laptop's file holding the same tag (another id): undoing the
    deletion finds it there (no error box, no second tag); redo deletes it again."""
    window, laptop_json, kept = laptop_file(open_window, tmp_path, db_path)
    added = tag_key(window, qtbot, QUOTE, Qt.Key.Key_1)
    window.actions_.delete.trigger()
    assert window.undo_stack.undoText() == f"Delete tag “{QUOTE}”"
    merge_file(window, qtbot, laptop_json)
    deleted = stored(window, added.id)
    assert deleted.deleted and shown(window) == {kept.id}
    window.actions_.undo.trigger()
    assert dialogs == [] and stored(window, added.id) == deleted and shown(window) == {kept.id}
    window.actions_.redo.trigger()
    assert stored(window, kept.id).deleted and shown(window) == set()
    window.actions_.undo.trigger()
    assert not stored(window, kept.id).deleted and shown(window) == {kept.id} and dialogs == []


def test_undo_of_a_link_to_a_tag_a_sync_dropped_removes_the_link_moved_onto_the_tag_kept(
    open_window: OpenWindow,
    qtbot: QtBot,
    team: Team,
    tmp_path: Path,
    db_path: Path,
    dialogs: list[tuple[str, str]],
) -> None:
    with synced_laptop(open_window, team, tmp_path, db_path) as (window, _, kept):
        added = tag_key(window, qtbot, QUOTE, Qt.Key.Key_1)
        denial = tag_key(window, qtbot, "We never said that", Qt.Key.Key_2)
        link = new_link(added.document_id, "denies", denial.id, added.id, "alice")
        push_command(window.undo_stack, AddLink(window.project, link, denial, added))
        assert sync_now(qtbot, window, team.url("alice")).kind == "synced"
        (moved,) = window.project.links(added.document_id)
        assert moved.id != link.id and moved.ends() == (denial.id, kept.id)
        window.actions_.undo.trigger()  # the link alice made goes, where the sync moved it
        assert window.project.links(added.document_id) == [] and dialogs == []
        window.actions_.redo.trigger()
        assert [lk.id for lk in window.project.links(added.document_id)] == [moved.id]
        window.actions_.undo.trigger()
        assert window.project.links(added.document_id) == [] and dialogs == []
