"""Project > Labels… in the window: add, rename (tags follow), recolour, key, order, remove (asking how
many tags go); the label bar, the article and the table follow at once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from db import Store
from db import claims as db_claims
from db import labels as db_labels
from db import links as db_links
from factcheck.core.links import new_link
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.ui.conftest import OpenWindow
from tests.ui.structure_support import answer_dialogs
from ui import labels_dialog
from ui.labels_dialog import LabelsDialog
from ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on show()


def _prepare(store: Store, doc: Document) -> None:
    store.add_annotation(new_annotation(doc, 0, 8, "claim", "alice"))
    store.add_annotation(new_annotation(doc, 9, 17, "claim", "bob"))


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window(prepare=_prepare)


def _dialog(window: MainWindow, qtbot: QtBot) -> LabelsDialog:
    dialog = LabelsDialog(window.project, window)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _select(dialog: LabelsDialog, name: str) -> None:
    row = [lab.name for lab in dialog.labels()].index(name)
    dialog.table.selectRow(row)


def test_the_project_menu_opens_the_dialog(window: MainWindow, qtbot: QtBot) -> None:
    def close_it() -> None:
        dialog = QApplication.activeModalWidget()
        shown = dialog.table.rowCount() if isinstance(dialog, LabelsDialog) else None
        if isinstance(dialog, QDialog):
            dialog.reject()  # first: a failed check must not leave the test waiting on the dialog
        assert shown == len(window.project.store.labels())

    QTimer.singleShot(50, close_it)
    window.actions_.labels.trigger()


def test_add_rename_recolour_key_order_remove(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers: list[str | None] = ["verdict", "assertion", "7"]
    monkeypatch.setattr(labels_dialog, "ask_text", lambda *args: answers.pop(0))
    monkeypatch.setattr(labels_dialog, "ask_color", lambda *args: "#0072B2")
    asked: list[tuple[str, int, int]] = []
    confirm = [False]

    def confirm_removal(parent: object, name: str, live: int, total: int, reach: object = None) -> bool:
        asked.append((name, live, total))
        return confirm[0]

    monkeypatch.setattr(labels_dialog, "confirm_removal", confirm_removal)
    dialog = _dialog(window, qtbot)
    store = window.project.store

    dialog.buttons["add"].click()
    assert [lab.name for lab in store.labels()][-1] == "verdict"
    assert "verdict" in window.label_bar.label_actions  # the bar follows at once
    assert window.label_bar.label_actions["verdict"].shortcut().toString() == "6"  # the first free key

    _select(dialog, "claim")
    dialog.buttons["rename"].click()
    assert {a.label for a in store.annotations()} == {"assertion"}  # bob's tag too
    assert "2 tags follow" in dialog.status.text()
    assert {a.label for a in window.open_doc.tags} == {"assertion"}

    dialog.buttons["color"].click()
    assert store.labels()[0].color == "#0072B2"
    dialog.buttons["key"].click()
    assert store.labels()[0].shortcut == "7"

    dialog.buttons["down"].click()
    assert [lab.name for lab in store.labels()][:2] == ["denial", "assertion"]
    assert dialog.current() == "assertion"
    dialog.buttons["up"].click()
    assert [lab.name for lab in store.labels()][:2] == ["assertion", "denial"]

    dialog.buttons["remove"].click()
    assert asked == [("assertion", 2, 2)] and "assertion" in [lab.name for lab in store.labels()]
    confirm[0] = True
    dialog.buttons["remove"].click()
    assert "assertion" not in [lab.name for lab in store.labels()]
    assert store.annotations(include_deleted=True) == [] and len(window.open_doc.tags) == 0
    assert "Removed “assertion” and 2 tags." in dialog.status.text()
    _select(dialog, "verdict")
    dialog.buttons["remove"].click()  # unused: no question
    assert len(asked) == 2 and [lab.name for lab in store.labels()] == [
        "denial",
        "characterization",
        "source",
        "cue",
    ]


def test_a_refused_change_says_why(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, dialogs: list[tuple[str, str]]
) -> None:
    monkeypatch.setattr(labels_dialog, "ask_text", lambda *args: "denial")
    dialog = _dialog(window, qtbot)
    _select(dialog, "claim")
    dialog.buttons["rename"].click()
    assert dialogs and "already" in dialogs[0][1]
    assert window.project.store.labels()[0].name == "claim"


def test_tagging_with_a_new_labels_key(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(labels_dialog, "ask_text", lambda *args: "verdict")
    _dialog(window, qtbot).buttons["add"].click()
    text = window.view.document_text()
    start = text.index("Critics")
    window.view.select_span(start, start + len("Critics"))
    window.view.setFocus()
    key = window.label_bar.label_actions["verdict"].shortcut().toString()
    qtbot.keyClick(window.view, getattr(Qt.Key, f"Key_{key}"))
    assert [a.label for a in window.project.store.annotations() if a.quote == "Critics"] == ["verdict"]


def test_a_rename_elsewhere_clears_the_commands_that_name_it(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = window.view.document_text()
    start = text.index("Critics")
    window.view.select_span(start, start + len("Critics"))
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert window.undo_stack.count() == 1
    monkeypatch.setattr(labels_dialog, "ask_color", lambda *args: "#0072B2")
    dialog = _dialog(window, qtbot)
    dialog.buttons["color"].click()  # an undoable command: the tag's stays undoable too
    assert window.undo_stack.count() == 2
    # Not through the stack (as a command-line rename in another program would be noticed): undoing the
    # tag's command would write a label that is gone.
    window.project.change_labels(lambda s: db_labels.rename_label(s, "claim", "assertion"))
    assert window.undo_stack.count() == 0


def test_a_name_with_an_ampersand_or_brackets_reads_as_typed(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = "Q&A <i>"
    monkeypatch.setattr(labels_dialog, "ask_text", lambda *args: name)
    _dialog(window, qtbot).buttons["add"].click()
    key = window.label_bar.label_actions[name].shortcut().toString()
    # the text Qt shows of a button or menu item (a lone & would be taken as its Alt letter and hidden)
    assert window.label_bar.label_actions[name].iconText().split("[")[0].strip() == name
    relabel = next(a for a in window.relabel_menu.actions() if a.iconText() == name)
    assert relabel is not None
    menu = window.tag_menus.menu()
    assert f"Change label to {name}" in [a.iconText() for a in menu.actions()]
    text = window.view.document_text()
    start = text.index("Critics")
    window.view.select_span(start, start + len("Critics"))
    window.view.setFocus()
    qtbot.keyClick(window.view, getattr(Qt.Key, f"Key_{key}"))
    detail = window.structure.detail
    (tag,) = [a for a in window.project.store.annotations() if a.label == name]
    qtbot.waitUntil(lambda: detail.tag_id == tag.id)
    shown = QTextDocument()
    shown.setHtml(detail.title.text())
    assert shown.toPlainText() == f"{name} · alice"  # not "Q&A" in italics


def test_f2_renames_and_delete_removes_from_the_table(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(labels_dialog, "ask_text", lambda *args: "assertion")
    asked: list[tuple[str, int, int]] = []

    def confirm_removal(parent: object, name: str, live: int, total: int, reach: object = None) -> bool:
        asked.append((name, live, total))
        return True

    monkeypatch.setattr(labels_dialog, "confirm_removal", confirm_removal)
    dialog = _dialog(window, qtbot)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.table.setFocus()
    _select(dialog, "claim")
    qtbot.keyClick(dialog.table, Qt.Key.Key_F2)
    assert window.project.store.labels()[0].name == "assertion"
    assert dialog.current() == "assertion"
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)  # asks first: two tags have it
    assert asked == [("assertion", 2, 2)]
    assert "assertion" not in [lab.name for lab in window.project.store.labels()]
    assert "Removed “assertion” and 2 tags." in dialog.status.text()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert {a.label for a in window.project.store.annotations()} == {"assertion"}


def test_a_rename_says_how_many_tags_follow(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.project.store.add_annotation(new_annotation(window.open_doc.document, 20, 28, "denial", "bob"))  # type: ignore[arg-type]
    answers = ["rebuttal", "assertion"]
    monkeypatch.setattr(labels_dialog, "ask_text", lambda *args: answers.pop(0))
    dialog = _dialog(window, qtbot)
    _select(dialog, "denial")
    dialog.buttons["rename"].click()
    assert dialog.status.text() == "Renamed “denial” to “rebuttal”; its 1 tag follows."
    _select(dialog, "claim")
    dialog.buttons["rename"].click()
    assert dialog.status.text() == "Renamed “claim” to “assertion”; its 2 tags follow."


def test_a_refused_rename_leaves_the_label_selected(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, dialogs: list[tuple[str, str]]
) -> None:
    answers = ["claim", "rebuttal"]
    monkeypatch.setattr(labels_dialog, "ask_text", lambda *args: answers.pop(0))
    dialog = _dialog(window, qtbot)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.table.setFocus()
    _select(dialog, "denial")
    qtbot.keyClick(dialog.table, Qt.Key.Key_F2)  # "claim": taken, refused
    assert dialogs and "already" in dialogs[-1][1]
    assert dialog.current() == "denial"  # not "claim", the label that refused it
    qtbot.keyClick(dialog.table, Qt.Key.Key_F2)  # typed again: the same label is renamed
    assert [lab.name for lab in window.project.store.labels()][:2] == ["claim", "rebuttal"]
    assert {a.label for a in window.project.store.annotations()} == {"claim"}


def test_adding_a_label_with_no_name_says_so(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = ["verdict", "   "]
    monkeypatch.setattr(labels_dialog, "ask_text", lambda *args: answers.pop(0))
    dialog = _dialog(window, qtbot)
    dialog.buttons["add"].click()
    assert dialog.status.text().startswith("Added “verdict”")
    before = [lab.name for lab in window.project.store.labels()]
    dialog.buttons["add"].click()  # spaces only, then OK
    assert dialog.status.text() == "No label added: a label needs a name; type one."  # not "Added “verdict”"
    assert [lab.name for lab in window.project.store.labels()] == before


def _linked_and_carded(store: Store, doc: Document) -> None:
    """Two claim tags on one card, a denial linked to one of them, and a lone denial."""
    alice = store.add_annotation(new_annotation(doc, 0, 8, "claim", "alice"))
    bob = store.add_annotation(new_annotation(doc, 9, 17, "claim", "bob"))
    denial = store.add_annotation(new_annotation(doc, 20, 30, "denial", "alice"))
    store.add_annotation(new_annotation(doc, 40, 50, "denial", "bob"))
    db_links.add_link(store, new_link(doc.id, "denies", denial.id, alice.id, "alice"))
    db_claims.create_card(store, [alice.id, bob.id], "alice")


def test_the_removal_question_says_how_many_links_and_cards_lose_a_tag(
    open_window: OpenWindow, qtbot: QtBot
) -> None:
    window = open_window(prepare=_linked_and_carded)
    dialog = _dialog(window, qtbot)
    store = window.project.store
    texts: list[str] = []
    offers: list[list[str]] = []

    def read_and_cancel(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        texts.append(box.text())
        offers.append(sorted(b.text() for b in box.buttons()))
        box.reject()

    for name in ("claim", "denial"):
        _select(dialog, name)
        titles = answer_dialogs(read_and_cancel)
        dialog.buttons["remove"].click()
        assert titles == ["Remove label"]
    assert texts[0].startswith(
        "2 tags have the label “claim”, whoever made them. 1 link and 1 card lose a tag with them.\n\n"
    )
    assert texts[1].startswith(
        "2 tags have the label “denial”, whoever made them. 1 link loses a tag with them."
    )
    # The button is short and true: the counts (tags, links, cards) are in the question above it.
    assert offers == [["&Remove label", "Cancel"]] * 2
    assert {lab.name for lab in store.labels()} >= {"claim", "denial"}  # cancelled: nothing removed
