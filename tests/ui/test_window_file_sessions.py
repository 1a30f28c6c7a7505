"""Random window sessions mixing file work with editing (seeded, so a failure replays;
tests/ui/file_sessions.py): keyboard tagging, undo and redo, File > Import of a teammate's valid export,
database or brat folder and of damaged files, exports in every format re-imported into a fresh project,
another project opened and this one again. After every step the store, the OpenDocument and the views
agree, the documents list counts the stored articles, a damaged file is imported or refused with one box
and the project unchanged, and each export re-imports to what the project holds. An import is no undoable
step (docs/importing.md): undoing every step then takes back alice's own edits since the project was
opened and leaves the imported work; redoing them all gives the last state back.

Outside the suite: FACTCHECK_FILE_SEEDS=40 FACTCHECK_FILE_STEPS=200 (FACTCHECK_FILE_FIRST: the first seed)."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWindow
from tests.ui.file_sessions import US, FileSession, ours, teammate_files
from tests.ui.session_support import TEXT, Responder, check, snapshot
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

SEEDS = int(os.environ.get("FACTCHECK_FILE_SEEDS", "3"))
STEPS = int(os.environ.get("FACTCHECK_FILE_STEPS", "40"))
FIRST = int(os.environ.get("FACTCHECK_FILE_FIRST", "0"))


def alices(state: dict[str, object], imported: set[str]) -> dict[str, object]:
    """alice's live tags that no import touched (those are no undo step of hers)."""
    tags = state["tags"]
    assert isinstance(tags, dict)
    return {tag_id: shape for tag_id, shape in tags.items() if shape[8] == US and tag_id not in imported}


@pytest.mark.parametrize("seed", range(FIRST, FIRST + SEEDS))
def test_a_session_with_files_keeps_store_views_and_exports_in_step(
    open_window: OpenWindow,
    qtbot: QtBot,
    dialogs: list[tuple[str, str]],
    tmp_path: Path,
    db_path: Path,
    seed: int,
) -> None:
    window = open_window(text=TEXT, annotator=US, prepare=ours)
    files = teammate_files(tmp_path / "bob", window.project.store)
    session = FileSession(window, qtbot, dialogs, random.Random(seed), tmp_path / "work", db_path, files)
    session.folder.mkdir()
    # Relabelling bob's tag asks whether to correct it: modal dialogs are answered at random.
    responder = Responder(random.Random(seed + 10_000), qtbot, armed=True)
    try:
        run(session, window, dialogs)
    finally:
        responder.stop()
    done = f"{session.round_trips} round trips, {session.switches} switches, {len(session.steps)} steps"
    print(f"seed {seed}: {session.imports} imports, {session.refusals} refusals, {done}")


def run(session: FileSession, window: MainWindow, dialogs: list[tuple[str, str]]) -> None:
    baseline = snapshot(window)
    for _ in range(STEPS):
        did = session.step()
        if did.startswith("open another"):
            baseline = snapshot(window)  # the undo history belongs to the other database
        assert len(dialogs) == session.expected_boxes, (dialogs, session.recent())
    stack = window.undo_stack
    last, last_index = snapshot(window), stack.index()
    refused = False
    while stack.canUndo():
        before, shown = stack.index(), len(dialogs)
        window.undo()
        check(window, f"undo to {stack.index()}")
        said = [text for _kind, text in dialogs[shown:]]
        if stack.index() == before and len(said) == 1 and session.undo_refused_for_an_imported_tag(said[0]):
            # An import brought a tag identical to one alice had deleted or changed since (a tag of its
            # own then); undoing her step would make a second identical tag, which the store refuses.
            refused = True
            session.expected_boxes += 1
            break
        assert stack.index() == before - 1, (dialogs[session.expected_boxes :], session.recent())
    assert len(dialogs) == session.expected_boxes, dialogs[session.expected_boxes :]
    if not refused:
        assert alices(snapshot(window), session.imported_ids) == alices(baseline, session.imported_ids)
    while stack.index() < last_index:
        window.redo()
        check(window, f"redo to {stack.index()}")
    assert len(dialogs) == session.expected_boxes, dialogs[session.expected_boxes :]
    assert snapshot(window) == last
