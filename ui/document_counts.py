"""The document list's counts and review states, kept current as the project changes.

An edit touches one document: once per burst of tagging (not on every key) the lines of the documents
touched are read again from their own rows (`ProjectModel.document_summary` / `document_state`), never
the whole project; the status bar's total follows from the list. What changes many documents at once
(an import, a merge, a sync, another process, a document added, renamed or removed) refreshes the whole
list (`refresh_all`).

The open document's line is not read from its rows: ``core.open_count`` follows its tags one change at a
time, its counts and its review state (every disagreement of a long reviewed article, ~1 s, is found
once per opening, when its line is first read), so its line costs what the edit touched."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, QTimer

from db.store import DocumentSummary
from factcheck.core.curation import DocumentState, state_from
from factcheck.core.model import Annotation
from factcheck.core.open_count import OpenCount
from factcheck.core.open_document import OpenDocument
from ui.document_list import DocumentList
from ui.project import ProjectModel
from ui.status_items import StatusItems

#: Counts refresh once per burst of tagging (ms after the last edit), not on every key.
BURST_MS = 300


class DocumentCounts(QObject):
    def __init__(
        self,
        parent: QObject,
        project: Callable[[], ProjectModel],
        doc_list: DocumentList,
        status: StatusItems,
        open_document: OpenDocument | None = None,
    ) -> None:
        super().__init__(parent)
        #: The open document's open disagreements, followed tag by tag (None: read like the others).
        self.open_count = OpenCount(open_document) if open_document is not None else None
        self._project = project
        self._list = doc_list
        self._status = status
        self._touched: set[str] = set()
        self._timer = QTimer(self, singleShot=True, interval=BURST_MS)
        self._timer.timeout.connect(self.flush)

    def tag_written(self, ann: Annotation) -> None:
        """A tag of ann's document was added, changed, reviewed or removed (an edit or its undo)."""
        self.touch(ann.document_id)

    def touch(self, document_id: str) -> None:
        """The document's line is read again at the end of the burst."""
        self._touched.add(document_id)
        self._timer.start()

    def stop(self) -> None:
        """The window closes: nothing more is read."""
        self._timer.stop()
        self._touched.clear()
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
        self._list.set_states(project.document_states())
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
        if counted is None or document_id != counted.open_document.id or row is None:
            return project.document_summary(document_id)
        by_label, by_annotator = counted.counts()
        return replace(self._list.model.summary(row), by_label=by_label, by_annotator=by_annotator)

    def _state(self, project: ProjectModel, document_id: str) -> DocumentState:
        """A document's review state: the open document's from its followed count, another's from its rows."""
        counted = self.open_count
        if counted is None or document_id != counted.open_document.id:
            return project.document_state(document_id)
        reviewed, open_count = counted.state()
        return state_from(project.curated_mark(document_id) is not None, reviewed, open_count)
