"""The review panel's full computations: inline on a small article, on a worker thread on a long one.

Opening the pane, choosing other annotators, showing it again after edits made while hidden or opening
another document with it open finds every disagreement again: seconds on a 50k-tag article with 20k
links. Up to ``INLINE_MAX`` tags and links (about 20 ms here) it is done at once, as before (no
placeholder ever flickers); beyond, ``core.review_full`` does it on a plain Python thread over a
snapshot, while the list shows "Finding disagreements…" with a busy bar and the window stays usable.
Edits made meanwhile are noted and played on the result when it comes; a newer request stops the older,
whose result is dropped. The thread touches no Qt object: a timer of the panel's looks for its end, so
deleting the panel (the window closed) stops the work and leaves nothing to call back. A long article just
opened may still have its tags pending (``TagLayer.pending``) when the result comes: showing the list
would index them all at once, so they are indexed in slices first (``ui.tag_indexing``), then it is shown.
On such an article the worker does not even start before the window's own work on it is done (its tags
indexed in slices, then ``START_AFTER_INDEXED_S`` for the tag table to list them and the first paints):
every call into Python of those turns would otherwise wait for its turn at the interpreter, a stall of
tens of ms per turn on a busy machine, for a list that comes a few tenths of a second later.
"""

from __future__ import annotations

import gc
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QProgressBar, QVBoxLayout, QWidget

from factcheck.core.model import Document
from factcheck.core.review_full import (
    Computed,
    FullRequest,
    Stopped,
    begin,
    compute,
    full_size,
    install,
    leftovers,
    release,
)
from factcheck.core.review_incremental import DisagreementIndex
from factcheck.core.review_session import Owed, ReviewSession
from factcheck.services import interpreter
from factcheck.services.collector import collector_paused
from ui.tag_indexing import index_in_slices

#: Tags (and links, when the structure is listed) computed inline: measured at about 20 ms
#: (bench/review.py, review_inline_max_ms; 2000 took 40 to 70 ms); beyond, on a worker thread.
INLINE_MAX = 1_000
#: How often the panel looks whether the worker is done.
POLL_MS = 15
#: The worker threads' name.
THREAD_NAME = "review-disagreements"
#: How long the worker lets the window paint the placeholder before it starts (every call of the paint
#: into Python would otherwise wait for its turn at the interpreter).
START_AFTER_S = 0.05
#: How long after the list is shown the copies the worker made are let go of.
RELEASE_AFTER_S = 0.3
#: How long after a long article just opened is indexed the worker starts (the tag table's keying and
#: listing, its columns fitted, the first paints: about 150 ms here).
START_AFTER_INDEXED_S = 0.3


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReviewPanel", text)


@dataclass(eq=False)
class _Run:
    request: FullRequest
    after: threading.Thread | None = None  # the older computation's thread, which this one waits for
    thread: threading.Thread | None = None  # None: not started yet (a long article just opened)
    indexed_at: float | None = None  # when the live tags were seen indexed, the start put off
    result: list[Computed] = field(default_factory=list)
    error: list[str] = field(default_factory=list)


def _work(request: FullRequest, run: _Run, after: threading.Thread | None) -> None:
    if after is not None:  # one computation at a time: the stopped one ends at its next check
        after.join()
    time.sleep(START_AFTER_S)
    try:
        # The cycle collector's passes over the million objects a long article's result makes would hold
        # the interpreter for hundreds of ms at a time, the window's thread waiting; none is garbage. So
        # it is paused, and what was made is then moved to the oldest generation in one step (freeze and
        # unfreeze: no pass over it), not left young for a first pass on the window's thread.
        with collector_paused(), interpreter.shared():
            run.result.append(compute(request))
            gc.freeze()
            gc.unfreeze()
    except Stopped:
        pass
    except Exception as exc:  # a bug: said in the pane, never lost on a thread
        traceback.print_exc()
        run.error.append(f"{type(exc).__name__}: {exc}")


def _release_later(left: list[object]) -> None:
    # After the list's first paint: while another thread runs Python, each of the paint's calls into
    # the model waits for its turn at the interpreter.
    time.sleep(RELEASE_AFTER_S)
    with interpreter.shared():
        release(left)


def release_on_worker(index: DisagreementIndex) -> None:
    """An index of the disagreements nobody holds any more (``core.shared_index``: the next one offered):
    on a long article emptied bit by bit on a thread, not freed in one pass on the window's (about 20 ms,
    within the turn that shows the next list); a short article's simply goes at once."""
    if len(index.index) <= INLINE_MAX:
        return
    thread = threading.Thread(target=_release_later, args=([index],), name=THREAD_NAME, daemon=True)
    thread.start()


