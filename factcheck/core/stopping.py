"""Full computations run on a worker thread over a snapshot, stopped when no longer wanted: the one
``Stopped`` they raise and the ``stop`` / ``check`` pair their requests share."""

from __future__ import annotations

import threading


class Stopped(Exception):
    """The computation is no longer wanted (another document, another choice, the pane closed)."""


class Stoppable:
    """A request a worker computes: ``stop`` from any thread, ``check`` between steps of the work (a
    subclass declares ``stopped = field(default_factory=threading.Event)``)."""

    stopped: threading.Event

    def stop(self) -> None:
        self.stopped.set()

    def check(self) -> None:
        if self.stopped.is_set():
            raise Stopped
