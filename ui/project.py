"""The open project as Qt sees it: a Store plus signals. The one place in ui/ that holds the Store.

Every write goes through here. A tag edit is one transaction through `db/`, then a signal; views refresh
from the signals and never read widgets back. Writes that fail raise (a `FactcheckError` the caller shows)
and emit `errorOccurred`, so the status bar can say that something is not saved; the next successful write
emits `saved`. Long work (imports and merges, exports, backups, agreement) runs as an operation on a worker
thread (`ui.operations`), one at a time; the project announces what an import changed when it ends. While
an import holds the write lock, tag writes are refused at once (`Busy`) rather than wait for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar, Unpack

from PySide6.QtCore import QObject, Signal

from db import Store, corrections, samples, team_renames
from db import documents as db_documents
from db import labels as db_labels
from db import links as db_links
from db.curated import mark_and_sender
from db.document_counts import curated_mark, document_summary
from db.documents import Removed
from db.search import DEFAULT_LIMIT as SEARCH_LIMIT
from db.search import SearchHit, count_documents, search_documents
from db.store import AnnotationFilters, DocumentSummary
from factcheck.core.curation import DocumentState
from factcheck.core.errors import FactcheckError
from factcheck.core.links import Link, LinkType
from factcheck.core.model import Annotation, Document, Label, utc_now
from factcheck.core.report import ImportReport
from factcheck.services.curating import StateCache, document_state_of, document_states
from factcheck.services.sync import server_url, sync_role
from factcheck.services.team_renames import Kind, former_name
from ui.operations import Busy, Job, Operation, Operations
from ui.project_operations import agreement_operation, backup_operation, export_operation, import_operation
from ui.project_structure import StructureProject

T = TypeVar("T")

# Per-document fingerprint of the annotations table: (row count, newest updated_at). It changes whenever
# a tag is added, edited, tombstoned or restored, since every write moves updated_at on.
Fingerprint = dict[str, tuple[int, str]]


class ProjectModel(StructureProject):
    """Wraps a Store: writes in one transaction each, then announces them (links and speakers: the
    methods of ``StructureProject``, ui/project_structure.py)."""

    PATCHABLE = Store.PATCHABLE  # the fields an edit may change (undo commands write only those)

    annotationUpserted = Signal(object)  # Annotation: added, edited, restored, reviewed
    annotationRemoved = Signal(object)  # Annotation (tombstoned)
    annotationsReset = Signal(str)  # document id: many changed (import, merge, another process)
    documentsChanged = Signal()
    errorOccurred = Signal(str)  # a write failed; the message says what to do
    saved = Signal()  # a write succeeded: everything is stored
    storeReplaced = Signal()  # another database was opened
    curationChanged = Signal(str)  # document id: marked curated, or the mark cleared
    labelsChanged = Signal()  # a label added, renamed, recoloured, given a key, moved or removed
    claimsChanged = Signal(object)  # a claim card's id; None: many, or the verdict scale / organization
    closing = Signal()  # the database is about to close: timers that would read it stop

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._doc_cache: dict[str, Document] = {}
        self._version = store.data_version()
        self._fingerprint = self._take_fingerprint()
        self._document_ids, self._titles = self._take_documents()
        self._scheme = self._take_scheme()
        # The curated marks as last announced: a merge, a sync or another program may change them.
        self._marks = store.curated_documents()
        self.last_error: str | None = None
        self._state_cache: StateCache = {}
        self.operations = Operations(self)

    @classmethod
    def open(cls, path: Path | str | None, parent: QObject | None = None) -> ProjectModel:
        """The project in the database at path (None: the default one); raises a FactcheckError."""
        return cls(Store.open(path), parent)

    # -- the store -------------------------------------------------------------------------------
    @property
    def store(self) -> Store:
        """For tests and the benchmark; the window goes through the methods below."""
        return self._store

    @property
    def path(self) -> Path | None:
        """The database file (None: in memory)."""
        return self._store.path

    def file_gone(self) -> bool:
        """Whether the project's file was deleted, moved or replaced while open (what the window holds
        is then lost once it closes); False when it cannot be told."""
        try:
            return self._store.file_gone()
        except Exception:  # a closed store: nothing to lose
            return False

    def save_copy(self, dest: Path) -> Path:
        """A consistent copy of what this window's connection holds, at dest (the backup API), made here
        and now: a worker opens the project by its path, which no longer names the file once it is gone
        (deleted: nothing to open; replaced: another file). Raises a FactcheckError."""
        self._refuse_while_busy()
        return self._store.backup(dest)

    def open_database(self, path: Path | str) -> None:
        """Switch to the database at path (File > Open); raises a FactcheckError and keeps the current
        one on a bad file."""
        self._refuse_while_busy()
        self.replace_store(Store.open(path))

    def replace_store(self, store: Store, *, close_old: bool = True) -> None:
        """Switch to another database (File > Open); views reload from `storeReplaced`."""
        self._refuse_while_busy()
        old = self._store
        self._store = store
        self._doc_cache.clear()
        self._state_cache.clear()
        self._version = store.data_version()
        self._fingerprint = self._take_fingerprint()
        self._document_ids, self._titles = self._take_documents()
        self._scheme = self._take_scheme()
        self._marks = store.curated_documents()
        self.last_error = None
        if close_old and old is not store:
            old.close()
        self.storeReplaced.emit()

    def close(self) -> None:
        """Stop (and join) any operation, then close the database."""
        self.operations.shutdown()
        self.closing.emit()
        self._store.close()

    def _refuse_while_busy(self) -> None:
        if self.operations.current() is not None:
            raise Busy(self.operations.busy_message())

    # -- reading ---------------------------------------------------------------------------------
    def labels(self) -> list[Label]:
        return self._store.labels()

    def label_now(self, name: str) -> str:
        """name, or what it was renamed to since: another window may have renamed it in the two seconds
        before this one looks again, while its label bar still shows the old name."""
        if any(label.name == name for label in self._store.labels()):
            return name
        return db_labels.renamed_labels(self._store).get(name, name)

    def document(self, document_id: str) -> Document:
        doc = self._doc_cache.get(document_id)
        if doc is None:
            doc = self._store.document(document_id)
            # Texts never change (a corrected article is a new document), so caching is safe.
            self._doc_cache = {document_id: doc}
        return doc

    def documents(self) -> list[DocumentSummary]:
        return self._store.document_summaries()

    def annotations(self, document_id: str, **filters: Unpack[AnnotationFilters]) -> list[Annotation]:
        return self._store.annotations(document_id, **filters)

    def annotation(self, annotation_id: str) -> Annotation | None:
        return self._store.annotation(annotation_id)

    def live_twin(self, ann: Annotation) -> Annotation | None:
        """The live tag identical to ann under another id, or None (`Store.live_twin`)."""
        return self._store.live_twin(ann)

    def annotators(self) -> list[str]:
        return self._store.annotators()

    # -- curation --------------------------------------------------------------------------------
    def curated_mark(self, document_id: str) -> tuple[str, str] | None:
        """(curator, when) if the document is marked curated."""
        return curated_mark(self._store, document_id)

    def curated_mark_and_sender(self, document_id: str) -> tuple[str, str, str | None] | None:
        """(curator, when, the login that sent it through the team server when not its curator) if the
        document is marked curated."""
        return mark_and_sender(self._store, document_id)

    def document_states(self, skip: str | None = None) -> dict[str, DocumentState]:
        """Each document's review state; only documents in review whose tags changed are read again
        (``skip``'s left out instead: see ``services.curating.document_states``)."""
        return document_states(self._store, self._state_cache, skip)

    def document_ids(self) -> list[str]:
        """Every document's id as last read (a removal here, or seen from another program, reads them
        again): do not change the list."""
        return self._document_ids

    def has_document(self, document_id: str) -> bool:
        """Whether the document is in the project (another program may have removed it)."""
        return self.document_summary(document_id) is not None

    def document_summary(self, document_id: str) -> DocumentSummary | None:
        """One document's line of `documents()`, read from its rows only (None: no such document)."""
        return document_summary(self._store, document_id)

    def document_state(self, document_id: str) -> DocumentState:
        """One document's review state, from its rows only (the cache of `document_states`)."""
        return document_state_of(self._store, document_id, self._state_cache)

    def set_curated(self, document_id: str, mark: tuple[str, str] | None) -> None:
        """Mark the document curated with (curator, when), or clear the mark (None); then announce it."""
        self._write(lambda: self._store.set_curated(document_id, mark))
        if mark is None:  # known without reading the table: an edit reads its own rows only
            self._marks.pop(document_id, None)
        else:
            self._marks[document_id] = mark
        self.curationChanged.emit(document_id)

    # -- other kinds of data, through db/ modules that take the store (claim cards) -------------------
    def read_with(self, query: Callable[[Store], T]) -> T:
        return query(self._store)

    def write_with(self, action: Callable[[Store], T]) -> T:
        """One write through a db/ module, on the one write path (busy check, errors, `saved`); the
        caller announces what changed."""
        return self._write(lambda: action(self._store))

    # -- writing ---------------------------------------------------------------------------------
    def _write(self, action: Callable[[], T]) -> T:
        try:
            if self.operations.writing():
                job = self.operations.current()
                title = job.operation.title if job else "An import"
                raise Busy(
                    f"{title} is running and holds the database; tags cannot be saved until it ends. "
                    "Nothing was changed: try again when it is done, or cancel it."
                )
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

    def correct(self, new: Annotation, rejected: Annotation, link: Link) -> Annotation:
        """A correction (or its redo) in one transaction: the new tag, the original rejected, the
        `corrects` link (db/corrections.py); then announce both tags. The stored new tag."""
        text = self.document(new.document_id).text
        first = self._store.annotation(new.id) is None  # not a redo: the table gains a row
        added, original, _ = self._write(
            lambda: corrections.apply_correction(self._store, new, rejected, link, text)
        )
        self._note_own_write(added, new_row=first)
        self._note_own_write(original)
        self.annotationUpserted.emit(added)
        self.annotationUpserted.emit(original)
        return added

    def uncorrect(self, new_id: str, before: Annotation) -> tuple[Annotation, bool]:
        """Undo or delete a correction in one transaction: the new tag and its link tombstoned, the
        original given before's decision while still rejected as corrected (db/corrections.py); then
        announce both. (the tombstoned new tag, whether the original's decision was put back)."""
        text = self.document(before.document_id).text
        removed, original, reverted = self._write(
            lambda: corrections.undo_correction(self._store, new_id, before, text)
        )
        self._note_own_write(removed)
        self._note_own_write(original)
        self.annotationRemoved.emit(removed)
        self.annotationUpserted.emit(original)
        return removed, reverted

    def correction_links(self, document_id: str) -> list[Link]:
        """The live `corrects` links of a document (which tag corrects which)."""
        return corrections.correction_links(self._store, document_id)

    def add_document(self, doc: Document) -> Document:
        """Store an article (the sample one) unless its text is there already; the stored document."""
        stored, _ = self._write(lambda: self._store.add_document(doc))
        self._announce_bulk([stored.id])
        return stored

    # -- documents and labels (ui.document_tools drives these) -----------------------------------------
    def rename_document(self, document_id: str, title: str) -> Document:
        doc = self._write(lambda: db_documents.rename_document(self._store, document_id, title))
        self._announce_bulk()
        return doc

    def remove_document(self, document_id: str, removed_by: str) -> Removed:
        removed = self._write(lambda: db_documents.remove_document(self._store, document_id, removed_by))
        self._announce_bulk()
        return removed

    def has_text(self, sha256: str) -> bool:
        """Whether a document of the project has the text of this checksum."""
        return self._store.document_by_sha256(sha256) is not None

    def restore_document(self, removed: Removed) -> Document:
        doc = self._write(lambda: db_documents.restore_document(self._store, removed))
        self._announce_bulk([doc.id])
        return doc

    def search(self, query: str) -> list[SearchHit]:
        """Documents holding every word of query (db.search), best first: the first SEARCH_LIMIT."""
        return search_documents(self._store, query, SEARCH_LIMIT)

    def search_count(self, query: str) -> int:
        """How many documents hold every word of query (more than `search` gives when it gave all it
        may)."""
        return count_documents(self._store, query)

    def label_usage(self) -> dict[str, tuple[int, int]]:
        return db_labels.usage(self._store)

    def label_reach(self, name: str) -> tuple[int, int]:
        """(links, cards) that lose a tag when the label's tags go (`db.labels.label_reach`)."""
        return db_labels.label_reach(self._store, name)

    def change_labels(self, change: Callable[[Store], T]) -> T:
        """Run one label change (`db.labels`, `factcheck.services.labels`), then announce it."""
        result = self._write(lambda: change(self._store))
        self._announce_bulk(self._document_ids)  # a rename or removal changed tags of any document
        self.labelsChanged.emit()
        return result

    def _take_scheme(self) -> tuple[list[Label], list[LinkType]]:
        return self._store.labels(), db_links.link_types(self._store)

    def announce_scheme(self) -> None:
        """The scheme changed under the views (a sync applied the team's renames): they reload it."""
        team_renames.reread_labels(self._store)
        self._announce_bulk(self._document_ids)
        for doc_id in self._document_ids:
            self.linksReset.emit(doc_id)  # links keep their stamps: no fingerprint tells
        self.labelsChanged.emit()
        self.linkTypesChanged.emit()

    def sample_document_ids(self) -> list[str]:
        """The bundled sample article(s) in this project (see db.samples)."""
        return samples.sample_document_ids(self._store)

    def remove_sample(self, document_id: str) -> int:
        """Remove the sample article and its tags in one transaction; the number of tags it had."""
        removed = self._write(lambda: samples.remove_sample(self._store, document_id))
        self._announce_bulk()
        return removed

    def _announce_bulk(self, document_ids: Iterable[str] = ()) -> None:
        """Documents and their tags changed wholesale (an import): views reload them."""
        self._doc_cache.clear()
        # Version first: a commit by another program in between then shows up at the next poll.
        self._version = self._store.data_version()
        self._fingerprint = self._take_fingerprint()
        self._document_ids, self._titles = self._take_documents()
        self.documentsChanged.emit()
        for doc_id in dict.fromkeys(document_ids):
            self.annotationsReset.emit(doc_id)
        self._announce_marks()

    def _announce_marks(self) -> bool:
        """Announce each document whose curated mark changed since last looked (a merge, a sync, another
        program); True if any did."""
        marks = self._store.curated_documents()
        changed = sorted(d for d in marks.keys() | self._marks.keys() if marks.get(d) != self._marks.get(d))
        self._marks = marks
        for doc_id in changed:
            self.curationChanged.emit(doc_id)
        return bool(changed)

    # -- long work (a worker thread; see ui.operations) ------------------------------------------
    def import_files(self, paths: Iterable[Path | str], annotator: str) -> Job:
        """Import articles, teammates' exports and databases, all in one transaction (a merge)."""
        job = self._start(import_operation(paths, annotator))
        # Connected before the caller's handlers: views have reloaded when those run.
        job.succeeded.connect(lambda report: self._imported(report))
        job.failed.connect(self._bulk_failed)
        return job

    def export(self, fmt: str, out: Path, **filters: Any) -> Job:
        """Export tags (filters: document_id, annotator, label); the result is the number written."""
        return self._start(export_operation(fmt, out, filters))

    def backup(self, dest: Path) -> Job:
        """A consistent copy of the database at dest (the backup API); the result is its path."""
        return self._start(backup_operation(dest))

    def agreement(self) -> Job:
        """Agreement between every pair of annotators; the result is an `Agreement`."""
        return self._start(agreement_operation())

    # -- the team server (ui.team_sync runs the syncs on its own runner) ------------------------------
    def server_url(self) -> str | None:
        return server_url(self._store)

    def sync_role(self) -> str | None:
        return sync_role(self._store)

    def former_name(self, kind: Kind, name: str) -> tuple[str, str] | None:
        """name as a former name of the scheme: (the name now, renamed at); `ui.team_alias` asks."""
        return former_name(self._store, kind, name)

    def start_on(self, runner: Operations, op: Operation[Any]) -> Job:
        """Run op on another runner than the project's (a background sync: it never makes the user's
        imports or exports wait, nor waits for them)."""
        return runner.start(op, self._store)

    def _start(self, op: Operation[Any]) -> Job:
        return self.operations.start(op, self._store)

    def _imported(self, report: ImportReport) -> None:
        self.last_error = None
        self._announce_bulk(report.document_ids)
        self.saved.emit()

    def _bulk_failed(self, message: str) -> None:
        self.last_error = message
        self.errorOccurred.emit(message)

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
        scheme = self._take_scheme()
        if scheme != self._scheme:  # another program renamed, added or removed a label or link type
            self._scheme = scheme
            self._fingerprint = self._take_fingerprint()
            self._document_ids, self._titles = self._take_documents()
            self._doc_cache.clear()
            self.documentsChanged.emit()
            self.announce_scheme()  # every view reads labels, link types and tags again
            return True
        fingerprint = self._take_fingerprint()
        doc_ids, titles = self._take_documents()  # titles: a document renamed by another program
        changed = [d for d in fingerprint.keys() | self._fingerprint.keys()
                   if fingerprint.get(d) != self._fingerprint.get(d)]  # fmt: skip
        docs_changed = doc_ids != self._document_ids or titles != self._titles
        self._fingerprint = fingerprint
        self._document_ids = doc_ids
        self._titles = titles
        if not changed and not docs_changed:
            return self._announce_marks()  # a mark alone set or cleared by another program
        self._doc_cache.clear()
        self.documentsChanged.emit()
        for doc_id in sorted(changed):
            self.annotationsReset.emit(doc_id)
        self._announce_marks()
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
        return self._with_links(self._store.annotation_fingerprints())  # a link's change counts too

    def _take_documents(self) -> tuple[list[str], list[tuple[str, str]]]:
        """Every document's id, in the order of `documents()`, and (id, title) of each: one read."""
        rows = self._store.document_titles()
        return [doc_id for doc_id, _ in rows], rows
