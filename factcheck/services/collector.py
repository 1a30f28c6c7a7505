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