class Placeholder(QWidget):
    """Over the list while it is computed: what is happening, and a busy bar."""

    def __init__(self, over: QAbstractScrollArea) -> None:
        super().__init__(over)
        self.setObjectName("reviewPlaceholder")
        self.setAutoFillBackground(True)
        label = QLabel(_tr("Finding disagreements…"))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy: how long is unknown
        self.bar.setTextVisible(False)
        self.bar.setMaximumWidth(240)
        self.bar.setAccessibleName(_tr("Finding disagreements"))
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(label)
        layout.addWidget(self.bar, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self._over = over
        over.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._over and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._over.rect())
        return False

    def appear(self) -> None:
        self.setGeometry(self._over.rect())
        self.raise_()
        self.show()


class FullComputations(QObject):
    """Runs the review session's full computations for a panel (its parent)."""

    def __init__(self, session: ReviewSession, list_view: QAbstractScrollArea, parent: QObject) -> None:
        super().__init__(parent)
        self.session = session
        if session.shared is not None:
            session.shared.retire = release_on_worker
        self.placeholder = Placeholder(list_view)
        self._run: _Run | None = None
        self._thread: threading.Thread | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        #: Called once a result was installed (or the inline computation done): the panel shows it.
        self.show_result: Callable[[], None] = lambda: None
        self.failed: Callable[[str], None] = lambda _message: None

    def computing(self) -> bool:
        return self.session.pending is not None

    def recompute(self, keep: bool, document: Document | None) -> bool:
        """Find every disagreement again: True when done at once (the caller shows the list), False when
        owed (suspended) or started on the worker (the list is empty meanwhile; ``show_result`` follows)."""
        session = self.session
        if session.suspended or full_size(session) <= INLINE_MAX:
            done = session.recompute(keep)
            if done:
                self.placeholder.hide()
            return done
        request = begin(session, keep, document)
        if request is None:
            return False
        older = self._thread  # the last one started, stopped by ``begin`` if still running
        run = self._run = _Run(request, older if older is not None and older.is_alive() else None)
        if session.tags.pending:  # a long article just opened: started once the window's work is done
            index_in_slices(session.tags, self)
        else:
            self._start(run)
        self.placeholder.appear()
        self._timer.start()
        return False

    def _start(self, run: _Run) -> None:
        run.thread = threading.Thread(
            target=_work, args=(run.request, run, run.after), name=THREAD_NAME, daemon=True
        )
        run.thread.start()
        self._thread = run.thread

    def _start_when_settled(self, run: _Run) -> None:
        """Start the put-off computation once the live tags are indexed (in slices, by whichever view
        started first) and ``START_AFTER_INDEXED_S`` passed."""
        if run.request is not self.session.pending:  # stopped before it started (the pane hidden)
            self._timer.stop()
            self._run = None
            return
        tags = self.session.tags
        if tags.pending:
            index_in_slices(tags, self)  # (nothing new while a view's slicing goes on)
            return
        now = time.monotonic()
        if run.indexed_at is None:
            run.indexed_at = now
        if now - run.indexed_at >= START_AFTER_INDEXED_S:
            self._start(run)

    def stop(self) -> None:
        """No result is wanted any more (the panel goes): the worker stops at its next check."""
        self._timer.stop()
        if self.session.pending is not None:
            self.session.pending.stop()

    def suspended(self) -> None:
        """The pane was hidden: the session stopped its computation (owed); nothing is shown."""
        if self.session.pending is None:
            self.placeholder.hide()

    def _poll(self) -> None:
        run = self._run
        if run is not None and run.thread is None:
            self._start_when_settled(run)
            return
        if run is None or run.thread is None or run.thread.is_alive():
            return
        tags = self.session.tags
        if run.request is self.session.pending and run.result and tags.pending:
            # A long article just opened whose tags are not indexed yet: the list shown reads them, which
            # would index all 50k at once here. They are indexed in slices first (the views that list
            # them may have started already); the result is installed once they are, edits meanwhile
            # noted as before.
            index_in_slices(tags, self)
            return
        self._timer.stop()
        self._run = None
        if run.request is not self.session.pending:
            return  # stopped: a newer request (which this one's thread let start) or the pane hidden
        if run.error:
            session = self.session
            session.pending = None
            session.owed = Owed.NOTHING
            self.placeholder.hide()
            self.failed(run.error[0])
            return
        if run.result and install(self.session, run.request, run.result[0]):
            self.placeholder.hide()
            self.show_result()
            # The copies of the layers are let go of on a thread too (the same reasons as ``release``).
            left = leftovers(run.result.pop())
            thread = threading.Thread(target=_release_later, args=(left,), name=THREAD_NAME, daemon=True)
            thread.start()
