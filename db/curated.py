"""Curated marks landing from a merge (a teammate's file or database): each settled with ours by the
rule of `factcheck.core.curated_marks`, inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from db.store import Store
from factcheck.core.curated_marks import Mark, settled


class MarksMerged(NamedTuple):
    added: list[str]  # our ids of the documents that had no mark and now have one
    replaced: list[str]  # ... whose mark gave way to an earlier one
    unchanged: int  # marks that changed nothing (ours the same, or earlier)


def merge_marks(store: Store, incoming: Mapping[str, Mark]) -> MarksMerged:
    """Settle incoming marks (by our document id, of documents that exist) with ours."""
    ours = store.curated_documents()
    merged = MarksMerged([], [], 0)
    for doc_id in sorted(incoming):
        before = ours.get(doc_id)
        keep = settled(before, incoming[doc_id])
        if keep == before:
            merged = merged._replace(unchanged=merged.unchanged + 1)
            continue
        store.set_curated(doc_id, keep)
        (merged.added if before is None else merged.replaced).append(doc_id)
    return merged


def mark_stamps(store: Store) -> dict[str, str]:
    """When each document's mark last changed (set or cleared), as the team server compares them."""
    rows = store._db.execute("SELECT document_id, updated_at FROM curated_marks").fetchall()
    return {str(doc_id): str(at) for doc_id, at in rows}


def mark_stamp(store: Store, document_id: str) -> str | None:
    """When the document's mark last changed (set or cleared); None if it never had one."""
    row = store._db.execute(
        "SELECT updated_at FROM curated_marks WHERE document_id = ?", [document_id]
    ).fetchone()
    return None if row is None else str(row[0])


def mark_and_sender(store: Store, document_id: str) -> tuple[str, str, str | None] | None:
    """(curator, curated_at, the login that sent it through the team server when not its curator) of
    the document's mark, None without one: in one query, what the document list's tooltip says."""
    row = store._db.execute(
        "SELECT d.curator, d.curated_at, m.sent_by FROM curated_documents d "
        "LEFT JOIN curated_marks m ON m.document_id = d.document_id WHERE d.document_id = ?",
        [document_id],
    ).fetchone()
    return None if row is None else (str(row[0]), str(row[1]), None if row[2] is None else str(row[2]))
