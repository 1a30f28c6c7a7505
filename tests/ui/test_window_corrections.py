"""A correction in the window: the corrector's tag, the original rejected as corrected and a `corrects`
link between them, made, undone and redone as one step; the tooltips say which corrects which and J
jumps from one to the other."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt, QTimer
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QToolTip
from pytestqt.qtbot import QtBot

from db import Store, links
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from tests.ui.conftest import OpenWindow
from ui.annotation_table_model import AnnotationRole
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _bobs_tag(store: Store, doc: Document) -> None:
    s = doc.text.index("crime fell")
    store.add_annotation(new_annotation(doc, s, s + 10, "claim", "bob"))


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window(annotator="alice", prepare=_bobs_tag)


def _bob(window: MainWindow) -> Annotation:
    (bob,) = [a for a in window.project.store.annotations(include_deleted=True) if a.annotator == "bob"]
    return bob


def _correct_bobs_tag(window: MainWindow, qtbot: QtBot) -> Annotation:
    """alice presses 2 (denial) on bob's claim and answers "Correct it"; her new tag."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    bob = _bob(window)
    window.view.set_current(bob.id)
    window.view.currentAnnotationChanged.emit(bob.id)
    window.view.setFocus()

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        (chosen,) = [b for b in box.buttons() if b.text().replace("&", "").startswith("Correct it")]
        qtbot.keyClick(chosen, Qt.Key.Key_Space)

    QTimer.singleShot(0, answer)
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    (mine,) = [a for a in window.project.store.annotations() if a.annotator == "alice"]
    return mine


def test_a_correction_links_the_new_tag_to_the_original_in_one_undoable_step(
    window: MainWindow, qtbot: QtBot
) -> None:
    mine = _correct_bobs_tag(window, qtbot)
    store = window.project.store
    bob = _bob(window)
    assert (bob.status, bob.reviewer, bob.reason) == ("rejected", "alice", "corrected by alice")
    (link,) = links.links(store, bob.document_id)
    assert (link.type, link.from_id, link.to_id, link.annotator) == ("corrects", mine.id, bob.id, "alice")
    assert window.undo_stack.count() == 1
    assert window.undo_stack.undoText() == "Correct bob's “crime fell” as denial"

    window.undo()  # tag, link and rejection go together
    assert [a.id for a in store.annotations()] == [bob.id]
    assert (_bob(window).status, _bob(window).reason) == (None, None)
    assert links.links(store, bob.document_id) == []
    gone = links.link(store, link.id)
    assert gone is not None and gone.deleted  # a tombstone: a merge never brings it back

    window.redo()  # and come back together: the same tag and link
    assert {a.id for a in store.annotations()} == {bob.id, mine.id}
    assert (_bob(window).status, _bob(window).reason) == ("rejected", "corrected by alice")
    (back,) = links.links(store, bob.document_id)
    assert (back.id, back.from_id, back.to_id, back.annotator) == (link.id, mine.id, bob.id, "alice")


def _table_tooltip(window: MainWindow, tag_id: str) -> str:
    model = window.table.model
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if model.data(index, AnnotationRole) is not None and model.data(index, AnnotationRole).id == tag_id:
            return str(model.data(index, Qt.ItemDataRole.ToolTipRole))
    raise AssertionError(f"no row for {tag_id}")


@pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # the real tooltip, offscreen
def test_tooltips_say_which_corrects_which_and_j_jumps_between_them(window: MainWindow, qtbot: QtBot) -> None:
    mine = _correct_bobs_tag(window, qtbot)
    bob = _bob(window)
    article = html.unescape(window.view.tooltip_at(bob.start + 1))  # rich text of both tags there
    assert "Corrected by alice → denial “crime fell” (J goes there)" in article
    assert "Corrects bob's claim “crime fell” (J goes there)" in article
    assert "Corrected by alice → denial" in _table_tooltip(window, bob.id)
    assert "Corrects bob's claim" in _table_tooltip(window, mine.id)
    assert "Corrects" not in _table_tooltip(window, bob.id)

    assert window.view.current_annotation() == mine.id  # the correction is current after it is made
    window.activateWindow()  # again after the dialog: J is the article's and the table's key
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_J)
    assert window.view.current_annotation() == bob.id
    assert window.table.current_annotation() == bob.id
    assert "J goes back" in window.statusBar().currentMessage()
    qtbot.keyClick(window.view, Qt.Key.Key_J)
    assert window.view.current_annotation() == mine.id
    window.table.view.setFocus()  # from the tag table too
    qtbot.keyClick(window.table.view, Qt.Key.Key_J)
    assert window.view.current_annotation() == bob.id

    _show_tooltip(window, bob.start + 1)
    window.grab().save("/tmp/corrects-window.png")

    window.undo()  # the tooltips forget the correction with it
    assert "Corrected by" not in window.view.tooltip_at(bob.start + 1)
    window.view.set_current(bob.id)
    qtbot.keyClick(window.view, Qt.Key.Key_J)
    assert window.view.current_annotation() == bob.id
    assert "was not corrected" in window.statusBar().currentMessage()


