"""The document list's counts and review states, kept current as the project changes.

An edit touches one document: once per burst of tagging (not on every key) the lines of the documents
touched are read again from their own rows (`ProjectModel.document_summary` / `document_state`), never
the whole project; the status bar's total follows from the list. What changes many documents at once
(an import, a merge, a sync, another process, a document added, renamed or removed) refreshes the whole
list (`refresh_all`)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from factcheck.core.model import Annotation
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
    ) -> None:
        super().__init__(parent)
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
            summary = project.document_summary(document_id)
            if summary is None or not self._list.model.update_document(
                summary, project.document_state(document_id)
            ):
                # Not in the list, or gone from the project: the set of documents changed under us.
                self.refresh_all()
                return
            self._status.set_total(summary)
