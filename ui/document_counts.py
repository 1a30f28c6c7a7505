"""The document list's counts and review states, kept current as the project changes.

An edit touches one document: once per burst of tagging (not on every key) the lines of the documents
touched are read again from their own rows (`ProjectModel.document_summary` / `document_state`), never
the whole project; the status bar's total follows from the list. What changes many documents at once
(an import, a merge, a sync, another process, a document added, renamed or removed) refreshes the whole
list (`refresh_all`).

The open document's line is not read from its rows: ``core.open_count`` follows its tags one change at a
time, its counts and its review state, so its line costs what the edit touched. Those are found in full
once per opening, when its line is first read: at once on a short article (up to ``INLINE_MAX`` tags),
else on a plain Python thread (every disagreement of a 50k-tag article: ~1.5 s), which counts once the
window has painted the line and settled on the article (a long one just opened: its tags indexed and
listed), so that those turns never wait for the interpreter while it counts. Meanwhile its line
takes its counts from the open document's tags (as listed, before they are indexed) and keeps the state
it showed; once the count is in (the edits made meanwhile played on it), the line is read again. A
refresh of the whole list leaves its state to that count too, and its tags replaced wholesale (an
import, another process) have its line read again that way. A document left before its count was in is
counted on a worker from its tags as they were left, and its line then shows that count."""

from __future__ import annotations

import gc
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, QTimer

from db.store import DocumentSummary
from factcheck.core.curation import DocumentState, state_from
from factcheck.core.model import Annotation
from factcheck.core.open_count import Build, OpenCount, Stopped, compute
from factcheck.core.open_document import OpenDocument
from factcheck.services import interpreter
from factcheck.services.collector import collector_paused
from ui.document_list import DocumentList
from ui.project import ProjectModel
from ui.status_items import StatusItems

#: Counts refresh once per burst of tagging (ms after the last edit), not on every key.
BURST_MS = 300
#: The open document's count is found at once up to this many tags (a few ms), beyond on a worker.
INLINE_MAX = 1_000
#: How often the list looks whether the worker is done (ms).
POLL_MS = 15
#: The worker threads' name.
THREAD_NAME = "document-count"
#: How long the worker lets the window paint the line it just read (the turn after the flush) before it
#: counts: every call of that paint into Python would otherwise wait for its turn at the interpreter.
START_AFTER_S = 0.05
#: On a long article just opened, how long after its tags are indexed and listed in the tag table the
#: worker counts (the table's reset, its columns fitted and first paints: ~150 ms here; as
#: ui/review_loading's START_AFTER_INDEXED_S).
START_AFTER_SETTLED_S = 0.3


