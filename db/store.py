"""One SQLite file is one project: documents, labels and annotations.

Every public write runs in one transaction; callers group several writes with `atomic()` so that a
user action or an import lands whole or not at all.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypedDict

import platformdirs
from sqlite_utils import Database

from db import attribution, links
from db.annotation_rows import (
    ANNOTATION_COLUMNS,
    ANNOTATION_COLUMNS_SQL,
    annotation_from_row,
    annotation_row,
    annotations_from_rows,
)
from db.connection import connect, copy_database, file_gone, write_transaction
from db.errors import StoreError, classify
from db.files import (
    check_project_path,
    inspect_file,
    is_blank_database,
)
from db.migrations import APPLICATION_ID, known_names, migrations
from factcheck.core import duplicates
from factcheck.core.attribution import cleared_for_role
from factcheck.core.errors import InvalidSpan
from factcheck.core.model import (
    DEFAULT_LABELS,
    Annotation,
    Document,
    Label,
    utc_now,
)
from factcheck.core.names import holds_hidden, storable, title_cleaned
from factcheck.core.spans import check_label, context, validate
from factcheck.core.stamps import just_after

_ANN_SELECT = ANNOTATION_COLUMNS_SQL
_ANN_PLACEHOLDERS = ", ".join("?" for _ in ANNOTATION_COLUMNS)
#: Document columns in `Document` field order.
_DOC_COLUMNS = "id, title, source, text, sha256, imported_at"
#: The fields whose change can make a tag identical to another (an edit, a restore).
_SHAPE = frozenset({"label", "start", "end", "deleted_at"})


def default_db_path() -> Path:
    """The project database in the user data folder (platformdirs)."""
    return Path(platformdirs.user_data_dir("factcheck", appauthor=False)) / "factcheck.db"


class AnnotationFilters(TypedDict, total=False):
    """The keyword filters of `Store.annotations`, for callers that pass them on."""

    annotator: str | Iterable[str] | None
    label: str | Iterable[str] | None
    include_deleted: bool


@dataclass(frozen=True)
class DocumentSummary:
    id: str
    title: str
    source: str
    sha256: str
    imported_at: str
    length: int
    by_label: dict[str, int]
    by_annotator: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_label.values())


class Store:
    """An open factcheck database. Use `Store.open(path)`."""

    def __init__(self, db: Database, path: Path | None) -> None:
        self._db = db
        self.path = path
        self._label_cache: list[Label] | None = None
        self._label_version = -1  # the data_version the cache was read at
        self._version_cursor: sqlite3.Cursor | None = None  # data_version's own (see data_version)

    # -- opening -------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str | None = None, *, create: bool = True) -> Store:
        """Open (and create or upgrade) the project at path; None means the default location."""
        path = Path(path) if path is not None else default_db_path()
        check_project_path(path)
        is_new = not path.exists() or path.stat().st_size == 0 or is_blank_database(path)
        if is_new:
            if not create:
                raise StoreError(f"There is no database at {path}.")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"Cannot create the folder {path.parent}: {exc.strerror}.") from exc
            pending = known_names()
        else:
            _, pending = inspect_file(path)
        db: Database | None = None
        try:
            db = connect(path)
            store = cls(db, path)
            if pending and not is_new:
                store.backup(_backup_name(path, pending[0]))
            store._migrate(is_new)
        except BaseException as exc:
            if db is not None:
                db.close()  # no connection left open behind a refusal
            if isinstance(exc, sqlite3.Error):
                raise classify(exc) or StoreError(f"Cannot open {path}: {exc}.") from exc
            raise
        return store

    @classmethod
    def memory(cls) -> Store:
        """A throw-away in-memory store (tests, conversions)."""
        store = cls(connect(":memory:"), None)
        store._migrate(True)
        return store

    def _migrate(self, is_new: bool) -> None:
        if not is_new:
            migrations.apply(self._db)  # each migration with its record in one transaction
            return
        # Creation is ONE transaction: a crash leaves a blank file (created again on the next open)
        # or a whole project, never one without labels. Re-checked under the write lock: another
        # program may have created it while we waited.
        with self.atomic():
            fresh = not migrations.applied(self._db)
            if fresh:
                self._db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            migrations.apply(self._db)
            if fresh:
                self._db.conn.executemany(
                    "INSERT INTO labels (name, color, shortcut, position, role) VALUES (?, ?, ?, ?, ?)",
                    [
                        (lab.name, lab.color, lab.shortcut, i, lab.role)
                        for i, lab in enumerate(DEFAULT_LABELS)
                    ],
                )
        # Labels are written here and by other programs: the cache lives until either writes them.
        self._label_cache = None
        self._label_version = -1

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ----------------------------------------------------------------------------
    @contextlib.contextmanager
    def atomic(self) -> Iterator[Store]:
        """One transaction (a savepoint when nested); user-fixable SQLite errors become StoreErrors."""
        try:
            with write_transaction(self._db):
                yield self
        except sqlite3.Error as exc:
            fixable = classify(exc)
            if fixable is None:
                raise
            raise fixable from exc

    def file_gone(self) -> bool:
        """Whether the project's file was deleted, moved or replaced while open: what this store holds is
        then lost once it is closed, unless saved elsewhere first (`backup`)."""
        return file_gone(self._db)

    def data_version(self) -> int:
        """Changes when another connection commits: cheap polling for other writers.

        Asked on one cursor kept for it: a cursor made per poll leaves a weak reference in the
        connection's list of its cursors (cleared only every 200 cursors made): the window asks at every
        poll (two every 2 s), tag written and labels read, and each such small block made on the window's
        thread amid a worker's temporaries could keep a 1 MB arena of Python's."""
        cursor = self._version_cursor
        if cursor is None:
            cursor = self._version_cursor = self._db.conn.cursor()
        row = cursor.execute("PRAGMA data_version").fetchone()
        return int(row[0])

    def backup(self, dest: Path | str) -> Path:
        """A consistent copy through the SQLite backup API (safe in WAL mode and while in use)."""
        return copy_database(self._db, dest, self.path)

    # -- labels ----------------------------------------------------------------------------------
    def labels(self) -> list[Label]:
        # Another program (factcheck labels rename, a second window) may have changed them since.
        version = self.data_version()
        if self._label_cache is None or version != self._label_version:
            self._label_version = version
            self._label_cache = [
                Label(name, color, shortcut, role)
                for name, color, shortcut, role in self._db.execute(
                    "SELECT name, color, shortcut, role FROM labels ORDER BY position, name"
                )
            ]
        return list(self._label_cache)

    # -- documents -------------------------------------------------------------------------------
    def add_document(self, doc: Document) -> tuple[Document, bool]:
        """Store doc unless a document with the same text exists; (stored document, created)."""
        existing = self.document_by_sha256(doc.sha256)  # no write lock when it is there already
        if existing is not None:
            return existing, False
        # Looked up again under the write lock: another program adding the same article in between would
        # otherwise make the insert fail on the unique sha256 (a traceback instead of "already there").
        with self.atomic():
            existing = self.document_by_sha256(doc.sha256)
            if existing is not None:
                return existing, False
            doc = self._insert_document(doc)
        return doc, True

    def _insert_document(self, doc: Document) -> Document:
        """The insert alone, for a caller that found doc's text and id free in its write transaction; the
        document as stored (its title without hidden characters, whatever file it came from)."""
        if holds_hidden(doc.title):
            doc = replace(doc, title=title_cleaned(doc.title))
        if (title := storable(doc.title), source := storable(doc.source)) != (doc.title, doc.source):
            doc = replace(doc, title=title, source=source)  # from a file name that is not UTF-8
        self._db.execute(
            f"INSERT INTO documents ({_DOC_COLUMNS}) VALUES (?,?,?,?,?,?)",
            [doc.id, doc.title, doc.source, doc.text, doc.sha256, doc.imported_at],
        )
        return doc

    def _document_where(self, where: str, params: Sequence[Any]) -> Document | None:
        row = self._db.execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE {where}", params).fetchone()
        return Document(*row) if row else None

    def document(self, document_id: str) -> Document:
        doc = self._document_where("id = ?", [document_id])
        if doc is None:
            raise StoreError(f"There is no document with id {document_id!r}.")
        return doc

    def document_by_sha256(self, sha256: str) -> Document | None:
        return self._document_where("sha256 = ?", [sha256])

    def find_documents(self, *, source: str = "", title: str = "") -> list[Document]:
        """Documents with this source or title (an earlier or later version of an article)."""
        rows = self._db.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents "
            "WHERE (source != '' AND source = ?) OR (title != '' AND title = ?) ORDER BY imported_at",
            [source, title],
        ).fetchall()
        return [Document(*row) for row in rows]

    def documents(self) -> list[Document]:
        rows = self._db.execute(f"SELECT {_DOC_COLUMNS} FROM documents ORDER BY imported_at, title")
        return [Document(*row) for row in rows]

    def document_ids(self) -> list[str]:
        """Every document's id, in the order of `documents()`."""
        return [r[0] for r in self._db.execute("SELECT id FROM documents ORDER BY imported_at, title")]

    def document_titles(self) -> list[tuple[str, str]]:
        """(id, title) of every document, in the order of `documents()`."""
        rows = self._db.execute("SELECT id, title FROM documents ORDER BY imported_at, title")
        return [(str(doc_id), str(title)) for doc_id, title in rows]

    def annotation_fingerprints(self) -> dict[str, tuple[int, str]]:
        """Per document: (annotations, deleted included; newest updated_at). Tells a view what changed."""
        rows = self._db.execute(
            "SELECT document_id, count(*), max(updated_at) FROM annotations GROUP BY document_id"
        )
        return {doc_id: (n, newest or "") for doc_id, n, newest in rows}

    def document_summaries(self) -> list[DocumentSummary]:
        """Every document with its live annotation counts per label and per annotator."""
        by_label: dict[str, dict[str, int]] = {}
        by_annotator: dict[str, dict[str, int]] = {}
        for doc_id, label, annotator, n in self._db.execute(
            "SELECT document_id, label, annotator, count(*) FROM annotations "
            "WHERE deleted_at IS NULL GROUP BY document_id, label, annotator"
        ):
            labels = by_label.setdefault(doc_id, {})
            labels[label] = labels.get(label, 0) + n
            people = by_annotator.setdefault(doc_id, {})
            people[annotator] = people.get(annotator, 0) + n
        return [
            DocumentSummary(
                id=row[0],
                title=row[1],
                source=row[2],
                sha256=row[3],
                imported_at=row[4],
                length=row[5],
                by_label=by_label.get(row[0], {}),
                by_annotator=by_annotator.get(row[0], {}),
            )
            for row in self._db.execute(
                "SELECT id, title, source, sha256, imported_at, length(text) FROM documents "
                "ORDER BY imported_at, title"
            )
        ]

    # -- annotations: reading --------------------------------------------------------------------
    def annotation(self, annotation_id: str) -> Annotation | None:
        row = self._db.execute(
            f"SELECT {_ANN_SELECT} FROM annotations WHERE id = ?", [annotation_id]
        ).fetchone()
        return annotation_from_row(row) if row else None

    def annotations(
        self,
        document_id: str | None = None,
        *,
        annotator: str | Iterable[str] | None = None,
        label: str | Iterable[str] | None = None,
        include_deleted: bool = False,
    ) -> list[Annotation]:
        """Annotations ordered by document, start, end; filters are exact names (or several)."""
        where: list[str] = []
        params: list[Any] = []
        if document_id is not None:
            where.append("document_id = ?")
            params.append(document_id)
        for column, value in (("annotator", annotator), ("label", label)):
            if value is None:
                continue
            values = [value] if isinstance(value, str) else list(value)
            where.append(f"{column} IN ({', '.join('?' for _ in values)})")
            params.extend(values)
        if not include_deleted:
            where.append("deleted_at IS NULL")
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        cursor = self._db.execute(
            f'SELECT {_ANN_SELECT} FROM annotations {clause} ORDER BY document_id, start, "end", id', params
        )
        return annotations_from_rows(cursor)

    def live_annotations(self, ids: Iterable[str]) -> dict[str, Annotation]:
        """The live tags (no tombstones) of these ids that are here, by id: a few queries of many ids."""
        wanted, found = list(ids), {}
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ", ".join("?" * len(chunk))
            for row in self._db.execute(
                f"SELECT {_ANN_SELECT} FROM annotations WHERE deleted_at IS NULL AND id IN ({marks})", chunk
            ):
                tag = annotation_from_row(row)
                found[tag.id] = tag
        return found

    def annotations_where(self, where: str, params: Sequence[Any]) -> list[Annotation]:
        """Annotations (tombstones included) matching an SQL condition; for db modules (attribution)."""
        cursor = self._db.execute(
            f'SELECT {_ANN_SELECT} FROM annotations WHERE {where} ORDER BY document_id, start, "end", id',
            params,
        )
        return annotations_from_rows(cursor)

    def annotators(self) -> list[str]:
        return [
            r[0]
            for r in self._db.execute(
                "SELECT DISTINCT annotator FROM annotations WHERE deleted_at IS NULL ORDER BY annotator"
            )
        ]

    def known_annotators(self) -> list[str]:
        """Everyone who ever made a tag or a link here, deleted ones included: a name a filter may ask
        for without being a typo."""
        return [
            r[0]
            for r in self._db.execute(
                "SELECT annotator FROM annotations UNION SELECT annotator FROM links ORDER BY 1"
            )
        ]

    # -- annotations: writing --------------------------------------------------------------------
    def check_annotation(self, ann: Annotation, text: str | None = None) -> None:
        """Label in the project's set, span valid, quote equal to the text at the offsets."""
        check_label(ann.label, self.labels())
        if text is None:
            text = self.document(ann.document_id).text
        validate(text, ann.start, ann.end)
        if text[ann.start : ann.end] != ann.quote:
            raise InvalidSpan(
                f"Annotation {ann.id}: its quote {ann.quote[:40]!r} is not the text at {ann.start}-{ann.end}."
            )
        attribution.check_structure(self, ann, text)

    def check_not_duplicate(self, ann: Annotation) -> None:
        """Raise DuplicateTag when another live tag has ann's document, span (pieces), label and
        annotator."""
        if ann.deleted:
            return
        twin = self.live_twin(ann)
        if twin is not None:
            raise duplicates.refuse(ann, twin)

    def live_twin(self, ann: Annotation) -> Annotation | None:
        """The live tag identical to ann under another id (same document, span, pieces, label and
        annotator), or None: looked up by its span in the document's index, not among all its tags."""
        rows = self._db.execute(
            f'SELECT {_ANN_SELECT} FROM annotations WHERE document_id = ? AND start = ? AND "end" = ? '
            "AND label = ? AND annotator = ? AND id != ? AND deleted_at IS NULL",
            [ann.document_id, ann.start, ann.end, ann.label, ann.annotator, ann.id],
        )
        return duplicates.twin_of(ann, map(annotation_from_row, rows))

    def add_annotation(self, ann: Annotation, text: str | None = None) -> Annotation:
        """Check and insert a new annotation. Pass the document's `text` when the caller holds it: reading a
        5 MB text back from SQLite costs ~15 ms, most of the time budget of a key press."""
        self.check_annotation(ann, text)
        with self.atomic():
            self.check_not_duplicate(ann)
            self._db.execute(
                f"INSERT INTO annotations ({_ANN_SELECT}) VALUES ({_ANN_PLACEHOLDERS})", annotation_row(ann)
            )
        return ann

    def put_annotations(self, anns: Iterable[Annotation]) -> int:
        """Insert or replace annotations as given (imports, merges, undo); caller has checked them."""
        rows = list(map(annotation_row, anns))
        with self.atomic():
            # New tags (imports: nearly all) go in with a plain insert; only if some id existed are the rows
            # written again with REPLACE. REPLACE with foreign keys on costs ~1.7x the insert of 100k rows.
            inserted = self._db.conn.executemany(
                f"INSERT OR IGNORE INTO annotations ({_ANN_SELECT}) VALUES ({_ANN_PLACEHOLDERS})", rows
            ).rowcount
            if inserted != len(rows):
                self._db.conn.executemany(
                    f"INSERT OR REPLACE INTO annotations ({_ANN_SELECT}) VALUES ({_ANN_PLACEHOLDERS})", rows
                )
        return len(rows)

    def put_annotation(self, ann: Annotation) -> Annotation:
        self.put_annotations([ann])
        return ann

    def _require(self, annotation_id: str) -> Annotation:
        ann = self.annotation(annotation_id)
        if ann is None:
            raise StoreError(f"There is no annotation with id {annotation_id!r}.")
        return ann

    def update_annotation(
        self,
        annotation_id: str,
        *,
        label: str | None = None,
        note: str | None = None,
        span: tuple[int, int] | None = None,
    ) -> Annotation:
        """Change label, note and/or span; updated_at moves on."""
        with self.atomic():
            ann = self._require(annotation_id)
            changes: dict[str, Any] = {"updated_at": utc_now()}
            if label is not None:
                check_label(label, self.labels())
                changes["label"] = label
                role = next(lab.role for lab in self.labels() if lab.name == label)
                changes.update(cleared_for_role(ann, role))  # a claim relabeled as a source: no attribution
            if note is not None:
                changes["note"] = note
            if span is not None:
                text = self.document(ann.document_id).text
                start, end = span
                validate(text, start, end)
                prefix, quote, suffix = context(text, start, end)
                # A new span is one piece: a discontinuous tag moved this way becomes continuous.
                changes.update(start=start, end=end, quote=quote, prefix=prefix, suffix=suffix, fragments=())
            new = replace(ann, **changes)
            self.check_not_duplicate(new)
            self.put_annotations([new])
        return new

    #: Fields an edit may change; id, document, annotator and creation time never change.
    PATCHABLE = (
        "label", "start", "end", "quote", "prefix", "suffix", "note", "deleted_at",
        "status", "reviewer", "reason", "reviewed_at", "orphaned",
        "fragments", "speaker", "source", "cue", "quotation",
    )  # fmt: skip

    def patch_annotation(
        self, annotation_id: str, changes: Mapping[str, Any], text: str | None = None
    ) -> Annotation:
        """Apply only `changes` to the row as it is stored now (read and write in one transaction).

        Undo and redo use this, so a field that another program changed meanwhile is not overwritten.
        """
        unknown = set(changes) - set(self.PATCHABLE)
        if unknown:
            raise ValueError(f"not patchable: {sorted(unknown)}")
        with self.atomic():
            new = replace(self._require(annotation_id), **changes, updated_at=utc_now())
            self.check_annotation(new, text)
            if _SHAPE.intersection(changes):
                self.check_not_duplicate(new)
            self.put_annotations([new])
        return new

    def delete_annotation(self, annotation_id: str) -> Annotation:
        """Tombstone the annotation (kept so that merges never bring it back), and its annotator's links
        from or to it (db.links.tombstone_links_of)."""
        with self.atomic():
            ann = self._require(annotation_id)
            now = utc_now()
            new = replace(ann, deleted_at=now, updated_at=now)
            self.put_annotations([new])
            links.tombstone_links_of(self, new)
        return new

    def restore_annotation(self, annotation_id: str) -> Annotation:
        """Undo a delete: the tag, and the links its deletion tombstoned."""
        with self.atomic():
            ann = self._require(annotation_id)
            new = replace(ann, deleted_at=None, updated_at=utc_now())
            self.check_not_duplicate(new)
            self.put_annotations([new])
            if ann.deleted_at is not None:
                links.restore_links_of(self, new, ann.deleted_at)
        return new

    # -- curation --------------------------------------------------------------------------------
    def curated_documents(self) -> dict[str, tuple[str, str]]:
        """The documents marked curated: id -> (curator, curated_at)."""
        rows = self._db.execute("SELECT document_id, curator, curated_at FROM curated_documents")
        return {doc_id: (curator, at) for doc_id, curator, at in rows}

    def set_curated(
        self,
        document_id: str,
        mark: tuple[str, str] | None,
        *,
        changed_at: str | None = None,
        sent_by: str | None = None,
    ) -> None:
        """Mark a document curated with (curator, curated_at), or clear the mark with None (undo).
        The change is recorded for the team server (`curated_marks`, a cleared mark as its tombstone),
        stamped changed_at (a pull: the server's stamp), else now, after the row's last change; sent_by:
        the login that sent a pulled mark, when not its curator."""
        with self.atomic():
            self.document(document_id)  # an unknown id is an error, not a silent no-op
            if mark is None:
                self._db.execute("DELETE FROM curated_documents WHERE document_id = ?", [document_id])
            else:
                self._db.execute(
                    "INSERT OR REPLACE INTO curated_documents (document_id, curator, curated_at) "
                    "VALUES (?, ?, ?)",
                    [document_id, *mark],
                )
            if changed_at is None:
                row = self._db.execute(
                    "SELECT updated_at FROM curated_marks WHERE document_id = ?", [document_id]
                ).fetchone()
                changed_at = utc_now() if row is None else max(utc_now(), just_after(str(row[0])))
            curator, at = (None, None) if mark is None else mark
            self._db.execute(
                "INSERT OR REPLACE INTO curated_marks (document_id, curator, curated_at, updated_at, "
                "sent_by) VALUES (?, ?, ?, ?, ?)",
                [document_id, curator, at, changed_at, sent_by],
            )


def _backup_name(path: Path, migration: str) -> Path:
    stamp = utc_now().replace(":", "").replace("-", "")[:15]
    return path.with_name(f"{path.name}.before-{migration}-{stamp}.bak")
