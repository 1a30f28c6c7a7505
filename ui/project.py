"""The open project as Qt sees it: a Store plus signals.

Every write is one transaction through `db/`, then a signal; views refresh from the signals and never read
widgets back. Writes that fail raise (a `FactcheckError` the caller shows) and emit `errorOccurred`, so
the status bar can say that something is not saved; the next successful write emits `saved`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from db import Store
from db.store import DocumentSummary
from factcheck.core.curation import DocumentState
from factcheck.core.errors import FactcheckError
from factcheck.core.model import Annotation, Document, Label, utc_now
from factcheck.services.curating import StateCache, document_states

T = TypeVar("T")

# Per-document fingerprint of the annotations table: (row count, newest updated_at). It changes whenever
# a tag is added, edited, tombstoned or restored, since every write moves updated_at on.
Fingerprint = dict[str, tuple[int, str]]


class ProjectModel(QObject):
    """Wraps a Store: writes in one transaction each, then announces them."""

    annotationUpserted = Signal(object)  # Annotation: added, edited, restored, reviewed
    annotationRemoved = Signal(object)  # Annotation (tombstoned)
    annotationsReset = Signal(str)  # document id: many changed (import, merge, another process)
    documentsChanged = Signal()
    errorOccurred = Signal(str)  # a write failed; the message says what to do
    saved = Signal()  # a write succeeded: everything is stored
    storeReplaced = Signal()  # another database was opened
    curationChanged = Signal(str)  # document id: marked curated, or the mark cleared

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._doc_cache: dict[str, Document] = {}
        self._version = store.data_version()
        self._fingerprint = self._take_fingerprint()
        self._document_ids = self._take_document_ids()
        self.last_error: str | None = None
        self._state_cache: StateCache = {}

    # -- the store -------------------------------------------------------------------------------
    @property
    def store(self) -> Store:
        return self._store

    def replace_store(self, store: Store, *, close_old: bool = True) -> None:
        """Switch to another database (File > Open); views reload from `storeReplaced`."""
        old = self._store
        self._store = store
        self._doc_cache.clear()
        self._state_cache.clear()
        self._version = store.data_version()
        self._fingerprint = self._take_fingerprint()
        self._document_ids = self._take_document_ids()
        self.last_error = None
        if close_old and old is not store:
            old.close()
        self.storeReplaced.emit()

    def close(self) -> None:
        self._store.close()

    # -- reading ---------------------------------------------------------------------------------
    def labels(self) -> list[Label]:
        return self._store.labels()

    def document(self, document_id: str) -> Document:
        doc = self._doc_cache.get(document_id)
        if doc is None:
            doc = self._store.document(document_id)
            # Texts never change (a corrected article is a new document), so caching is safe.
            self._doc_cache = {document_id: doc}
        return doc

    def documents(self) -> list[DocumentSummary]:
        return self._store.document_summaries()

    def annotations(self, document_id: str, **filters: object) -> list[Annotation]:
        return self._store.annotations(document_id, **filters)  # type: ignore[arg-type]

    def annotation(self, annotation_id: str) -> Annotation | None:
        return self._store.annotation(annotation_id)

    def annotators(self) -> list[str]:
        return self._store.annotators()

    # -- curation --------------------------------------------------------------------------------
    def curated_mark(self, document_id: str) -> tuple[str, str] | None:
        """(curator, when) if the document is marked curated."""
        return self._store.curated_documents().get(document_id)

    def document_states(self) -> dict[str, DocumentState]:
        """Each document's review state; only documents in review whose tags changed are read again."""
        return document_states(self._store, self._state_cache)

    def set_curated(self, document_id: str, mark: tuple[str, str] | None) -> None:
        """Mark the document curated with (curator, when), or clear the mark (None); then announce it."""
        self._write(lambda: self._store.set_curated(document_id, mark))
        self.curationChanged.emit(document_id)

    # -- writing ---------------------------------------------------------------------------------
    def _write(self, action: Callable[[], T]) -> T:
        try:
            result = action()
        except FactcheckError as exc:
            self.last_error = str(exc)
            self.errorOccurred.emit(str(exc))
            raise
        # Our own commits do not move PRAGMA data_version (only other connections' do), so the
        # fingerprint is refreshed lazily by reload_if_changed; nothing to track here.
        self.last_error = None
        self.saved.emit()
        return result

    def add(self, ann: Annotation) -> Annotation:
        """Store a new annotation (checked: label, span, quote), then announce it."""
        # The cached text spares the store reading a long article back on every key press.
        text = self.document(ann.document_id).text
        stored = self._write(lambda: self._store.add_annotation(ann, text))
        self._note_own_write(stored, new_row=True)
        self.annotationUpserted.emit(stored)
        return stored

    def put(self, ann: Annotation, *, fresh: bool = True, text: str | None = None) -> Annotation:
        """Store ann as given (undo/redo of an edit, review decisions), then announce it.

        With `fresh`, updated_at is set to now: a merge where the newer updated_at wins then sees an undo
        as the latest word, not as an old version.
        """
        if fresh:
            ann = replace(ann, updated_at=utc_now())

        def write() -> tuple[Annotation, bool]:
            with self._store.atomic():
                doc_text = text if text is not None else self.document(ann.document_id).text
                self._store.check_annotation(ann, doc_text)
                existed = self._store.annotation(ann.id) is not None
                self._store.put_annotation(ann)
            return ann, not existed

        stored, new_row = self._write(write)
        self._note_own_write(stored, new_row=new_row)
        if stored.deleted:
            self.annotationRemoved.emit(stored)
        else:
            self.annotationUpserted.emit(stored)
        return stored

    def patch(self, annotation_id: str, changes: Mapping[str, Any], *, text: str | None = None) -> Annotation:
        """Change only these fields of the stored tag (undo/redo of an edit), then announce it."""
        stored = self._write(lambda: self._store.patch_annotation(annotation_id, changes, text))
        self._note_own_write(stored)
        if stored.deleted:
            self.annotationRemoved.emit(stored)
        else:
            self.annotationUpserted.emit(stored)
        return stored

    def update(self, annotation_id: str, *, label: str | None = None, note: str | None = None) -> Annotation:
        stored = self._write(lambda: self._store.update_annotation(annotation_id, label=label, note=note))
        self._note_own_write(stored)
        self.annotationUpserted.emit(stored)
        return stored

    def delete(self, annotation_id: str) -> Annotation:
        stored = self._write(lambda: self._store.delete_annotation(annotation_id))
        self._note_own_write(stored)
        self.annotationRemoved.emit(stored)
        return stored

    def restore(self, annotation_id: str) -> Annotation:
        stored = self._write(lambda: self._store.restore_annotation(annotation_id))
        self._note_own_write(stored)
        self.annotationUpserted.emit(stored)
        return stored

    def notify_bulk(self, document_ids: Iterable[str] = ()) -> None:
        """Announce that documents and their tags changed wholesale (after an import done elsewhere)."""
        self._doc_cache.clear()
        self._fingerprint = self._take_fingerprint()
        self._document_ids = self._take_document_ids()
        self.documentsChanged.emit()
        for doc_id in dict.fromkeys(document_ids):
            self.annotationsReset.emit(doc_id)

    # -- other writers ---------------------------------------------------------------------------
    def reload_if_changed(self) -> bool:
        """If another process committed since we last looked, announce what changed; True if so.

        PRAGMA data_version is one cheap call; only when it moved do we compare per-document fingerprints
        to emit resets for just the documents that changed.
        """
        try:
            version = self._store.data_version()
        except Exception:  # a vanished or locked file: the next write will report it properly
            return False
        if version == self._version:
            return False
        self._version = version
        fingerprint = self._take_fingerprint()
        doc_ids = self._take_document_ids()
        changed = [d for d in fingerprint.keys() | self._fingerprint.keys()
                   if fingerprint.get(d) != self._fingerprint.get(d)]  # fmt: skip
        docs_changed = doc_ids != self._document_ids
        self._fingerprint = fingerprint
        self._document_ids = doc_ids
        if not changed and not docs_changed:
            return False
        self._doc_cache.clear()
        self.documentsChanged.emit()
        for doc_id in sorted(changed):
            self.annotationsReset.emit(doc_id)
        return True

    def _note_own_write(self, ann: Annotation, *, new_row: bool = False) -> None:
        """Keep our own writes out of the next "another process changed this" comparison.

        Updated in place (no query: this runs on every keystroke that tags). Only while no other
        process has committed since we last looked; otherwise the next reload resets that document.
        """
        try:
            if self._store.data_version() != self._version:
                return
        except Exception:
            return
        n, newest = self._fingerprint.get(ann.document_id, (0, ""))
        self._fingerprint[ann.document_id] = (n + int(new_row), max(newest, ann.updated_at))

    def _take_fingerprint(self) -> Fingerprint:
        return self._store.annotation_fingerprints()

    def _take_document_ids(self) -> list[str]:
        return self._store.document_ids()
