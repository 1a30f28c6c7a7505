"""Work put off to the event loop, cancelled when the object it works on is deleted first.

`QTimer.singleShot(0, fn)` names no receiver: deleting the widget fn works on does not cancel it, and fn
then runs on a deleted object. `QTimer.singleShot(0, obj, fn)` is cancelled with obj, but PySide then
keeps fn, and all its closure holds, alive for good (a cancelled 0 ms call is never released). `soon`
does what the latter means with a single-shot QTimer that is a child of obj: deleted with obj, it lets
go of fn; fired, it deletes itself.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


def soon(obj: QObject, fn: Callable[[], object], msec: int = 0) -> None:
    """Call fn() from the event loop after msec (0: once control returns there), unless obj has been
    deleted by then."""
    timer = QTimer(obj)
    timer.setSingleShot(True)
    timer.setInterval(msec)
    timer.timeout.connect(timer.deleteLater)  # before fn: fn may delete obj, and the timer with it
    timer.timeout.connect(fn)
    timer.start()
