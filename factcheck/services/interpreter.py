"""A computation on a worker thread beside the window: the interpreter changes hands more often.

Only one thread runs Python at a time. A thread that wants the interpreter waits for the switch interval
(5 ms by default) before the running one is asked to let go, and the window's thread asks once per call
into Python: each turn of its event loop (a timer, a paint calling the model, the loop's own Python)
then waits 5 ms per call while a worker computes, tens of ms in all. While at least one worker computes,
``shared`` lowers the interval to ``SWITCH_S``: each of those waits is then a fraction of a ms. The
worker pays only when the window's thread asks (an idle window asks nothing), and the interval is put
back once the last worker is done.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Iterator

#: The switch interval while a worker computes (s). A paint of the tag table calls the model ~2,200 times,
#: each call a wait for the interpreter: at 0.5 ms the longest turn while the document list's count was
#: found on a worker took 180 ms, at 0.1 ms 73 ms, the count itself no slower (bench/documents_review.py).
SWITCH_S = 0.0001

_lock = threading.Lock()
_active = 0
_saved = 0.0


@contextlib.contextmanager
def shared() -> Iterator[None]:
    """Inside (on the worker), the interpreter is handed to a waiting thread within ``SWITCH_S``. Nested or
    on several threads at once, the interval is restored when the last one leaves."""
    global _active, _saved
    with _lock:
        if _active == 0:
            _saved = sys.getswitchinterval()
            sys.setswitchinterval(min(_saved, SWITCH_S))
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0:
                sys.setswitchinterval(_saved)


def active() -> int:
    """How many computations share the interpreter now (for tests)."""
    return _active
