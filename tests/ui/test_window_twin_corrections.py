"""Undo and redo of a correction (and of deleting one) after a merged file dropped one of its tags as
identical to another (ui.twin_steps.correction_now): the step acts on the tag kept, and on the `corrects`
link joining the tags as they are now; a step whose tag is gone with no copy writes nothing and says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from db import Store, links
from factcheck.core.links import Link
from factcheck.core.model import Annotation
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from factcheck.services.sync_twins import moved_link_id
from tests.ui.conftest import OpenWindow
from tests.ui.test_window_corrections import _bob, _bobs_tag, _correct_bobs_tag
from tests.ui.twin_support import kept_for, merge_file, teammate_dropping
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

STEP = "Correct bob's “crime fell” as denial"


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window(annotator="alice", prepare=_bobs_tag)


def tag(window: MainWindow, tag_id: str) -> Annotation:
    found = window.project.store.annotation(tag_id)
    assert found is not None
    return found


def review(window: MainWindow, tag_id: str) -> tuple[str | None, str | None, str | None, bool]:
    found = tag(window, tag_id)
    return found.status, found.reviewer, found.reason, found.deleted


def corrects(window: MainWindow) -> list[tuple[str, str, str, str, bool]]:
    """Every stored `corrects` link, tombstones too: (id, from, to, annotator, deleted)."""
    rows = links.links(window.project.store, include_deleted=True)
    return sorted(
        (lk.id, lk.from_id, lk.to_id, lk.annotator, lk.deleted) for lk in rows if lk.type == "corrects"
    )


def the_link(window: MainWindow) -> Link:
    (link,) = links.links(window.project.store, include_deleted=True)
    return link


def test_a_correction_whose_original_a_merge_dropped_is_undone_and_redone_on_the_tag_kept(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    mine = _correct_bobs_tag(window, qtbot)
    original, link = _bob(window), the_link(window)
    merge_file(window, qtbot, teammate_dropping(window, tmp_path, original))
    kept = kept_for(window, original)
    dropped = tag(window, original.id)
    assert review(window, kept.id) == (None, None, None, False)
    window.undo()  # alice's tag goes; the tag kept was never rejected: nothing to put back on it
    assert review(window, mine.id)[3] and review(window, kept.id) == (None, None, None, False)
    assert tag(window, original.id) == dropped
    window.redo()  # the correction again, of the tag kept: rejected, and the link joins it
    assert dialogs == [] and not tag(window, mine.id).deleted
    assert review(window, kept.id) == ("rejected", "alice", "corrected by alice", False)
    assert tag(window, original.id) == dropped  # the tombstone is not written
    moved = moved_link_id(link.id, (mine.id, kept.id))
    assert corrects(window) == sorted(
        [(link.id, mine.id, original.id, "alice", True), (moved, mine.id, kept.id, "alice", False)]
    )  # the first one went with the undo, and stays: its end is a tombstone
    assert [lk.id for lk in window.project.correction_links(kept.document_id)] == [moved]
    window.undo()  # all of it goes again, the tag kept undecided
    assert review(window, kept.id) == (None, None, None, False) and review(window, mine.id)[3]
    assert window.project.correction_links(kept.document_id) == []
    assert [row[4] for row in corrects(window) if row[0] == moved] == [True]
    window.redo()
    assert review(window, kept.id) == ("rejected", "alice", "corrected by alice", False)
    assert [lk.id for lk in window.project.correction_links(kept.document_id)] == [moved]
    assert window.undo_stack.undoText() == STEP and dialogs == []


def test_a_correction_a_merge_dropped_as_identical_is_undone_and_redone_as_the_tag_kept(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    """alice's correction itself was tagged again on her laptop (the copy kept there): undo takes that one
    away and gives bob's tag its decision back; redo brings it back, rejecting bob's tag again."""
    mine = _correct_bobs_tag(window, qtbot)
    bob = _bob(window)
    merge_file(window, qtbot, teammate_dropping(window, tmp_path, mine, "laptop"))
    kept = kept_for(window, mine)
    dropped = tag(window, mine.id)
    assert review(window, bob.id) == ("rejected", "alice", "corrected by alice", False)
    window.undo()
    assert dialogs == [] and tag(window, kept.id).deleted and tag(window, mine.id) == dropped
    assert review(window, bob.id) == (None, None, None, False)
    assert window.project.correction_links(bob.document_id) == []
    window.redo()
    assert dialogs == [] and not tag(window, kept.id).deleted and tag(window, mine.id) == dropped
    assert review(window, bob.id) == ("rejected", "alice", "corrected by alice", False)
    (link,) = window.project.correction_links(bob.document_id)
    assert (link.from_id, link.to_id, link.annotator) == (kept.id, bob.id, "alice")
    assert window.current_annotation() is not None and window.current_annotation().id == kept.id  # type: ignore[union-attr]


def test_undoing_the_deletion_of_a_correction_a_merged_file_brought_again_uses_that_copy(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    """alice deletes her correction (bob's tag undecided again), then merges her laptop's file where the
    same correction is live under another id: undoing the deletion rejects bob's tag again as corrected by
    that copy, with no second identical tag and no error box."""
    mine = _correct_bobs_tag(window, qtbot)
    bob = _bob(window)
    path = teammate_dropping(window, tmp_path, mine, "laptop")
    window.view.set_current(mine.id)
    window.actions_.delete.trigger()
    assert window.undo_stack.undoText().startswith("Delete correction")
    assert review(window, bob.id) == (None, None, None, False)
    merge_file(window, qtbot, path)
    kept = kept_for(window, mine)
    window.undo()
    assert dialogs == [] and not tag(window, kept.id).deleted and tag(window, mine.id).deleted
    assert review(window, bob.id) == ("rejected", "alice", "corrected by alice", False)
    (link,) = window.project.correction_links(bob.document_id)
    assert (link.from_id, link.to_id) == (kept.id, bob.id)
    window.redo()  # deleted again: the copy, and bob's tag undecided
    assert tag(window, kept.id).deleted and review(window, bob.id) == (None, None, None, False)
    assert window.project.correction_links(bob.document_id) == [] and dialogs == []


def test_a_correction_whose_original_is_gone_with_no_copy_writes_nothing_and_says_so(
    window: MainWindow, qtbot: QtBot, dialogs: list[tuple[str, str]]
) -> None:
    mine = _correct_bobs_tag(window, qtbot)
    bob = _bob(window)
    window.undo()
    window.project.store.delete_annotation(bob.id)  # bob removed it on another computer meanwhile
    before = (tag(window, mine.id), tag(window, bob.id), corrects(window))
    window.redo()
    assert (tag(window, mine.id), tag(window, bob.id), corrects(window)) == before and dialogs == []
    assert window.undo_stack.undoText() == STEP + " (its tag was removed meanwhile)"
    assert window.statusBar().currentMessage() == f"“{STEP}” changed nothing: its tag was removed meanwhile."


def _bob_deletes_his_tag(window: MainWindow, qtbot: QtBot, tmp_path: Path, how: str) -> None:
    """bob removes the tag alice corrected: on this project (another window, a sync), or in his project,
    whose file alice then merges."""
    bob = _bob(window)
    if how == "here":
        window.project.store.delete_annotation(bob.id)
        return
    export(window.project.store, "json", tmp_path / "start.json")
    with Store.open(tmp_path / "bob.db") as theirs:
        import_paths(theirs, [tmp_path / "start.json"], annotator="bob")
        theirs.delete_annotation(bob.id)
        export(theirs, "json", tmp_path / "bob.json")
    merge_file(window, qtbot, tmp_path / "bob.json")


@pytest.mark.parametrize("how", ["here", "merged"])
def test_undoing_a_correction_whose_original_is_gone_deletes_the_correction_and_says_so(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, dialogs: list[tuple[str, str]], how: str
) -> None:
    """The correction tag is alice's own: undo takes it (and its `corrects` link) away even though bob's
    tag, gone with no copy, has no decision to get back; nothing is written on bob's tombstone."""
    mine = _correct_bobs_tag(window, qtbot)
    _bob_deletes_his_tag(window, qtbot, tmp_path, how)
    gone = _bob(window)
    assert gone.deleted and not tag(window, mine.id).deleted
    window.undo()
    assert tag(window, mine.id).deleted and _bob(window) == gone and dialogs == []
    assert [row[4] for row in corrects(window)] == [True]
    assert window.project.correction_links(gone.document_id) == []
    assert window.statusBar().currentMessage() == (
        f"“{STEP}”: your correction was deleted (the tag it corrected is gone)."
    )
    assert window.undo_stack.redoText() == STEP + " (its tag was removed meanwhile)"
    qtbot.wait(400)  # the document list's counts follow on a timer
    window.grab().save(f"/tmp/twinorder-undo-{how}.png")
    assert all(t.id != mine.id for t in window.project.store.annotations(gone.document_id))
    window.redo()  # nothing to correct: the correction is not made again on a tombstone
    assert tag(window, mine.id).deleted and _bob(window) == gone and dialogs == []
    assert window.statusBar().currentMessage() == f"“{STEP}” changed nothing: its tag was removed meanwhile."
    window.undo()  # and nothing more to take away
    assert tag(window, mine.id).deleted and _bob(window) == gone and dialogs == []
