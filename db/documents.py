"""Renaming and removing documents, and the record of removed ones (`removed_documents`).

Removing a document deletes it with its tags (the foreign keys cascade) and records the sha256 of its
text, so that a merge of a teammate's work, which may still hold it, never brings it back. Its curated
mark is cleared first, and the clearing's stamp kept with the removal: the team server, which keeps the
document, is sent that clearing at the next sync (the mark's own row is gone with the document). What was
removed is returned whole (`Removed`), so that the window can undo a removal exactly: the same ids, the
same tags with their tombstones, notes and reviews, the same links between them, the same curated mark.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

from db import renames
from db.curated import mark_stamp
from db.errors import StoreError
from db.links import link_types, links, put_links
from db.store import Store
from factcheck.core.links import Link
from factcheck.core.model import Annotation, Document, utc_now
from factcheck.core.names import holds_hidden, shown
from factcheck.core.stamps import just_after

#: Longest title kept (the list elides long ones anyway; a pasted paragraph is no title).
MAX_TITLE = 300


@dataclass(frozen=True)
class Removed:
    """A removed document and everything that went with it."""

    document: Document
    annotations: list[Annotation]  # tombstones included
    links: list[Link]  # tombstones included: the cascade deletes them with the document
    curated: tuple[str, str] | None  # (curator, curated_at)
    removed_by: str
    removed_at: str
    #: The stamp of the mark's clearing the removal made (None: no mark): an undo's mark is newer.
    mark_cleared_at: str | None = None


def clean_title(title: str) -> str:
    """A typed title as one line, no surrounding spaces; raises StoreError when nothing is left or when it
    holds a character that would not read as it is (the rule of labels' and speakers' names)."""
    cleaned = " ".join(title.split())
    if not cleaned:
        raise StoreError("A document's title cannot be empty; type a few words.")
    if holds_hidden(cleaned):
        raise StoreError(
            "A document's title cannot hold control characters (escape sequences, direction overrides, "
            f"zero-width characters); “{shown(cleaned)}” does. Type the title again without them."
        )
    return cleaned[:MAX_TITLE]


def rename_document(store: Store, document_id: str, title: str) -> Document:
    """Give the document a new title (one transaction); the renamed document."""
    title = clean_title(title)
    with store.atomic():
        doc = store.document(document_id)
        store._db.execute("UPDATE documents SET title = ? WHERE id = ?", [title, document_id])
    return Document(doc.id, title, doc.source, doc.text, doc.sha256, doc.imported_at)


def remove_document(store: Store, document_id: str, removed_by: str) -> Removed:
    """Delete the document and its tags, and record it as removed (one transaction)."""
    with store.atomic():
        doc = store.document(document_id)
        anns = store.annotations(document_id, include_deleted=True)
        doc_links = links(store, document_id, include_deleted=True)
        curated = store.curated_documents().get(document_id)
        now = utc_now()
        cleared = None
        if curated is not None:  # cleared for the team too: queued like any clearing (`db.sync_local`)
            store.set_curated(document_id, None)
            cleared = mark_stamp(store, document_id)
        store._db.execute(
            "INSERT OR REPLACE INTO removed_documents (sha256, document_id, title, source, removed_by, "
            "removed_at, mark_cleared_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [doc.sha256, doc.id, doc.title, doc.source, removed_by, now, cleared],
        )
        store._db.execute("DELETE FROM annotations WHERE document_id = ?", [document_id])
        store._db.execute("DELETE FROM documents WHERE id = ?", [document_id])
    return Removed(doc, anns, doc_links, curated, removed_by, now, cleared)


def restore_document(store: Store, removed: Removed) -> Document:
    """Put a removed document back as it was (undo of a removal), its tags and curated mark included."""
    doc = removed.document
    with store.atomic():
        if store.document_by_sha256(doc.sha256) is not None:
            raise StoreError(f"“{doc.title}” is in the project again already; there is nothing to restore.")
        store._db.execute("DELETE FROM removed_documents WHERE sha256 = ?", [doc.sha256])
        annotations, doc_links = _in_todays_scheme(store, removed)
        stored, _ = store.add_document(doc)
        if stored.id != doc.id:  # pragma: no cover - add_document keeps the id of a new text
            raise StoreError(f"“{doc.title}” could not be restored under its id.")
        store.put_annotations(annotations)
        put_links(store, doc_links)
        if removed.curated is not None:  # a change newer than the clearing the team may have been sent
            cleared = removed.mark_cleared_at
            store.set_curated(
                doc.id,
                removed.curated,
                changed_at=None if cleared is None else max(utc_now(), just_after(cleared)),
            )
    return doc


def _in_todays_scheme(store: Store, removed: Removed) -> tuple[list[Annotation], list[Link]]:
    """The removed tags and links under the names their labels and link types have now: one renamed
    since the removal (here, by another program, by the team) is followed; one removed since refuses
    the restore, saying what to do."""
    label_names = {lab.name for lab in store.labels()}
    type_names = {t.name for t in link_types(store)}
    label_renamed = renames.renames(store, "label_renames")
    type_renamed = renames.renames(store, "link_type_renames")
    annotations = []
    for ann in removed.annotations:
        label = _now_named(ann.label, label_names, label_renamed)
        if label is None:
            raise _gone(removed.document.title, "label", ann.label, "Project › Labels…")
        annotations.append(ann if label == ann.label else replace(ann, label=label))
    doc_links = []
    now = utc_now()
    for ln in removed.links:
        kind = _now_named(ln.type, type_names, type_renamed)
        if kind is None:
            if ln.deleted_at is not None:  # a deleted link of a removed type: nothing to show, kept as was
                doc_links.append(ln)
                continue
            raise _gone(removed.document.title, "link type", ln.type, "Project › Link types…")
        # As a rename of the type does to the links it finds (db.link_types): a teammate's merge sees it.
        doc_links.append(ln if kind == ln.type else replace(ln, type=kind, updated_at=now))
    return annotations, doc_links


def _now_named(name: str, names: Collection[str], renamed: Mapping[str, str]) -> str | None:
    if name in names:
        return name
    new = renamed.get(name)
    return new if new in names else None


def _gone(title: str, noun: str, name: str, where: str) -> StoreError:
    return StoreError(
        f"“{title}” cannot be brought back: its tags use the {noun} “{shown(name)}”, which was removed "
        f"since. Add the {noun} again ({where}), then undo again."
    )


def is_removed(store: Store, sha256: str) -> bool:
    row = store._db.execute("SELECT 1 FROM removed_documents WHERE sha256 = ?", [sha256]).fetchone()
    return row is not None


def removed_shas(store: Store) -> set[str]:
    """The sha256 of every removed document's text (what merges leave out)."""
    return {r[0] for r in store._db.execute("SELECT sha256 FROM removed_documents")}