class DocumentCounts(QObject):
    def __init__(
        self,
        parent: QObject,
        project: Callable[[], ProjectModel],
        doc_list: DocumentList,
        status: StatusItems,
        open_document: OpenDocument | None = None,
        settled: Callable[[], bool] = lambda: True,
    ) -> None:
        super().__init__(parent)
        #: Whether the window's own work on the open document is done (the tag table's listing of a long
        #: article just opened): the worker counts only then.
        self._settled = settled
        self._go: threading.Event | None = None  # set once the open document's worker may count
        self._settled_at: float | None = None  # when the window was first seen settled meanwhile
        #: The open document's open disagreements, followed tag by tag (None: read like the others).
        self.open_count = OpenCount(open_document) if open_document is not None else None
        self._project = project
        self._list = doc_list
        self._status = status
        self._touched: set[str] = set()
        self._timer = QTimer(self, singleShot=True, interval=BURST_MS)
        self._timer.timeout.connect(self.flush)
        self._build: tuple[Build, threading.Thread, list[str]] | None = None  # (request, thread, error)
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self._poll_build)
        self._inline_only = False  # a worker failed: counted at once from then on
        #: Documents left before their count was in: counted on a worker from their tags as left.
        self._left: list[tuple[Build, threading.Thread, list[str]]] = []
        self._unsubscribe: list[Callable[[], None]] = []
        if open_document is not None:  # its tags replaced (import, merge, sync): its line read again
            self._unsubscribe = [
                open_document.tags.events.reset.connect(lambda _: self._reset(open_document)),
                open_document.events.opened.connect(lambda _doc: self._opened()),  # after the count drops
            ]

    def _reset(self, open_document: OpenDocument) -> None:
        if open_document.id is not None:
            self.touch(open_document.id)

    def tag_written(self, ann: Annotation) -> None:
        """A tag of ann's document was added, changed, reviewed or removed (an edit or its undo)."""
        self.touch(ann.document_id)

    def touch(self, document_id: str) -> None:
        """The document's line is read again at the end of the burst."""
        self._touched.add(document_id)
        self._timer.start()
        self._forget_left(document_id)  # read from its rows (or its own count) instead

    def stop(self) -> None:
        """The window closes: nothing more is read."""
        self._timer.stop()
        self._poll.stop()
        self._touched.clear()
        self._build = None
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._forget_left(None)
        if self.open_count is not None:
            self.open_count.close()

    def pending(self) -> bool:
        return bool(self._touched)

    def refresh_all(self) -> None:
        """Every document's line read again (many changed, or the set of documents did)."""
        self._touched.clear()
        self._timer.stop()
        project = self._project()
        summaries = project.documents()
        self._list.set_summaries(summaries)
        # The open document's state is not found in full here when its tags changed: it follows them
        # (``_state``: its count, else the state shown while its count is found on the worker).
        open_id = self.open_count.open_document.id if self.open_count is not None else None
        states = project.document_states(skip=open_id)
        if open_id is not None and open_id not in states and self._list.model.row_of(open_id) is not None:
            states[open_id] = self._state(project, open_id)
        self._list.set_states(states)
        self._status.set_totals(summaries)

    def flush(self) -> None:
        """The touched documents' lines read again, each from its own rows."""
        touched, self._touched = self._touched, set()
        self._timer.stop()
        project = self._project()
        for document_id in sorted(touched):
            summary = self._summary(project, document_id)
            if summary is None or not self._list.model.update_document(
                summary, self._state(project, document_id)
            ):
                # Not in the list, or gone from the project: the set of documents changed under us.
                self.refresh_all()
                return
            self._status.set_total(summary)

    def _summary(self, project: ProjectModel, document_id: str) -> DocumentSummary | None:
        """A document's line: the open document's counts from its followed tags (its title and the rest
        as listed: an edit changes none of them; a rename refreshes the whole list), another's from its
        rows."""
        counted = self.open_count
        row = self._list.model.row_of(document_id)
        if counted is None or row is None or document_id != counted.open_document.id:
            return project.document_summary(document_id)
        listed = self._list.model.summary(row)
        if self._followed(document_id):
            by_label, by_annotator = counted.counts()
        elif counted.open_document.tags.pending:  # just opened or reset: as listed (read from its rows)
            return listed
        else:  # counted on the worker meanwhile: the open document's tags count them (a few ms, in C)
            tags = counted.open_document.tags
            by_label, by_annotator = tags.label_counts(), tags.annotator_counts()
        return replace(listed, by_label=by_label, by_annotator=by_annotator)

    def _state(self, project: ProjectModel, document_id: str) -> DocumentState:
        """A document's review state: the open document's from its followed count, another's from its rows."""
        counted = self.open_count
        curated = project.curated_mark(document_id) is not None
        if counted is None or document_id != counted.open_document.id:
            return project.document_state(document_id)
        if not self._followed(document_id):  # counted on the worker: the state shown so far, meanwhile
            listed = self._list.model.state(document_id)
            if listed is not None and (listed.kind == "curated") == curated:
                return listed
            if listed is not None and listed.kind != "not_reviewed":  # the mark set or cleared: same count
                return state_from(curated, True, listed.open)
            return project.document_state(document_id)
        reviewed, open_count = counted.state()
        return state_from(curated, reviewed, open_count)

    # -- the open document's count on a worker -------------------------------------------------------
    def computing(self) -> bool:
        """The open document's count is being found on the worker."""
        return self.open_count is not None and self.open_count.pending is not None

    def _followed(self, document_id: str) -> bool:
        """Whether the open document's line comes from its followed count now (built at once on a short
        article; on a long one the worker is started, and False until its count is in)."""
        counted = self.open_count
        if counted is None or document_id != counted.open_document.id:
            return False
        if counted.built or counted.take_shared():  # the Review pane's index, if it found one
            return True
        if self._inline_only or counted.open_document.tags.size() <= INLINE_MAX:
            counted.build()
            return True
        if counted.pending is None or self._build is None or self._build[0] is not counted.pending:
            build = counted.begin()
            error: list[str] = []
            after = self._build[1] if self._build is not None else None
            self._go = go = threading.Event()
            self._settled_at = None
            if not counted.open_document.tags.pending and self._settled():
                go.set()  # (the usual case: a burst's end, the window long settled)
            thread = threading.Thread(
                target=_work, args=(build, error, after, go), name=THREAD_NAME, daemon=True
            )
            self._build = (build, thread, error)
            thread.start()
            self._poll.start()
        return False

    def _let_go(self) -> None:
        """The open document's worker counts once the window settled on the document: its tags indexed
        (in slices, on a long article just opened) and listed in the tag table. Each turn of that work
        calls into Python; with a worker counting meanwhile each call waits for the interpreter."""
        go, counted = self._go, self.open_count
        if go is None or go.is_set() or counted is None:
            return
        if counted.open_document.tags.pending or not self._settled():
            self._settled_at = None
            return
        now = time.monotonic()
        if self._settled_at is None:
            self._settled_at = now
        if now - self._settled_at >= START_AFTER_SETTLED_S:
            go.set()

    def _opened(self) -> None:
        """Another document opened: one left before its count was in (its line kept the state it showed)
        is counted on a worker from its tags as they were left (the snapshot and the changes since), and
        its line then shows it; never the new document's."""
        run, counted = self._build, self.open_count
        if run is None or counted is None:
            return
        build, thread, _ = run
        left = build.document_id
        if left is None or left == counted.open_document.id or left in self._touched:
            return  # (touched: read from its rows at the end of the burst instead)
        self._forget_left(left)
        again = Build(left, [])
        error: list[str] = []
        worker = threading.Thread(
            target=_work_left, args=(build, again, error, thread), name=THREAD_NAME, daemon=True
        )
        self._left.append((again, worker, error))
        worker.start()
        self._poll.start()

    def _forget_left(self, document_id: str | None) -> None:
        """No count of a document left is wanted any more (its line read again otherwise; None: all)."""
        for build, _, _ in self._left:
            if document_id is None or build.document_id == document_id:
                build.stop()
        self._left = [run for run in self._left if not run[0].stopped.is_set()]

    def _poll_left(self) -> None:
        project = self._project()
        for run in [r for r in self._left if not r[1].is_alive()]:
            self._left.remove(run)
            build, _, error = run
            document_id = build.document_id
            row = self._list.model.row_of(document_id) if document_id is not None else None
            if build.stopped.is_set() or document_id is None or row is None:
                continue
            if error or not build.result:  # a bug (said on stderr): read from its rows
                self.touch(document_id)
                continue
            counted = build.result[0]
            curated = project.curated_mark(document_id) is not None
            state = state_from(curated, counted.decided > 0, counted.open)
            summary = replace(
                self._list.model.summary(row),
                by_label=_positive(counted.labels),
                by_annotator=_positive(counted.annotators),
            )
            self._list.model.update_document(summary, state)

    def _poll_build(self) -> None:
        if self._left:
            self._poll_left()
        run = self._build
        if run is None:
            if not self._left:
                self._poll.stop()
            return
        build, thread, error = run
        if thread.is_alive():
            self._let_go()
            return
        if not self._left:
            self._poll.stop()
        self._build = None
        counted = self.open_count
        if counted is None or counted.pending is not build:
            return  # stopped: another document opened, the tags replaced, or the window closed
        if error:  # a bug: said on stderr by the worker; counted at once from now on
            counted.drop()
            self._inline_only = True
        elif not counted.install(build):
            return
        document_id = build.document_id
        if document_id is not None:
            self.touch(document_id)
            self.flush()


def _positive(counter: Counter[str]) -> dict[str, int]:
    return {name: n for name, n in counter.items() if n > 0}


def _work_left(old: Build, build: Build, error: list[str], after: threading.Thread | None) -> None:
    """The count of a document left before its count was in: its snapshot with the changes since."""
    build.tags = old.tags_now()
    _work(build, error, after, None)


def _work(build: Build, error: list[str], after: threading.Thread | None, go: threading.Event | None) -> None:
    if after is not None:  # one computation at a time: a stopped one ends at its next check
        after.join()
    if go is not None:  # the open document's: once the window painted its line and settled
        time.sleep(START_AFTER_S)
        while not go.wait(POLL_MS / 1000):
            if build.stopped.is_set():
                return
    try:
        # As ui/review_loading: no cycle collector pass over what is made (none of it is garbage), and
        # what was made moved to the oldest generation at once, not left young for the window's thread.
        with collector_paused(), interpreter.shared():
            compute(build)
            gc.freeze()
            gc.unfreeze()
    except Stopped:
        pass
    except Exception as exc:  # a bug: never lost on a thread
        traceback.print_exc()
        error.append(f"{type(exc).__name__}: {exc}")
