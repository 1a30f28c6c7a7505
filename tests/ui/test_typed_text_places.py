"""What Esc does with typed text outside the editing dialogs, place by place.

- Prompts for work (a rejection's reason, a label's new name: `typed_text.ask_text`): Esc with a changed
  text asks Discard / Keep editing (Keep: the default, and what Esc answers), as the editing dialogs do.
- Filter fields (the document list's, the Claims pane's, the Speakers and Keyboard shortcuts dialogs'):
  Esc clears the filter, nothing asked (nothing is lost that matters); a second Esc goes on (a dialog
  closes).
- The find bar: Esc closes it and keeps its words, selected for the next Ctrl+F."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from db import Store
from factcheck.core.model import Annotation, Document
from tests.ui.conftest import OpenWindow
from tests.ui.structure_support import answer_dialogs
from tests.ui.test_review_panel import panel, project, tags  # noqa: F401 (fixtures)
from ui.main_window import MainWindow
from ui.review_panel import ReviewPanel
from ui.shortcuts import ShortcutsDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "grabbing the keyboard", "support raise")
CTRL = Qt.KeyboardModifier.ControlModifier


def later(qtbot: QtBot, *sequence: Qt.Key | str, seen: list[str] | None = None) -> Callable[[QWidget], None]:
    """Answer a dialog from the keyboard once the answer has returned (a key may open a nested box)."""

    def answer(dialog: QWidget) -> None:
        if seen is not None:
            seen.append(dialog.text() if isinstance(dialog, QMessageBox) else dialog.windowTitle())

        def press() -> None:
            dialog.activateWindow()
            qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
            for item in sequence:
                target = dialog.focusWidget() or dialog
                if isinstance(item, str):
                    qtbot.keyClicks(target, item)
                else:
                    qtbot.keyClick(target, item)

        QTimer.singleShot(0, press)

    return answer


def test_esc_in_the_reject_reason_asks_before_dropping_it(
    panel: ReviewPanel,  # noqa: F811
    tags: dict[str, Annotation],  # noqa: F811
    qtbot: QtBot,
) -> None:
    seen: list[str] = []
    titles = answer_dialogs(
        later(qtbot, "Not a claim: a name", Qt.Key.Key_Escape),
        later(qtbot, Qt.Key.Key_Escape, seen=seen),  # the question: Esc keeps editing
        later(qtbot, Qt.Key.Key_Return),  # the reason is still there: Enter rejects with it
    )
    assert panel.reject_current()
    assert titles == ["Reject tag", "Reject tag", "Reject tag"]
    assert "Discard what you typed, or keep editing?" in seen[0]
    stored = panel.project.store.annotation(tags["ana_roe"].id)
    assert stored is not None and stored.status == "rejected" and stored.reason == "Not a claim: a name"


def test_esc_in_an_untouched_reason_cancels_at_once_and_discard_drops_it(
    panel: ReviewPanel,  # noqa: F811
    tags: dict[str, Annotation],  # noqa: F811
    qtbot: QtBot,
) -> None:
    titles = answer_dialogs(later(qtbot, Qt.Key.Key_Escape))
    assert not panel.reject_current() and titles == ["Reject tag"]  # nothing typed: nothing asked
    titles = answer_dialogs(
        later(qtbot, "typo", Qt.Key.Key_Escape),
        later(
            qtbot,
            Qt.Key.Key_D,
        ),  # &Discard
    )
    assert not panel.reject_current() and titles == ["Reject tag", "Reject tag"]
    assert panel.undo_stack.count() == 0
    stored = panel.project.store.annotation(tags["ana_roe"].id)
    assert stored is not None and stored.status is None


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    def prepare(store: Store, _doc: Document) -> None:
        store.add_document(Document.create("A second article about bridges.", title="Bridges"))

    return open_window(prepare=prepare)


def test_esc_clears_the_document_filter_and_then_leaves_the_field(window: MainWindow, qtbot: QtBot) -> None:
    field = window.doc_list.filter
    field.setFocus()
    qtbot.keyClicks(field, "bridg")
    assert window.doc_list.proxy.rowCount() == 1
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert field.text() == "" and window.doc_list.proxy.rowCount() == 2 and window.isVisible()


def test_esc_clears_the_claims_search_not_the_panes_own_esc(window: MainWindow, qtbot: QtBot) -> None:
    window.claims.show_pane()
    search = window.claims.pane.search
    search.setFocus()
    qtbot.keyClicks(search, "crime")
    triggered: list[bool] = []
    window.claims.pane.back_action.triggered.connect(lambda: triggered.append(True))
    qtbot.keyClick(search, Qt.Key.Key_Escape)
    assert search.text() == "" and triggered == []


def test_esc_clears_a_dialogs_filter_first_then_closes_it(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_K, CTRL | Qt.KeyboardModifier.ShiftModifier)
    speakers = window.structure.speakers_dialog
    assert speakers is not None and speakers.isVisible()
    speakers.filter.setFocus()
    qtbot.keyClicks(speakers.filter, "rex")
    qtbot.keyClick(speakers.filter, Qt.Key.Key_Escape)
    assert speakers.filter.text() == "" and speakers.isVisible()
    qtbot.keyClick(speakers.filter, Qt.Key.Key_Escape)
    assert not speakers.isVisible()
    keys = ShortcutsDialog(window, [])
    keys.show()
    qtbot.waitExposed(keys)
    keys.filter.setFocus()
    qtbot.keyClicks(keys.filter, "find")
    qtbot.keyClick(keys.filter, Qt.Key.Key_Escape)
    assert keys.filter.text() == "" and keys.isVisible()
    qtbot.keyClick(keys.filter, Qt.Key.Key_Escape)
    assert not keys.isVisible()


def test_the_find_bar_closes_on_esc_and_keeps_its_words_for_the_next_ctrl_f(
    window: MainWindow, qtbot: QtBot
) -> None:
    bar = window.find_bar
    bar.open_bar()
    qtbot.keyClicks(bar.edit, "minister")
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    bar.open_bar()
    assert bar.edit.text() == "minister" and bar.edit.selectedText() == "minister"  # typing replaces it


def test_the_search_pane_closes_on_esc_and_keeps_its_words(window: MainWindow, qtbot: QtBot) -> None:
    window.view.select_span(0, 0)  # nothing selected: the pane opens with the words it had
    window.actions_.search_all.trigger()
    pane = window.docs.search_pane
    qtbot.keyClicks(pane.edit, "bridges")
    qtbot.keyClick(pane.edit, Qt.Key.Key_Escape)
    assert not pane.isVisible()
    window.actions_.search_all.trigger()
    assert pane.edit.text() == "bridges" and pane.edit.selectedText() == "bridges"


def test_w_asks_before_esc_drops_a_typed_speaker_name(window: MainWindow, qtbot: QtBot) -> None:
    from tests.ui.structure_support import tag_key

    source = tag_key(window, qtbot, "Roe", Qt.Key.Key_4)  # a source tag on the article's words
    seen: list[str] = []
    titles = answer_dialogs(
        later(qtbot, Qt.Key.Key_Backspace, "Jane Roe", Qt.Key.Key_Escape),
        later(qtbot, Qt.Key.Key_Escape, seen=seen),  # keep editing
        later(qtbot, Qt.Key.Key_Return),  # the name is still there
    )
    qtbot.keyClick(window.view, Qt.Key.Key_W)
    qtbot.waitUntil(lambda: len(titles) == 3, timeout=10_000)
    assert titles == ["Speaker", "Speaker", "Speaker"] and "Discard what you typed" in seen[0]
    qtbot.waitUntil(lambda: window.project.store.annotation(source.id).speaker is not None, timeout=5000)  # type: ignore[union-attr]
    assert [s.name for s in window.project.speakers()] == ["Jane Roe"]
