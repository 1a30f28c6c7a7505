"""Project > Link types… in the real window, by keyboard: add (symmetric), rename (links follow),
symmetric toggle, order, remove (asking how many links go); the L picker follows at once and never
offers `corrects`."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QListWidget, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from db import Store
from db import links as db_links
from factcheck.core.links import new_link
from factcheck.core.model import Document
from tests.ui.conftest import OpenWindow
from tests.ui.structure_support import TEXT, Answer, add_tag, answer_dialogs, focus_view, keys
from ui.link_types_dialog import LinkTypesDialog
from ui.main_window import MainWindow
from ui.menus import menu_named

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
ALT = Qt.KeyboardModifier.AltModifier


def _prepare(store: Store, doc: Document) -> None:
    claim = add_tag(store, doc, "Trump accepted Putin's assertions", "claim", "alice")
    denial = add_tag(store, doc, "it was not clear", "denial", "alice")
    db_links.add_link(store, new_link(doc.id, "denies", denial.id, claim.id, "alice"))


@pytest.fixture
def window(open_window: OpenWindow) -> MainWindow:
    return open_window(text=TEXT, prepare=_prepare)


def _types(window: MainWindow) -> list[tuple[str, bool]]:
    return [(t.name, t.symmetric) for t in db_links.link_types(window.project.store)]


def _rows(dialog: LinkTypesDialog) -> list[tuple[str, ...]]:
    table = dialog.table
    rows = [[table.item(r, c) for c in range(3)] for r in range(table.rowCount())]
    return [tuple(item.text() if item is not None else "" for item in row) for row in rows]


def _alt(qtbot: QtBot, key: Qt.Key, seen: list[str] | None = None, offers: list[str] | None = None) -> Answer:
    """Answer a dialog with Alt+key (a button's mnemonic), noting its text (and its buttons') first."""

    def answer(dialog: QWidget) -> None:
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
        if seen is not None and isinstance(dialog, QMessageBox):
            seen.append(dialog.text())
        if offers is not None and isinstance(dialog, QMessageBox):
            offers.extend(b.text() for b in dialog.buttons())
        qtbot.keyClick(dialog.focusWidget() or dialog, key, ALT)

    return answer


def _press(qtbot: QtBot, button: QAbstractButton) -> None:
    """Tab to a button and press Space (as a keyboard user does; its Alt mnemonic is checked apart)."""
    button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(button, Qt.Key.Key_Space)


def _picker_choices(seen: list[str]) -> Answer:
    def answer(dialog: QWidget) -> None:
        listing = dialog.findChild(QListWidget)
        assert listing is not None
        seen.extend(listing.item(i).text().split("  ")[0] for i in range(listing.count()))
        assert isinstance(dialog, QDialog)
        dialog.reject()

    return answer


def test_the_project_menu_opens_the_dialog(window: MainWindow, qtbot: QtBot) -> None:
    action = window.findChild(QAction, "linkTypesAction")
    assert isinstance(action, QAction) and action in menu_named(window, "&Project").actions()
    shown: list[list[tuple[str, ...]]] = []

    def close_it() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, LinkTypesDialog):
            shown.append(_rows(dialog))
        if isinstance(dialog, QDialog):
            dialog.reject()

    QTimer.singleShot(50, close_it)
    action.trigger()
    expected = [("denies", "directed", "1"), ("characterizes", "directed", "0"),
                ("same_claim", "symmetric", "0"), ("corrects  (built in)", "directed", "0")]  # fmt: skip
    assert shown == [expected]


def test_by_keyboard_add_rename_symmetric_order_remove(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = LinkTypesDialog(window.project, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert dialog.table.accessibleName() and all(b.accessibleName() for b in dialog.buttons.values())
    assert dialog.symmetric.accessibleName()
    # Undo and Redo go by Ctrl+Z and Ctrl+Shift+Z (as in the window), not by a letter of their own.
    named = [b for key, b in dialog.buttons.items() if key not in ("undo", "redo")]
    mnemonics = [b.shortcut().toString() for b in [*named, dialog.symmetric]]
    assert mnemonics == ["Alt+A", "Alt+N", "Alt+U", "Alt+D", "Alt+R", "Alt+S"]

    # Add a symmetric type: Alt+A, the name, Tab to the checkbox, Space, Enter.
    typed = keys(qtbot, "supports", Qt.Key.Key_Tab, Qt.Key.Key_Space)

    def add_answer(add: QWidget) -> None:
        typed(add)
        add.grab().save(str(tmp_path / "add-link-type.png"))
        qtbot.keyClick(add.focusWidget() or add, Qt.Key.Key_Return)

    titles = answer_dialogs(add_answer)
    _press(qtbot, dialog.buttons["add"])
    assert titles == ["Add link type"]
    assert _types(window)[-1] == ("supports", True)
    assert dialog.current() == "supports" and "Added “supports” (symmetric)." in dialog.status.text()

    # The L picker offers it at once, and never corrects (made by corrections only).
    denial = next(t for t in window.open_doc.tags if t.label == "denial")
    window._set_current(denial.id)
    offered: list[str] = []
    answer_dialogs(_picker_choices(offered))
    focus_view(window, qtbot)
    qtbot.keyClick(window.view, Qt.Key.Key_L)
    assert offered == ["denies", "characterizes", "same_claim", "supports"]

    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    # corrects: neither renamed nor removed.
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Up)
    assert dialog.current() == "corrects"
    assert not dialog.buttons["rename"].isEnabled() and not dialog.buttons["remove"].isEnabled()
    assert not dialog.symmetric.isEnabled()

    # Rename denies: the link follows, in the store and in the open document.
    qtbot.keyClick(dialog.table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert dialog.current() == "denies"
    titles = answer_dialogs(keys(qtbot, "refutes", Qt.Key.Key_Return))
    qtbot.keyClick(dialog.table, Qt.Key.Key_F2)
    assert titles == ["Rename link type"]
    assert _types(window)[0] == ("refutes", False)
    assert [lk.type for lk in window.open_doc.links] == ["refutes"]
    assert "its 1 link follows" in dialog.status.text()

    # Symmetric toggle (Alt+S), then order (Alt+D).
    _press(qtbot, dialog.symmetric)
    qtbot.waitUntil(lambda: _types(window)[0] == ("refutes", True))
    assert dialog.symmetric.isChecked()
    _press(qtbot, dialog.buttons["down"])
    assert [n for n, _ in _types(window)][:2] == ["characterizes", "refutes"]
    assert dialog.current() == "refutes"
    dialog.grab().save(str(tmp_path / "link-types.png"))

    # Remove asks, saying how many links go; Escape keeps everything.
    asked: list[str] = []
    titles = answer_dialogs(keys(qtbot, Qt.Key.Key_Escape))
    dialog.activateWindow()  # back from the rename's dialog: the table's keys are its shortcuts
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert titles == ["Remove link type"]
    assert "refutes" in [n for n, _ in _types(window)]
    offers: list[str] = []
    answer_dialogs(_alt(qtbot, Qt.Key.Key_R, asked, offers))
    _press(qtbot, dialog.buttons["remove"])
    assert len(asked) == 1 and "1 link has the type “refutes”" in asked[0]
    assert sorted(offers) == ["&Remove link type", "Cancel"]  # the count is in the question, not the button
    assert [n for n, _ in _types(window)] == ["characterizes", "same_claim", "corrects", "supports"]
    assert list(window.open_doc.links) == []  # the open document follows
    assert [lk.deleted for lk in db_links.links(window.project.store, include_deleted=True)] == [True]
    assert "deleted 1 link" in dialog.status.text()


def test_a_refusal_is_shown_and_changes_nothing(window: MainWindow, qtbot: QtBot) -> None:
    dialog = LinkTypesDialog(window.project, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    titles = answer_dialogs(keys(qtbot, "Same_Claim", Qt.Key.Key_Return), keys(qtbot, Qt.Key.Key_Return))
    _press(qtbot, dialog.buttons["add"])
    assert titles == ["Add link type", "Link types"]
    assert "already" in dialog.status.text()
    assert [n for n, _ in _types(window)] == ["denies", "characterizes", "same_claim", "corrects"]


def test_a_refused_rename_leaves_the_type_selected(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import link_types_dialog

    monkeypatch.setattr(link_types_dialog, "ask_text", lambda *args: "corrects")
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: QMessageBox.StandardButton.Ok)
    dialog = LinkTypesDialog(window.project, window)
    qtbot.addWidget(dialog)
    dialog.table.selectRow([t.name for t in dialog.types()].index("denies"))
    dialog.buttons["rename"].click()
    assert "already" in dialog.status.text()
    assert dialog.current() == "denies"  # not the built-in "corrects", which refused it
    assert dialog.buttons["rename"].isEnabled()


def test_adding_a_type_with_no_name_says_so(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import link_types_dialog

    monkeypatch.setattr(link_types_dialog, "ask_new_type", lambda *args: ("  ", True))
    dialog = LinkTypesDialog(window.project, window)
    qtbot.addWidget(dialog)
    before = _types(window)
    dialog.buttons["add"].click()
    assert dialog.status.text() == "No link type added: a link type needs a name; type one."
    assert _types(window) == before
