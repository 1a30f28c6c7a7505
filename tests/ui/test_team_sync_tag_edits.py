"""The window: alice's edit of a tag that rita decided on while alice was offline goes up, the decision
comes back onto the open document, and File > Team server… and the status bar say so in words."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.sync import sync
from tests.helpers.optional import present
from tests.helpers.review import set_review
from tests.pg import Team
from tests.ui.conftest import OpenWindow
from tests.ui.test_team_sync import WAIT_MS, sync_now
from ui.commands import EditAnnotation

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")

QUOTE = "crime fell by 20%"


def test_an_offline_edit_of_a_reviewed_tag_goes_up_and_the_window_shows_both(
    open_window: OpenWindow, qtbot: QtBot, team: Team, tmp_path: Path, db_path: Path
) -> None:
    def prepare(store: Store, doc: Document) -> None:
        start = doc.text.index(QUOTE)
        store.add_annotation(new_annotation(doc, start, start + len(QUOTE), "claim", "alice"), doc.text)

    window = open_window(annotator="alice", prepare=prepare)
    assert sync_now(qtbot, window, team.url("alice")).kind == "synced"
    (tag_id,) = [ann.id for ann in window.open_doc.tags]
    # rita, the reviewer, rejects it on the server.
    with Store.open(db_path) as ours:
        (doc,) = ours.documents()
    with Store.open(tmp_path / "rita.db") as rita:
        rita.add_document(doc)
        sync(rita, team.url("rita"))
        set_review(rita, tag_id, "rejected", "rita", "an opinion")
        assert not sync(rita).refused
    # alice, not synced since, writes a note on her tag in the window.
    before = present(window.project.annotation(tag_id))
    window.undo_stack.push(EditAnnotation(window.project, before, replace(before, note="from the budget")))
    window.actions_.team.trigger()
    dialog = window.team.dialog
    assert dialog is not None
    outcome = sync_now(qtbot, window)
    assert outcome.kind == "synced" and outcome.report is not None and not outcome.report.refused
    assert outcome.report.kept == {"annotations": [tag_id]}
    assert window.team.label.text().endswith(" · 1 edit sent with a reviewer's decision")
    shown = dialog.details.toPlainText()
    assert "1 edit of yours went up with a reviewer's decision made meanwhile" in shown
    assert (
        f"sent your edit of tag {tag_id} “{QUOTE}”" in shown
        and "rita rejected it meanwhile (an opinion)" in shown
    )
    assert "refused" not in shown
    # The open document follows: her note and rita's decision, both.
    qtbot.waitUntil(lambda: window.open_doc.tags[tag_id].status == "rejected", timeout=WAIT_MS)
    assert window.open_doc.tags[tag_id].note == "from the budget"
    dialog.grab().save(str(tmp_path / "team-dialog-kept.png"))
    dialog.grab().save("/tmp/tagedits-team-dialog.png")
    dialog.close()
    window.close()
