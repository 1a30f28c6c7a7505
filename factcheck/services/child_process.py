"""Work over a whole project run in a child process, its result coming back as plain (pickled) data.

A measure over every tag (agreement, scores against the curated set) makes and drops millions of small
Python objects. Made in the window's process, on a worker thread, they fill Python's 1 MB arenas beside
whatever the window makes meanwhile; an arena is given back only once every object in it is freed, so the
few long-lived objects the window made during the measure kept most of those arenas for the rest of the
session (bench/soak.py: ~35 MB of free arena memory held after a 10k-action session). In a child process
they never touch the window's arenas: the child's memory all goes back when it exits.

The 'spawn' start method: a fresh interpreter that imports only what the work needs (no copy of the
window's heap, no Qt state forked mid-thread). A frozen build must call `multiprocessing.freeze_support()`
first thing in its entry point (packaging/factcheck_app.py), so that the child it starts runs the work
instead of the app.
"""

from __future__ import annotations

import multiprocessing
import pickle
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

from db import Store
from factcheck.core.errors import FactcheckError

T = TypeVar("T")
Progress = Callable[[int, int], None]
#: Work run in the child: a module-level function (pickled by its name) of a Store and a progress callback.
Work = Callable[[Store, Progress], T]

#: How often the waiting thread looks at `check` (cancel) while the child works.
POLL_S = 0.05
#: The child forwards progress at most this often.
PROGRESS_INTERVAL_S = 0.05
#: What a child that ignores SIGTERM (stuck in C) is given before it is killed.
TERMINATE_WAIT_S = 2.0


class ChildFailed(FactcheckError):
    """The child process ended without an answer (killed, or crashed)."""


def run_in_child(work: Work[T], path: Path, progress: Progress, check: Callable[[], None]) -> T:
    """work(store on path, progress) run in a child process; its result, or what it raised, here.

    Progress the child reports reaches ``progress`` (in this thread); ``check`` is called every POLL_S
    while waiting, and what either raises (a cancel) stops the child at once (terminated) and is raised.
    """
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe(duplex=False)
    child = context.Process(
        target=_child_main, args=(theirs, work, str(path)), name="factcheck-measure", daemon=True
    )
    answered = False
    try:
        child.start()
        theirs.close()  # the child's end: with it closed here, the child's exit is seen as end of file
        while True:
            check()
            if not ours.poll(POLL_S):
                continue
            try:
                kind, *payload = ours.recv()
            except EOFError:
                answered = True  # it has ended
                child.join()
                raise ChildFailed(f"The measure stopped unexpectedly (exit code {child.exitcode}).") from None
            if kind == "progress":
                progress(*payload)
            else:
                answered = True
                if kind == "done":
                    return payload[0]  # type: ignore[no-any-return]
                raise payload[0]
    finally:
        ours.close()
        _end(child, answered)


def _end(child: Any, answered: bool) -> None:
    """The child joined: as it exits when it answered, terminated (then killed) when stopped midway."""
    if child.pid is None:  # never started
        return
    if not answered:
        child.terminate()
    child.join(TERMINATE_WAIT_S)
    if child.is_alive():
        child.kill()
        child.join()
    child.close()


def _child_main(conn: Connection, work: Work[Any], path: str) -> None:
    """In the child: the work run on its own connection to the project, its outcome sent back."""
    last = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if (total and done >= total) or now - last >= PROGRESS_INTERVAL_S:
            last = now
            conn.send(("progress", done, total))

    try:
        with Store.open(path, create=False) as store:
            message: tuple[str, Any] = ("done", work(store, progress))
    except BaseException as exc:  # every failure goes back to the window, as a thread's would
        if not isinstance(exc, FactcheckError):
            traceback.print_exc()  # a bug: its traceback, from where it happened
        message = ("raised", _sendable(exc))
    try:
        conn.send(message)
    finally:
        conn.close()


def _sendable(exc: BaseException) -> BaseException:
    """exc itself when it survives pickling, else a RuntimeError saying what it was."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # whatever fails, the message still goes back
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc
