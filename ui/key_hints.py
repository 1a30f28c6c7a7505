"""Keys that would otherwise do nothing in the article, where the user expects them to act: a hint.

The card keys (Y, U, V) act in the Claims pane, the review keys (N, P, A, R, E) while the review panel is
open, a digit only when a label has it. Pressed in the article elsewhere, a read-only text view swallows
them silently; the status bar says instead where the key works and how to get there. A key an action
takes (a label's digit, N with the review panel open) never reaches the view, so it is never hinted.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("KeyHints", text)


HINT_MS = 5000
_K = Qt.Key
_CARD_KEYS = {_K.Key_Y: "Y", _K.Key_U: "U", _K.Key_V: "V"}
_REVIEW_KEYS = {_K.Key_N: "N", _K.Key_P: "P", _K.Key_A: "A", _K.Key_R: "R", _K.Key_E: "E"}
_DIGITS = {getattr(_K, f"Key_{d}"): str(d) for d in range(10)}


def hint_for(key: Qt.Key, review_open: bool, label_keys: Collection[str] = ()) -> str | None:
    """What the status bar says of a key that reached the article unhandled (None: nothing)."""
    if key in _CARD_KEYS:
        return _tr(
            "{key} votes or gives a verdict on a claim card: in the Claims pane (Ctrl+Shift+C goes there; "
            "K on a claim tag makes its card)."
        ).format(key=_CARD_KEYS[key])
    if key in _REVIEW_KEYS and not review_open:
        return _tr(
            "{key} works in the review of a team's tags: open the review panel first (Ctrl+Shift+R)."
        ).format(key=_REVIEW_KEYS[key])
    if key in _DIGITS and _DIGITS[key] not in label_keys:  # a label's key, disabled: it says why itself
        return _tr("No label has the key {key}: Project > Labels… gives a label its key.").format(
            key=_DIGITS[key]
        )
    return None


class KeyHints(QObject):
    def __init__(
        self,
        view: QWidget,
        review_open: Callable[[], bool],
        label_keys: Callable[[], Collection[str]],
        show: Callable[[str], None],
    ) -> None:
        super().__init__(view)
        self._review_open = review_open
        self._label_keys = label_keys
        self._show = show
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
            key = Qt.Key(event.key())
            keys = self._label_keys() if plain and key in _DIGITS else ()  # read only for a digit
            text = hint_for(key, self._review_open(), keys) if plain else None
            if text:
                self._show(text)
        return False  # the view goes on as before (it ignores the key)


def install(
    view: QWidget,
    review_open: Callable[[], bool],
    label_keys: Callable[[], Collection[str]],
    show: Callable[[str], None],
) -> KeyHints:
    return KeyHints(view, review_open, label_keys, show)
