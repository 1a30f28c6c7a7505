"""Your name goes on every tag, link and decision: one holding control characters (an escape sequence, a
direction override), typed in Edit › Your name… or given by --annotator / $FACTCHECK_ANNOTATOR / the
settings of an older version, is refused saying why and asked again with them taken out."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog, QWidget

from tests.ui.conftest import OpenWindow
from tests.ui.window_support import isolated_settings
from ui.app import resolve_annotator

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on show()

BAD = "b\u202een\x1b[2J"


def _answers(monkeypatch: pytest.MonkeyPatch, *typed: str | None) -> list[str]:
    """The name dialog answers each of typed in turn (None: the user checks what it offers and presses
    Enter); what it offered each time."""
    offered: list[str] = []
    answers = list(typed)

    def get_text(
        parent: QWidget | None, title: str, label: str, echo: object, text: str = ""
    ) -> tuple[str, bool]:
        offered.append(text)
        answer = answers.pop(0)
        return (text if answer is None else answer), True

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    return offered


def test_your_name_is_refused_with_control_characters(
    open_window: OpenWindow, monkeypatch: pytest.MonkeyPatch, dialogs: list[tuple[str, str]]
) -> None:
    window = open_window(annotator="alice")
    offered = _answers(monkeypatch, BAD, None)
    window.actions_.annotator.trigger()
    ((kind, said),) = dialogs
    assert kind == "warning" and "a name cannot hold control characters" in said
    assert "b\\u202een\\x1b[2J" in said and "\x1b" not in said
    assert offered == ["alice", "b en [2J"]  # asked again, without them
    assert window.annotator == "b en [2J" and window.settings.annotator == "b en [2J"
    assert window.review.panel.reviewer == "b en [2J"


def test_a_given_name_with_control_characters_is_asked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialogs: list[tuple[str, str]]
) -> None:
    settings = isolated_settings(tmp_path)
    offered = _answers(monkeypatch, None, None, None)
    assert resolve_annotator(BAD, settings) == "b en [2J"  # --annotator, as typed in a terminal
    monkeypatch.setenv("FACTCHECK_ANNOTATOR", BAD)
    assert resolve_annotator(None, settings) == "b en [2J"
    assert offered == ["b en [2J", "b en [2J"] and dialogs == []
    assert settings.annotator == "b en [2J"
    monkeypatch.delenv("FACTCHECK_ANNOTATOR")
    assert resolve_annotator(None, settings) == "b en [2J"  # remembered: not asked again
    settings.annotator = BAD  # as an older version remembered it
    assert resolve_annotator(None, settings) == "b en [2J" and len(offered) == 3
