"""Long work (imports, merges, exports, backups, agreement) off the GUI thread: one at a time, cancellable.

An `Operation` is a function of a Store and a `progress(done, total)` callback. `Operations.start` runs it
on a worker thread that opens its own connection to the same file (`Store.open(path)`), since a SQLite
connection belongs to the thread that made it; the window stays usable meanwhile. A store in memory has
no file to open again, so its operations run inline, the event loop kept turning by the progress callback.

Cancelling makes the next progress call raise `Cancelled`, and the services roll back on any exception:
all or nothing still holds. Work that reports no progress (a backup, agreement) cannot be stopped
midway: its result is thrown away when it ends (`Operation.discard`). Every outcome reaches the GUI
thread as a signal of the `Job`; nothing raised in the worker escapes into Qt.
"""

from __future__ import annotations

import contextlib
import gc
import threading
import time
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

from db import Store
from factcheck.core.errors import FactcheckError
from ui import allocator, deferred

T = TypeVar("T")
Progress = Callable[[int, int], None]

#: The GUI hears of progress at most this often (an export reports every chunk of rows).
PROGRESS_INTERVAL_S = 0.05


class Cancelled(FactcheckError):
    """The user cancelled a long operation; the service rolled back."""


class Busy(FactcheckError):
    """Another long operation is running (one at a time), or it holds the write lock."""


@dataclass(frozen=True)
class Operation(Generic[T]):
    title: str  # "Import": dialog titles and "… is running"
    doing: str  # "Importing 3 files…": the progress dialog's text
    work: Callable[[Store, Progress], T]
    #: Holds the write lock for a while (imports, merges): the project refuses tag writes meanwhile
    #: rather than have a key press wait for the lock.
    writes: bool = False
    #: What was not done when cancelled, for the message ("nothing was imported").
    nothing: str = "nothing was changed"
    #: Undoes a result that came in after a cancel (the copy a backup wrote); None: a result that came
    #: in is kept (an import that committed is stored, and is reported as done).
    discard: Callable[[T], None] | None = None
    #: Run on the worker's store once the work succeeded and its result is on its way to the window,
    #: which does not wait for it (an import's WAL checkpoint: `db.checkpoint`). Best effort: what it
    #: raises is dropped (the next commit or close checkpoints anyway).
    after: Callable[[Store], None] | None = None