def _show_tooltip(window: MainWindow, cp: int) -> None:
    """Show the article's tooltip over cp as a hover would, and save a picture of it."""
    from tests.ui.window_support import point_at

    point = point_at(window, cp) + QPoint(4, 0)
    event = QHelpEvent(QEvent.Type.ToolTip, point, window.view.viewport().mapToGlobal(point))
    window.view.viewportEvent(event)
    tips = [w for w in QApplication.topLevelWidgets() if w.inherits("QTipLabel") and w.isVisible()]
    assert tips and "Corrected by alice" in QToolTip.text()
    tips[0].grab().save("/tmp/corrects-tooltip.png")
    QToolTip.hideText()


def test_the_review_panel_lists_the_pair_once_and_its_rows_say_which_corrects_which(
    window: MainWindow, qtbot: QtBot
) -> None:
    mine = _correct_bobs_tag(window, qtbot)
    bob = _bob(window)
    window.review.toggle_action.trigger()
    qtbot.waitUntil(window.review.dock.isVisible)
    panel = window.review.panel
    assert [(d.kind, set(d.annotation_ids)) for d in panel.disagreements()] == [("label", {bob.id, mine.id})]
    assert panel.model.rowCount() == 1
    window.view.set_current(bob.id)
    window.view.currentAnnotationChanged.emit(bob.id)
    qtbot.waitUntil(lambda: any(m.rowCount() for m in panel.tag_models))
    tips = {
        tag.id: str(model.data(model.index(model.row_of(tag.id) or 0, 0), Qt.ItemDataRole.ToolTipRole))
        for model in panel.tag_models
        for tag in model.tags()
    }
    assert "Corrected by alice → denial “crime fell”" in tips[bob.id]
    assert "Corrects bob's claim “crime fell”" in tips[mine.id]
    window.grab().save("/tmp/corrects-review.png")


def test_deleting_her_correction_takes_its_rejection_back_in_one_undoable_step(
    window: MainWindow, qtbot: QtBot
) -> None:
    mine = _correct_bobs_tag(window, qtbot)
    store = window.project.store
    (link,) = links.links(store)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.view.set_current(mine.id)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)  # her own tag: no question
    assert [a.annotator for a in store.annotations()] == ["bob"]
    assert (_bob(window).status, _bob(window).reason) == (None, None)  # no "corrected by" a deleted tag
    assert links.links(store) == []
    assert window.undo_stack.undoText() == "Delete correction “crime fell” (bob's claim undecided)"

    window.undo()  # all three back
    assert {a.id for a in store.annotations()} == {mine.id, _bob(window).id}
    assert (_bob(window).status, _bob(window).reason) == ("rejected", "corrected by alice")
    assert [lk.id for lk in links.links(store)] == [link.id]
    assert "Corrects bob's claim" in _table_tooltip(window, mine.id)


def test_deleting_or_undoing_a_correction_leaves_a_decision_made_since_alone(
    window: MainWindow, qtbot: QtBot, db_path: Path
) -> None:
    mine = _correct_bobs_tag(window, qtbot)
    store = window.project.store
    bob = _bob(window)
    with Store.open(db_path) as other:  # rita accepts bob's tag in another window, not yet polled here
        other.patch_annotation(bob.id, {"status": "accepted", "reviewer": "rita", "reason": None})
    window.view.set_current(mine.id)
    window.delete_current()
    assert (_bob(window).status, _bob(window).reviewer) == ("accepted", "rita")  # rita's decision stands
    gone = store.annotation(mine.id)
    assert links.links(store) == [] and gone is not None and gone.deleted
    window.undo()  # the tag and its link come back; rita's decision still stands
    assert [lk.from_id for lk in links.links(store)] == [mine.id]
    assert (_bob(window).status, _bob(window).reviewer) == ("accepted", "rita")
    window.undo()  # undoing the correction itself: the same
    assert [a.id for a in store.annotations()] == [bob.id]
    assert (_bob(window).status, _bob(window).reviewer) == ("accepted", "rita")


def test_j_is_listed_among_the_keyboard_shortcuts(window: MainWindow) -> None:
    from ui import shortcuts

    groups = shortcuts.shortcut_groups(
        window, window.label_bar.label_actions, [*window.actions_.all(), window.corrections.jump_action]
    )
    rows = {row.what: row.keys for group in groups for row in group.rows}
    assert rows["Go to correction / corrected tag"] == ["J"]
    menus = [m.menu() for m in window.menuBar().actions()]
    assert any(isinstance(m, QMenu) and window.corrections.jump_action in m.actions() for m in menus)
