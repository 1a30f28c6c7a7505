"""The window: a tag alice edits while a background sync runs, between its push and its pull, is never
visibly reverted, even when that sync's push went up with a reviewer's decision made meanwhile (whose
server copy the pull would have put over hers): the open document and the table keep her edit, the
dialog says so, and the next sync sends it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from db import Store, pg_sync
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services import sync as sync_module
from factcheck.services.sync import sync
from factcheck.services.sync_status import SyncOutcome
from tests.helpers.optional import present
from tests.helpers.review import set_review
from tests.pg import Team
from tests.ui.conftest import OpenWindow
from tests.ui.test_team_sync import WAIT_MS, sync_now
from ui.annotation_table_model import LABEL, NOTE, QUOTE
from ui.commands import DeleteAnnotation, EditAnnotation
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")

FIRST = "crime fell by 20%"
WIDER = "that crime fell by 20%"


def _reviewed_meanwhile(
    open_window: OpenWindow, qtbot: QtBot, team: Team, tmp_path: Path, db_path: Path
) -> tuple[MainWindow, str, str]:
    """alice's window, synced, with her tag that rita rejects on the server and alice then notes (her note
    goes up with rita's decision: the pull would put the server's copy back). (window, tag id, text)"""
    texts: list[str] = []

    def prepare(store: Store, doc: Document) -> None:
        texts.append(doc.text)
        start = doc.text.index(FIRST)
        store.add_annotation(new_annotation(doc, start, start + len(FIRST), "claim", "alice"), doc.text)

    window = open_window(annotator="alice", prepare=prepare)
    assert sync_now(qtbot, window, team.url("alice")).kind == "synced"
    (tag_id,) = [ann.id for ann in window.open_doc.tags]
    window.team.timer.setInterval(3_600_000)  # only the syncs this test starts (a loaded machine is slow)
    with Store.open(db_path) as ours:
        (doc,) = ours.documents()
    with Store.open(tmp_path / "rita.db") as rita:
        rita.add_document(doc)
        sync(rita, team.url("rita"))
        set_review(rita, tag_id, "rejected", "rita", "an opinion")
        assert not sync(rita).refused
    before = present(window.project.annotation(tag_id))
    window.undo_stack.push(EditAnnotation(window.project, before, replace(before, note="from the budget")))
    return window, tag_id, texts[0]


def _sync_with(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, meanwhile: Callable[[], object]
) -> SyncOutcome:
    """A background sync whose worker stops after its push until `meanwhile` (alice's work in the window,
    on the GUI thread) is done; its outcome."""
    pushed, edited = threading.Event(), threading.Event()

    def pull(*args: Any, **kwargs: Any) -> Any:
        monkeypatch.setattr(sync_module, "pull", pg_sync.pull)
        pushed.set()
        assert edited.wait(WAIT_MS / 1000)
        return pg_sync.pull(*args, **kwargs)

    monkeypatch.setattr(sync_module, "pull", pull)
    with qtbot.waitSignal(window.team.outcomeReady, timeout=WAIT_MS) as blocker:
        assert window.team.request()
        qtbot.waitUntil(pushed.is_set, timeout=WAIT_MS)
        meanwhile()
        window.team._soon.stop()  # (the sync after a save: the test starts the next one itself)
        edited.set()
    outcome = blocker.args[0]
    assert isinstance(outcome, SyncOutcome) and outcome.kind == "synced" and outcome.report is not None
    return outcome


def test_an_edit_made_during_a_background_sync_stays_in_the_window(
    open_window: OpenWindow,
    qtbot: QtBot,
    team: Team,
    tmp_path: Path,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, tag_id, text = _reviewed_meanwhile(open_window, qtbot, team, tmp_path, db_path)
    window.actions_.team.trigger()
    dialog = window.team.dialog
    assert dialog is not None

    def meanwhile() -> None:
        now = present(window.project.annotation(tag_id))
        start = text.index(WIDER)
        after = replace(
            now,
            label="characterization",
            note="the base year",
            start=start,
            end=start + len(WIDER),
            quote=WIDER,
        )
        window.undo_stack.push(EditAnnotation(window.project, now, after, text))

    outcome = _sync_with(qtbot, window, monkeypatch, meanwhile)
    assert outcome.report is not None and outcome.report.kept == {"annotations": [tag_id]}
    # The open document and the table show her edit, with rita's decision taken in.
    qtbot.waitUntil(lambda: window.open_doc.tags[tag_id].status == "rejected", timeout=WAIT_MS)
    tag = window.open_doc.tags[tag_id]
    assert (tag.label, tag.note, tag.quote) == ("characterization", "the base year", WIDER)
    model = window.table.model
    row = model.row_of(tag_id)
    assert row is not None
    assert model.index(row, LABEL).data() == "characterization ✗"
    assert model.index(row, NOTE).data() == "the base year"
    assert model.index(row, QUOTE).data() == WIDER
    shown = dialog.details.toPlainText()
    assert window.team.label.text().endswith(" · 1 edit made while syncing waits for the next sync")
    assert f"kept your edit of tag {tag_id} “{WIDER}” made while syncing" in shown
    assert "1 edit of yours made while syncing kept: it goes up with the next sync" in shown
    with Store.open(db_path) as ours:
        assert sync_module.pending_changes(ours) == 1  # queued for the next sync
    dialog.grab().save("/tmp/syncedits-dialog.png")
    qtbot.wait(50)  # the status bar lays out its longer line
    window.grab().save("/tmp/syncedits-window.png")
    # The next sync sends it; the server keeps rita's decision with it.
    again = sync_now(qtbot, window)
    assert again.kind == "synced" and again.report is not None and not again.report.refused
    assert again.report.pushed.get("annotations") == 1
    with team.server.admin(team.database) as conn:
        assert conn.execute(
            "SELECT label, note, quote, status, reviewer FROM factcheck.annotations WHERE id = %s", [tag_id]
        ).fetchone() == ("characterization", "the base year", WIDER, "rejected", "rita")
    tag = window.open_doc.tags[tag_id]
    assert (tag.label, tag.note, tag.status) == ("characterization", "the base year", "rejected")
    dialog.close()
    window.close()


def test_a_tag_deleted_during_a_background_sync_stays_deleted_in_the_window(
    open_window: OpenWindow,
    qtbot: QtBot,
    team: Team,
    tmp_path: Path,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """alice deletes the tag while the sync runs: it does not come back into the document or the table,
    and her deletion goes up next."""
    window, tag_id, _ = _reviewed_meanwhile(open_window, qtbot, team, tmp_path, db_path)
    outcome = _sync_with(
        qtbot,
        window,
        monkeypatch,
        lambda: window.undo_stack.push(
            DeleteAnnotation(window.project, present(window.project.annotation(tag_id)))
        ),
    )
    assert outcome.report is not None and outcome.report.kept == {"annotations": [tag_id]}
    qtbot.wait(100)  # (a reload, if any, would have come by now)
    assert tag_id not in window.open_doc.tags
    assert window.table.model.row_of(tag_id) is None
    assert window.table.model.rowCount() == 0
    assert outcome.text.endswith(" · 1 edit made while syncing waits for the next sync")
    again = sync_now(qtbot, window)
    assert again.report is not None
    assert again.report.pushed.get("annotations") == 1, again.report.details()
    with team.server.admin(team.database) as conn:
        assert conn.execute(
            "SELECT deleted_at IS NOT NULL, status FROM factcheck.annotations WHERE id = %s", [tag_id]
        ).fetchone() == (True, "rejected")
    assert tag_id not in window.open_doc.tags and window.table.model.rowCount() == 0
    window.close()
