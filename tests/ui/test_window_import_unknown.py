"""A file factcheck cannot import, given to the real window: one dialog, saying once what happened."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWindow
from tests.ui.window_support import finish_operations

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_a_binary_file_without_extension_says_one_clear_message_once(
    open_window: OpenWindow, qtbot: QtBot, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    window = open_window()
    blob = tmp_path / "photo"
    blob.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    before = len(window.project.documents())
    window.import_files([str(blob)])
    finish_operations(qtbot, window)
    (shown,) = dialogs
    kind, text = shown
    assert kind == "critical"
    assert text.startswith("Import failed: photo: unknown file type (no extension). It is a binary file")
    assert text.lower().count("nothing was imported") == 1
    assert ".txt" in text and ".db" in text  # what it does import
    assert len(window.project.documents()) == before


def test_a_hostile_file_name_in_the_failure_dialog_is_shown_escaped(
    open_window: OpenWindow, qtbot: QtBot, tmp_path: Path, dialogs: list[tuple[str, str]]
) -> None:
    """The name cannot forge a line of the message, colours, or (by a direction override) its extension."""
    window = open_window()
    hostile = tmp_path / "x\nNothing was lost.\x1b[31m\u202etxt.exe.txt"
    hostile.write_text("", encoding="utf-8")  # empty: refused, naming the file
    window.import_files([str(hostile)])
    finish_operations(qtbot, window)
    (shown,) = dialogs
    kind, text = shown
    assert kind == "critical"
    assert "x\\nNothing was lost.\\u001b[31m\\u202etxt.exe.txt is empty" in text
    assert "\n" not in text.split("\n\n")[0] and "\x1b" not in text and "\u202e" not in text
