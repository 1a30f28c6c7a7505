"""The bundled sample article in a project: found by its source, removed in one step.

An empty project opens on the sample article so that a new user can try tagging at once. It is not the
user's work: the window offers to remove it (with any tags made on it) in one transaction, and never
removes any other document this way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from db.store import Store

SAMPLE_SOURCE = "factcheck sample article"


def sample_document_ids(store: Store) -> list[str]:
    query = "SELECT id FROM documents WHERE source = ? ORDER BY imported_at"
    rows = store._db.execute(query, [SAMPLE_SOURCE])
    return [r[0] for r in rows]


@dataclass(frozen=True)
class SampleWork:
    """The sample article(s) and what was made on them only: trying factcheck out, not the team's work."""

    documents: frozenset[str]
    tags: frozenset[str]
    cards: frozenset[str]  # cards all of whose tags are on the sample


def sample_work(store: Store) -> SampleWork:
    documents = frozenset(sample_document_ids(store))
    if not documents:
        return SampleWork(frozenset(), frozenset(), frozenset())
    on_sample = "SELECT id FROM annotations WHERE document_id IN (SELECT value FROM json_each(?))"
    ids = [json.dumps(sorted(documents))]
    tags = frozenset(r[0] for r in store._db.execute(on_sample, ids))
    cards = frozenset(
        r[0]
        for r in store._db.execute(
            f"SELECT claim_id FROM claim_tags GROUP BY claim_id "
            f"HAVING sum(annotation_id NOT IN ({on_sample})) = 0",
            ids,
        )
    )
    return SampleWork(documents, tags, cards)


def remove_sample(store: Store, document_id: str) -> int:
    """Remove the sample document and every tag on it (deleted ones too); the number of live tags it had.
    Any other document is refused (ValueError): user documents are never removed here."""
    with store.atomic():
        if document_id not in sample_document_ids(store):
            raise ValueError(f"{document_id!r} is not the sample article")
        live = store._db.execute(
            "SELECT count(*) FROM annotations WHERE document_id = ? AND deleted_at IS NULL", [document_id]
        ).fetchone()[0]
        # Children first: no reliance on ON DELETE CASCADE being on for this connection.
        store._db.execute("DELETE FROM annotations WHERE document_id = ?", [document_id])
        store._db.execute("DELETE FROM curated_documents WHERE document_id = ?", [document_id])
        store._db.execute("DELETE FROM curated_marks WHERE document_id = ?", [document_id])
        store._db.execute("DELETE FROM documents WHERE id = ?", [document_id])
    return int(live)