class Outcome(Enum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


class Job(QObject):
    """One run of an Operation. Signals arrive on the GUI thread, in this order: one of succeeded /
    failed / cancelled, then ended."""

    progressed = Signal(int, int)  # done, total (total 0: unknown)
    succeeded = Signal(object)  # the work's result
    failed = Signal(str)  # what happened and what to do
    cancelled = Signal(str)  # "Import cancelled; nothing was imported."
    ended = Signal()
    #: From the worker, when the work succeeded and the operation's `after` step begins: the outcome
    #: is final, the window is told now (the worker ends after the step).
    handed = Signal(object)  # the job

    def __init__(self, operation: Operation[Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.operation = operation
        self.outcome = Outcome.RUNNING
        self.result: Any = None
        self.message = ""
        self.error: FactcheckError | None = None  # the failure's own error, when the work raised one
        self._cancel = threading.Event()
        self._last_report = 0.0
        self._inline = False

    # -- from the GUI thread ---------------------------------------------------------------------
    def cancel(self) -> None:
        """Ask the work to stop at its next progress report (it rolls back)."""
        self._cancel.set()

    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def running(self) -> bool:
        return self.outcome is Outcome.RUNNING

    # -- on the worker thread (or inline) --------------------------------------------------------
    def _progress(self, done: int, total: int) -> None:
        if self._inline:
            QCoreApplication.processEvents()  # the only way the Cancel button is heard inline
        if self._cancel.is_set():
            raise Cancelled(self._cancelled_text())
        now = time.monotonic()
        if (total and done >= total) or now - self._last_report >= PROGRESS_INTERVAL_S:
            self._last_report = now
            self.progressed.emit(done, total)

    def _execute(self, open_store: Callable[[], Store], close: bool) -> None:
        """Run the work; record the outcome (never raises)."""
        try:
            store = open_store()
        except FactcheckError as exc:
            self.message, self.outcome, self.error = str(exc), Outcome.FAILED, exc
            return
        try:
            self._work(store)
            after = self.operation.after
            if after is not None and self.outcome is Outcome.DONE:
                if close:  # on a worker: the window hears of the result first
                    self.handed.emit(self)
                with contextlib.suppress(Exception):
                    after(store)
        finally:
            if self.outcome is not Outcome.DONE:
                # Work stopped midway leaves generators over open cursors in reference cycles (through
                # the exception's traceback); finish them while their connection is still open.
                gc.collect()
            if close:
                store.close()
                # What the work made and dropped (a whole project read, measured or written), given
                # back to the system rather than kept by the allocator for the rest of the session.
                allocator.give_back()

    def _work(self, store: Store) -> None:
        op = self.operation
        try:
            result = op.work(store, self._progress)
            if self._cancel.is_set() and op.discard is not None:
                op.discard(result)
                raise Cancelled(self._cancelled_text())
            self.result, self.outcome = result, Outcome.DONE
        except Cancelled:
            self.message, self.outcome = self._cancelled_text(), Outcome.CANCELLED
        except FactcheckError as exc:
            self.message, self.outcome, self.error = str(exc), Outcome.FAILED, exc
        except OSError as exc:
            where = f" {exc.filename}" if exc.filename else ""
            self.message = f"Cannot write{where}: {exc.strerror or exc}."
            self.outcome = Outcome.FAILED
        except Exception as exc:  # a bug: say so in the window rather than lose it on a thread
            traceback.print_exc()
            self.message = (
                f"{op.title} stopped on an unexpected error ({type(exc).__name__}: {exc}). "
                "Please report it, with the terminal output if there is one."
            )
            self.outcome = Outcome.FAILED

    def _cancelled_text(self) -> str:
        return f"{self.operation.title} cancelled; {self.operation.nothing}."

    def _announce(self) -> None:
        if self.outcome is Outcome.DONE:
            self.succeeded.emit(self.result)
        elif self.outcome is Outcome.CANCELLED:
            self.cancelled.emit(self.message)
        else:
            self.failed.emit(self.message)
        self.ended.emit()
        self._release()

    def _release(self) -> None:
        """Drop what listened to this job, once told: a slot closing over the job (Feedback.watch's)
        holds it, and its result, from the C++ side, where the collector cannot see the cycle; every
        agreement, export or import run would otherwise stay in memory for the session."""
        for signal in (self.progressed, self.succeeded, self.failed, self.cancelled, self.ended, self.handed):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # a signal nothing listened to: nothing to drop
                signal.disconnect()


class _Worker(QThread):
    #: Itself, as run() ends (queued to the window's thread: which worker it is, the job maybe told
    #: already, `Job.handed`).
    done = Signal(object)

    def __init__(self, job: Job, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.job = job
        self.path = path

    def run(self) -> None:
        path = self.path
        try:
            self.job._execute(lambda: Store.open(path, create=False), close=True)
        finally:
            self.done.emit(self)


class Operations(QObject):
    """Runs one Operation at a time; the project owns it and reads `current()` to refuse clashing work."""

    changed = Signal()  # an operation started or ended: the window enables its actions

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job: Job | None = None
        self._worker: _Worker | None = None

    def current(self) -> Job | None:
        return self._job

    def writing(self) -> bool:
        return self._job is not None and self._job.operation.writes

    def busy_message(self) -> str:
        job = self._job
        if job is None:
            return ""
        return f"{job.operation.title} is running: wait for it to finish, or cancel it."

    def start(self, operation: Operation[Any], store: Store) -> Job:
        """Start operation on store's file (inline for a store in memory); raises Busy if one runs.

        The job's signals fire from the event loop, never inside this call, so the caller can connect
        to them after it returns.
        """
        if self._job is not None:
            raise Busy(self.busy_message())
        self._join()  # the last job's `after` step, if it still runs (a fraction of a second)
        job = Job(operation)  # owned by Python: callers may read its outcome after it ended
        self._job = job
        if store.path is None:
            job._inline = True
            # If the project goes first (its window deleted), the work never runs on it.
            deferred.soon(self, lambda: self._run_inline(job, store))
        else:
            worker = _Worker(job, store.path, self)
            worker.done.connect(self._worker_finished)
            job.handed.connect(self._handed_over)
            self._worker = worker
            worker.start()
        self.changed.emit()
        return job

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()

    def shutdown(self) -> None:
        """Cancel and join whatever runs (before the store closes or the app exits): no thread is left
        running, and the job's outcome is still announced."""
        if self._job is None:
            self._join()
            return
        self._job.cancel()
        if self._worker is not None:
            self._worker.wait()
            self._worker_finished(self._worker)
        # Inline work is either still queued (it will end as cancelled) or running further up this
        # very call stack, where its next progress call raises.

    def _run_inline(self, job: Job, store: Store) -> None:
        if job.cancel_requested():  # shut down before it began: the store may be closed already
            job.message, job.outcome = job._cancelled_text(), Outcome.CANCELLED
        else:
            job._execute(lambda: store, close=False)
        self._end(job)

    def _worker_finished(self, worker: _Worker) -> None:
        if worker is not self._worker:
            return  # already handled (shutdown or the next start joined it first)
        worker.wait()  # it has left run(): joining is immediate
        self._worker = None
        worker.deleteLater()
        job = self._job
        if job is not None and job is worker.job:  # not told already (`_handed_over`)
            self._end(job)

    def _handed_over(self, job: Job) -> None:
        """The worker's job succeeded and runs its `after` step: told now, the worker joined later."""
        if job is self._job:
            self._end(job)

    def _join(self) -> None:
        """Wait for a worker whose job was told already (its `after` step still running)."""
        worker = self._worker
        if worker is not None and self._job is None:
            self._worker = None
            worker.wait()
            worker.deleteLater()

    def _end(self, job: Job) -> None:
        self._job = None
        job._announce()
        self.changed.emit()
