"""No key of the real window is ambiguous: with every pane open (review panel, claims pane on a card, tag
detail, find bar), each key of every action and shortcut, and every Alt+letter (menu and button
mnemonics), is pressed in every control that takes the focus, and Qt's own shortcut map must find at most
one shortcut for it there (two would make Qt run neither: "Ambiguous shortcut overload")."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QShortcutEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.claims_support import make_current, tag_of
from tests.ui.conftest import OpenWindow
from tests.ui.test_dialogs_accessibility import _structure
from tests.ui.window_support import isolated_settings, show
from ui import app
from ui.main_window import MainWindow
from ui.sample_bar import SampleBar

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

_K = Qt.Key
_TYPEABLE = {
    _K.Key_Tab, _K.Key_Backtab, _K.Key_Backspace, _K.Key_Return, _K.Key_Enter, _K.Key_Insert,
    _K.Key_Delete, _K.Key_Home, _K.Key_End, _K.Key_Left, _K.Key_Up, _K.Key_Right, _K.Key_Down,
    _K.Key_PageUp, _K.Key_PageDown, _K.Key_Escape, _K.Key_Space,
    *(Qt.Key(k) for k in range(_K.Key_F1.value, _K.Key_F12.value + 1)),
}  # fmt: skip


class _Shortcuts(QObject):
    """Swallows every shortcut Qt finds (nothing runs) and every key press (no control acts on it);
    records the shortcut events, ambiguous or not."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[QObject, bool]] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Shortcut:
            assert isinstance(event, QShortcutEvent)
            self.seen.append((watched, event.isAmbiguous()))
            return True
        return event.type() in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease)


def _keys(window: MainWindow) -> set[tuple[Qt.Key, Qt.KeyboardModifier]]:
    sequences = [s for a in window.findChildren(QAction) for s in a.shortcuts()]
    sequences += [s.key() for s in window.findChildren(QShortcut)]
    keys = set()
    for seq in sequences:
        assert seq.count() == 1, seq.toString()  # a key sequence of two keys would need pressing both
        combo = seq[0]  # type: ignore[index]  # QKeySequence[i] is a QKeyCombination (not in the stubs)
        if combo.key().value < 0x01000000 or combo.key() in _TYPEABLE:  # no "Undo" or "Find" key
            keys.add((combo.key(), combo.keyboardModifiers()))
    alt = Qt.KeyboardModifier.AltModifier
    keys |= {(Qt.Key(ord(ch)), alt) for ch in "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"}  # mnemonics
    return keys


def _name(obj: QObject) -> str:
    if isinstance(obj, QAction):
        return obj.text()
    return f"{type(obj).__name__} {obj.objectName()!r}"


def _everything_open(window: MainWindow, qtbot: QtBot) -> None:
    make_current(window, tag_of(window, "crime fell by 20%"))
    window.find_bar.open_bar()
    window.review.toggle_action.trigger()
    qtbot.waitUntil(window.review.dock.isVisible)
    window.claims.show_pane()
    qtbot.waitUntil(window.claims.dock.isVisible)
    card_id = window.claims.pane.model.card_id(0)
    assert card_id is not None
    window.claims.open_card(card_id)
    qtbot.waitUntil(window.claims.pane.card.tags_view.isVisible)


def _clashes(window: MainWindow, qtbot: QtBot) -> list[str]:
    """Every key pressed in every control that takes the focus: "key in control: [its shortcuts]" for
    each one Qt found ambiguous."""
    controls = [
        w for w in window.findChildren(QWidget)
        if w.isVisible() and w.isEnabled() and w.focusPolicy() != Qt.FocusPolicy.NoFocus
    ]  # fmt: skip
    keys = _keys(window)
    assert len(keys) > 50
    shortcuts = _Shortcuts()
    qapp = QApplication.instance()
    assert qapp is not None
    qapp.installEventFilter(shortcuts)
    clashes: list[str] = []
    found = 0
    try:
        for control in controls:
            control.setFocus()
            if QApplication.focusWidget() is not control:
                continue
            for key, modifiers in sorted(keys, key=lambda k: (k[0].value, k[1].value)):
                shortcuts.seen.clear()
                qtbot.keyClick(control, key, modifiers)
                found += len(shortcuts.seen)
                if any(ambiguous for _, ambiguous in shortcuts.seen):
                    text = QKeySequence(key.value | modifiers.value).toString()
                    same = [a for a in window.findChildren(QAction) if QKeySequence(text) in a.shortcuts()]
                    which = sorted({_name(o) for o, _ in shortcuts.seen} | {_name(a) for a in same})
                    clashes.append(f"{text} in {_name(control)}: {which}")
    finally:
        qapp.removeEventFilter(shortcuts)
    assert found > len(controls) * 10  # the keys did reach Qt's shortcut map
    return clashes


def test_no_key_is_ambiguous_anywhere_in_the_window(open_window: OpenWindow, qtbot: QtBot) -> None:
    window = open_window(prepare=_structure)
    _everything_open(window, qtbot)
    for shown in (window.view, window.table.view, window.review.panel.list_view, window.claims.pane.view,
                  window.claims.pane.card.tags_view):  # fmt: skip
        assert shown.isVisible()
    assert _clashes(window, qtbot) == []


def test_no_key_is_ambiguous_on_the_sample_article(
    qtbot: QtBot, tmp_path: Path, db_path: Path, windows: list[MainWindow]
) -> None:
    """A newcomer's first window: the sample article and its bar's button (Alt+R was both its mnemonic
    and the Review menu's)."""
    settings = isolated_settings(tmp_path)
    settings.annotator = "alice"
    window = app.create_window(db_path, None, settings=settings)
    assert window is not None
    windows.append(window)
    show(qtbot, window)
    assert window.findChild(SampleBar).isVisible()  # type: ignore[union-attr]
    assert _clashes(window, qtbot) == []
