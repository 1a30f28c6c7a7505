"""ui.deferred.soon: a call put off to the event loop runs once, or never once its object is deleted, and
holds nothing afterwards either way."""

from __future__ import annotations

import gc
import weakref

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from pytestqt.qtbot import QtBot

from ui.deferred import soon

ROUNDS = 50


class _Held:
    """What a put-off call's closure holds (a job, a window's state)."""


def _settle(qtbot: QtBot) -> None:
    qtbot.wait(5)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def test_a_call_runs_once_from_the_event_loop_and_lets_go(qtbot: QtBot) -> None:
    owner = QObject()
    calls: list[int] = []
    held: list[weakref.ref[_Held]] = []
    for n in range(ROUNDS):
        thing = _Held()
        held.append(weakref.ref(thing))
        soon(owner, lambda n=n, thing=thing: calls.append(n))  # type: ignore[misc]
        del thing
    assert calls == []  # not inside the call that put it off
    _settle(qtbot)
    assert calls == list(range(ROUNDS))  # each once, in order
    _settle(qtbot)
    assert calls == list(range(ROUNDS))
    assert owner.findChildren(QTimer) == []  # each timer deleted itself
    assert all(ref() is None for ref in held)  # and what the calls held is let go


def test_a_call_whose_object_is_deleted_first_never_runs_and_lets_go(qtbot: QtBot) -> None:
    calls: list[int] = []
    held: list[weakref.ref[_Held]] = []
    for n in range(ROUNDS):
        owner = QObject()
        thing = _Held()
        held.append(weakref.ref(thing))
        soon(owner, lambda n=n, thing=thing: calls.append(n), msec=n % 2)  # type: ignore[misc]
        del thing
        shiboken6.delete(owner)  # its window deleted before the loop came round
    _settle(qtbot)
    assert calls == []
    # QTimer.singleShot(0, owner, fn) would keep fn's closure alive here for good.
    assert all(ref() is None for ref in held)


def test_a_call_that_deletes_its_own_object_is_safe(qtbot: QtBot) -> None:
    calls: list[int] = []
    for n in range(ROUNDS):
        owner = QObject()

        def close_it(owner: QObject = owner, n: int = n) -> None:
            calls.append(n)
            shiboken6.delete(owner)  # and the timer that called this with it

        soon(owner, close_it)
        del owner, close_it
    _settle(qtbot)
    assert calls == list(range(ROUNDS))
