"""Help > Keyboard shortcuts in the real window: every command's keys, grouped as the menus are."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWindow
from ui.main_window import MainWindow
from ui.shortcuts import ShortcutsDialog, action_name, key_texts

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def shown_rows(open_window: OpenWindow, qtbot: QtBot) -> list[tuple[str, str, str]]:
    return sheet_rows(open_window())


def sheet_rows(window: MainWindow) -> list[tuple[str, str, str]]:
    """(group, command, keys) of each row of the sheet as the window shows it, then ("filtered", n, "")."""
    rows: list[tuple[str, str, str]] = []

    def read() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ShortcutsDialog):
            QTimer.singleShot(10, read)
            return
        rows.extend(dialog.rows())
        dialog.filter.setText("disagreement")
        rows.append(("filtered", str(len(dialog.rows())), ""))
        dialog.accept()

    QTimer.singleShot(0, read)
    window.actions_.shortcuts.trigger()  # as Help > Keyboard shortcuts (F1)
    return rows


def test_the_help_lists_review_keys_grouped_in_native_text(open_window: OpenWindow, qtbot: QtBot) -> None:
    rows = shown_rows(open_window, qtbot)
    filtered = rows.pop()
    keys = {(group, what): keys for group, what, keys in rows}
    groups = list(dict.fromkeys(group for group, _, _ in rows))
    assert groups[0] == "Tagging" and groups[-1] == "Other keys"
    assert {"File", "Edit", "View", "Review", "Help"} <= set(groups)
    assert groups.index("Review") < groups.index("Help")
    # The review keys, under Review.
    assert keys[("Review", "Review panel")] == "Ctrl+Shift+R"
    assert keys[("Review", "Agreement")] == "Ctrl+Shift+G"
    for what, key in (
        ("Next disagreement", "N"),
        ("Previous disagreement", "P"),
        ("Accept the current tag", "A"),
        ("Reject the current tag (with a reason)", "R"),
        ("Edit the current tag's label or note", "E"),
    ):
        assert keys[("Review", what)] == key
    # Undo: its name, not the last step's; its typeable keys only (no F14, no "Undo" key).
    assert keys[("Edit", "Undo")].split(", ")[0] == "Ctrl+Z"
    assert keys[("Edit", "Redo")] == "Ctrl+Shift+Z, Ctrl+Y"
    # F2 (in no menu) joins Edit note's row; Return and Enter are one key.
    assert keys[("Edit", "Edit note")] == "Enter, F2"
    assert keys[("Tagging", "Tag the selection as claim, or relabel the current tag")] == "1"
    assert all("F14" not in k and "Undo" not in k for k in keys.values())
    whats = [(g, w) for g, w, _ in rows]
    assert len(whats) == len(set(whats))  # each command once
    assert filtered == ("filtered", "2", "")  # the filter keeps Next and Previous disagreement
    # Esc in the opened card's tables, in no menu (it goes back to the list of cards).
    assert keys[("Other keys", "Back to the list")] == "Esc"


def test_every_key_bound_in_the_window_is_on_the_sheet(open_window: OpenWindow, qtbot: QtBot) -> None:
    """Each action with a typeable key anywhere in the window (menus, panes, the tag detail's list of
    links) has its keys on the sheet, under its own name."""
    window = open_window()
    rows = sheet_rows(window)
    rows.pop()
    listed = {(what, key) for _, what, keys in rows for key in keys.split(", ")}
    tagging = {key for group, _, keys in rows if group == "Tagging" for key in keys.split(", ")}
    labels = set(window.label_bar.label_actions.values())  # their rows say "Tag the selection as …"
    missing = [
        f"{action_name(a)}: {key}"
        for a in window.findChildren(QAction)
        for key in key_texts(a)
        if (action_name(a), key) not in listed and not (a in labels and key in tagging)
    ]
    assert missing == [], "\n".join(missing)
