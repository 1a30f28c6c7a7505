"""The window of a reviewer whose decision on a tag its owner deleted meanwhile was not applied: the
status bar and File > Team server… say so in words (no refusal), and the open document drops the tag."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.decisions import decided
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.sync import sync
from tests.helpers.optional import present
from tests.pg import Team
from tests.ui.conftest import OpenWindow
from tests.ui.test_team_sync import WAIT_MS, sync_now
from ui.commands import EditAnnotation

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")

QUOTE = "crime fell by 20%"


def test_a_decision_on_a_tag_deleted_meanwhile_is_said_not_applied_and_the_tag_leaves_the_view(
    open_window: OpenWindow, qtbot: QtBot, team: Team, tmp_path: Path, db_path: Path
) -> None:
    def prepare(store: Store, doc: Document) -> None:
        start = doc.text.index(QUOTE)
        store.add_annotation(new_annotation(doc, start, start + len(QUOTE), "claim", "alice"), doc.text)

    window = open_window(annotator="rita", prepare=prepare)
    (tag_id,) = [ann.id for ann in window.open_doc.tags]
    with Store.open(db_path) as ours:
        (doc,) = ours.documents()
        theirs = present(ours.annotation(tag_id))
    with Store.open(tmp_path / "alice.db") as alice:  # alice's tag, which she deletes on the server
        alice.add_document(doc)
        alice.put_annotation(theirs)
        assert not sync(alice, team.url("alice")).refused
    assert sync_now(qtbot, window, team.url("rita")).kind == "synced"
    with Store.open(tmp_path / "alice.db") as alice:
        alice.delete_annotation(tag_id)
        assert not sync(alice).refused
    # rita, not synced since, accepts it in the window.
    before = present(window.project.annotation(tag_id))
    window.undo_stack.push(
        EditAnnotation(window.project, before, decided(before, "accepted", "rita", "sourced"), doc.text)
    )
    window.actions_.team.trigger()
    dialog = window.team.dialog
    assert dialog is not None
    outcome = sync_now(qtbot, window)
    assert outcome.kind == "synced" and outcome.report is not None and not outcome.report.refused
    assert window.team.label.text().endswith(" · 1 decision not applied (tag deleted)")
    shown = dialog.details.toPlainText()
    assert "Nothing sent. Received: nothing new. 1 decision of yours not applied: the tag's owner" in shown
    assert f"alice deleted tag {tag_id} “{QUOTE}” after your copy: your decision (accepted)" in shown
    assert "refused" not in shown
    qtbot.waitUntil(lambda: tag_id not in window.open_doc.tags, timeout=WAIT_MS)
    dialog.grab().save("/tmp/syncreview-team-dialog.png")
    window.grab().save("/tmp/syncreview-window.png")
    dialog.close()
    window.close()
