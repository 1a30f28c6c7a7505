"""The Review pane with the structure's disagreements shown, kept up to date edit by edit in the real
window: tags, pieces, attribution, speakers, links and review decisions made from the keyboard, undone
and redone, and after each the list shows what a pane opened afresh shows, its rows moved (never reset)
under the model tester's eye."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from db import Store
from db import attribution as attribution_store
from db import links as link_store
from factcheck.core.links import new_link
from factcheck.core.model import Document
from factcheck.core.review_session import StructureSource
from tests.ui.conftest import OpenWindow
from tests.ui.review_support import cells, fresh_panel
from tests.ui.structure_support import TEXT, add_tag, answer_dialogs, focus_view, keys, select, tag_key
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
STRUCTURE = ("link", "attribution")


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    def prepare(store: Store, doc: Document) -> None:
        # bob: a claim Lavrov said (with its cue), denied by his denial; "robust" characterizes it.
        claim = add_tag(store, doc, "Trump accepted Putin's assertions", "claim", "bob")
        lavrov = add_tag(store, doc, "Lavrov", "source", "bob")
        said = add_tag(store, doc, "said", "cue", "bob")
        denial = add_tag(store, doc, "it was not clear", "denial", "bob")
        robust = add_tag(store, doc, "robust", "characterization", "bob")
        attribution_store.set_attribution(store, claim.id, source=lavrov.id, cue=said.id, by="bob")
        link_store.add_link(store, new_link(doc.id, "denies", denial.id, claim.id, "bob"))
        link_store.add_link(store, new_link(doc.id, "characterizes", robust.id, denial.id, "bob"))
        add_tag(store, doc, "The economy", "claim", "alice")  # alice is compared from the start

    return open_window(text=TEXT, prepare=prepare)


def test_structure_rows_follow_keyboard_edits_and_undo_as_a_fresh_pane_lists_them(
    window: MainWindow, qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    window.review.toggle_action.trigger()
    qtbot.waitUntil(window.review.dock.isVisible)
    panel = window.review.panel
    assert panel.session.structure is not None
    qtmodeltester.check(panel.model)  # and every row signal from here on
    resets: list[None] = []
    panel.model.modelReset.connect(lambda: resets.append(None))
    source = StructureSource(window.open_doc, panel.session.structure.symmetric)
    seen: set[str] = set()  # structure rows' words met along the way

    def same_as_fresh(step: str) -> None:
        focus_view(window, qtbot)
        document = window.open_doc.document
        assert document is not None
        fresh = fresh_panel(window.project, document, qtbot, source, qtbot_closes=False)
        try:
            assert panel.disagreements() == fresh.disagreements(), step
            assert cells(panel) == cells(fresh), step
            assert panel.session.open_count() == fresh.session.open_count(), step
            assert panel.status.text().startswith(fresh.status.text().split(" Current:")[0]), step
        finally:
            fresh.close()
            fresh.deleteLater()
        seen.update(d.description for d in panel.disagreements() if d.kind in STRUCTURE)
        window.view.setFocus()

    same_as_fresh("opened")
    assert any(d.description.startswith("bob attributed") for d in panel.disagreements())

    # alice tags the claim, then its source and cue, and attributes it with S and C.
    claim = tag_key(window, qtbot, "Trump accepted Putin's assertions", Qt.Key.Key_1)
    same_as_fresh("claim tagged")
    assert any("alice did not attribute it" in d for d in seen)
    tag_key(window, qtbot, "Lavrov", Qt.Key.Key_4)
    tag_key(window, qtbot, "said", Qt.Key.Key_5)
    window.structure.ctx.make_current(claim.id)
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    assert window.open_doc.tags[claim.id].source is not None
    same_as_fresh("source attached")
    qtbot.keyClick(window.view, Qt.Key.Key_C)
    same_as_fresh("cue attached")
    assert not any(d.kind == "attribution" for d in panel.disagreements())  # alice said it as bob did

    # The speaker of her source (W): no row reads it; the list stays as it is.
    window.structure.ctx.make_current(next(t.id for t in window.open_doc.tags if t.annotator == "alice"
                                            and t.quote == "Lavrov"))  # fmt: skip
    answer_dialogs(keys(qtbot, Qt.Key.Key_Backspace, "Sergei Lavrov", Qt.Key.Key_Return))
    qtbot.keyClick(window.view, Qt.Key.Key_W)
    same_as_fresh("speaker named")

    # Her denial, linked with L (the type and the target offered first: denies, that claim).
    denial = tag_key(window, qtbot, "it was not clear", Qt.Key.Key_2)
    same_as_fresh("denial tagged")
    assert answer_dialogs(keys(qtbot, Qt.Key.Key_Return), keys(qtbot, Qt.Key.Key_Return)) == []
    qtbot.keyClick(window.view, Qt.Key.Key_L)
    (link,) = [ln for ln in window.open_doc.links if ln.annotator == "alice"]
    assert (link.from_id, window.open_doc.tags[link.to_id].quote, link.type) == (
        denial.id,
        "Trump accepted Putin's assertions",
        "denies",
    )
    same_as_fresh("link made")
    assert not any(d.kind == "link" and "(denies)" in d.description for d in panel.disagreements())

    # The claim in two pieces (Ctrl+1 adds the selection to the current claim).
    window.structure.ctx.make_current(claim.id)
    select(window, "he said")
    qtbot.keyClick(window.view, Qt.Key.Key_1, CTRL)
    assert window.open_doc.tags[claim.id].fragments
    same_as_fresh("claim in pieces")

    # A decision on bob's characterization from the pane (A): the rows stay, the counts change.
    robust = next(t for t in window.open_doc.tags if t.label == "characterization")
    panel.set_current_annotation(robust.id)
    assert panel.accept_current()
    same_as_fresh("decided")

    # Shift+L deletes her link, then every step is undone (Ctrl+Z) and redone (Ctrl+Y), one by one.
    window.structure.ctx.make_current(denial.id)
    qtbot.keyClick(window.view, Qt.Key.Key_L, SHIFT)
    assert not [ln for ln in window.open_doc.links if ln.annotator == "alice"]
    same_as_fresh("link deleted")
    stack = window.undo_stack
    undone = 0
    while stack.canUndo():
        text = stack.undoText()
        qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
        undone += 1
        same_as_fresh(f"undo {text}")
    assert undone >= 10
    while stack.canRedo():
        text = stack.redoText()
        qtbot.keyClick(window.view, Qt.Key.Key_Y, CTRL)
        same_as_fresh(f"redo {text}")
    # Deleting the claim deletes its links and attribution with it; undo brings them back.
    window.structure.ctx.make_current(claim.id)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert claim.id not in window.open_doc.tags
    same_as_fresh("claim deleted")
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    same_as_fresh("claim deleted, undone")

    assert not resets  # rows moved around each edit: the list was never reset
    assert any(d.startswith("only bob linked “it was not clear” (denies)") for d in seen)
    assert any(d.startswith("alice attributed") for d in seen)
    panel.grab().save("/tmp/structreview-pane.png")


def test_n_walks_structure_rows_after_an_edit(window: MainWindow, qtbot: QtBot) -> None:
    window.review.toggle_action.trigger()
    qtbot.waitUntil(window.review.dock.isVisible)
    panel = window.review.panel
    tag_key(window, qtbot, "it was not clear", Qt.Key.Key_2)  # an edit: the rows around it move
    panel.set_current_annotation(panel.disagreements()[0].annotation_ids[0])
    window.view.setFocus()
    walked = [panel.current_row()]
    for _ in range(panel.model.rowCount()):
        qtbot.keyClick(window.view, Qt.Key.Key_N)
        walked.append(panel.current_row())
    assert walked == [*range(panel.model.rowCount()), panel.model.rowCount() - 1]  # stops at the last
    assert {"link", "attribution"} <= {d.kind for d in panel.disagreements()}
