"""Every key the README and docs/ tell a user to press is one the window knows: Help > Keyboard shortcuts
(built from the window's own actions, plus the keys widgets handle) lists it. A key changed in the code
and not in the docs would send a user pressing keys that do nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OpenWindow
from tests.ui.test_window_shortcuts_help import shown_rows

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

README = Path(__file__).resolve().parents[2] / "README.md"
_MODIFIED = re.compile(r"(?:(?:Ctrl|Alt|Shift)\+)+(?:F\d+|Left|Right|Up|Down|Enter|Tab|[A-Z0-9=-])(?![a-z])")
_BOLD_KEY = re.compile(r"\*\*([A-Z0-9]|F\d+|Delete|Tab|Enter)\*\*")
_PLAIN_KEY = re.compile(r"\b(F\d+|Delete)\b")


_SAME = {"Return": "Enter", "Del": "Delete"}  # Qt's native names for the keys the README spells out


def _key(text: str) -> frozenset[str]:
    """A key combination as its set of parts ("Alt+Ctrl+Left" is Qt's "Ctrl+Alt+Left")."""
    parts = text.split("+") if text not in ("+", "-") else [text]
    if text.endswith("+-") or text.endswith("++"):
        parts = [*text[:-2].split("+"), text[-1]]
    return frozenset(_SAME.get(p, p) for p in parts)


def readme_keys(text: str) -> set[frozenset[str]]:
    found = {_key(k) for k in _MODIFIED.findall(text)}
    found |= {_key(k) for k in _BOLD_KEY.findall(text)}
    found |= {_key(k) for k in _PLAIN_KEY.findall(text)}
    return found


def _shown_keys(rows: list[tuple[str, str, str]]) -> set[frozenset[str]]:
    keys: set[frozenset[str]] = set()
    for _, _, shown in rows:
        for one in re.split(r", | / ", shown):
            keys.add(_key(one.strip()))
    return keys


def test_the_readme_is_read_for_keys() -> None:
    keys = readme_keys(README.read_text(encoding="utf-8"))
    assert {_key("Ctrl+Shift+R"), _key("Ctrl+Z"), _key("1"), _key("S"), _key("F2")} <= keys
    assert _key("Alt+Ctrl+Left") == _key("Ctrl+Alt+Left") and _key("Ctrl+-") == frozenset({"Ctrl", "-"})


def test_every_key_the_readme_names_is_in_the_windows_help(open_window: OpenWindow, qtbot: QtBot) -> None:
    shown = _shown_keys(shown_rows(open_window, qtbot))
    missing = sorted("+".join(sorted(k)) for k in readme_keys(README.read_text(encoding="utf-8")) - shown)
    assert missing == []


#: Keys the docs name that are another program's: a browser's Save page (importing.md).
_NOT_OURS = {_key("Ctrl+S")}


def test_every_key_the_docs_name_is_in_the_windows_help(open_window: OpenWindow, qtbot: QtBot) -> None:
    shown = _shown_keys(shown_rows(open_window, qtbot))
    docs = sorted((README.parent / "docs").glob("*.md"))
    named = {(p.name, k) for p in docs for k in readme_keys(p.read_text(encoding="utf-8"))}
    assert len(named) > 5
    missing = sorted(f"{name}: {'+'.join(sorted(k))}" for name, k in named if k not in shown | _NOT_OURS)
    assert missing == []
