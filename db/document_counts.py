"""One document's line in the list of documents: its counts per label and annotator, and what its review
state depends on, each read from that document's rows only (the index on annotations(document_id, ...)).

The window refreshes the line of the document an edit touched with these, not the whole project: on a
project of a thousand articles (or one of 50k tags) a whole-project count after every key is the cost
that grows with the project. `Store.document_summaries` stays the whole list's read (opening, an import,
a merge, a sync)."""

from __future__ import annotations

from db.store import DocumentSummary, Store


def document_summary(store: Store, document_id: str) -> DocumentSummary | None:
    """The document's summary as `Store.document_summaries` gives it; None if there is no such document."""
    row = store._db.execute(
        "SELECT id, title, source, sha256, imported_at, length(text) FROM documents WHERE id = ?",
        [document_id],
    ).fetchone()
    if row is None:
        return None
    by_label: dict[str, int] = {}
    by_annotator: dict[str, int] = {}
    for label, annotator, n in store._db.execute(
        "SELECT label, annotator, count(*) FROM annotations "
        "WHERE document_id = ? AND deleted_at IS NULL GROUP BY label, annotator",
        [document_id],
    ):
        by_label[label] = by_label.get(label, 0) + n
        by_annotator[annotator] = by_annotator.get(annotator, 0) + n
    return DocumentSummary(
        id=row[0],
        title=row[1],
        source=row[2],
        sha256=row[3],
        imported_at=row[4],
        length=row[5],
        by_label=by_label,
        by_annotator=by_annotator,
    )


def document_fingerprint(store: Store, document_id: str) -> tuple[int, str]:
    """(annotations, deleted included; newest updated_at) of one document, as
    `Store.annotation_fingerprints` gives it per document ((0, "") for none)."""
    n, newest = store._db.execute(
        "SELECT count(*), max(updated_at) FROM annotations WHERE document_id = ?", [document_id]
    ).fetchone()
    return (n, newest or "") if n else (0, "")


def is_reviewed(store: Store, document_id: str) -> bool:
    """Whether one live tag of the document has a review decision (as `reviewed_document_ids`)."""
    row = store._db.execute(
        "SELECT 1 FROM annotations WHERE document_id = ? AND deleted_at IS NULL AND status IS NOT NULL "
        "LIMIT 1",
        [document_id],
    ).fetchone()
    return row is not None


def curated_mark(store: Store, document_id: str) -> tuple[str, str] | None:
    """(curator, curated_at) if the document is marked curated (as `Store.curated_documents` per id)."""
    row = store._db.execute(
        "SELECT curator, curated_at FROM curated_documents WHERE document_id = ?", [document_id]
    ).fetchone()
    return (row[0], row[1]) if row else None


def is_curated(store: Store, document_id: str) -> bool:
    return curated_mark(store, document_id) is not None
