"""A drag held by a widget that goes away is ended first, for every window and dialog of the application.

Qt's drag manager keeps a plain pointer to the widget that accepted a drag's entry (a dialog's text field
takes dropped text by default; the main window takes files), and forgets it only when the drag leaves or
drops there. Every later drag event, sent to any widget, first follows that pointer: to a widget deleted
meanwhile it is a read of freed memory, a crash whenever the memory was reused.

One event filter on the application sees every drag event where Qt delivers it, so it knows which widgets
may hold the drag: those a drag entered (Qt offers the entry to each widget taking drops from the one under
the pointer up to its window), narrowed to the one a move reaches (Qt sends moves to its target only). When
one of them is hidden (its window closed, hidden or minimised, or the widget itself; a window is hidden
before it is deleted, its widgets with it) or is about to be deleted, the drag is ended as leaving would
end it: a drag-leave event, which Qt delivers to its target and then forgets the target. A widget deleted
at once while shown, with no hide (never done in factcheck), is not seen.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QDragLeaveEvent
from PySide6.QtWidgets import QWidget

_ENTER = QEvent.Type.DragEnter
_MOVE = QEvent.Type.DragMove
_OVER = (QEvent.Type.DragLeave, QEvent.Type.Drop)
_GOING = (QEvent.Type.Hide, QEvent.Type.DeferredDelete)
_WATCHED = frozenset((_ENTER, _MOVE, *_OVER, *_GOING))


class DragGuard(QObject):
    """The application's event filter that ends a drag whose holder goes away; see the module docstring."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        # The widgets that may be Qt's drag target now, by address: a dialog's deletion gives its widgets
        # new Python wrappers (their old ones are let go first), and a held wrapper would keep nothing alive.
        self.holders: list[int] = []
        self.ended = 0  # drags ended for a holder going away (tests)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in _WATCHED:  # every event of the application passes here: the common case first
            return False
        if kind in _GOING:
            if self.holders and _address(watched) in self.holders:
                self._end(watched)
            return False
        if not isinstance(watched, QWidget):
            return False
        if kind == _ENTER:
            if _address(watched) not in self.holders:
                self.holders.append(_address(watched))
        elif kind == _MOVE:
            self.holders = [_address(watched)]  # a move goes to Qt's target only
        else:
            self.holders = []  # Qt forgets its target once this leave or drop is delivered
        return False

    def _end(self, holder: QObject) -> None:
        """End the drag as leaving would: Qt hands the leave to its target (or, with none, to ``holder``,
        alive: it is being hidden or deleted) and forgets its target."""
        self.holders = []
        self.ended += 1
        QCoreApplication.sendEvent(holder, QDragLeaveEvent())


def _address(widget: QObject) -> int:
    pointer: int = shiboken6.getCppPointer(widget)[0]
    return pointer


_installed: list[DragGuard] = []  # the one guard, on the one application


def guard() -> DragGuard:
    """The application's drag guard, installed on first use (the app asks for it as it starts, and every
    main window does: tests make windows without the app's start)."""
    app = QCoreApplication.instance()
    assert app is not None, "a QApplication is made before any window"
    if _installed and shiboken6.isValid(_installed[0]) and _installed[0].parent() is app:
        return _installed[0]
    made = DragGuard(app)
    app.installEventFilter(made)
    _installed[:] = [made]
    return made