def forget_removal(store: Store, sha256: str) -> None:
    """The article was imported again on purpose: it is no longer a removed one."""
    with store.atomic():
        store._db.execute("DELETE FROM removed_documents WHERE sha256 = ?", [sha256])


def removed_mark_clearings(store: Store, document_ids: Collection[str]) -> dict[str, tuple[str, str]]:
    """Of these ids, the removed documents whose curated mark the removal cleared: id -> (sha256 of its
    text, the clearing's stamp), what the team server is sent (`factcheck.services.sync_marks`)."""
    if not document_ids:
        return {}
    rows = store._db.execute(
        "SELECT document_id, sha256, mark_cleared_at FROM removed_documents WHERE mark_cleared_at IS NOT NULL"
    )
    wanted = set(document_ids)
    return {str(d): (str(sha), str(at)) for d, sha, at in rows if d in wanted}


def removed_documents(store: Store) -> list[tuple[str, str, str, str, str]]:
    """(document_id, title, source, removed_by, removed_at) of each removed document, latest first."""
    rows = store._db.execute(
        "SELECT document_id, title, source, removed_by, removed_at FROM removed_documents "
        "ORDER BY removed_at DESC"
    )
    return [tuple(map(str, r)) for r in rows]  # type: ignore[misc]


__all__ = [
    "Removed",
    "clean_title",
    "forget_removal",
    "is_removed",
    "remove_document",
    "removed_documents",
    "removed_mark_clearings",
    "removed_shas",
    "rename_document",
    "restore_document",
]
