"""A long article's tags indexed in slices, one slice per turn of the event loop.

Opening a long article keeps its tags pending (``TagLayer.pending``): the first screen is drawn from the
loaded list. Indexing 50k tags at once stalls the window for tens of milliseconds (more under load), so
the views that need every tag (the table's rows, the status bar's count, the article's annotator marks)
start this instead and wait for ``TagLayer.events.indexed``. Between slices the events waiting (keys,
paints) are handled; a question needing every tag meanwhile (Tab, find, an edit) completes the rest at
once, and the next slice only announces it. A document opened mid-way is simply the one sliced next.
"""

from __future__ import annotations

import weakref

from PySide6.QtCore import QObject
from shiboken6 import isValid

from factcheck.core.open_document import TagLayer
from factcheck.services.collector import collector_paused, made_old
from ui import deferred

#: Tags indexed per turn: about 4 ms of work (a full 50k index is about 12 of them).
SLICE = 4_000

# The layers being sliced, each with the object whose lifetime bounds the slicing (its timers').
_running: weakref.WeakKeyDictionary[TagLayer, QObject] = weakref.WeakKeyDictionary()


def index_in_slices(tags: TagLayer, owner: QObject) -> None:
    """Index ``tags``' pending load in slices from the next turn on (once per layer: a second call while
    slicing adds nothing). The slicing stops with ``owner`` (it schedules the turns)."""
    if not tags.pending or slicing(tags):
        return
    _running[tags] = owner

    def step() -> None:
        # Thousands of new containers, none in a cycle: the collector would walk them all for nothing.
        with collector_paused():
            done = tags.index_some(SLICE)  # the last one also announces it
            made_old()
        if done:
            _running.pop(tags, None)
        else:
            deferred.soon(owner, step)

    deferred.soon(owner, step)


def slicing(tags: TagLayer) -> bool:
    """True while ``tags`` are being indexed in slices (by an owner still alive)."""
    owner = _running.get(tags)
    return owner is not None and isValid(owner)
