"""Bulk work without the cycle collector: it walks every young container object a few hundred times a
second of streaming, for nothing when the work makes no reference cycles (rows, tuples, dicts)."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector off inside, back as it was after (memory is still freed by reference
    counting: only cycles wait). Process-wide: for work of seconds, not for a whole session. Nested or
    on two threads at once, the collector ends on unless someone had turned it off before."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def made_old() -> None:
    """Move every object the collector tracks to its oldest generation in one step (freeze, unfreeze: no
    pass over them). After bulk work on the window's thread that made tens of thousands of lasting
    objects (none garbage): left young, they would get their passes later, a full one of 50-150 ms
    landing in some turn of the event loop."""
    gc.freeze()
    gc.unfreeze()
